import type Database from 'better-sqlite3';
import type { DataSet, ErrorMetric, ErrorMetricKind, ErrorReading } from '../../protocol/diagnostics';

export const dataSets: DataSet[] = ['train', 'train-dev', 'dev', 'test'];

/** Contexts that name each data set, preferred first. */
const contextAliases: Record<DataSet, string[]> = {
  train: ['train', 'training'],
  'train-dev': ['train-dev', 'train_dev', 'traindev'],
  dev: ['dev', 'val', 'valid', 'validation'],
  test: ['test'],
};

/** Key prefixes for metrics logged without a context (Keras style: "val_accuracy"). */
const keyPrefixes: Record<DataSet, string[]> = {
  train: ['train_', 'train/'],
  'train-dev': ['train_dev_', 'train-dev_', 'train_dev/', 'train-dev/'],
  dev: ['dev_', 'val_', 'valid_', 'validation_', 'dev/', 'val/'],
  test: ['test_', 'test/'],
};

const autoCandidates: { key: string; kind: ErrorMetricKind }[] = [
  { key: 'accuracy', kind: 'accuracy' },
  { key: 'acc', kind: 'accuracy' },
  { key: 'error', kind: 'error' },
  { key: 'error_rate', kind: 'error' },
  { key: 'err', kind: 'error' },
  { key: 'loss', kind: 'loss' },
];

export interface SeriesRef {
  key: string;
  context: string;
}

export interface ErrorMetricOptions {
  /** The metric that stands for error; default: accuracy/acc, else error/error_rate/err, else loss. */
  metric?: string;
  /** How to read `metric`; default from its name (acc… → accuracy, err… → error, else loss). */
  kind?: ErrorMetricKind;
}

export interface ErrorSeries {
  metric: ErrorMetric | null;
  /** The series of each data set that was logged. */
  series: Partial<Record<DataSet, SeriesRef>>;
  /** Every (key, context) the run logged. */
  logged: SeriesRef[];
}

export function loggedSeries(db: Database.Database, runId: string): SeriesRef[] {
  return db.prepare('SELECT DISTINCT key, context FROM metrics WHERE run_id = ? ORDER BY key, context').all(runId) as SeriesRef[];
}

/** Where the set's values of `key` are: a context naming the set, else a prefixed key without context. */
function findSetSeries(logged: SeriesRef[], key: string, set: DataSet): SeriesRef | undefined {
  const has = (k: string, c: string) => logged.some((s) => s.key === k && s.context === c);
  const context = contextAliases[set].find((c) => has(key, c));
  if (context !== undefined) return { key, context };
  const prefix = keyPrefixes[set].find((p) => has(p + key, ''));
  if (prefix !== undefined) return { key: prefix + key, context: '' };
  const kerasTrain = set === 'train' && has(key, '') && keyPrefixes.dev.some((p) => has(p + key, ''));
  return kerasTrain ? { key, context: '' } : undefined;
}

function kindFromName(key: string): ErrorMetricKind {
  const lower = key.toLowerCase();
  if (lower.includes('acc')) return 'accuracy';
  if (lower.includes('err')) return 'error';
  return 'loss';
}

/** Chooses the error metric and finds its series per data set; the percent scale is settled by readLastErrors. */
export function findErrorSeries(db: Database.Database, runId: string, options: ErrorMetricOptions = {}): ErrorSeries {
  const logged = loggedSeries(db, runId);
  const candidates = options.metric ? [{ key: options.metric, kind: options.kind ?? kindFromName(options.metric) }] : autoCandidates;
  for (const candidate of candidates) {
    const series: Partial<Record<DataSet, SeriesRef>> = {};
    for (const set of dataSets) {
      const found = findSetSeries(logged, candidate.key, set);
      if (found) series[set] = found;
    }
    if (Object.keys(series).length) {
      return { metric: { key: candidate.key, kind: candidate.kind, derivation: derivation(candidate.kind, candidate.key), percent: false }, series, logged };
    }
  }
  return { metric: null, series: {}, logged };
}

function derivation(kind: ErrorMetricKind, key: string): string {
  if (kind === 'accuracy') return `error = 1 − ${key}`;
  return kind === 'error' ? `error = ${key}` : `error = ${key} (a loss, as logged)`;
}

/** Raw metric value → error, given the metric's kind and scale. */
export function toError(metric: ErrorMetric, raw: number): number {
  const value = metric.percent ? raw / 100 : raw;
  return metric.kind === 'accuracy' ? 1 - value : value;
}

interface LastValue {
  value: number;
  step: number;
}

const finite = 'value IS NOT NULL AND abs(value) <= 1.7976931348623157e308';

export interface LastErrors {
  metric: ErrorMetric | null;
  readings: ErrorReading[];
  notes: string[];
}

/** The last finite value of each set's series, turned into an error; percent-scale accuracy/error is divided by 100. */
export function readLastErrors(db: Database.Database, runId: string, found: ErrorSeries): LastErrors {
  if (!found.metric) return { metric: null, readings: [], notes: [] };
  const lastFinite = db.prepare(`SELECT value, step FROM metrics WHERE run_id = ? AND key = ? AND context = ? AND ${finite} ORDER BY step DESC, ts DESC, rowid DESC LIMIT 1`);
  const lastStep = db.prepare('SELECT step FROM metrics WHERE run_id = ? AND key = ? AND context = ? ORDER BY step DESC, ts DESC, rowid DESC LIMIT 1').pluck();
  const notes: string[] = [];
  const raw: { set: DataSet; ref: SeriesRef; last: LastValue }[] = [];
  for (const set of dataSets) {
    const ref = found.series[set];
    if (!ref) continue;
    const last = lastFinite.get(runId, ref.key, ref.context) as LastValue | undefined;
    const finalStep = lastStep.get(runId, ref.key, ref.context) as number;
    if (!last) {
      notes.push(`every ${describe(ref)} value is NaN or infinite, so the ${set} error is unknown`);
      continue;
    }
    if (finalStep !== last.step) notes.push(`the last ${describe(ref)} value (step ${finalStep}) is NaN or infinite; step ${last.step} is used`);
    raw.push({ set, ref, last });
  }
  const percent = found.metric.kind !== 'loss' && raw.some((r) => r.last.value > 1);
  const metric: ErrorMetric = { ...found.metric, percent };
  if (percent) notes.push(`${metric.key} looks logged in percent (a value above 1), so every value is divided by 100`);
  const readings = raw.map(({ set, ref, last }) => ({ set, error: toError(metric, last.value), key: ref.key, context: ref.context, step: last.step, rawValue: last.value }));
  return { metric, readings, notes };
}

export function describe(ref: SeriesRef): string {
  return ref.context ? `${ref.key} [${ref.context}]` : ref.key;
}
