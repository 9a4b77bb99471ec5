import type Database from 'better-sqlite3';
import { readMetricValue } from './values';

export interface MainMetric {
  key: string;
  context: string;
  value: number;
  step: number;
}

const devContexts = ['dev', 'val', 'valid', 'validation'];

/**
 * The metric a person watches for a run: the named one (its dev series first) when given; otherwise the dev
 * series with the most points (the per-epoch curve, not a few summary points), then any non-system series. Undefined when the run has logged none.
 */
export function mainMetricOf(db: Database.Database, runId: string, preferredKey?: string): MainMetric | undefined {
  const rows = db.prepare("SELECT key, context, last_value AS value, last_step AS step, count FROM metric_summaries WHERE run_id = ? AND context != 'system'").all(runId) as { key: string; context: string; value: number | null; step: number; count: number }[];
  const rank = (row: { key: string; context: string }) => (preferredKey && row.key !== preferredKey ? 2 : 0) + (devContexts.includes(row.context) ? 0 : 1);
  const best = rows
    .filter((row) => !preferredKey || row.key === preferredKey || !rows.some((r) => r.key === preferredKey))
    .sort((a, b) => rank(a) - rank(b) || b.count - a.count || a.key.localeCompare(b.key))[0];
  return best && { key: best.key, context: best.context, value: readMetricValue(best.value), step: best.step };
}
