import * as vscode from 'vscode';
import { loadRunListing } from '../../core/compare/runListing';
import { UserError } from '../../core/errors';
import { ComparePanel, type CompareDeps } from '../panels/ComparePanel';
import { RunsTablePanel, type RunsTableDeps } from '../panels/RunsTablePanel';
import type { ExtensionServices } from '../services';
import type { StoreService } from '../store/StoreService';
import type { RunsTree, RunsTreeNode } from '../views/RunsTree';
import { filterString, runIdsOf, type RunTarget } from './runTargets';

/** Opening runs: the Runs tree, the runs table (on a run or an experiment), the compare view; and their serializers. */
export class RunViewCommands implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly tableDeps: RunsTableDeps;
  private readonly compareDeps: CompareDeps;

  constructor(services: ExtensionServices, private readonly stores: StoreService, tree: RunsTree, private readonly treeView: vscode.TreeView<RunsTreeNode>) {
    this.tableDeps = { services, stores, compare: (runIds) => this.compare(runIds) };
    this.compareDeps = { services, stores, openRun: (runId) => RunsTablePanel.createOrShow(this.tableDeps, { focusRunId: runId }) };
    this.disposables.push(
      RunsTablePanel.registerSerializer(this.tableDeps),
      ComparePanel.registerSerializer(this.compareDeps),
      vscode.commands.registerCommand('mlcycle.openRunsTable', () => RunsTablePanel.createOrShow(this.tableDeps)),
      vscode.commands.registerCommand('mlcycle.openRun', (target?: RunsTreeNode | string) => this.guard(() => this.open(target))),
      vscode.commands.registerCommand('mlcycle.compareRuns', (target?: RunTarget, selection?: unknown) => this.guard(() => this.compareCommand(target, selection))),
      vscode.commands.registerCommand('mlcycle.refreshRuns', () => tree.refresh()),
    );
  }

  private async guard(body: () => Promise<void> | void): Promise<void> {
    try {
      await body();
    } catch (error) {
      void vscode.window.showErrorMessage(error instanceof UserError ? error.message : `mlcycle: ${(error as Error).message}`);
    }
  }

  /** A run opens the table on it; an experiment opens the table filtered to it. */
  private open(target?: RunsTreeNode | string): void {
    if (typeof target === 'object' && target.kind === 'experiment') {
      RunsTablePanel.createOrShow(this.tableDeps, { filter: `experiment = ${filterString(target.name)}` });
      return;
    }
    const [runId] = runIdsOf(target);
    RunsTablePanel.createOrShow(this.tableDeps, { focusRunId: runId });
  }

  /** The runs given, else the tree's selection, else the runs a person picks. */
  private async compareCommand(target: RunTarget, selection: unknown): Promise<void> {
    let runIds = runIdsOf(target, selection);
    if (!runIds.length) runIds = runIdsOf(this.treeView.selection.filter((n) => n.kind === 'run'));
    if (runIds.length < 2) runIds = await this.pickRuns(runIds);
    if (runIds.length) this.compare(runIds);
  }

  private async pickRuns(preselected: string[]): Promise<string[]> {
    const store = this.stores.get();
    const runs = store ? loadRunListing(store.db).runs : [];
    if (!runs.length) throw new UserError('There are no runs to compare yet: run a training script first.');
    const picked = await vscode.window.showQuickPick(
      runs.map((run) => ({ label: run.name, description: `${run.status} · ${run.experiment}`, detail: run.id, picked: preselected.includes(run.id), runId: run.id })),
      { title: 'mlcycle: Compare Runs', placeHolder: 'Pick the runs to compare', canPickMany: true, matchOnDescription: true, matchOnDetail: true },
    );
    return picked?.map((p) => p.runId) ?? [];
  }

  private compare(runIds: string[]): void {
    ComparePanel.createOrShow(this.compareDeps, runIds);
  }

  dispose(): void {
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}
