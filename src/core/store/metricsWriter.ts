import type Database from 'better-sqlite3';
import { UserError } from '../errors';
import type { MetricPoint } from './types';
import { checkContext, checkKey } from './values';

/** Bucket widths (in steps) of metric_rollups; the Python client (python/mlcycle/_metrics.py) uses the same. */
export const ROLLUP_WIDTHS = [64, 1024, 16384] as const;

const ROWS_PER_INSERT = 100;
const INSERT_COLUMNS = 'INSERT INTO metrics(run_id, key, context, step, ts, value) VALUES ';
/** The series' names are bound once per statement (@run, @key, @context): strings cost most to bind. */
const SERIES_ROW = '(@run, @key, @context, ?, ?, ?)';

/** One series' share of a batch, in logging order. value null is NaN. */
interface SeriesBatch {
  key: string;
  context: string;
  steps: (number | undefined)[];
  ts: number[];
  values: (number | null)[];
}

/** The extremes of one rollup bucket (or of a whole batch): first point holding the min, the max, the first NaN. */
interface Envelope {
  bucket: number;
  count: number;
  minValue: number | null;
  minStep: number | null;
  minTs: number | null;
  maxValue: number | null;
  maxStep: number | null;
  maxTs: number | null;
  nanStep: number | null;
  nanTs: number | null;
}

function emptyEnvelope(bucket: number): Envelope {
  return { bucket, count: 0, minValue: null, minStep: null, minTs: null, maxValue: null, maxStep: null, maxTs: null, nanStep: null, nanTs: null };
}

function addPoint(e: Envelope, step: number, ts: number, value: number | null): void {
  e.count++;
  if (value === null) {
    if (e.nanStep === null) {
      e.nanStep = step;
      e.nanTs = ts;
    }
    return;
  }
  if (e.minValue === null || value < e.minValue) {
    e.minValue = value;
    e.minStep = step;
    e.minTs = ts;
  }
  if (e.maxValue === null || value > e.maxValue) {
    e.maxValue = value;
    e.maxStep = step;
    e.maxTs = ts;
  }
}

function mergeInto(target: Envelope, e: Envelope): void {
  target.count += e.count;
  if (e.minValue !== null && (target.minValue === null || e.minValue < target.minValue)) {
    target.minValue = e.minValue;
    target.minStep = e.minStep;
    target.minTs = e.minTs;
  }
  if (e.maxValue !== null && (target.maxValue === null || e.maxValue > target.maxValue)) {
    target.maxValue = e.maxValue;
    target.maxStep = e.maxStep;
    target.maxTs = e.maxTs;
  }
  if (target.nanStep === null && e.nanStep !== null) {
    target.nanStep = e.nanStep;
    target.nanTs = e.nanTs;
  }
}

const UPSERT_ROLLUP = `
INSERT INTO metric_rollups(run_id, key, context, width, bucket, count, min_value, min_step, min_ts, max_value, max_step, max_ts, nan_step, nan_ts)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(run_id, key, context, width, bucket) DO UPDATE SET
  count = count + excluded.count,
  min_value = CASE WHEN min_value IS NULL OR excluded.min_value < min_value THEN excluded.min_value ELSE min_value END,
  min_step = CASE WHEN min_value IS NULL OR excluded.min_value < min_value THEN excluded.min_step ELSE min_step END,
  min_ts = CASE WHEN min_value IS NULL OR excluded.min_value < min_value THEN excluded.min_ts ELSE min_ts END,
  max_value = CASE WHEN max_value IS NULL OR excluded.max_value > max_value THEN excluded.max_value ELSE max_value END,
  max_step = CASE WHEN max_value IS NULL OR excluded.max_value > max_value THEN excluded.max_step ELSE max_step END,
  max_ts = CASE WHEN max_value IS NULL OR excluded.max_value > max_value THEN excluded.max_ts ELSE max_ts END,
  nan_ts = CASE WHEN nan_step IS NULL THEN excluded.nan_ts ELSE nan_ts END,
  nan_step = coalesce(nan_step, excluded.nan_step)`;

const UPSERT_SUMMARY = `
INSERT INTO metric_summaries(run_id, key, context, last_value, last_step, min_value, max_value, count)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(run_id, key, context) DO UPDATE SET
  last_value = excluded.last_value,
  last_step = excluded.last_step,
  min_value = CASE WHEN min_value IS NULL OR excluded.min_value < min_value THEN excluded.min_value ELSE min_value END,
  max_value = CASE WHEN max_value IS NULL OR excluded.max_value > max_value THEN excluded.max_value ELSE max_value END,
  count = count + excluded.count`;

/**
 * Writes metric batches: one IMMEDIATE transaction per batch, multi-row INSERTs, and per series one summary upsert
 * plus one upsert per touched rollup bucket — aggregated here in one pass, so the bookkeeping costs little next to
 * the inserts.
 */
export class MetricsWriter {
  private readonly insertMany: Database.Statement;
  private readonly insertOne: Database.Statement;
  private readonly upsertRollup: Database.Statement;
  private readonly upsertSummary: Database.Statement;
  private readonly lastStep: Database.Statement;
  private readonly args = new Array<unknown>(ROWS_PER_INSERT * 3);
  private readonly transaction: Database.Transaction<(runId: string, series: SeriesBatch[]) => void>;

