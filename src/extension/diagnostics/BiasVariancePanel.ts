import * as vscode from 'vscode';
import { parseBaselineError, setBaseline } from '../../core/analysis/baseline';
import { diagnoseBiasVariance } from '../../core/analysis/biasVarianceModel';
import { learningCurves } from '../../core/analysis/learningCurves';
import { resolveRun } from '../../core/analysis/runRef';
import type { BiasVarianceNotification, BiasVarianceRequests, BiasVarianceState, BiasVarianceViewModel } from '../../protocol/biasVariance';
import { renderWebviewHtml, webviewOptions } from '../webview/html';
import { WebviewRpc, type Handlers } from '../webview/rpc';
import { storeDb, type DiagnosticsDeps } from './deps';
import { refreshOnStoreChange } from './storeChanges';

/**
 * A run's bias/variance split (errors by data set against the experiment's baseline, the terms with their
 * formulas, the verdict) and its learning curves. One panel per run; the baseline is edited in place.
 */
export class BiasVariancePanel {
  static readonly viewType = 'mlcycle.biasVariance';
  private static readonly byRun = new Map<string, BiasVariancePanel>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly rpc: WebviewRpc<BiasVarianceRequests, BiasVarianceNotification>;
  /** The requests the webview makes, also called directly by tests. */
  readonly handlers: Handlers<BiasVarianceRequests>;
  runId: string | undefined;

  static createOrShow(deps: DiagnosticsDeps, runId: string): BiasVariancePanel {
    const run = resolveRun(storeDb(deps), runId);
    const existing = BiasVariancePanel.byRun.get(run.id);
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(BiasVariancePanel.viewType, titleOf(run.name), vscode.ViewColumn.Active, webviewOptions(deps.services.extensionUri));
    const created = new BiasVariancePanel(panel, deps, run.id);
    created.rpc.notify({ type: 'showRun', runId: run.id });
    return created;
  }

  static revive(deps: DiagnosticsDeps, panel: vscode.WebviewPanel, state: BiasVarianceState | undefined): void {
    panel.webview.options = webviewOptions(deps.services.extensionUri);
    new BiasVariancePanel(panel, deps, state?.runId);
  }

  static panelOf(runId: string): BiasVariancePanel | undefined {
    return BiasVariancePanel.byRun.get(runId);
  }

  private constructor(readonly panel: vscode.WebviewPanel, private readonly deps: DiagnosticsDeps, runId: string | undefined) {
    this.track(runId);
    panel.webview.html = renderWebviewHtml(panel.webview, deps.services.extensionUri, 'biasVariance', 'mlcycle Bias and Variance');
    this.handlers = {
      load: ({ runId: id, metric }) => this.load(id, metric),
      setBaseline: ({ runId: id, text, metric }) => {
        const db = storeDb(this.deps);
        setBaseline(db, resolveRun(db, id).experimentId, text.trim() ? parseBaselineError(text) : null);
        this.deps.stores.notifyChanged();
        return this.load(id, metric);
      },
      openErrorAnalysis: async ({ runId: id }) => {
        await vscode.commands.executeCommand('mlcycle.diagnoseErrors', id);
        return null;
      },
    };
    this.rpc = new WebviewRpc<BiasVarianceRequests, BiasVarianceNotification>(panel.webview, this.handlers);
    this.disposables.push(this.rpc, refreshOnStoreChange(panel, deps.stores, () => this.rpc.notify({ type: 'storeChanged' })));
    panel.onDidDispose(() => this.dispose(), null, this.disposables);
  }

  private load(runId: string, metric: string | undefined): BiasVarianceViewModel {
    const db = storeDb(this.deps);
    const options = metric ? { metric } : {};
    const biasVariance = diagnoseBiasVariance(db, runId, options);
    this.track(biasVariance.runId);
    this.panel.title = titleOf(biasVariance.runName);
    return { biasVariance, curves: learningCurves(db, runId, options) };
  }

  private track(runId: string | undefined): void {
    if (this.runId && BiasVariancePanel.byRun.get(this.runId) === this) BiasVariancePanel.byRun.delete(this.runId);
    this.runId = runId;
    if (runId && !BiasVariancePanel.byRun.has(runId)) BiasVariancePanel.byRun.set(runId, this);
  }

  dispose(): void {
    this.track(undefined);
    this.panel.dispose();
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}

function titleOf(runName: string): string {
  return `Bias/Variance: ${runName}`;
}
