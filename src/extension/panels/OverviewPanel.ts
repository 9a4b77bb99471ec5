import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { formatBytes } from '../../core/format';
import { findDataFiles } from '../../core/workspace/dataFiles';
import type { OverviewModel, OverviewToExtension, OverviewToWebview } from '../../protocol/overview';
import { renderWebviewHtml, webviewOptions } from '../webview/html';
import type { ExtensionServices } from '../services';

/** The start page: where the store lives, what data the workspace holds, what to do next. */
export class OverviewPanel {
  static readonly viewType = 'mlcycle.overview';
  private static current: OverviewPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  static createOrShow(services: ExtensionServices): void {
    if (OverviewPanel.current) {
      OverviewPanel.current.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(OverviewPanel.viewType, 'mlcycle Overview', vscode.ViewColumn.Active, webviewOptions(services.extensionUri));
    OverviewPanel.current = new OverviewPanel(panel, services);
  }

  static registerSerializer(services: ExtensionServices): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(OverviewPanel.viewType, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel) {
        panel.webview.options = webviewOptions(services.extensionUri);
        OverviewPanel.current = new OverviewPanel(panel, services);
      },
    });
  }

  private constructor(private readonly panel: vscode.WebviewPanel, private readonly services: ExtensionServices) {
    panel.webview.html = renderWebviewHtml(panel.webview, services.extensionUri, 'overview', 'mlcycle Overview');
    panel.onDidDispose(() => this.dispose(), null, this.disposables);
    panel.webview.onDidReceiveMessage((message: OverviewToExtension) => this.receive(message), null, this.disposables);
  }

  private async receive(message: OverviewToExtension): Promise<void> {
    if (message.type === 'ready' || (message.type === 'command' && message.command === 'refresh')) {
      await this.post({ type: 'model', model: await this.model() });
    } else if (message.type === 'command' && message.command === 'openDataFile') {
      const root = this.services.workspaceRoot;
      if (root) await vscode.commands.executeCommand('vscode.open', vscode.Uri.joinPath(vscode.Uri.file(root), message.path));
    }
  }

  private async model(): Promise<OverviewModel> {
    const root = this.services.workspaceRoot;
    const storePath = this.services.storePath();
    return {
      version: this.services.version,
      workspaceName: vscode.workspace.name ?? 'no folder open',
      storePath: storePath ?? '',
      storeExists: storePath ? existsSync(storePath) : false,
      trusted: vscode.workspace.isTrusted,
      dataFiles: root ? (await findDataFiles(root, 200)).map(({ path, size }) => ({ path, sizeLabel: formatBytes(size) })) : [],
    };
  }

  private post(message: OverviewToWebview): Thenable<boolean> {
    return this.panel.webview.postMessage(message);
  }

  dispose(): void {
    OverviewPanel.current = undefined;
    this.panel.dispose();
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}
