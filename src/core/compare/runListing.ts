import type Database from 'better-sqlite3';
import type { RunStatus } from './viewModels';

/** A run as the Runs tree lists it. */
export interface RunListEntry {
  id: string;
  name: string;
  status: RunStatus;
  experimentId: number;
  experiment: string;
  /** The sweep (or other run) this one was started under; null for a top-level run. */
  parentRunId: string | null;
  createdAt: number;
  startedAt: number | null;
  endedAt: number | null;
  notes: string;
  /** The run's main metric (its last value), if it logged one. */
  mainMetric?: { key: string; context: string; value: number | null };
}

export interface RunListing {
  experiments: { id: number; name: string }[];
  /** Newest first. */
  runs: RunListEntry[];
}

/**
 * Every run with its main metric: `mainMetric` names it as `key` or `key[context]` (a bare key prefers its dev,
 * then its unnamed context); without it, the run's first dev metric by name. Two queries whatever the run count.
 */
export function loadRunListing(db: Database.Database, options: { mainMetric?: string } = {}): RunListing {
  const experiments = db.prepare('SELECT id, name FROM experiments ORDER BY name').all() as RunListing['experiments'];
  const runs = db
    .prepare(
      `SELECT r.id, r.name, r.status, r.experiment_id AS experimentId, e.name AS experiment, r.parent_run_id AS parentRunId,
              r.created_at AS createdAt, r.started_at AS startedAt, r.ended_at AS endedAt, r.notes
       FROM runs r JOIN experiments e ON e.id = r.experiment_id ORDER BY r.created_at DESC, r.rowid DESC`,
    )
    .all() as RunListEntry[];
  const metrics = mainMetricsByRun(db, options.mainMetric?.trim() ?? '');
  for (const run of runs) {
    const metric = metrics.get(run.id);
    if (metric) run.mainMetric = metric;
  }
  return { experiments, runs };
}

type MainMetric = NonNullable<RunListEntry['mainMetric']>;

function mainMetricsByRun(db: Database.Database, setting: string): Map<string, MainMetric> {
  const found = new Map<string, MainMetric>();
  if (!setting) {
    // SQLite returns the other columns of the row holding min(key).
    const rows = db.prepare("SELECT run_id, min(key) AS key, context, last_value FROM metric_summaries WHERE context = 'dev' GROUP BY run_id").raw().all() as [string, string, string, number | null][];
    for (const [runId, key, context, value] of rows) found.set(runId, { key, context, value });
    return found;
  }
  const [, key, context] = /^(.*?)(?:\[(.*)\])?$/s.exec(setting)!;
  const rows = (context === undefined
    ? db.prepare("SELECT run_id, key, context, last_value FROM metric_summaries WHERE key = ? AND context != 'system'").raw().all(key)
    : db.prepare('SELECT run_id, key, context, last_value FROM metric_summaries WHERE key = ? AND context = ?').raw().all(key, context)) as [string, string, string, number | null][];
  const rank = (c: string) => (c === 'dev' ? 0 : c === '' ? 1 : 2);
  for (const [runId, k, c, value] of rows) {
    const current = found.get(runId);
    if (!current || rank(c) < rank(current.context) || (rank(c) === rank(current.context) && c < current.context)) found.set(runId, { key: k, context: c, value });
  }
  return found;
}
