import * as vscode from 'vscode';
import { promises as fs } from 'node:fs';
import { basename, dirname } from 'node:path';
import { DataEngine, DatasetSession, detectDriftBetween, diffProfiles, profileSession, quickLookAt, readRowsFrom, type DatasetProfile } from '../../core/data';
import { CancelledError, UserError } from '../../core/errors';
import type {
  ChangesResult,
  ComparisonTarget,
  DataExplorerNotification,
  DataExplorerRequests,
  DriftResult,
  FileProblem,
  OpenResult,
  ProfileResult,
  RegisterResult,
  RowsPageView,
  RowsRequest,
  VersionStatusView,
} from '../../protocol/dataExplorer';
import { renderWebviewHtml, webviewOptions } from '../webview/html';
import { WebviewRpc } from '../webview/rpc';
import { pickComparison } from './comparisonPicker';
import { versionDate, type DatasetVersions } from './DatasetVersions';
import { toFileProblem } from './fileProblem';
import { withCancellableProgress, type ReportProgress } from './progress';

export interface ExplorerDeps {
  extensionUri: vscode.Uri;
  /** Where DuckDB spills and stages a text file's columnar copy: on disk, never a RAM-backed /tmp. */
  scratchDirectory: string;
  versions: DatasetVersions;
  log: (message: string) => void;
}

export type ExplorerDescription =
  | { state: 'opening' }
  | { state: 'problem'; problem: FileProblem }
  | { state: 'open'; columns: number; profiledRows?: number; workDirectory?: string };

const sampleRows = 200;
/** Attempts of a grid read whose shared file read was cancelled by another operation (e.g. the profile). */
const rowsAttempts = 3;

/**
 * One open Data Explorer: a DuckDB engine and session for its file (closed with the editor), the last profile and
 * drift report (so a webview hidden and shown again gets them back at once), and the handlers of its webview.
 */
export class DataExplorerEditor implements vscode.Disposable {
  readonly path: string;
  readonly fileName: string;
  private engine: Promise<DataEngine> | undefined;
  private session: Promise<DatasetSession> | undefined;
  private lenient = false;
  private opened: OpenResult | undefined;
  private profile: { labelColumn?: string; result: DatasetProfile } | undefined;
  private profiling: { labelColumn?: string; abort: AbortController; promise: Promise<ProfileResult> } | undefined;
  private drift: { key: string; result: DriftResult } | undefined;
  private readonly aborts = new Set<AbortController>();
  private readonly running = new Set<Promise<unknown>>();
  private readonly rpc: WebviewRpc<DataExplorerRequests, DataExplorerNotification>;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;
  private closed = false;

