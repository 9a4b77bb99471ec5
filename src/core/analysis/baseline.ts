import type Database from 'better-sqlite3';
import { UserError } from '../errors';

export interface ExperimentBaseline {
  experimentId: number;
  experimentName: string;
  /** Human-level or best-known error, a fraction 0..1; null when not set. */
  baselineError: number | null;
}

interface ExperimentRow {
  id: number;
  name: string;
  baseline_error: number | null;
}

/** An experiment by name, or by numeric id when no experiment has that name. */
function findExperiment(db: Database.Database, ref: string | number): ExperimentRow {
  const byName = typeof ref === 'string' ? (db.prepare('SELECT id, name, baseline_error FROM experiments WHERE name = ?').get(ref) as ExperimentRow | undefined) : undefined;
  const id = typeof ref === 'number' ? ref : /^\d+$/.test(ref) ? Number(ref) : undefined;
  const found = byName ?? (id !== undefined ? (db.prepare('SELECT id, name, baseline_error FROM experiments WHERE id = ?').get(id) as ExperimentRow | undefined) : undefined);
  if (found) return found;
  const names = (db.prepare('SELECT name FROM experiments ORDER BY name LIMIT 11').pluck().all() as string[]).map((n) => `"${n}"`);
  const known = names.length ? `; experiments: ${names.slice(0, 10).join(', ')}${names.length > 10 ? ', …' : ''}` : '; the store has no experiment yet';
  throw new UserError(`no experiment "${ref}"${known}`);
}

export function getBaseline(db: Database.Database, experiment: string | number): ExperimentBaseline {
  const row = findExperiment(db, experiment);
  return { experimentId: row.id, experimentName: row.name, baselineError: row.baseline_error };
}

/** Stores the baseline error (a fraction 0..1), or clears it with null. */
export function setBaseline(db: Database.Database, experiment: string | number, baselineError: number | null): ExperimentBaseline {
  if (baselineError !== null && !(Number.isFinite(baselineError) && baselineError >= 0 && baselineError <= 1)) {
    throw new UserError(`baseline error ${baselineError} is not a fraction between 0 and 1: give e.g. 0.05 or 5% for a 5% error`);
  }
  const row = findExperiment(db, experiment);
  db.prepare('UPDATE experiments SET baseline_error = ? WHERE id = ?').run(baselineError, row.id);
  return { experimentId: row.id, experimentName: row.name, baselineError };
}

/** "0.05", "5%" or "5 %" → 0.05; anything else is refused with what to type instead. */
export function parseBaselineError(text: string): number {
  const match = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*(%?)\s*$/i.exec(text);
  if (!match) throw new UserError(`"${text}" is not an error rate: give a fraction such as 0.05 or a percentage such as 5%`);
  const value = match[2] ? Number(match[1]) / 100 : Number(match[1]);
  if (!(value >= 0 && value <= 1)) {
    const hint = !match[2] && value > 1 && value <= 100 ? `; for ${value}% write "${value}%"` : '';
    throw new UserError(`baseline error ${text} is outside 0..1${hint}`);
  }
  return value;
}
