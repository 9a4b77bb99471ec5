// Test helpers: a real SQLite store with the agreed schema, seeded by plain SQL (no Store class needed).
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrations } from '../store/migrations';

export interface TestStore {
  db: Database.Database;
  path: string;
  close(): void;
}

export function createTestStore(): TestStore {
  const dir = mkdtempSync(join(tmpdir(), 'mlcycle-analysis-'));
  const path = join(dir, 'mlcycle.db');
  let db: Database.Database;
  try {
    db = new Database(path);
    db.exec(migrations[0].sql);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    db,
    path,
    close() {
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface SeedRun {
  id: string;
  experiment?: string;
  name?: string;
  params?: Record<string, unknown>;
  tags?: Record<string, string>;
  createdAt?: number;
}

export function seedRun(db: Database.Database, run: SeedRun): void {
  const experiment = run.experiment ?? 'default';
  db.prepare('INSERT OR IGNORE INTO experiments (name, created_at) VALUES (?, 0)').run(experiment);
  const experimentId = db.prepare('SELECT id FROM experiments WHERE name = ?').pluck().get(experiment);
  db.prepare("INSERT INTO runs (id, experiment_id, name, status, created_at) VALUES (?, ?, ?, 'finished', ?)").run(run.id, experimentId, run.name ?? run.id, run.createdAt ?? 0);
  for (const [key, value] of Object.entries(run.params ?? {})) db.prepare('INSERT INTO params VALUES (?, ?, ?)').run(run.id, key, JSON.stringify(value));
  for (const [key, value] of Object.entries(run.tags ?? {})) db.prepare('INSERT INTO tags VALUES (?, ?, ?)').run(run.id, key, value);
}

export interface SeedMetric {
  key: string;
  context?: string;
  step: number;
  /** NaN is stored as NULL, as the store does. */
  value: number;
}

/** Inserts metric points and rebuilds the run's metric_summaries the way the store keeps them. */
export function seedMetrics(db: Database.Database, runId: string, points: SeedMetric[]): void {
  const insert = db.prepare('INSERT INTO metrics (run_id, key, context, step, ts, value) VALUES (?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    points.forEach((p, i) => insert.run(runId, p.key, p.context ?? '', p.step, i, Number.isNaN(p.value) ? null : p.value));
    db.prepare('DELETE FROM metric_summaries WHERE run_id = ?').run(runId);
    db.prepare(`INSERT INTO metric_summaries (run_id, key, context, last_value, last_step, min_value, max_value, count)
      SELECT run_id, key, context,
        (SELECT value FROM metrics l WHERE l.run_id = m.run_id AND l.key = m.key AND l.context = m.context ORDER BY step DESC, ts DESC LIMIT 1),
        MAX(step), MIN(value), MAX(value), COUNT(*)
      FROM metrics m WHERE run_id = ? GROUP BY run_id, key, context`).run(runId);
  })();
}

export interface SeedPrediction {
  id: string;
  yTrue: string | number | null;
  yPred: string | number | null;
  score?: number | null;
  /** An object is stored as JSON; a string is stored as is (to test malformed features). */
  features?: Record<string, unknown> | string | null;
}

export function seedPredictions(db: Database.Database, runId: string, split: string, rows: SeedPrediction[]): void {
  const insert = db.prepare('INSERT INTO predictions (run_id, split, example_id, y_true, y_pred, score, features) VALUES (?, ?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (const r of rows) {
      const features = r.features === undefined || r.features === null ? null : typeof r.features === 'string' ? r.features : JSON.stringify(r.features);
      const score = r.score === undefined || r.score === null || Number.isNaN(r.score) ? null : r.score;
      insert.run(runId, split, r.id, r.yTrue === null ? null : String(r.yTrue), r.yPred === null ? null : String(r.yPred), score, features);
    }
  })();
}

/** A deterministic pseudo-random generator in [0, 1), so tests see the same data every time. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}
