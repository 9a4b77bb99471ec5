/**
 * The shape every view's protocol follows (after GitLens): commands are fire-and-forget from the webview,
 * requests carry an id and get exactly one response with that id, notifications flow from the extension.
 * The webview sends `ready` before the extension sends any data.
 */
export interface ReadyMessage {
  type: 'ready';
}

export interface RequestMessage<M extends string, P> {
  type: 'request';
  id: number;
  method: M;
  params: P;
}

export type ResponseMessage<R> =
  | { type: 'response'; id: number; ok: true; result: R }
  | { type: 'response'; id: number; ok: false; error: string };
