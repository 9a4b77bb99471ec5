import type * as vscode from 'vscode';

/** Runs `action` at once when idle, else once at the end of the interval however often it was requested meanwhile. */
export class Throttle implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  private last = 0;
  private pending = false;

  constructor(private readonly intervalMs: number, private readonly action: () => void) {}

  request(): void {
    if (this.timer) {
      this.pending = true;
      return;
    }
    const wait = this.last + this.intervalMs - Date.now();
    if (wait <= 0) return this.run();
    this.pending = true;
    this.timer = setTimeout(() => this.fire(), wait);
  }

  private run(): void {
    this.last = Date.now();
    this.action();
    this.timer = setTimeout(() => this.fire(), this.intervalMs);
  }

  private fire(): void {
    this.timer = undefined;
    if (!this.pending) return;
    this.pending = false;
    this.run();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = false;
  }
}
