import * as vscode from 'vscode';
import { join, relative } from 'node:path';
import { UserError } from '../../core/errors';
import { RunLauncher, type RunOutcome } from '../../core/runs/launcher';
import { defaultInterpreters } from '../../core/runs/interpreter';
import { parseParams, type Params } from '../../core/runs/params';
import { loadRunConfigs, type RunSpec } from '../../core/runs/runSpec';
import type { ExtensionServices } from '../services';
import type { StoreService } from '../store/StoreService';
import { interpreterFor } from './interpreterSettings';
import { RunStatusBar } from './RunStatusBar';

/** A refusal the person has already been shown (with a button to fix it); callers need not show it again. */
export class AlreadyToldError extends UserError {}

/** What the run command accepts from code (tests, the notebook, the Runs tree) instead of asking. */
export interface RunCommandArgs {
  script?: string;
  params?: string | Params;
  name?: string;
  tags?: Record<string, string>;
  experiment?: string;
}

export interface StartedRuns {
  runIds: string[];
  parentId?: string;
}

/** The commands that start and stop runs, their output channel and the status-bar item. */
export class RunsController implements vscode.Disposable {
  private launcher: RunLauncher | undefined;
  private readonly output = vscode.window.createOutputChannel('mlcycle Runs');
  private readonly disposables: vscode.Disposable[] = [this.output];

