import * as vscode from 'vscode';
import { loadCompareOverview, loadMetricSeries, type CompareOverview } from '../../core/compare/metricSeries';
import { loadMetricParamScatter, loadParallelCoordinates } from '../../core/compare/parallel';
import { loadParamsDiff } from '../../core/compare/paramsDiff';
import { UserError } from '../../core/errors';
import type { Store } from '../../core/store/store';
import type { CompareNotification, CompareRequests } from '../../protocol/compare';
import type { ExtensionServices } from '../services';
import type { StoreService } from '../store/StoreService';
import { Throttle } from '../throttle';
import { renderWebviewHtml, webviewOptions } from '../webview/html';
import { WebviewRpc } from '../webview/rpc';

export interface CompareDeps {
  services: ExtensionServices;
  stores: StoreService;
  /** Opens the runs table on one run. */
  openRun(runId: string): void;
}

/**
 * Compares any number of runs: a chart per metric (downsampled in core), the params that differ, parallel
 * coordinates of params → a metric and a metric-vs-param scatter. The webview holds the selection; requests carry it.
 */
export class ComparePanel {
  static readonly viewType = 'mlcycle.compare';
  private static current: ComparePanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly rpc: WebviewRpc<CompareRequests, CompareNotification>;
  private staleWhileHidden = false;

  static createOrShow(deps: CompareDeps, runIds: string[]): void {
    let compare = ComparePanel.current;
    if (compare) compare.panel.reveal();
    else {
      const panel = vscode.window.createWebviewPanel(ComparePanel.viewType, 'mlcycle Compare', vscode.ViewColumn.Active, webviewOptions(deps.services.extensionUri));
      compare = ComparePanel.current = new ComparePanel(panel, deps);
    }
    compare.panel.title = `mlcycle Compare (${runIds.length})`;
    compare.rpc.notify({ type: 'showRuns', runIds });
  }

  static registerSerializer(deps: CompareDeps): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(ComparePanel.viewType, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel) {
        panel.webview.options = webviewOptions(deps.services.extensionUri);
        ComparePanel.current = new ComparePanel(panel, deps);
      },
    });
  }

  private constructor(private readonly panel: vscode.WebviewPanel, private readonly deps: CompareDeps) {
    panel.webview.html = renderWebviewHtml(panel.webview, deps.services.extensionUri, 'compare', 'mlcycle Compare');
    this.rpc = new WebviewRpc<CompareRequests, CompareNotification>(panel.webview, {
      overview: ({ runIds }) => this.overview(runIds),
      series: ({ runIds, key, context }) => loadMetricSeries(this.store().db, { runIds, key, context }),
      paramsDiff: ({ runIds }) => loadParamsDiff(this.store().db, runIds),
      parallel: ({ runIds, metric }) => loadParallelCoordinates(this.store().db, { runIds, metric }),
      scatter: ({ runIds, param, metric }) => loadMetricParamScatter(this.store().db, { runIds, param, metric }),
      openRun: ({ runId }) => {
        deps.openRun(runId);
        return null;
      },
    });
    const changed = new Throttle(2000, () => this.storeChanged());
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

  private store(): Store {
    const store = this.deps.stores.get();
    if (!store) throw new UserError('There is no run store in this workspace yet: run a training script first.');
    return store;
  }

  private storeChanged(): void {
    this.staleWhileHidden = !this.panel.visible;
    if (!this.staleWhileHidden) this.rpc.notify({ type: 'storeChanged' });
  }

  private overview(runIds: string[]): CompareOverview & { mainMetric: string | null } {
    const overview = loadCompareOverview(this.store().db, runIds);
    this.panel.title = `mlcycle Compare (${overview.runs.length})`;
    const setting = vscode.workspace.getConfiguration('mlcycle').get<string>('mainMetric')?.trim();
    const main =
      (setting && (overview.metrics.find((m) => `${m.key}[${m.context}]` === setting) ?? overview.metrics.find((m) => m.key === setting && m.context === 'dev') ?? overview.metrics.find((m) => m.key === setting))) ||
      overview.metrics.find((m) => m.context === 'dev') ||
      overview.metrics.find((m) => m.context !== 'system');
    return { ...overview, mainMetric: main ? main.columnId : null };
  }

  dispose(): void {
    if (ComparePanel.current === this) ComparePanel.current = undefined;
    this.panel.dispose();
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}
