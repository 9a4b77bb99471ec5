import { isAbsolute, resolve } from 'node:path';
import { UserError } from '../errors';
import { sha256File, storeArtifact } from '../store/files';
import type { Store } from '../store/store';
import type { MetricPoint } from '../store/types';
import { checkContext, checkKey, paramText, tagText } from '../store/values';
import { parseLogLine, type LogEvent, type ParsedLine } from './logLine';

export interface LogApplierOptions {
  /** Relative artifact and dataset paths are resolved against the run's working folder. */
  cwd: string;
  /** Write as soon as this many metric points wait. */
  flushPoints?: number;
  /** Otherwise write this long after the first waiting event. */
  flushIntervalMs?: number;
  /** A well-formed event the store could not take (missing file, value too large): told, never thrown. */
  onProblem?: (message: string) => void;
}

/**
 * Feeds a running script's output lines to the store: events are checked as they arrive (a bad one is counted
 * as a malformed line and shown as output) and written in batches, one transaction per batch.
 */
export class LogLineApplier {
  private points: MetricPoint[] = [];
  private params: Record<string, unknown> = {};
  private tags: Record<string, string> = {};
  private files: Extract<LogEvent, { kind: 'artifact' | 'dataset' }>[] = [];
  private malformed = 0;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private readonly flushPoints: number;
  private readonly flushIntervalMs: number;
  /** Lines taken as events, and lines starting with @mlcycle that were not. */
  readonly counts = { events: 0, malformed: 0 };

  constructor(
    private readonly store: Store,
    private readonly runId: string,
    private readonly options: LogApplierOptions,
  ) {
    this.flushPoints = options.flushPoints ?? 5000;
    this.flushIntervalMs = options.flushIntervalMs ?? 1000;
  }

  /** What to show for the line: nothing for an event, the line itself otherwise (with why, when malformed). */
  accept(line: string): ParsedLine {
    const parsed = parseLogLine(line);
    if (parsed.type === 'output') {
      if (parsed.malformed) this.countMalformed();
      return parsed;
    }
    try {
      this.queue(parsed.event);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      this.countMalformed();
      return { type: 'output', text: line, malformed: error.message };
    }
    this.counts.events++;
    if (this.points.length >= this.flushPoints) void this.flush();
    else this.schedule();
    return parsed;
  }

  /** Writes everything waiting; resolves when it is in the store. */
  flush(): Promise<void> {
    this.cancelTimer();
    this.writing = this.writing.then(() => this.writeBatch());
    return this.writing;
  }

  /** Flushes and stops the timer; call when the script has exited. */
  async close(): Promise<void> {
    await this.flush();
    this.cancelTimer();
  }

  private countMalformed(): void {
    this.counts.malformed++;
    this.malformed++;
    this.schedule();
  }

  /** Validates now, so one bad line never makes a whole batch fail later. */
  private queue(event: LogEvent): void {
    switch (event.kind) {
      case 'metrics':
        for (const p of event.points) {
          checkKey('metric', p.key);
          checkContext(p.context ?? '');
        }
        this.points.push(...event.points);
        return;
      case 'params':
        for (const [key, value] of Object.entries(event.values)) paramText(key, value);
        Object.assign(this.params, event.values);
        return;
      case 'tags':
        for (const [key, value] of Object.entries(event.values)) tagText(key, value);
        Object.assign(this.tags, event.values);
        return;
      case 'dataset':
        checkKey('dataset role', event.role);
        this.files.push(event);
        return;
      case 'artifact':
        this.files.push(event);
        return;
    }
  }

  private schedule(): void {
    if (!this.timer) this.timer = setTimeout(() => void this.flush(), this.flushIntervalMs).unref();
  }

  private cancelTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async writeBatch(): Promise<void> {
    const { points, params, tags, files, malformed } = this;
    this.points = [];
    this.params = {};
    this.tags = {};
    this.files = [];
    this.malformed = 0;
    await this.attempt(async () => {
      this.store.logMetrics(this.runId, points);
      if (Object.keys(params).length) this.store.logParams(this.runId, params);
      if (Object.keys(tags).length) this.store.setTags(this.runId, tags);
      this.store.addMalformedLines(this.runId, malformed);
    });
    for (const file of files) await this.attempt(() => this.writeFile(file));
  }

  private async writeFile(event: Extract<LogEvent, { kind: 'artifact' | 'dataset' }>): Promise<void> {
    const path = isAbsolute(event.path) ? event.path : resolve(this.options.cwd, event.path);
    if (event.kind === 'artifact') {
      await storeArtifact(this.store, this.runId, path, event.name);
      return;
    }
    let digest;
    try {
      digest = await sha256File(path);
    } catch {
      throw new UserError(`dataset ${path} cannot be read`);
    }
    this.store.linkDataset(this.runId, { path, role: event.role, ...digest });
  }

  private async attempt(write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (error) {
      this.options.onProblem?.(`mlcycle: ${(error as Error).message}`);
    }
  }
}
