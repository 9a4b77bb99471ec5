import * as vscode from 'vscode';
import { UserError } from '../../core/errors';
import type { ExtensionToWebview, RequestMap, WebviewToExtension } from '../../protocol/messages';

export type Handlers<R extends RequestMap> = { [M in keyof R]: (params: R[M]['params']) => Promise<R[M]['result']> | R[M]['result'] };

/**
 * The extension's end of a view's protocol: answers every request exactly once (a user's mistake comes back as
 * its message, anything else as a short error that is also logged) and pushes notifications after `ready`.
 */
export class WebviewRpc<R extends RequestMap, N> implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private readonly pending: N[] = [];

  constructor(private readonly webview: vscode.Webview, private readonly handlers: Handlers<R>, private readonly onReady: () => void = () => {}, private readonly log: (message: string) => void = console.error) {
    webview.onDidReceiveMessage((message: WebviewToExtension<R>) => this.receive(message), null, this.disposables);
  }

  private async receive(message: WebviewToExtension<R>): Promise<void> {
    if (message.type === 'ready') {
      this.ready = true;
      for (const n of this.pending.splice(0)) this.notify(n);
      this.onReady();
      return;
    }
    if (message.type !== 'request') return;
    const handler = this.handlers[message.method] as ((params: unknown) => unknown) | undefined;
    try {
      if (!handler) throw new Error(`unknown request ${message.method}`);
      const result = await handler(message.params);
      await this.post({ type: 'response', id: message.id, ok: true, result });
    } catch (error) {
      const text = error instanceof UserError ? error.message : `Something went wrong in ${message.method}: ${(error as Error).message}`;
      if (!(error instanceof UserError)) this.log(`[mlcycle] ${message.method} failed: ${(error as Error).stack ?? error}`);
      await this.post({ type: 'response', id: message.id, ok: false, error: text });
    }
  }

  notify(notification: N): void {
    if (!this.ready) {
      this.pending.push(notification);
      return;
    }
    void this.post({ type: 'notify', notification });
  }

  private post(message: ExtensionToWebview<N>): Thenable<boolean> {
    return this.webview.postMessage(message);
  }

  dispose(): void {
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}
