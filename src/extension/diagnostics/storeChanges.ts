import * as vscode from 'vscode';
import type { StoreService } from '../store/StoreService';

/**
 * Calls `refresh` after the store changed, at most once per `intervalMs`, and only while the panel is visible: a
 * hidden panel refreshes when it is shown again. A training run writes many times a second; a panel redraws calmly.
 */
export function refreshOnStoreChange(panel: vscode.WebviewPanel, stores: StoreService, refresh: () => void, intervalMs = 1500): vscode.Disposable {
  let timer: NodeJS.Timeout | undefined;
  let stale = false;
  let last = 0;
  const run = () => {
    timer = undefined;
    if (!panel.visible) {
      stale = true;
      return;
    }
    stale = false;
    last = Date.now();
    refresh();
  };
  const request = () => {
    if (!timer) timer = setTimeout(run, Math.max(0, last + intervalMs - Date.now()));
  };
  const subscriptions = [
    stores.onDidChange(request),
    panel.onDidChangeViewState(() => {
      if (panel.visible && stale) request();
    }),
  ];
  return {
    dispose() {
      clearTimeout(timer);
      subscriptions.forEach((s) => s.dispose());
    },
  };
}
