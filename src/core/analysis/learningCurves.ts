import type Database from 'better-sqlite3';
import type { CurvePoint, CurveSeries, DataSet, ErrorMetric, LearningCurvesModel, MissingInput } from '../../protocol/diagnostics';
import { dataSets, findErrorSeries, readLastErrors, toError, type ErrorMetricOptions, type SeriesRef } from './errorMetric';
import { howTo } from './hints';
import { resolveRun } from './runRef';

export interface LearningCurveOptions extends ErrorMetricOptions {
  /** Most points per series before steps are averaged into buckets (default 1000). */
  maxPoints?: number;
  /** The param that holds the training-set size in runs that differ only in it (default: the first of sizeParams the run has). */
  sizeParam?: string;
}

export const sizeParams = ['train_size', 'n_train', 'training_size', 'train_samples', 'num_train', 'n_samples'];
const sizeMetric = 'train_size';
const finite = 'value IS NOT NULL AND abs(value) <= 1.7976931348623157e308';

/** Error against step and against training-set size for a run, with the experiment's baseline as a line. */
export function learningCurves(db: Database.Database, runRef: string, options: LearningCurveOptions = {}): LearningCurvesModel {
  const run = resolveRun(db, runRef);
  const found = findErrorSeries(db, run.id, options);
  const { metric, notes } = readLastErrors(db, run.id, found);
  const missing: MissingInput[] = [];
  const model: LearningCurvesModel = { runId: run.id, runName: run.name, metric, baselineError: run.baselineError, byStep: [], byTrainSize: { source: null, sizeKey: null, series: [] }, missing, notes };
  if (!metric) {
    missing.push({ what: options.metric ? `no metric "${options.metric}" in this run` : 'no accuracy, error or loss metric in this run', how: howTo.logMetric(options.metric ?? 'accuracy', 'dev') });
    return model;
  }
  const refs = dataSets.flatMap((set) => (found.series[set] ? [{ set, ref: found.series[set]! }] : []));
  for (const set of ['train', 'dev'] as const) {
    if (!found.series[set]) missing.push({ what: `no ${set} ${metric.key} to draw`, how: howTo.logMetric(metric.key, set) });
  }
  const maxPoints = options.maxPoints ?? 1000;
  if (stepsAreSizes(db, run.id)) {
    model.byTrainSize = { source: 'steps are training-set sizes', sizeKey: 'step', series: refs.map(({ set, ref }) => errorSeries(set, readSeries(db, run.id, ref, maxPoints), metric)) };
    notes.push('this run is tagged curve=train_size, so its steps are training-set sizes and there is no curve against epochs');
    return model;
  }
  model.byStep = refs.map(({ set, ref }) => errorSeries(set, readSeries(db, run.id, ref, maxPoints), metric));
  const sizeRef = found.logged.find((s) => s.key === sizeMetric && s.context === '') ?? found.logged.find((s) => s.key === sizeMetric);
  if (sizeRef) {
    model.byTrainSize = { source: 'train_size metric', sizeKey: sizeMetric, series: refs.map(({ set, ref }) => sizeSeries(db, run.id, set, ref, sizeRef, metric)) };
    return model;
  }
  const companion = sizeCurveRun(db, run.id);
  if (companion) {
    const companionSeries = findErrorSeries(db, companion.id, { metric: metric.key, kind: metric.kind }).series;
    const series = dataSets.flatMap((set) => (companionSeries[set] ? [errorSeries(set, readSeries(db, companion.id, companionSeries[set]!, maxPoints), metric, companion.id)] : []));
    if (series.length) {
      model.byTrainSize = { source: 'steps are training-set sizes', sizeKey: 'step', series };
      notes.push(`the curve against training-set size comes from run "${companion.name}", tagged curve=train_size and curve_of=${run.id}`);
      return model;
    }
  }
  const acrossRuns = curvesAcrossRuns(db, run.id, run.experimentId, metric, options.sizeParam);
  if (acrossRuns) {
    model.byTrainSize = acrossRuns;
    return model;
  }
  missing.push({ what: 'no training-set sizes, so there is no curve of error against data size', how: howTo.logTrainSize, optional: true });
  return model;
}

/** A tag or param curve=train_size says the run logged one point per training-set size, with step = size. */
function stepsAreSizes(db: Database.Database, runId: string): boolean {
  const tag = db.prepare("SELECT value FROM tags WHERE run_id = ? AND key = 'curve'").pluck().get(runId);
  const param = db.prepare("SELECT value FROM params WHERE run_id = ? AND key = 'curve'").pluck().get(runId) as string | undefined;
  return tag === 'train_size' || param === '"train_size"' || param === 'train_size';
}

interface StepValue {
  step: number;
  value: number;
}

