import type Database from 'better-sqlite3';
import { UserError } from '../errors';

export interface RunInfo {
  id: string;
  name: string;
  status: string;
  experimentId: number;
  experimentName: string;
  baselineError: number | null;
}

interface RunRow {
  id: string;
  name: string;
  status: string;
  experiment_id: number;
  experiment_name: string;
  baseline_error: number | null;
}

const selectRun = `SELECT r.id, r.name, r.status, r.experiment_id, e.name AS experiment_name, e.baseline_error
  FROM runs r JOIN experiments e ON e.id = r.experiment_id`;

/** A run by its id, a unique id prefix or a unique name. */
export function resolveRun(db: Database.Database, ref: string): RunInfo {
  const wanted = ref.trim();
  if (!wanted) throw new UserError('no run given: pass a run id (or its first characters) or a run name');
  const exact = db.prepare(`${selectRun} WHERE r.id = ?`).get(wanted) as RunRow | undefined;
  if (exact) return toRunInfo(exact);
  const byPrefix = db.prepare(`${selectRun} WHERE substr(r.id, 1, length(@ref)) = @ref LIMIT 6`).all({ ref: wanted }) as RunRow[];
  const byName = byPrefix.length ? [] : (db.prepare(`${selectRun} WHERE r.name = ? ORDER BY r.created_at DESC LIMIT 6`).all(wanted) as RunRow[]);
  const found = byPrefix.length ? byPrefix : byName;
  if (found.length === 1) return toRunInfo(found[0]);
  if (found.length > 1) {
    const list = found.slice(0, 5).map((r) => `${r.id} (${r.name})`).join(', ');
    throw new UserError(`"${wanted}" matches several runs: ${list}; pass more of the run id`);
  }
  throw new UserError(`no run "${wanted}" in this store: pass a run id, its first characters or a run name ("mlcycle runs list" shows them)`);
}

function toRunInfo(row: RunRow): RunInfo {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    experimentId: row.experiment_id,
    experimentName: row.experiment_name,
    baselineError: row.baseline_error,
  };
}
