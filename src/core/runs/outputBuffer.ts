/** Splits a byte stream into lines (the last partial line waits for its end). */
export class LineSplitter {
  private partial = '';

  push(chunk: string, onLine: (line: string) => void): void {
    const text = this.partial + chunk;
    let start = 0;
    for (let nl = text.indexOf('\n', start); nl >= 0; nl = text.indexOf('\n', start)) {
      onLine(text.charAt(nl - 1) === '\r' ? text.slice(start, nl - 1) : text.slice(start, nl));
      start = nl + 1;
    }
    this.partial = text.slice(start);
    // A line longer than 1 MB is passed on in pieces rather than held without bound.
    if (this.partial.length > 1024 * 1024) {
      onLine(this.partial);
      this.partial = '';
    }
  }

  end(onLine: (line: string) => void): void {
    if (this.partial) onLine(this.partial);
    this.partial = '';
  }
}

/** The last `limit` lines seen, for the notification of a failed run. */
export class TailLines {
  private readonly lines: string[] = [];

  constructor(private readonly limit: number) {}

  add(line: string): void {
    this.lines.push(line.length > 500 ? `${line.slice(0, 500)}…` : line);
    if (this.lines.length > this.limit) this.lines.shift();
  }

  get(): string[] {
    return [...this.lines];
  }
}

/**
 * Live output for a person to read, throttled: chunks are gathered and delivered at most every `intervalMs`;
 * past `maxBytesPerFlush` the rest of that interval is summarised (the full output is in the log artifact).
 */
export class ThrottledOutput {
  private pending = '';
  private dropped = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly deliver: (text: string) => void, private readonly intervalMs = 100, private readonly maxBytesPerFlush = 64 * 1024) {}

  write(text: string): void {
    if (this.pending.length < this.maxBytesPerFlush) this.pending += text;
    else this.dropped += text.length;
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.dropped) this.pending += `\n[mlcycle: ${this.dropped} more characters of output are in the run's output.log artifact]\n`;
    if (this.pending) this.deliver(this.pending);
    this.pending = '';
    this.dropped = 0;
  }
}