/** The series as logged, or averaged over equal step buckets when it has more than maxPoints points. */
function readSeries(db: Database.Database, runId: string, ref: SeriesRef, maxPoints: number): { points: StepValue[]; downsampled: boolean } {
  const where = `run_id = @runId AND key = @key AND context = @context AND ${finite}`;
  const params = { runId, key: ref.key, context: ref.context };
  const span = db.prepare(`SELECT COUNT(*) AS n, MIN(step) AS low, MAX(step) AS high FROM metrics WHERE ${where}`).get(params) as { n: number; low: number; high: number };
  if (span.n <= maxPoints) return { points: db.prepare(`SELECT step, value FROM metrics WHERE ${where} ORDER BY step, ts`).all(params) as StepValue[], downsampled: false };
  const width = Math.ceil((span.high - span.low + 1) / maxPoints);
  const points = db.prepare(`SELECT MIN(step) AS step, AVG(value) AS value FROM metrics WHERE ${where} GROUP BY CAST((step - @low) / @width AS INTEGER) ORDER BY 1`).all({ ...params, low: span.low, width }) as StepValue[];
  return { points, downsampled: true };
}

function errorSeries(set: DataSet, read: { points: StepValue[]; downsampled: boolean }, metric: ErrorMetric, runId?: string): CurveSeries {
  return { set, points: read.points.map((p) => ({ x: p.step, error: toError(metric, p.value), ...(runId ? { runId } : {}) })), downsampled: read.downsampled };
}

/** The newest run tagged curve=train_size and curve_of=<this run>: a script's learning curve by size, kept apart from its epochs. */
function sizeCurveRun(db: Database.Database, runId: string): { id: string; name: string } | undefined {
  return db.prepare(`SELECT r.id, r.name FROM runs r
    JOIN tags c ON c.run_id = r.id AND c.key = 'curve' AND c.value = 'train_size'
    JOIN tags o ON o.run_id = r.id AND o.key = 'curve_of' AND o.value = ?
    ORDER BY r.created_at DESC, r.rowid DESC LIMIT 1`).get(runId) as { id: string; name: string } | undefined;
}

/** Pairs each point of the set's series with the train_size logged at the same step. */
function sizeSeries(db: Database.Database, runId: string, set: DataSet, ref: SeriesRef, sizeRef: SeriesRef, metric: ErrorMetric): CurveSeries {
  const rows = db.prepare(`SELECT s.value AS size, m.value AS value FROM metrics m
    JOIN metrics s ON s.run_id = m.run_id AND s.key = @sizeKey AND s.context = @sizeContext AND s.step = m.step
    WHERE m.run_id = @runId AND m.key = @key AND m.context = @context AND m.value IS NOT NULL AND abs(m.value) <= 1.7976931348623157e308 AND s.value IS NOT NULL
    ORDER BY s.value, m.step`).all({ runId, key: ref.key, context: ref.context, sizeKey: sizeRef.key, sizeContext: sizeRef.context }) as { size: number; value: number }[];
  return { set, points: rows.map((r) => ({ x: r.size, error: toError(metric, r.value) })), downsampled: false };
}

/** Runs of the same experiment whose params equal this run's except the size param: one point per run and set. */
function curvesAcrossRuns(db: Database.Database, runId: string, experimentId: number, metric: ErrorMetric, wantedParam?: string): LearningCurvesModel['byTrainSize'] | null {
  const paramsOf = (id: string) => new Map((db.prepare('SELECT key, value FROM params WHERE run_id = ?').all(id) as { key: string; value: string }[]).map((p) => [p.key, p.value]));
  const own = paramsOf(runId);
  const sizeKey = wantedParam ?? sizeParams.find((k) => own.has(k));
  if (!sizeKey || !own.has(sizeKey)) return null;
  const sameExceptSize = (other: Map<string, string>) => other.has(sizeKey) && other.size === own.size && [...own].every(([k, v]) => k === sizeKey || other.get(k) === v);
  const siblings = (db.prepare('SELECT id FROM runs WHERE experiment_id = ? ORDER BY created_at').pluck().all(experimentId) as string[])
    .map((id) => ({ id, params: paramsOf(id) }))
    .filter((r) => sameExceptSize(r.params));
  const points = new Map<DataSet, CurvePoint[]>();
  for (const sibling of siblings) {
    const size = paramNumber(sibling.params.get(sizeKey)!);
    if (!Number.isFinite(size)) continue;
    const { readings } = readLastErrors(db, sibling.id, findErrorSeries(db, sibling.id, { metric: metric.key, kind: metric.kind }));
    for (const r of readings) points.set(r.set, [...(points.get(r.set) ?? []), { x: size, error: r.error, runId: sibling.id }]);
  }
  const sizes = new Set([...points.values()].flat().map((p) => p.x));
  if (sizes.size < 2) return null;
  const series = dataSets.filter((s) => points.has(s)).map((set) => ({ set, points: points.get(set)!.sort((a, b) => a.x - b.x), downsampled: false }));
  return { source: 'runs differing in a size param', sizeKey, series };
}

/** Params are JSON text; a writer that stored plain text still gives its number. */
function paramNumber(text: string): number {
  try {
    return Number(JSON.parse(text));
  } catch {
    return Number(text);
  }
}
