import type Database from 'better-sqlite3';
import { UserError } from '../errors';

/** Roles that name the same data set as a prediction split, preferred first. */
const roleAliases: Record<string, string[]> = {
  dev: ['dev', 'val', 'valid', 'validation'],
  val: ['val', 'dev', 'valid', 'validation'],
  valid: ['valid', 'val', 'dev', 'validation'],
  validation: ['validation', 'val', 'dev', 'valid'],
};

/** The file of the dataset a run used for a prediction split (run_datasets.role), to show an example's row in it. */
export function datasetOfSplit(db: Database.Database, runId: string, split: string): string {
  const rows = db.prepare(`SELECT rd.role AS role, d.path AS path FROM run_datasets rd
    JOIN dataset_versions v ON v.id = rd.version_id JOIN datasets d ON d.id = v.dataset_id
    WHERE rd.run_id = ? ORDER BY v.created_at DESC`).all(runId) as { role: string; path: string }[];
  const roles = roleAliases[split] ?? [split];
  const found = roles.map((role) => rows.find((r) => r.role === role)).find((r) => r !== undefined);
  if (found) return found.path;
  const logged = rows.length ? ` (it logged: ${[...new Set(rows.map((r) => r.role))].join(', ')})` : '';
  throw new UserError(`run ${runId} logged no "${split}" dataset${logged}, so its examples cannot be shown in their file: add mlcycle.log_dataset(path, "${split}") to the script`);
}
