import * as vscode from 'vscode';
import type { RunLauncher } from '../../core/runs/launcher';
import { mainMetricOf } from '../../core/store/mainMetric';
import type { StoreService } from '../store/StoreService';

/** While runs go: how many, and the latest value of the newest run's main metric; a click stops one. */
export class RunStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('mlcycle.runs', vscode.StatusBarAlignment.Left, 50);
  private readonly disposables: vscode.Disposable[] = [this.item];

  constructor(private readonly launcher: RunLauncher, private readonly stores: StoreService) {
    this.item.name = 'mlcycle runs';
    this.item.command = 'mlcycle.stopRun';
    // Scripts log through the Python client (another connection: the store's change event) or @mlcycle lines (ours).
    const update = () => this.update();
    launcher.on('metric', update);
    launcher.on('status', update);
    this.disposables.push(stores.onDidChange(update), { dispose: () => launcher.off('metric', update).off('status', update) });
  }

  private update(): void {
    const running = this.launcher.runningIds();
    const queued = this.launcher.queuedIds().length;
    if (!running.length && !queued) {
      this.item.hide();
      return;
    }
    const newest = running[running.length - 1];
    const store = this.stores.get();
    const preferred = vscode.workspace.getConfiguration('mlcycle').get<string>('mainMetric') || undefined;
    const metric = newest && store ? mainMetricOf(store.db, newest, preferred) : undefined;
    const name = newest ? store?.getRunRecord(newest)?.name : undefined;
    const value = metric ? ` · ${metric.context ? `${metric.context} ` : ''}${metric.key} ${formatMetric(metric.value)}` : '';
    this.item.text = `$(sync~spin) mlcycle: ${running.length} running${queued ? `, ${queued} queued` : ''}${value}`;
    this.item.tooltip = `${name ?? 'starting…'}${metric ? ` (step ${metric.step})` : ''}\nClick to stop a run.`;
    this.item.show();
  }

  dispose(): void {
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}

export function formatMetric(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Math.abs(value) >= 1000 || (Math.abs(value) < 0.001 && value !== 0) ? value.toExponential(2) : value.toFixed(4).replace(/0+$/, '').replace(/\.$/, '');
}
