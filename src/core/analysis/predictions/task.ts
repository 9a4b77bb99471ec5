import type Database from 'better-sqlite3';
import type { Task } from '../../../protocol/diagnostics';

const sampleRows = 10000;
/** More distinct numeric y_true values than this reads as regression. */
const maxClasses = 20;

/**
 * Classification or regression: an explicit choice wins, then the run's `task` param, then the labels: every
 * sampled y_true and y_pred a number and either more than 20 distinct y_true values or a fractional value → regression.
 */
export function decideTask(db: Database.Database, runId: string, split: string, chosen?: Task): { task: Task; reason: string } {
  if (chosen) return { task: chosen, reason: 'chosen' };
  const param = db.prepare("SELECT value FROM params WHERE run_id = ? AND key = 'task'").pluck().get(runId) as string | undefined;
  const fromParam = param === undefined ? undefined : readTaskParam(param);
  if (fromParam) return { task: fromParam, reason: `the run's task param is "${fromParam}"` };
  const rows = db.prepare(`SELECT y_true, y_pred FROM predictions WHERE run_id = ? AND split = ? AND y_true IS NOT NULL AND y_pred IS NOT NULL LIMIT ${sampleRows}`).raw().all(runId, split) as [string, string][];
  const numbers = rows.flat().map((v) => (v.trim() === '' ? Number.NaN : Number(v)));
  if (!rows.length || !numbers.every(Number.isFinite)) return { task: 'classification', reason: 'y_true and y_pred are labels' };
  const distinct = new Set(rows.map((r) => Number(r[0]))).size;
  if (distinct > maxClasses) return { task: 'regression', reason: `y_true and y_pred are numbers with ${distinct}${rows.length === sampleRows ? '+' : ''} distinct values` };
  if (numbers.some((v) => !Number.isInteger(v))) return { task: 'regression', reason: 'y_true and y_pred are numbers, some fractional' };
  return { task: 'classification', reason: `y_true holds ${distinct} whole-number classes` };
}

function readTaskParam(text: string): Task | undefined {
  let value: unknown = text;
  try {
    value = JSON.parse(text);
  } catch {
    // a writer that stored plain text
  }
  return value === 'classification' || value === 'regression' ? value : undefined;
}
