import type Database from 'better-sqlite3';
import type { ExampleFilter, ExamplePage, ExampleRow } from '../../../protocol/diagnostics';
import { UserError } from '../../errors';
import { conditionSql } from './conditions';
import { errorSql, type PredictionScope } from './scope';

export interface PageRequest {
  offset?: number;
  /** 1..500, default 50. */
  limit?: number;
  /** 'example': by example id (default); 'score': highest score first, so the most confident mistakes lead. */
  order?: 'example' | 'score';
}

interface PredictionRow {
  example_id: string;
  y_true: string | null;
  y_pred: string | null;
  score: number | null;
  features: string | null;
  is_error: number;
}

/** One page of the examples that match the filter, each with its tags. */
export function listExamples(db: Database.Database, scope: PredictionScope, filter: ExampleFilter, page: PageRequest = {}): ExamplePage {
  const offset = page.offset ?? 0;
  const limit = page.limit ?? 50;
  if (!Number.isInteger(offset) || offset < 0) throw new UserError(`page offset ${offset} must be a whole number ≥ 0`);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new UserError(`page size ${limit} must be a whole number from 1 to 500`);
  const whereParams: unknown[] = [scope.runId, scope.split];
  const where = ['p.run_id = ?', 'p.split = ?'];
  if (filter.errorsOnly) where.push(errorSql(scope, whereParams));
  if (filter.actual !== undefined) {
    where.push('p.y_true = ?');
    whereParams.push(String(filter.actual));
  }
  if (filter.predicted !== undefined) {
    where.push('p.y_pred = ?');
    whereParams.push(String(filter.predicted));
  }
  for (const c of filter.conditions ?? []) where.push(conditionSql(c, whereParams));
  if (filter.tag !== undefined) {
    where.push('EXISTS (SELECT 1 FROM error_tags t WHERE t.run_id = p.run_id AND t.split = p.split AND t.example_id = p.example_id AND t.tag = ?)');
    whereParams.push(String(filter.tag));
  }
  const whereSql = where.join(' AND ');
  const total = db.prepare(`SELECT COUNT(*) FROM predictions p WHERE ${whereSql}`).pluck().get(...whereParams) as number;
  const selectParams: unknown[] = [];
  const isError = errorSql(scope, selectParams);
  const order = page.order === 'score' ? 'p.score IS NULL, p.score DESC, p.example_id' : 'p.example_id';
  const rows = db.prepare(`SELECT p.example_id, p.y_true, p.y_pred, p.score, p.features, ${isError} AS is_error FROM predictions p WHERE ${whereSql} ORDER BY ${order} LIMIT ? OFFSET ?`)
    .all(...selectParams, ...whereParams, limit, offset) as PredictionRow[];
  const tags = tagsOf(db, scope, rows.map((r) => r.example_id));
  return {
    filter,
    total,
    offset,
    limit,
    rows: rows.map((r): ExampleRow => ({ exampleId: r.example_id, yTrue: r.y_true, yPred: r.y_pred, score: r.score, isError: r.is_error === 1, features: parseFeatures(r.features), tags: tags.get(r.example_id) ?? [] })),
  };
}

function tagsOf(db: Database.Database, scope: PredictionScope, exampleIds: string[]): Map<string, string[]> {
  const tags = new Map<string, string[]>();
  if (!exampleIds.length) return tags;
  const rows = db.prepare(`SELECT example_id, tag FROM error_tags WHERE run_id = ? AND split = ? AND example_id IN (SELECT value FROM json_each(?)) ORDER BY created_at, tag`)
    .all(scope.runId, scope.split, JSON.stringify(exampleIds)) as { example_id: string; tag: string }[];
  for (const r of rows) tags.set(r.example_id, [...(tags.get(r.example_id) ?? []), r.tag]);
  return tags;
}

function parseFeatures(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    const value = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}
