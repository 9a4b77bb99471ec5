import type Database from 'better-sqlite3';
import { UserError } from '../errors';
import { ROLLUP_WIDTHS } from './metricsWriter';
import type { Store } from './store';

export interface SeriesRef {
  runId: string;
  key: string;
  /** '' (the default) is the series logged without a context. */
  context?: string;
}

/** Columns, not objects: a chart gets x from `step` or `ts` (wall or relative time) and y from `value` (NaN kept). */
export interface SeriesPoints {
  step: number[];
  ts: number[];
  value: number[];
  /** How many points the series holds. */
  total: number;
  /** True when these are per-bucket extremes (plus the first and last point) rather than every point. */
  downsampled: boolean;
}

export const DEFAULT_SERIES_BUDGET = 2000;
const MIN_BUDGET = 8;
/** Coarser rollups are read while they still give this share of the buckets the budget allows. */
const MIN_RESOLUTION = 0.9;

type Point = [step: number, ts: number, value: number | null];

/** A bucket's envelope: the first point holding its min, its max, and its first NaN. */
interface Envelope {
  count: number;
  min?: Point;
  max?: Point;
  nan?: Point;
}

function add(e: Envelope, p: Point): void {
  e.count++;
  if (p[2] === null) {
    e.nan ??= p;
    return;
  }
  if (!e.min || p[2] < e.min[2]!) e.min = p;
  if (!e.max || p[2] > e.max[2]!) e.max = p;
}

function merge(e: Envelope, other: Envelope): void {
  e.count += other.count;
  if (other.min && (!e.min || other.min[2]! < e.min[2]!)) e.min = other.min;
  if (other.max && (!e.max || other.max[2]! > e.max[2]!)) e.max = other.max;
  if (other.nan && !e.nan) e.nan = other.nan;
}

function databaseOf(source: Store | Database.Database): Database.Database {
  return 'prepare' in source ? source : source.db;
}

/**
 * At most `budget` points of a series, keeping every extreme: above the budget the step range is cut into buckets
 * and each bucket gives its min and its max (and its first NaN while the budget allows), plus the series' first and
 * last point. Buckets are read from metric_rollups when they are wide enough (a million-point series reads ~16k
 * rows), otherwise from the points themselves.
 */
export function readSeries(source: Store | Database.Database, ref: SeriesRef, budget = DEFAULT_SERIES_BUDGET): SeriesPoints {
  if (!Number.isInteger(budget) || budget < MIN_BUDGET) throw new UserError(`a series read needs a point budget of at least ${MIN_BUDGET}, got ${budget}`);
  const db = databaseOf(source);
  const series = [ref.runId, ref.key, ref.context ?? ''];
  const where = 'run_id = ? AND key = ? AND context = ?';
  const summaryCount = db.prepare(`SELECT count FROM metric_summaries WHERE ${where}`).pluck().get(...series) as number | undefined;
  const total = summaryCount ?? (db.prepare(`SELECT count(*) FROM metrics WHERE ${where}`).pluck().get(...series) as number);
  if (total <= budget) {
    const rows = db.prepare(`SELECT step, ts, value FROM metrics WHERE ${where} ORDER BY step, rowid`).raw().all(...series) as Point[];
    return { ...columns(rows), total: rows.length, downsampled: false };
  }
  const first = db.prepare(`SELECT step, ts, value FROM metrics WHERE ${where} ORDER BY step, rowid LIMIT 1`).raw().get(...series) as Point;
  const last = db.prepare(`SELECT step, ts, value FROM metrics WHERE ${where} ORDER BY step DESC, rowid DESC LIMIT 1`).raw().get(...series) as Point;
  const bucketCount = Math.floor((budget - 2) / 2) - 1;
  const range = last[0] - first[0] + 1;
  const idealWidth = Math.ceil(range / bucketCount);
  const rollupWidth = [...ROLLUP_WIDTHS].reverse().find((w) => Math.ceil(range / (Math.ceil(idealWidth / w) * w)) >= bucketCount * MIN_RESOLUTION);
  const buckets =
    (rollupWidth !== undefined && fromRollups(db, series, total, first[0], idealWidth, rollupWidth)) ||
    fromPoints(db.prepare(`SELECT step, ts, value FROM metrics WHERE ${where}`).raw().iterate(...series) as IterableIterator<Point>, first[0], idealWidth);
  return { ...columns(pick(buckets, first, last, budget)), total, downsampled: true };
}

