import * as vscode from 'vscode';
import type { RunLauncher } from '../../core/runs/launcher';
import type { StoreService } from '../store/StoreService';

/** While runs go: how many, and the latest value of the newest run's main metric; a click stops or shows them. */
export class RunStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('mlcycle.runs', vscode.StatusBarAlignment.Left, 50);
  private readonly latest = new Map<string, { key: string; context: string; value: number; step?: number }>();
  private readonly disposables: vscode.Disposable[] = [this.item];

  constructor(private readonly launcher: RunLauncher, private readonly stores: StoreService) {
    this.item.name = 'mlcycle runs';
    this.item.command = 'mlcycle.stopRun';
    const onMetric = (runId: string, key: string, context: string, value: number, step?: number) => {
      if (context === 'system') return;
      const main = vscode.workspace.getConfiguration('mlcycle').get<string>('mainMetric') || '';
      const current = this.latest.get(runId);
      // The main metric setting wins; otherwise dev metrics are what people watch.
      const better = main ? key === main : !current || context === 'dev' || current.context !== 'dev';
      if (better) this.latest.set(runId, { key, context, value, step });
      this.update();
    };
    const onStatus = () => this.update();
    launcher.on('metric', onMetric);
    launcher.on('status', onStatus);
    this.disposables.push({ dispose: () => launcher.off('metric', onMetric).off('status', onStatus) });
  }

  private update(): void {
    const running = this.launcher.runningIds();
    const queued = this.launcher.queuedIds().length;
    if (!running.length && !queued) {
      this.item.hide();
      this.latest.clear();
      return;
    }
    const newest = running[running.length - 1];
    const metric = newest ? this.latest.get(newest) : undefined;
    const name = newest ? this.stores.get()?.getRunRecord(newest)?.name : undefined;
    const value = metric ? ` · ${metric.context ? `${metric.context} ` : ''}${metric.key} ${formatValue(metric.value)}` : '';
    this.item.text = `$(sync~spin) mlcycle: ${running.length} running${queued ? `, ${queued} queued` : ''}${value}`;
    this.item.tooltip = `${name ?? 'run'}${metric?.step !== undefined ? ` (step ${metric.step})` : ''}\nClick to stop a run.`;
    this.item.show();
  }

  dispose(): void {
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}

function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Math.abs(value) >= 1000 || (Math.abs(value) < 0.001 && value !== 0) ? value.toExponential(2) : value.toFixed(4).replace(/0+$/, '').replace(/\.$/, '');
}
