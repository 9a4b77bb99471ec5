import type { ExtensionToWebview, RequestMap } from '../../src/protocol/messages';
import { vscodeApi } from './vscode';

/** The webview's end of a view's protocol: typed requests that resolve with the extension's one response. */
export function createRpcClient<R extends RequestMap, N>(onNotification: (notification: N) => void) {
  const api = vscodeApi<unknown>();
  let nextId = 1;
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  window.addEventListener('message', (event: MessageEvent<ExtensionToWebview<N>>) => {
    const message = event.data;
    if (message.type === 'response') {
      const entry = waiting.get(message.id);
      if (!entry) return;
      waiting.delete(message.id);
      if (message.ok) entry.resolve(message.result);
      else entry.reject(new Error(message.error));
    } else if (message.type === 'notify') {
      onNotification(message.notification);
    }
  });
  return {
    request<M extends keyof R & string>(method: M, params: R[M]['params']): Promise<R[M]['result']> {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
        api.postMessage({ type: 'request', id, method, params });
      });
    },
    ready(): void {
      api.postMessage({ type: 'ready' });
    },
  };
}