  constructor(db: Database.Database) {
    this.insertMany = db.prepare(INSERT_COLUMNS + Array(ROWS_PER_INSERT).fill(SERIES_ROW).join(', '));
    this.insertOne = db.prepare(INSERT_COLUMNS + SERIES_ROW);
    this.upsertRollup = db.prepare(UPSERT_ROLLUP);
    this.upsertSummary = db.prepare(UPSERT_SUMMARY);
    this.lastStep = db.prepare('SELECT last_step FROM metric_summaries WHERE run_id = ? AND key = ? AND context = ?').pluck();
    this.transaction = db.transaction((runId: string, series: SeriesBatch[]) => {
      for (const s of series) this.writeSeries(runId, s);
    });
  }

  write(runId: string, points: readonly MetricPoint[], now = Date.now()): void {
    if (points.length === 0) return;
    this.transaction.immediate(runId, groupBySeries(points, now));
  }

  private writeSeries(runId: string, s: SeriesBatch): void {
    const steps = this.resolveSteps(runId, s);
    const n = steps.length;
    const names = { run: runId, key: s.key, context: s.context };
    const args = this.args;
    let i = 0;
    for (; i + ROWS_PER_INSERT <= n; i += ROWS_PER_INSERT) {
      for (let r = 0, o = 0; r < ROWS_PER_INSERT; r++, o += 3) {
        args[o] = steps[i + r];
        args[o + 1] = s.ts[i + r];
        args[o + 2] = s.values[i + r];
      }
      this.insertMany.run(names, args);
    }
    for (; i < n; i++) this.insertOne.run(names, steps[i], s.ts[i], s.values[i]);
    this.writeAggregates(runId, s, steps);
  }

  /** A missing step continues the series: one past the step logged just before it (in this batch or stored). */
  private resolveSteps(runId: string, s: SeriesBatch): number[] {
    if (!s.steps.includes(undefined)) return s.steps as number[];
    let previous = (this.lastStep.get(runId, s.key, s.context) as number | undefined) ?? -1;
    return s.steps.map((step) => (previous = step ?? previous + 1));
  }

  private writeAggregates(runId: string, s: SeriesBatch, steps: number[]): void {
    const width = ROLLUP_WIDTHS[0];
    const fine = new Map<number, Envelope>();
    const whole = emptyEnvelope(0);
    let current: Envelope | undefined;
    for (let i = 0; i < steps.length; i++) {
      const bucket = Math.floor(steps[i] / width);
      if (current?.bucket !== bucket) {
        current = fine.get(bucket);
        if (!current) fine.set(bucket, (current = emptyEnvelope(bucket)));
      }
      addPoint(current, steps[i], s.ts[i], s.values[i]);
    }
    for (const e of fine.values()) mergeInto(whole, e);
    this.writeRollups(runId, s, width, fine.values());
    for (const coarseWidth of ROLLUP_WIDTHS.slice(1)) {
      const coarse = new Map<number, Envelope>();
      for (const e of fine.values()) {
        const bucket = Math.floor((e.bucket * width) / coarseWidth);
        let target = coarse.get(bucket);
        if (!target) coarse.set(bucket, (target = emptyEnvelope(bucket)));
        mergeInto(target, e);
      }
      this.writeRollups(runId, s, coarseWidth, coarse.values());
    }
    const last = steps.length - 1;
    this.upsertSummary.run(runId, s.key, s.context, s.values[last], steps[last], whole.minValue, whole.maxValue, whole.count);
  }

  private writeRollups(runId: string, s: SeriesBatch, width: number, envelopes: Iterable<Envelope>): void {
    for (const e of envelopes) {
      this.upsertRollup.run(runId, s.key, s.context, width, e.bucket, e.count, e.minValue, e.minStep, e.minTs, e.maxValue, e.maxStep, e.maxTs, e.nanStep, e.nanTs);
    }
  }
}

function checkedStep(point: MetricPoint): number | undefined {
  const step = point.step;
  if (step === undefined || step === null) return undefined;
  if (!Number.isSafeInteger(step)) throw new UserError(`metric ${JSON.stringify(point.key)}: step must be an integer, got ${String(step)}`);
  return step;
}

function checkedTs(point: MetricPoint, now: number): number {
  const ts = point.ts;
  if (ts === undefined || ts === null) return now;
  if (!Number.isSafeInteger(ts)) throw new UserError(`metric ${JSON.stringify(point.key)}: ts must be an integer number of milliseconds, got ${String(ts)}`);
  return ts;
}

function groupBySeries(points: readonly MetricPoint[], now: number): SeriesBatch[] {
  const byContext = new Map<string, Map<string, SeriesBatch>>();
  const all: SeriesBatch[] = [];
  for (const p of points) {
    const context = p.context ?? '';
    let byKey = byContext.get(context);
    if (!byKey) {
      checkContext(context);
      byContext.set(context, (byKey = new Map()));
    }
    let s = byKey.get(p.key);
    if (!s) {
      checkKey('metric', p.key);
      byKey.set(p.key, (s = { key: p.key, context, steps: [], ts: [], values: [] }));
      all.push(s);
    }
    const value = p.value;
    if (typeof value !== 'number') throw new UserError(`metric ${JSON.stringify(p.key)}: value must be a number, got ${JSON.stringify(value) ?? typeof value}`);
    s.steps.push(checkedStep(p));
    s.ts.push(checkedTs(p, now));
    s.values.push(Number.isNaN(value) ? null : value);
  }
  return all;
}