  constructor(
    readonly uri: vscode.Uri,
    readonly panel: vscode.WebviewPanel,
    private readonly deps: ExplorerDeps,
  ) {
    this.path = uri.fsPath;
    this.fileName = basename(this.path);
    panel.webview.options = webviewOptions(deps.extensionUri);
    panel.webview.html = renderWebviewHtml(panel.webview, deps.extensionUri, 'dataExplorer', this.fileName);
    this.rpc = new WebviewRpc<DataExplorerRequests, DataExplorerNotification>(
      panel.webview,
      {
        open: (p) => this.open(p.lenient, p.reload ?? false),
        profile: (p) => this.runProfile(p.labelColumn),
        rows: (p) => this.rows(p),
        versionStatus: () => this.versionStatus(),
        register: () => this.register(),
        changes: () => this.changes(),
        compare: (p) => this.compare(p.target, p.swapped ?? false),
        openAsText: async () => {
          await vscode.commands.executeCommand('vscode.openWith', uri, 'default');
        },
      },
      () => {},
      deps.log,
    );
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(dirname(this.path)), this.fileName));
    let versionsTimer: NodeJS.Timeout | undefined;
    // Runs commit metrics every second: one status question per burst is enough.
    const versionsChanged = () => {
      clearTimeout(versionsTimer);
      versionsTimer = setTimeout(() => this.rpc.notify({ type: 'versionsChanged' }), 500);
    };
    this.disposables.push(
      this.rpc,
      watcher,
      watcher.onDidChange(() => this.fileChanged()),
      watcher.onDidCreate(() => this.fileChanged()),
      deps.versions.onDidChange(versionsChanged),
      { dispose: () => clearTimeout(versionsTimer) },
      this.disposed,
    );
    panel.onDidDispose(() => this.dispose(), null, this.disposables);
  }

  /** What the editor shows, for code that cannot see the webview (tests, other views). */
  async describe(): Promise<ExplorerDescription> {
    if (!this.opened) return { state: 'opening' };
    if (!this.opened.ok) return { state: 'problem', problem: this.opened.problem };
    const engine = await this.engine?.catch(() => undefined);
    return { state: 'open', columns: this.opened.quickLook.columns.length, profiledRows: this.profile?.result.rowCount, workDirectory: engine?.workDir };
  }

  get isActive(): boolean {
    return this.panel.active;
  }

  /** Show the rows whose id column (or `column`) equals `value`. */
  revealRow(value: string, column?: string): void {
    this.panel.reveal();
    this.rpc.notify({ type: 'revealRow', value, column });
  }

  /** The toolbar's "Compare With…": the webview asks the person and shows the report. */
  requestCompare(): void {
    this.panel.reveal();
    this.rpc.notify({ type: 'compareRequested' });
  }

  private fileChanged(): void {
    if (!this.opened) return;
    this.rpc.notify({ type: 'fileChangedOnDisk' });
    this.rpc.notify({ type: 'versionsChanged' });
  }

  private engineReady(): Promise<DataEngine> {
    this.engine ??= DataEngine.create({ tempDirectory: this.deps.scratchDirectory });
    this.engine.catch(() => (this.engine = undefined));
    return this.engine;
  }

  private currentSession(): Promise<DatasetSession> {
    if (this.closed) return Promise.reject(new CancelledError());
    if (!this.session) {
      const opening = this.engineReady().then((engine) => DatasetSession.open(this.path, { engine, lenient: this.lenient }));
      this.session = opening;
      opening.catch(() => {
        if (this.session === opening) this.session = undefined;
      });
    }
    return this.session;
  }

  /** Stop everything running on the current session and close it, so the file is read afresh. */
  private async closeSession(): Promise<void> {
    for (const abort of this.aborts) abort.abort();
    await Promise.allSettled([...this.running]);
    const session = this.session;
    this.session = undefined;
    this.opened = undefined;
    this.profile = undefined;
    this.drift = undefined;
    (await session?.catch(() => undefined))?.close();
  }

  /** Track work on the engine so closing waits for it (DuckDB is interrupted first, never closed under a query). */
  private async track<T>(work: (abort: AbortController) => Promise<T>, abort = new AbortController()): Promise<T> {
    this.aborts.add(abort);
    const promise = work(abort);
    this.running.add(promise);
    try {
      return await promise;
    } finally {
      this.running.delete(promise);
      this.aborts.delete(abort);
    }
  }

  private async open(lenient: boolean, reload: boolean): Promise<OpenResult> {
    if (this.opened && !reload && lenient === this.lenient) return this.opened;
    if (this.session || this.opened) await this.closeSession();
    this.lenient = lenient;
    try {
      const look = await this.track(async (abort) => quickLookAt(await this.currentSession(), { sampleRows, signal: abort.signal }));
      this.opened = {
        ok: true,
        quickLook: {
          fileName: look.fileName,
          displayPath: this.deps.versions.keyOf(this.path),
          format: look.format,
          sizeBytes: look.sizeBytes,
          columns: look.columns,
          rows: look.rows,
          rowCount: look.rowCount,
          estimatedRowCount: look.estimatedRowCount,
          notices: look.notices,
          elapsedMs: look.elapsedMs,
        },
      };
      return this.opened;
    } catch (error) {
      this.opened = { ok: false, problem: toFileProblem(error, this.fileName, this.deps.log) };
      return this.opened;
    }
  }

  private notifyProgress(task: 'profile' | 'drift' | 'register'): ReportProgress {
    return (fraction, message) => this.rpc.notify({ type: 'progress', task, fraction, message });
  }

  /** Profile the file with `labelColumn` as the label; a newer request cancels an older one with another label. */
  private runProfile(labelColumn: string | undefined): Promise<ProfileResult> {
    if (this.profile && this.profile.labelColumn === labelColumn) return Promise.resolve({ state: 'done', profile: this.profile.result });
    if (this.profiling && this.profiling.labelColumn === labelColumn) return this.profiling.promise;
    this.profiling?.abort.abort();
    const abort = new AbortController();
    const promise = this.track(async (): Promise<ProfileResult> => {
      try {
        const session = await this.currentSession();
        const outcome = await withCancellableProgress(
          `Profiling ${this.fileName}`,
          abort,
          (signal, report) => profileSession(session, { labelColumn, signal, onProgress: (p) => report(p.fraction, p.message) }),
          this.notifyProgress('profile'),
        );
        if (outcome.state === 'cancelled') return { state: 'cancelled' };
        this.profile = { labelColumn, result: outcome.value };
        return { state: 'done', profile: outcome.value };
      } catch (error) {
        if (error instanceof CancelledError) return { state: 'cancelled' };
        return { state: 'failed', problem: toFileProblem(error, this.fileName, this.deps.log) };
      } finally {
        if (this.profiling?.abort === abort) this.profiling = undefined;
        this.rpc.notify({ type: 'progressDone', task: 'profile' });
      }
    }, abort);
    this.profiling = { labelColumn, abort, promise };
    return promise;
  }

  private async rows(query: RowsRequest): Promise<RowsPageView> {
    return this.track(async (abort) => {
      for (let attempt = 1; ; attempt++) {
        try {
          const page = await readRowsFrom(await this.currentSession(), { ...query, signal: abort.signal });
          return { columns: page.columns, rows: page.rows, rowNumbers: page.rowNumbers, offset: page.offset, totalRows: page.totalRows, fileRows: page.fileRows, where: page.where, elapsedMs: page.elapsedMs };
        } catch (error) {
          // The file read this page waited on was started, and cancelled, by another operation: read it again.
          if (error instanceof CancelledError && !abort.signal.aborted && attempt < rowsAttempts) continue;
          if (error instanceof CancelledError) throw new UserError('Reading the rows was cancelled.');
          throw error;
        }
      }
    });
  }

  private versionStatus(): Promise<VersionStatusView> {
    return this.track((abort) => this.deps.versions.status(this.path, abort.signal));
  }

  /** Register the file as it is now: its hash, its profile (computed if needed) and a snapshot of its rows. */
  async register(): Promise<RegisterResult> {
    const abort = new AbortController();
    const outcome = await this.track(
      () =>
        withCancellableProgress(
          `Registering ${this.fileName} as a dataset version`,
          abort,
          async (signal, report) => {
            const session = await this.currentSession();
            const stat = await fs.stat(this.path);
            if (stat.size !== session.facts.sizeBytes || stat.mtime.toISOString() !== session.facts.modifiedAt) {
              throw new UserError(`${this.fileName} changed on disk after it was opened: reload it in the Data Explorer, then register the version.`);
            }
            let profile = this.profile?.result;
            const running = this.profiling;
            if (!profile && running) {
              const finished = await running.promise;
              if (finished.state === 'done') profile = finished.profile;
            }
            if (!profile) {
              const labelColumn = running?.labelColumn;
              profile = await profileSession(session, { labelColumn, signal, onProgress: (p) => report(0.8 * p.fraction, p.message) });
              this.profile = { labelColumn, result: profile };
              this.rpc.notify({ type: 'profile', profile });
            }
            report(0.85, 'Hashing the file and storing its rows');
            return this.deps.versions.register(session, profile, signal);
          },
          this.notifyProgress('register'),
        ),
      abort,
    ).finally(() => this.rpc.notify({ type: 'progressDone', task: 'register' }));
    if (outcome.state === 'cancelled') return { state: 'cancelled' };
    this.rpc.notify({ type: 'versionsChanged' });
    return { state: 'done', message: outcome.value };
  }

  private async changes(): Promise<ChangesResult> {
    const current = this.profile?.result;
    if (!current) return { state: 'unavailable', message: 'The profile of the file is not ready yet: let it finish (or run it again), then show what changed.' };
    const stat = await fs.stat(this.path);
    if (stat.size !== current.sizeBytes || stat.mtime.toISOString() !== current.modifiedAt) {
      return { state: 'unavailable', message: `${this.fileName} changed on disk after it was profiled: reload it, then show what changed.` };
    }
    const key = this.deps.versions.keyOf(this.path);
    const sha256 = await this.track((abort) => this.deps.versions.sha256(this.path, abort.signal));
    const versions = this.deps.versions.versionsOf([key]).get(key) ?? [];
    const before = versions.find((v) => v.hasProfile && v.sha256 !== sha256);
    if (!before) {
      return {
        state: 'unavailable',
        message: versions.length
          ? 'The earlier versions of this file were logged by runs, which keep only a hash: register versions from the Data Explorer to see what changed between them.'
          : 'No version of this file is registered yet.',
      };
    }
    const profile = this.deps.versions.profileOf(before.id);
    if (!profile) return { state: 'unavailable', message: `Version ${before.number} has no stored profile.` };
    return { state: 'done', diff: diffProfiles(profile, current), before, fileName: this.fileName };
  }

  private async compare(requested: ComparisonTarget | undefined, swapped: boolean): Promise<DriftResult | undefined> {
    const target = requested ?? (await pickComparison(this.path, this.deps.versions));
    if (!target) return undefined;
    const key = JSON.stringify([target, swapped]);
    if (this.drift?.key === key) return this.drift.result;
    const abort = new AbortController();
    const result = await this.track(async (): Promise<DriftResult> => {
      try {
        const { path, label } = this.comparisonSource(target);
        const session = await this.currentSession();
        const other = await DatasetSession.open(path, { engine: await this.engineReady() });
        try {
          const ownLabel = this.deps.versions.keyOf(this.path);
          // A version is the past the file is checked against; another file is checked against this one.
          const versionFirst = target.kind === 'version';
          let [reference, current, referenceLabel, currentLabel] = versionFirst ? [other, session, label, `${ownLabel} (now)`] : [session, other, ownLabel, label];
          if (swapped) [reference, current, referenceLabel, currentLabel] = [current, reference, currentLabel, referenceLabel];
          const outcome = await withCancellableProgress(
            `Comparing ${referenceLabel} with ${currentLabel}`,
            abort,
            (signal, report) => detectDriftBetween(reference, current, { signal, onProgress: (p) => report(p.fraction, p.message) }),
            this.notifyProgress('drift'),
          );
          if (outcome.state === 'cancelled') return { state: 'cancelled' };
          return { state: 'done', report: outcome.value, target, referenceLabel, currentLabel, swapped };
        } finally {
          other.close();
        }
      } catch (error) {
        if (error instanceof CancelledError) return { state: 'cancelled' };
        return { state: 'failed', message: toFileProblem(error, this.fileName, this.deps.log).message };
      } finally {
        this.rpc.notify({ type: 'progressDone', task: 'drift' });
      }
    }, abort);
    if (result.state === 'done') this.drift = { key, result };
    return result;
  }

  private comparisonSource(target: ComparisonTarget): { path: string; label: string } {
    const versions = this.deps.versions;
    if (target.kind === 'file') return { path: target.path, label: versions.keyOf(target.path) };
    const record = versions.record(target.versionId);
    if (!record) throw new UserError('That version is no longer in the store: pick another one.');
    const snapshot = versions.snapshotOf(record.sha256);
    const fileKey = versions.keyOf(versions.absolute(record.key));
    const number = versions.versionsOf([fileKey]).get(fileKey)?.find((v) => v.sha256 === record.sha256)?.number;
    const label = `${fileKey} v${number ?? '?'} (${versionDate(record.createdAt)})`;
    if (!snapshot) {
      throw new UserError(`${label} has no stored rows to compare with: versions logged by a run keep only their hash. Register versions from the Data Explorer to keep their rows.`);
    }
    return { path: snapshot, label };
  }

  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    this.disposed.fire();
    for (const abort of this.aborts) abort.abort();
    const session = this.session;
    const engine = this.engine;
    // Close DuckDB only once the interrupted queries have returned.
    void Promise.allSettled([...this.running]).then(async () => {
      (await session?.catch(() => undefined))?.close();
      (await engine?.catch(() => undefined))?.close();
    });
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}
