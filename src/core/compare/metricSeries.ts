import type Database from 'better-sqlite3';
import { UserError } from '../errors';
import { fieldLabel, fieldToText } from '../query/fields';
import { readSeries } from '../store/series';
import type { RunStatus } from './viewModels';

export interface CompareRun {
  id: string;
  name: string;
  status: RunStatus;
  experiment: string;
  /** ms since 1970: where "relative time" starts (the start, else the creation). */
  startedAt: number;
}

export interface CompareMetric {
  key: string;
  context: string;
  /** `metrics.acc[dev]`: the column id of its last value, for a filter, a table column or a chart axis. */
  columnId: string;
  /** "acc [dev]". */
  label: string;
  /** How many of the runs logged it. */
  runCount: number;
}

/** What the compare view shows before any series: the runs, in the order asked, and every metric any of them logged. */
export interface CompareOverview {
  runs: CompareRun[];
  /** Asked-for runs the store no longer has. */
  missingRunIds: string[];
  /** Sorted by key, then context, with the `system` context (CPU, memory) last. */
  metrics: CompareMetric[];
}

/** One run's points of a metric as columns; value null is NaN (or ±Infinity), which no chart can place. */
export interface RunSeries {
  runId: string;
  step: number[];
  ts: number[];
  value: (number | null)[];
  /** Points the run logged; more than step.length when downsampled. */
  total: number;
  downsampled: boolean;
}

export interface MetricSeriesModel {
  key: string;
  context: string;
  /** Only the runs that logged the metric, in the order asked. */
  series: RunSeries[];
}

/** Points a chart of many runs holds at most, about: enough envelope for its width, few enough to pan smoothly. */
export const CHART_POINT_BUDGET = 15_000;
const MIN_SERIES_BUDGET = 300;
const MAX_SERIES_BUDGET = 2000;

/**
 * Each run's share of a chart's points: 2000 for a few runs, down to 300 for 50 or more. At 300 a long series is
 * read from the store's 64-step rollups instead of point by point, which keeps 100 runs × 10,000 steps fast.
 */
export function seriesBudgetFor(runCount: number): number {
  return Math.max(MIN_SERIES_BUDGET, Math.min(MAX_SERIES_BUDGET, Math.floor(CHART_POINT_BUDGET / Math.max(1, runCount))));
}

export function loadCompareOverview(db: Database.Database, runIds: string[]): CompareOverview {
  const ids = JSON.stringify([...new Set(runIds)]);
  const found = db
    .prepare(
      `SELECT r.id, r.name, r.status, e.name AS experiment, coalesce(r.started_at, r.created_at) AS startedAt
       FROM runs r JOIN experiments e ON e.id = r.experiment_id WHERE r.id IN (SELECT value FROM json_each(?))`,
    )
    .all(ids) as CompareRun[];
  const byId = new Map(found.map((run) => [run.id, run]));
  const unique = [...new Set(runIds)];
  const metrics = (
    db
      .prepare(
        `SELECT key, context, count(*) AS runCount FROM metric_summaries WHERE run_id IN (SELECT value FROM json_each(?))
         GROUP BY key, context ORDER BY context = 'system', key, context`,
      )
      .all(ids) as { key: string; context: string; runCount: number }[]
  ).map(({ key, context, runCount }): CompareMetric => {
    const field = { kind: 'metric', key, context, aggregate: 'last' } as const;
    return { key, context, columnId: fieldToText(field), label: fieldLabel(field), runCount };
  });
  return { runs: unique.flatMap((id) => byId.get(id) ?? []), missingRunIds: unique.filter((id) => !byId.has(id)), metrics };
}

/**
 * One metric of many runs, each read with a point budget (min/max buckets, so every spike stays): by default
 * seriesBudgetFor(the number of runs).
 */
export function loadMetricSeries(db: Database.Database, options: { runIds: string[]; key: string; context?: string; budget?: number }): MetricSeriesModel {
  const context = options.context ?? '';
  const budget = options.budget ?? seriesBudgetFor(options.runIds.length);
  if (typeof options.key !== 'string' || options.key === '') throw new UserError('name the metric to chart');
  const logged = new Set(
    db
      .prepare('SELECT run_id FROM metric_summaries WHERE key = ? AND context = ? AND run_id IN (SELECT value FROM json_each(?))')
      .pluck()
      .all(options.key, context, JSON.stringify(options.runIds)) as string[],
  );
  const series = [...new Set(options.runIds)]
    .filter((runId) => logged.has(runId))
    .map((runId): RunSeries => {
      const points = readSeries(db, { runId, key: options.key, context }, budget);
      return { runId, step: points.step, ts: points.ts, value: points.value.map(plottable), total: points.total, downsampled: points.downsampled };
    });
  return { key: options.key, context, series };
}

function plottable(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
