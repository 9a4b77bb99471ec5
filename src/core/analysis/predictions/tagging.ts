import type Database from 'better-sqlite3';
import type { CategoriesModel, TagSuggestion } from '../../../protocol/diagnostics';
import { UserError } from '../../errors';
import { errorSql, type PredictionScope } from './scope';

const maxTagLength = 80;

/** A tag as stored: trimmed, inner whitespace collapsed; empty, too long or multi-line tags are refused. */
export function normalizeTag(text: string): string {
  if (typeof text !== 'string' || /[\r\n]/.test(text)) throw new UserError(`a tag is one line of text (got ${JSON.stringify(text)})`);
  const tag = text.trim().replace(/\s+/g, ' ');
  if (!tag) throw new UserError('a tag cannot be empty: name the kind of error, e.g. "blurry" or "mislabeled"');
  if (tag.length > maxTagLength) throw new UserError(`tag "${tag.slice(0, 20)}…" is longer than ${maxTagLength} characters`);
  return tag;
}

/** Tags examples (each must have a prediction in the scope) and remembers the tags for reuse. */
export function addTags(db: Database.Database, scope: Pick<PredictionScope, 'runId' | 'split'>, exampleIds: string[], tags: string[], now = Date.now()): void {
  const clean = [...new Set(tags.map(normalizeTag))];
  if (!clean.length || !exampleIds.length) throw new UserError('tagging needs at least one example and one tag');
  const exists = db.prepare('SELECT 1 FROM predictions WHERE run_id = ? AND split = ? AND example_id = ?').pluck();
  const unknown = exampleIds.filter((id) => !exists.get(scope.runId, scope.split, id));
  if (unknown.length) {
    throw new UserError(`no prediction for example${unknown.length > 1 ? 's' : ''} ${unknown.slice(0, 3).map((u) => `"${u}"`).join(', ')}${unknown.length > 3 ? ', …' : ''} in run ${scope.runId}, split "${scope.split}"`);
  }
  const insert = db.prepare('INSERT OR IGNORE INTO error_tags (run_id, split, example_id, tag, created_at) VALUES (?, ?, ?, ?, ?)');
  const remember = db.prepare('INSERT INTO tag_vocabulary (tag, last_used) VALUES (?, ?) ON CONFLICT (tag) DO UPDATE SET last_used = excluded.last_used');
  db.transaction(() => {
    for (const id of exampleIds) for (const tag of clean) insert.run(scope.runId, scope.split, id, tag, now);
    for (const tag of clean) remember.run(tag, now);
  })();
}

/** Removes tags from examples; the vocabulary keeps them for reuse. Returns how many tags were removed. */
export function removeTags(db: Database.Database, scope: Pick<PredictionScope, 'runId' | 'split'>, exampleIds: string[], tags: string[]): number {
  const clean = [...new Set(tags.map(normalizeTag))];
  const remove = db.prepare('DELETE FROM error_tags WHERE run_id = ? AND split = ? AND example_id = ? AND tag = ?');
  return db.transaction(() => exampleIds.reduce((removed, id) => removed + clean.reduce((r, tag) => r + remove.run(scope.runId, scope.split, id, tag).changes, 0), 0))();
}

/** Tags used before, most recent first, optionally those starting with `prefix` (case-insensitive). */
export function tagSuggestions(db: Database.Database, prefix = '', limit = 20): TagSuggestion[] {
  const start = prefix.trim().toLowerCase();
  return db.prepare('SELECT tag, last_used AS lastUsed FROM tag_vocabulary WHERE lower(substr(tag, 1, length(@start))) = @start ORDER BY last_used DESC, tag LIMIT @limit')
    .all({ start, limit }) as TagSuggestion[];
}

/**
 * Per tag: the errors carrying it, their share of all errors and the ceiling — the error rate left if every
 * one of them were fixed — plus the same estimated from the tagged errors alone (a reviewed sample). Most worth fixing first.
 */
export function categoriesTable(db: Database.Database, scope: PredictionScope, totals: { used: number; errors: number }): CategoriesModel {
  const params: unknown[] = [scope.runId, scope.split];
  const isError = errorSql(scope, params);
  const join = `FROM error_tags t JOIN predictions p ON p.run_id = t.run_id AND p.split = t.split AND p.example_id = t.example_id WHERE t.run_id = ? AND t.split = ? AND ${isError}`;
  const counts = db.prepare(`SELECT t.tag AS tag, COUNT(*) AS count ${join} GROUP BY t.tag ORDER BY count DESC, t.tag`).all(...params) as { tag: string; count: number }[];
  const taggedErrors = db.prepare(`SELECT COUNT(DISTINCT t.example_id) ${join}`).pluck().get(...params) as number;
  const errorRate = totals.used ? totals.errors / totals.used : null;
  const rate = errorRate ?? 0;
  return {
    errorRate,
    errors: totals.errors,
    taggedErrors,
    rows: counts.map(({ tag, count }) => {
      const shareOfErrors = totals.errors ? count / totals.errors : 0;
      const shareOfTagged = taggedErrors ? count / taggedErrors : 0;
      return { tag, count, shareOfErrors, ceiling: rate * (1 - shareOfErrors), shareOfTagged, estimatedCeiling: rate * (1 - shareOfTagged) };
    }),
  };
}