/** Chart buckets made of whole rollup buckets; undefined when the rollups do not account for every point. */
function fromRollups(db: Database.Database, series: string[], total: number, firstStep: number, idealWidth: number, rollupWidth: number): Map<number, Envelope> | undefined {
  const per = Math.ceil(idealWidth / rollupWidth);
  const base = Math.floor(firstStep / rollupWidth);
  const rows = db
    .prepare('SELECT bucket, count, min_value, min_step, min_ts, max_value, max_step, max_ts, nan_step, nan_ts FROM metric_rollups WHERE run_id = ? AND key = ? AND context = ? AND width = ?')
    .raw()
    .all(...series, rollupWidth) as (number | null)[][];
  const buckets = new Map<number, Envelope>();
  let counted = 0;
  for (const [bucket, count, minValue, minStep, minTs, maxValue, maxStep, maxTs, nanStep, nanTs] of rows) {
    const e: Envelope = { count: count! };
    if (minValue !== null) e.min = [minStep!, minTs!, minValue];
    if (maxValue !== null) e.max = [maxStep!, maxTs!, maxValue];
    if (nanStep !== null) e.nan = [nanStep, nanTs!, null];
    const index = Math.floor((bucket! - base) / per);
    const target = buckets.get(index);
    if (target) merge(target, e);
    else buckets.set(index, e);
    counted += count!;
  }
  return counted === total ? buckets : undefined;
}

function fromPoints(points: Iterable<Point>, firstStep: number, width: number): Map<number, Envelope> {
  const buckets = new Map<number, Envelope>();
  for (const p of points) {
    const index = Math.floor((p[0] - firstStep) / width);
    let e = buckets.get(index);
    if (!e) buckets.set(index, (e = { count: 0 }));
    add(e, p);
  }
  return buckets;
}

const byStep = (a: Point, b: Point) => a[0] - b[0];

/** Each bucket's min and max (and NaN marker), the first and last point; NaN markers go first if over budget. */
function pick(buckets: Map<number, Envelope>, first: Point, last: Point, budget: number): Point[] {
  const ordered = [...buckets.entries()].sort((a, b) => a[0] - b[0]).map(([, e]) => e);
  const chosen: Point[][] = ordered.map((e) => unique([e.min, e.max, e.nan]));
  let excess = chosen.reduce((n, c) => n + c.length, 2) - budget;
  for (let i = 0; excess > 0 && i < ordered.length; i++) {
    if (ordered[i].nan && (ordered[i].min || ordered[i].max)) {
      chosen[i] = chosen[i].filter((p) => p !== ordered[i].nan);
      excess--;
    }
  }
  const points = unique([first, ...chosen.flat(), last]);
  return points.sort(byStep);
}

function unique(points: (Point | undefined)[]): Point[] {
  const seen = new Set<string>();
  const out: Point[] = [];
  for (const p of points) {
    if (!p) continue;
    const id = `${p[0]}:${p[1]}:${p[2]}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(p);
  }
  return out;
}

export interface SeriesHistory {
  key: string;
  context: string;
  step: number[];
  ts: number[];
  value: number[];
}

/** Every point of every series of a run, in step order: for exports, not charts. */
export function readRunHistory(source: Store | Database.Database, runId: string): SeriesHistory[] {
  const db = databaseOf(source);
  const history: SeriesHistory[] = [];
  let current: SeriesHistory | undefined;
  const rows = db.prepare('SELECT key, context, step, ts, value FROM metrics WHERE run_id = ? ORDER BY key, context, step, rowid').raw().iterate(runId) as IterableIterator<[string, string, number, number, number | null]>;
  for (const [key, context, step, ts, value] of rows) {
    if (current?.key !== key || current.context !== context) history.push((current = { key, context, step: [], ts: [], value: [] }));
    current.step.push(step);
    current.ts.push(ts);
    current.value.push(value ?? Number.NaN);
  }
  return history;
}

function columns(points: Point[]): Pick<SeriesPoints, 'step' | 'ts' | 'value'> {
  const step = new Array<number>(points.length);
  const ts = new Array<number>(points.length);
  const value = new Array<number>(points.length);
  for (let i = 0; i < points.length; i++) {
    step[i] = points[i][0];
    ts[i] = points[i][1];
    value[i] = points[i][2] ?? Number.NaN;
  }
  return { step, ts, value };
}
