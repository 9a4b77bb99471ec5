import type Database from 'better-sqlite3';
import type { BiasVarianceModel, DataSet, MissingInput } from '../../protocol/diagnostics';
import { biasVarianceTerms, biasVarianceVerdict } from './biasVariance';
import { findErrorSeries, readLastErrors, type ErrorMetricOptions } from './errorMetric';
import { howTo } from './hints';
import { resolveRun } from './runRef';

/** The bias/variance view of a run: its last train/train-dev/dev/test errors against the experiment's baseline. */
export function diagnoseBiasVariance(db: Database.Database, runRef: string, options: ErrorMetricOptions = {}): BiasVarianceModel {
  const run = resolveRun(db, runRef);
  const found = findErrorSeries(db, run.id, options);
  const { metric, readings, notes } = readLastErrors(db, run.id, found);
  const errorOf = (set: DataSet) => readings.find((r) => r.set === set)?.error ?? null;
  const comparable = metric?.kind !== 'loss';
  const terms = biasVarianceTerms({ baseline: comparable ? run.baselineError : null, train: errorOf('train'), trainDev: errorOf('train-dev'), dev: errorOf('dev'), test: errorOf('test') });
  const key = metric?.key ?? options.metric ?? 'accuracy';
  const missing: MissingInput[] = [];
  if (!metric) {
    const logged = found.logged.length ? ` (logged: ${[...new Set(found.logged.map((s) => s.key))].slice(0, 12).join(', ')}; choose one as the error metric)` : '';
    missing.push({ what: options.metric ? `no metric "${options.metric}" in this run${logged}` : `no accuracy, error or loss metric in this run${logged}`, how: howTo.logMetric(key, 'dev') });
  }
  if (metric && comparable && run.baselineError === null) missing.push({ what: `no baseline error for experiment "${run.experimentName}", so avoidable bias is unknown`, how: howTo.setBaseline(run.experimentName) });
  if (metric && !comparable) notes.push(`${metric.key} is a loss, not an error rate, so it is not compared with the baseline error and avoidable bias is left out; log accuracy to see it`);
  for (const [set, optional] of [['train', false], ['dev', false], ['train-dev', true], ['test', true]] as const) {
    if (!metric || errorOf(set) !== null) continue;
    const why = set === 'train-dev' ? ' (a held-out slice of the training data: it separates variance from data mismatch)' : set === 'test' ? ' (shows whether tuning overfit the dev set)' : '';
    missing.push({ what: `no ${set} ${metric.key}${why}`, how: howTo.logMetric(metric.key, set), optional });
  }
  const byKey = new Map<string, string[]>();
  for (const s of found.logged) byKey.set(s.key, [...(byKey.get(s.key) ?? []), s.context]);
  return {
    runId: run.id,
    runName: run.name,
    experimentName: run.experimentName,
    baselineError: run.baselineError,
    metric,
    errors: readings,
    terms,
    verdict: biasVarianceVerdict(terms),
    missing,
    notes,
    availableMetrics: [...byKey].map(([k, contexts]) => ({ key: k, contexts })),
  };
}
