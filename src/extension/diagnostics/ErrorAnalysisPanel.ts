import * as vscode from 'vscode';
import { datasetOfSplit } from '../../core/analysis/exampleDataset';
import { ErrorAnalysis } from '../../core/analysis/predictions/errorAnalysis';
import { resolveRun } from '../../core/analysis/runRef';
import { UserError } from '../../core/errors';
import type { ErrorAnalysisModel } from '../../protocol/diagnostics';
import type { ErrorAnalysisNotification, ErrorAnalysisRequests, ErrorAnalysisState, ExampleQuery, TaggingResult } from '../../protocol/errorAnalysis';
import { renderWebviewHtml, webviewOptions } from '../webview/html';
import { WebviewRpc, type Handlers } from '../webview/rpc';
import { storeDb, type DiagnosticsDeps } from './deps';
import { refreshOnStoreChange } from './storeChanges';

/**
 * The error analysis of a run's predictions: metrics, confusion matrix, cohorts, error tree, the examples with
 * their tags and the categories table. One panel per run, each holding its core ErrorAnalysis session (the
 * predictions loaded once into typed columns); tags and categories are read from the store on every request.
 */
export class ErrorAnalysisPanel {
  static readonly viewType = 'mlcycle.errorAnalysis';
  private static readonly byRun = new Map<string, ErrorAnalysisPanel>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly rpc: WebviewRpc<ErrorAnalysisRequests, ErrorAnalysisNotification>;
  /** The requests the webview makes, also called directly by tests. */
  readonly handlers: Handlers<ErrorAnalysisRequests>;
  private session: ErrorAnalysis | undefined;
  runId: string | undefined;

  static createOrShow(deps: DiagnosticsDeps, runId: string): ErrorAnalysisPanel {
    const run = resolveRun(storeDb(deps), runId);
    const existing = ErrorAnalysisPanel.byRun.get(run.id);
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(ErrorAnalysisPanel.viewType, titleOf(run.name), vscode.ViewColumn.Active, webviewOptions(deps.services.extensionUri));
    const created = new ErrorAnalysisPanel(panel, deps, run.id);
    created.rpc.notify({ type: 'showRun', runId: run.id });
    return created;
  }

  static revive(deps: DiagnosticsDeps, panel: vscode.WebviewPanel, state: ErrorAnalysisState | undefined): void {
    panel.webview.options = webviewOptions(deps.services.extensionUri);
    new ErrorAnalysisPanel(panel, deps, state?.runId);
  }

  static panelOf(runId: string): ErrorAnalysisPanel | undefined {
    return ErrorAnalysisPanel.byRun.get(runId);
  }

  private constructor(readonly panel: vscode.WebviewPanel, private readonly deps: DiagnosticsDeps, runId: string | undefined) {
    this.track(runId);
    panel.webview.html = renderWebviewHtml(panel.webview, deps.services.extensionUri, 'errorAnalysis', 'mlcycle Error Analysis');
    this.handlers = {
      open: ({ runId: id, split }) => this.open(id, split),
      heatmap: ({ x, y }) => this.require().heatmap(x, y),
      examples: (query) => this.page(query),
      addTags: ({ exampleIds, tags, query }) => {
        this.require().addTags(exampleIds, tags);
        return this.afterTagging(query);
      },
      removeTags: ({ exampleIds, tags, query }) => {
        this.require().removeTags(exampleIds, tags);
        return this.afterTagging(query);
      },
      categories: () => this.require().categories(),
      tagSuggestions: ({ prefix }) => this.require().tagSuggestions(prefix),
      openExample: async ({ exampleId }) => {
        const session = this.require();
        const path = datasetOfSplit(storeDb(this.deps), session.run.id, session.scope.split);
        // The Data Explorer shows the example's row among its columns; other files open as text at its line.
        const command = /\.(csv|tsv|jsonl|ndjson|parquet)$/i.test(path) ? 'mlcycle.showRowById' : 'mlcycle.revealDatasetRow';
        await vscode.commands.executeCommand(command, { path, exampleId });
        return null;
      },
      openBiasVariance: async () => {
        await vscode.commands.executeCommand('mlcycle.diagnoseBiasVariance', this.require().run.id);
        return null;
      },
    };
    this.rpc = new WebviewRpc<ErrorAnalysisRequests, ErrorAnalysisNotification>(panel.webview, this.handlers);
    this.disposables.push(this.rpc, refreshOnStoreChange(panel, deps.stores, () => this.storeChanged(), 2000));
    panel.onDidDispose(() => this.dispose(), null, this.disposables);
  }

  private open(runId: string, split: string | undefined): ErrorAnalysisModel {
    const session = ErrorAnalysis.open(storeDb(this.deps), runId, split ? { split } : {});
    this.session = session;
    this.track(session.run.id);
    this.panel.title = titleOf(session.run.name);
    return session.model();
  }

  private require(): ErrorAnalysis {
    if (!this.session) throw new UserError('This error analysis has not opened a run yet: run "mlcycle: Diagnose Run: Error Analysis" again.');
    return this.session;
  }

  private page(query: ExampleQuery) {
    return this.require().examples(query.filter, { offset: query.offset, limit: query.limit, order: query.order });
  }

  private afterTagging(query: ExampleQuery): TaggingResult {
    const session = this.require();
    return { categories: session.categories(), suggestions: session.tagSuggestions(), page: this.page(query) };
  }

  /** New predictions (a run that logged them after the panel opened) reopen the analysis; anything else may be tags. */
  private storeChanged(): void {
    const session = this.session;
    if (!session) return;
    const logged = storeDb(this.deps).prepare('SELECT count(*) FROM predictions WHERE run_id = ? AND split = ?').pluck().get(session.run.id, session.scope.split) as number;
    if (logged !== session.overview().counts.total) this.rpc.notify({ type: 'reopened', model: this.open(session.run.id, session.scope.split) });
    else this.rpc.notify({ type: 'storeChanged' });
  }

  private track(runId: string | undefined): void {
    if (this.runId && ErrorAnalysisPanel.byRun.get(this.runId) === this) ErrorAnalysisPanel.byRun.delete(this.runId);
    this.runId = runId;
    if (runId && !ErrorAnalysisPanel.byRun.has(runId)) ErrorAnalysisPanel.byRun.set(runId, this);
  }

  dispose(): void {
    this.track(undefined);
    this.session = undefined;
    this.panel.dispose();
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}

function titleOf(runName: string): string {
  return `Error Analysis: ${runName}`;
}
