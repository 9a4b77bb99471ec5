import type Database from 'better-sqlite3';
import type { ArtifactRecord, MetricSummary, RunDatasetRecord, RunDetail, RunRecord, RunStatus, RunSummary } from './types';
import { parseParam, readMetricValue } from './values';

/** The run columns every read selects, with the experiment's name. */
export const RUN_COLUMNS = 'r.*, e.name AS experiment_name';
export const RUN_FROM = 'runs r JOIN experiments e ON e.id = r.experiment_id';

interface RunRow {
  id: string;
  experiment_id: number;
  experiment_name: string;
  name: string;
  status: RunStatus;
  command: string;
  cwd: string;
  script: string | null;
  git_commit: string | null;
  git_branch: string | null;
  git_dirty: number | null;
  environment: string;
  created_at: number;
  started_at: number | null;
  ended_at: number | null;
  exit_code: number | null;
  error: string | null;
  parent_run_id: string | null;
  notes: string;
  malformed_lines: number;
}

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export function toRunRecord(row: RunRow): RunRecord {
  return {
    id: row.id,
    experimentId: row.experiment_id,
    experiment: row.experiment_name,
    name: row.name,
    status: row.status,
    command: parseJson<string[]>(row.command, []),
    cwd: row.cwd,
    script: row.script,
    gitCommit: row.git_commit,
    gitBranch: row.git_branch,
    gitDirty: row.git_dirty === null ? null : row.git_dirty !== 0,
    environment: parseJson<Record<string, string>>(row.environment, {}),
    createdAt: row.created_at,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    exitCode: row.exit_code,
    error: row.error,
    parentRunId: row.parent_run_id,
    notes: row.notes,
    malformedLines: row.malformed_lines,
  };
}

interface SummaryRow {
  run_id: string;
  key: string;
  context: string;
  last_value: number | null;
  last_step: number;
  min_value: number | null;
  max_value: number | null;
  count: number;
}

function toSummary(row: SummaryRow): MetricSummary {
  return {
    key: row.key,
    context: row.context,
    last: readMetricValue(row.last_value),
    lastStep: row.last_step,
    min: readMetricValue(row.min_value),
    max: readMetricValue(row.max_value),
    count: row.count,
  };
}

/** Params, tags and metric summaries of many runs in three queries, not three per run. */
export function withDetails(db: Database.Database, rows: RunRow[]): RunSummary[] {
  const runs = new Map<string, RunSummary>(rows.map((row) => [row.id, { ...toRunRecord(row), params: {}, tags: {}, metrics: [] }]));
  if (runs.size === 0) return [];
  const ids = JSON.stringify([...runs.keys()]);
  const inRuns = 'run_id IN (SELECT value FROM json_each(?))';
  for (const p of db.prepare(`SELECT run_id, key, value FROM params WHERE ${inRuns} ORDER BY key`).all(ids) as { run_id: string; key: string; value: string }[]) {
    runs.get(p.run_id)!.params[p.key] = parseParam(p.value);
  }
  for (const t of db.prepare(`SELECT run_id, key, value FROM tags WHERE ${inRuns} ORDER BY key`).all(ids) as { run_id: string; key: string; value: string }[]) {
    runs.get(t.run_id)!.tags[t.key] = t.value;
  }
  for (const s of db.prepare(`SELECT * FROM metric_summaries WHERE ${inRuns} ORDER BY key, context`).all(ids) as SummaryRow[]) {
    runs.get(s.run_id)!.metrics.push(toSummary(s));
  }
  return [...runs.values()];
}

export function runDetail(db: Database.Database, row: RunRow): RunDetail {
  const [summary] = withDetails(db, [row]);
  const artifacts = (
    db.prepare('SELECT path, kind, sha256, size, created_at FROM artifacts WHERE run_id = ? ORDER BY path').all(row.id) as {
      path: string;
      kind: string;
      sha256: string;
      size: number;
      created_at: number;
    }[]
  ).map((a): ArtifactRecord => ({ path: a.path, kind: a.kind, sha256: a.sha256, size: a.size, createdAt: a.created_at }));
  const datasets = db
    .prepare(
      `SELECT d.path, rd.role, v.id AS versionId, v.sha256, v.size, v.rows, v.columns
       FROM run_datasets rd JOIN dataset_versions v ON v.id = rd.version_id JOIN datasets d ON d.id = v.dataset_id
       WHERE rd.run_id = ? ORDER BY rd.role, d.path`,
    )
    .all(row.id) as RunDatasetRecord[];
  return { ...summary, artifacts, datasets };
}

export type { RunRow };
