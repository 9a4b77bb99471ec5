import type Database from 'better-sqlite3';
import type { Field } from '../query/fields';
import { sql } from '../query/sql';
import { loadRunValues } from './runValues';
import type { RunsTableRow } from './viewModels';

/** Runs picked by id (a selection), in the order given, with one cell per field; ids no longer in the store are listed apart. */
export function loadSelectedRuns(db: Database.Database, runIds: string[], fields: Field[], now = Date.now()): { runs: RunsTableRow[]; missingRunIds: string[] } {
  const found = new Map(loadRunValues(db, sql`r.id IN (SELECT value FROM json_each(${JSON.stringify(runIds)}))`, fields, now).map((run) => [run.id, run]));
  const unique = [...new Set(runIds)];
  return {
    runs: unique.flatMap((id) => found.get(id) ?? []),
    missingRunIds: unique.filter((id) => !found.has(id)),
  };
}

/** The param keys any of the runs has, sorted. */
export function paramKeysOf(db: Database.Database, runIds: string[]): string[] {
  return db.prepare('SELECT DISTINCT key FROM params WHERE run_id IN (SELECT value FROM json_each(?)) ORDER BY key').pluck().all(JSON.stringify(runIds)) as string[];
}
