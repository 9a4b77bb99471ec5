import * as vscode from 'vscode';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runsTableToCsv } from '../../core/compare/csv';
import { RunsTablePager } from '../../core/compare/runsTablePager';
import { QueryError, queryErrorView } from '../../core/query/errors';
import { UserError } from '../../core/errors';
import type { Store } from '../../core/store/store';
import type { RunDetailsView, RunsTableNotification, RunsTablePage, RunsTableRequests } from '../../protocol/runsTable';
import type { ExtensionServices } from '../services';
import type { StoreService } from '../store/StoreService';
import { Throttle } from '../throttle';
import { renderWebviewHtml, webviewOptions } from '../webview/html';
import { WebviewRpc } from '../webview/rpc';

export interface RunsTableDeps {
  services: ExtensionServices;
  stores: StoreService;
  /** Opens the compare view on these runs. */
  compare(runIds: string[]): void;
}

/** The runs table: a virtualised row per run, columns, sort, filter, selection → compare, notes and tags, CSV. */
export class RunsTablePanel {
  static readonly viewType = 'mlcycle.runsTable';
  private static current: RunsTablePanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly rpc: WebviewRpc<RunsTableRequests, RunsTableNotification>;
  private readonly pager: RunsTablePager;
  private staleWhileHidden = false;

  /** Shows the table (one per window); `focusRunId` selects that run and opens its details, `filter` replaces the filter. */
  static createOrShow(deps: RunsTableDeps, options: { focusRunId?: string; filter?: string } = {}): void {
    let table = RunsTablePanel.current;
    if (table) table.panel.reveal();
    else {
      const panel = vscode.window.createWebviewPanel(RunsTablePanel.viewType, 'mlcycle Runs', vscode.ViewColumn.Active, webviewOptions(deps.services.extensionUri));
      table = RunsTablePanel.current = new RunsTablePanel(panel, deps);
    }
    if (options.filter !== undefined) table.rpc.notify({ type: 'setFilter', filter: options.filter });
    if (options.focusRunId) table.rpc.notify({ type: 'focusRun', runId: options.focusRunId });
  }

  static registerSerializer(deps: RunsTableDeps): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(RunsTablePanel.viewType, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel) {
        panel.webview.options = webviewOptions(deps.services.extensionUri);
        RunsTablePanel.current = new RunsTablePanel(panel, deps);
      },
    });
  }

  private constructor(private readonly panel: vscode.WebviewPanel, private readonly deps: RunsTableDeps) {
    this.pager = new RunsTablePager(() => this.store()!.db);
    panel.webview.html = renderWebviewHtml(panel.webview, deps.services.extensionUri, 'runsTable', 'mlcycle Runs');
    this.rpc = new WebviewRpc<RunsTableRequests, RunsTableNotification>(panel.webview, {
      page: (query) => this.page(query),
      allIds: (query) => (this.store() ? this.pager.full(query).rows.map((r) => r.id) : []),
      rowIndex: (query) => (this.store() ? this.pager.full(query).rows.findIndex((r) => r.id === query.runId) : -1),
      runDetails: ({ runId }) => this.details(runId),
      rename: ({ runId, name }) => this.write((store) => store.renameRun(runId, name)),
      setNotes: ({ runId, notes }) => this.write((store) => store.setNotes(runId, notes)),
      setTag: ({ runId, key, value }) => this.write((store) => store.setTags(runId, { [key]: value })),
      deleteTag: ({ runId, key }) => this.write((store) => store.deleteTag(runId, key)),
      compare: ({ runIds }) => {
        deps.compare(runIds);
        return null;
      },
      exportCsv: (query) => this.exportCsv(query),
    });
    const changed = new Throttle(1500, () => this.storeChanged());
    this.disposables.push(
      this.rpc,
      changed,
      deps.stores.onDidChange(() => changed.request()),
      panel.onDidChangeViewState(() => {
        if (panel.visible && this.staleWhileHidden) this.storeChanged();
      }),
    );
    panel.onDidDispose(() => this.dispose(), null, this.disposables);
  }

  private store(): Store | undefined {
    return this.deps.stores.get();
  }

  private storeChanged(): void {
    this.pager.invalidate();
    this.staleWhileHidden = !this.panel.visible;
    if (!this.staleWhileHidden) this.rpc.notify({ type: 'storeChanged' });
  }

  private page(query: RunsTableRequests['page']['params']): RunsTablePage {
    if (!this.store()) return { ok: true, model: { filter: query.filter, availableColumns: [], columns: [], sort: query.sort ?? { column: 'created', direction: 'desc' }, rows: [], total: 0, totalInScope: 0, offset: 0, differingColumns: [], warnings: [] } };
    try {
      return { ok: true, model: this.pager.page(query, query.offset, query.limit) };
    } catch (error) {
      if (error instanceof QueryError) return { ok: false, error: queryErrorView(error) };
      throw error;
    }
  }

  private details(runId: string): RunDetailsView | null {
    const run = this.store()?.getRun(runId);
    if (!run) return null;
    return {
      id: run.id, name: run.name, status: run.status, experiment: run.experiment, createdAt: run.createdAt, startedAt: run.startedAt, endedAt: run.endedAt,
      script: run.script, command: run.command, gitCommit: run.gitCommit, gitBranch: run.gitBranch, gitDirty: run.gitDirty, exitCode: run.exitCode,
      error: run.error, parentRunId: run.parentRunId, notes: run.notes,
      tags: Object.entries(run.tags).map(([key, value]) => ({ key, value })),
      params: Object.entries(run.params).map(([key, value]) => ({ key, value: typeof value === 'string' ? value : JSON.stringify(value) })),
      metrics: run.metrics.map((m) => ({ key: m.key, context: m.context, last: metricCell(m.last), min: metricCell(m.min), max: metricCell(m.max), count: m.count })),
      artifacts: run.artifacts.map((a) => ({ path: a.path, size: a.size })),
    };
  }

  private write(change: (store: Store) => void): null {
    change(this.deps.stores.require());
    this.deps.stores.notifyChanged();
    return null;
  }

  private async exportCsv(query: RunsTableRequests['exportCsv']['params']): Promise<{ path: string | null }> {
    if (!this.store()) throw new UserError('There are no runs to export yet.');
    const model = this.pager.full(query);
    const root = this.deps.services.workspaceRoot;
    const target = await vscode.window.showSaveDialog({
      title: `Export ${model.rows.length} runs as CSV`,
      saveLabel: 'Export CSV',
      filters: { CSV: ['csv'] },
      defaultUri: root ? vscode.Uri.file(join(root, 'runs.csv')) : undefined,
    });
    if (!target) return { path: null };
    await writeFile(target.fsPath, runsTableToCsv(model, { onlyDiffering: query.onlyDiffering }), 'utf8');
    void vscode.window.showInformationMessage(`Exported ${model.rows.length} runs to ${vscode.workspace.asRelativePath(target)}.`);
    return { path: target.fsPath };
  }

  dispose(): void {
    if (RunsTablePanel.current === this) RunsTablePanel.current = undefined;
    this.panel.dispose();
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}

/** JSON has no NaN or ±Infinity: such a metric travels as its name, as in the table's cells. */
function metricCell(value: number): number | string {
  return Number.isFinite(value) ? value : String(value);
}
