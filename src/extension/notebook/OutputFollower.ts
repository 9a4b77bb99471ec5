import * as vscode from 'vscode';

const MIN_INTERVAL_MS = 400;
const TICK_MS = 1000;

/**
 * Re-renders a live output when the store changes (any writer's commit) and every second (the duration counts
 * up), at most once per MIN_INTERVAL_MS and never two renders at once.
 */
export class OutputFollower implements vscode.Disposable {
  private readonly subscription: vscode.Disposable;
  private readonly timer: NodeJS.Timeout;
  private pending: NodeJS.Timeout | undefined;
  private rendering: Promise<void> = Promise.resolve();
  private lastRender = 0;
  private disposed = false;

  constructor(onStoreChange: vscode.Event<void>, private readonly render: () => Thenable<void> | void) {
    this.subscription = onStoreChange(() => this.schedule());
    this.timer = setInterval(() => this.schedule(), TICK_MS);
  }

  private schedule(): void {
    if (this.pending || this.disposed) return;
    const wait = Math.max(0, this.lastRender + MIN_INTERVAL_MS - Date.now());
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.lastRender = Date.now();
      this.rendering = this.rendering.then(() => (this.disposed ? undefined : this.render())).then(undefined, () => undefined);
    }, wait);
  }

  /** Stops following; resolves once a render under way has finished, so a final render comes after it. */
  async finish(): Promise<void> {
    this.dispose();
    await this.rendering;
  }

  dispose(): void {
    this.disposed = true;
    this.subscription.dispose();
    clearInterval(this.timer);
    if (this.pending) clearTimeout(this.pending);
  }
}
