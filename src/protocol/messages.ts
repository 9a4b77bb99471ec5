/**
 * The shape every view's protocol follows (after GitLens): the webview sends `ready` first, then requests that
 * carry an id and get exactly one response with that id; the extension pushes notifications. Each view declares
 * its own request map ({ method: { params; result } }) and notification union in src/protocol/<view>.ts.
 */
export interface ReadyMessage {
  type: 'ready';
}

export type RequestMap = Record<string, { params: unknown; result: unknown }>;

export type RequestMessage<R extends RequestMap> = {
  [M in keyof R & string]: { type: 'request'; id: number; method: M; params: R[M]['params'] };
}[keyof R & string];

export type ResponseMessage =
  | { type: 'response'; id: number; ok: true; result: unknown }
  | { type: 'response'; id: number; ok: false; error: string };

export interface NotificationMessage<N> {
  type: 'notify';
  notification: N;
}

export type WebviewToExtension<R extends RequestMap> = ReadyMessage | RequestMessage<R>;
export type ExtensionToWebview<N> = ResponseMessage | NotificationMessage<N>;