  constructor(private readonly services: ExtensionServices, private readonly stores: StoreService) {
    this.disposables.push(
      vscode.commands.registerCommand('mlcycle.runTrainingScript', (args?: RunCommandArgs) => this.guard(() => this.runTrainingScript(args))),
      vscode.commands.registerCommand('mlcycle.stopRun', (target?: string | { runId?: string }) => this.guard(() => this.stopRun(typeof target === 'string' ? target : target?.runId))),
      vscode.commands.registerCommand('mlcycle.rerunWithChangedParams', (target?: string | { runId?: string }) => this.guard(() => this.rerun(typeof target === 'string' ? target : target?.runId))),
      vscode.commands.registerCommand('mlcycle.showRunOutput', () => this.output.show(true)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('mlcycle.maxParallelRuns')) this.launcher?.setMaxParallel(this.maxParallel());
      }),
    );
  }

  /** Runs a command body; a user's mistake becomes a message that says what to do, never an exception. */
  private async guard<T>(body: () => Promise<T>): Promise<T | undefined> {
    try {
      return await body();
    } catch (error) {
      if (error instanceof AlreadyToldError) return undefined;
      if (error instanceof UserError) void vscode.window.showErrorMessage(error.message);
      else void vscode.window.showErrorMessage(`mlcycle: ${(error as Error).message}`);
      return undefined;
    }
  }

  private maxParallel(): number {
    return vscode.workspace.getConfiguration('mlcycle').get<number>('maxParallelRuns') ?? 1;
  }

  /** The launcher, with its store, made on first use so that reading runs never needs a writable store. */
  private ensureLauncher(): RunLauncher {
    if (this.launcher) return this.launcher;
    const store = this.stores.require();
    const launcher = new RunLauncher(store, { pythonClientDir: join(this.services.extensionUri.fsPath, 'python'), maxParallel: this.maxParallel() });
    const names = new Map<string, string>();
    const label = (runId: string) => names.get(runId) ?? names.set(runId, store.getRunRecord(runId)?.name ?? runId).get(runId)!;
    launcher.on('output', (runId, text) => this.output.append(text.split('\n').map((line, i, all) => (i === all.length - 1 && line === '' ? '' : `[${label(runId)}] ${line}`)).join('\n')));
    launcher.on('problem', (runId, message) => this.output.appendLine(`[${label(runId)}] ${message}`));
    launcher.on('status', () => this.stores.notifyChanged());
    this.disposables.push(new RunStatusBar(launcher, this.stores), { dispose: () => void launcher.dispose() });
    this.launcher = launcher;
    return launcher;
  }

  private requireTrust(): void {
    if (vscode.workspace.isTrusted) return;
    void vscode.window.showWarningMessage('mlcycle runs no script in a restricted workspace: a script can do anything you can. Trust this folder to run training scripts.', 'Manage Workspace Trust').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
    });
    throw new AlreadyToldError('This workspace is not trusted, so mlcycle will not run scripts in it. Use "Workspaces: Manage Workspace Trust" to trust it.');
  }

  private workspaceRoot(): string {
    const root = this.services.workspaceRoot;
    if (!root) throw new UserError('Open a folder first: runs are kept in the workspace folder.');
    return root;
  }

  async runTrainingScript(args: RunCommandArgs = {}): Promise<StartedRuns | undefined> {
    this.requireTrust();
    const root = this.workspaceRoot();
    const spec = args.script ? this.specFromArgs(args) : await this.askForSpec(root);
    if (!spec) return undefined;
    return this.start(spec, root);
  }

  private specFromArgs(args: RunCommandArgs): RunSpec {
    const params = typeof args.params === 'string' ? parseParams(args.params) : args.params ?? {};
    return { script: args.script!, params, tags: args.tags ?? {}, name: args.name, experiment: args.experiment };
  }

  /** The active editor's script, a saved configuration, or a script picked from the workspace; then its params. */
  private async askForSpec(root: string): Promise<RunSpec | undefined> {
    type Pick = vscode.QuickPickItem & { spec?: RunSpec; browse?: boolean };
    const items: Pick[] = [];
    const active = vscode.window.activeTextEditor?.document.uri;
    if (active?.scheme === 'file' && Object.keys(defaultInterpreters).some((ext) => active.fsPath.toLowerCase().endsWith(ext))) {
      const script = relative(root, active.fsPath);
      items.push({ label: `$(play) ${script}`, description: 'active editor', spec: { script, params: {}, tags: {} } });
    }
    for (const spec of loadRunConfigs(root)?.specs ?? []) {
      const shown = Object.entries(spec.params).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ');
      items.push({ label: `$(gear) ${spec.name ?? spec.script}`, description: `${spec.script} ${shown}`, detail: 'saved in mlcycle.yaml', spec });
    }
    items.push({ label: '$(file-code) Pick a script from the workspace…', browse: true });
    const picked = items.length === 1 ? items[0] : await vscode.window.showQuickPick(items, { title: 'mlcycle: Run Training Script', placeHolder: 'Which script or saved configuration?' });
    if (!picked) return undefined;
    if (picked.spec?.name) return picked.spec;
    let script = picked.spec?.script;
    if (picked.browse) {
      const pattern = `**/*{${Object.keys(defaultInterpreters).join(',')}}`;
      const files = await vscode.workspace.findFiles(pattern, '{**/node_modules/**,**/.mlcycle/**,**/.venv/**}', 500);
      const file = await vscode.window.showQuickPick(files.map((f) => relative(root, f.fsPath)).sort(), { title: 'mlcycle: pick a training script' });
      if (!file) return undefined;
      script = file;
    }
    const params = await this.askForParams(script!, '');
    return params === undefined ? undefined : { script: script!, params, tags: {} };
  }

  private async askForParams(script: string, value: string): Promise<Params | undefined> {
    const text = await vscode.window.showInputBox({
      title: `Parameters for ${script}`,
      prompt: 'key=value pairs, e.g. lr=0.01 epochs=10 name="my run". A list makes a sweep: lr=[0.1,0.01]',
      value,
      validateInput: (input) => {
        try {
          parseParams(input);
          return undefined;
        } catch (error) {
          return (error as Error).message;
        }
      },
    });
    return text === undefined ? undefined : parseParams(text);
  }

  /** Starts a run (or a sweep) from a spec: the notebook and other views start runs through here. */
  async startSpec(spec: RunSpec): Promise<StartedRuns> {
    this.requireTrust();
    return this.start(spec, this.workspaceRoot());
  }

  /** Resolves when a run started in this window ends; undefined for runs this window did not start. */
  outcome(runId: string): Promise<RunOutcome> | undefined {
    return this.launcher?.outcome(runId);
  }

  private async start(spec: RunSpec, root: string): Promise<StartedRuns> {
    const launcher = this.ensureLauncher();
    const interpreter = await interpreterFor(spec.script, vscode.Uri.file(join(root, spec.script)));
    const isSweep = Object.values(spec.params).some(Array.isArray);
    const started: StartedRuns = isSweep ? (({ parentId, childIds }) => ({ parentId, runIds: childIds }))(launcher.launchSweep({ spec, cwd: root, interpreter })) : { runIds: [launcher.launch({ spec, cwd: root, interpreter })] };
    this.stores.notifyChanged();
    this.output.appendLine(`mlcycle: started ${started.runIds.length === 1 ? `run ${started.runIds[0]}` : `a sweep of ${started.runIds.length} runs`} of ${spec.script}`);
    for (const runId of started.runIds) void launcher.outcome(runId)?.then((outcome) => this.announce(outcome));
    return started;
  }

  private announce(outcome: RunOutcome): void {
    const name = this.stores.get()?.getRunRecord(outcome.runId)?.name ?? outcome.runId;
    if (outcome.status === 'failed') {
      void vscode.window.showErrorMessage(`Run "${name}" failed: ${outcome.message ?? 'see the output'}`, 'Show Output').then((choice) => {
        if (choice) this.output.show(true);
      });
    } else if (outcome.status === 'finished') {
      void vscode.window.setStatusBarMessage(`$(check) mlcycle: run "${name}" finished`, 5000);
    }
  }

  /** Stops the given run, or asks which of the running ones. */
  async stopRun(runId?: string): Promise<void> {
    const launcher = this.launcher;
    const candidates = launcher ? [...launcher.runningIds(), ...launcher.queuedIds()] : [];
    let target = runId;
    if (!target) {
      if (!candidates.length) {
        void vscode.window.showInformationMessage('No mlcycle run is going.');
        return;
      }
      const store = this.stores.get();
      const picked = candidates.length === 1 ? { id: candidates[0] } : await vscode.window.showQuickPick(candidates.map((id) => ({ id, label: store?.getRunRecord(id)?.name ?? id, description: id })), { title: 'mlcycle: Stop Run' });
      if (!picked) return;
      target = picked.id;
    }
    if (!launcher || !candidates.includes(target)) throw new UserError(`Run ${target} is not going in this window, so there is nothing to stop.`);
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'mlcycle: stopping the run…' }, () => launcher.stop(target!));
  }

  private async rerun(runId?: string): Promise<StartedRuns | undefined> {
    this.requireTrust();
    const root = this.workspaceRoot();
    const store = this.stores.require();
    if (!runId) throw new UserError('Choose a run in the Runs view to re-run it.');
    const run = store.getRun(runId);
    if (!run) throw new UserError(`Run ${runId} is no longer in the store.`);
    if (!run.script) throw new UserError(`Run "${run.name}" was not started by mlcycle, so its script is unknown. Start it with "mlcycle: Run Training Script…".`);
    const current = Object.entries(run.params).map(([k, v]) => `${k}=${typeof v === 'string' && !/\s/.test(v) ? v : JSON.stringify(v)}`).join(' ');
    const params = await this.askForParams(run.script, current);
    if (params === undefined) return undefined;
    return this.start({ script: run.script, params, tags: run.tags, experiment: run.experiment }, root);
  }

  dispose(): void {
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}
