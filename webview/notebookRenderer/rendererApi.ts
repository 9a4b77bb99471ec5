// The part of VS Code's notebook renderer API (the `vscode-notebook-renderer` types) this renderer uses.
export interface OutputItem {
  readonly id: string;
  readonly mime: string;
  json(): unknown;
  text(): string;
}

export interface RendererContext {
  /** Present when the extension's renderer messaging is available (requiresMessaging in package.json). */
  postMessage?(message: unknown): void;
  onDidReceiveMessage?(listener: (message: unknown) => void): { dispose(): void };
}

export interface OutputRenderer {
  renderOutputItem(item: OutputItem, element: HTMLElement, signal: AbortSignal): void | Promise<void>;
  disposeOutputItem?(id?: string): void;
}
