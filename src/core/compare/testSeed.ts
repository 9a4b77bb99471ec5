// Test and benchmark utility: builds a store with the agreed schema and inserts runs with plain SQL, so the
// compare code is tested against real SQLite without depending on the Store class.
import Database from 'better-sqlite3';
import { migrations } from '../store/migrations';

export interface SeedRun {
  id: string;
  name?: string;
  experiment?: string;
  status?: 'queued' | 'running' | 'finished' | 'failed' | 'killed';
  createdAt?: number;
  startedAt?: number | null;
  endedAt?: number | null;
  notes?: string;
  /** Stored as JSON text, as the store does. */
  params?: Record<string, unknown>;
  /** Stored verbatim, for values another writer left as non-JSON text. */
  rawParams?: Record<string, string>;
  tags?: Record<string, string>;
  /** Series by key, steps 0..n-1; "acc[dev]" names context dev; null is NaN. */
  metrics?: Record<string, number | null | (number | null)[]>;
}

export function createTestDatabase(path = ':memory:'): Database.Database {
  const db = new Database(path);
  for (const migration of migrations) db.exec(migration.sql);
  return db;
}

export function seedRuns(db: Database.Database, runs: SeedRun[]): void {
  const experimentIds = new Map<string, number>();
  const experimentId = (name: string): number => {
    let id = experimentIds.get(name) ?? (db.prepare('SELECT id FROM experiments WHERE name = ?').pluck().get(name) as number | undefined);
    id ??= Number(db.prepare('INSERT INTO experiments (name, created_at) VALUES (?, 0)').run(name).lastInsertRowid);
    experimentIds.set(name, id);
    return id;
  };
  const insertRun = db.prepare(
    'INSERT INTO runs (id, experiment_id, name, status, created_at, started_at, ended_at, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertParam = db.prepare('INSERT INTO params (run_id, key, value) VALUES (?, ?, ?)');
  const insertTag = db.prepare('INSERT INTO tags (run_id, key, value) VALUES (?, ?, ?)');
  const insertMetric = db.prepare('INSERT INTO metrics (run_id, key, context, step, ts, value) VALUES (?, ?, ?, ?, ?, ?)');
  const insertSummary = db.prepare(
    'INSERT INTO metric_summaries (run_id, key, context, last_value, last_step, min_value, max_value, count) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    runs.forEach((run, index) => {
      const created = run.createdAt ?? 1_700_000_000_000 + index * 1000;
      const started = run.startedAt === undefined ? created : run.startedAt;
      const ended = run.endedAt === undefined ? (started === null ? null : started + 60_000) : run.endedAt;
      insertRun.run(run.id, experimentId(run.experiment ?? 'default'), run.name ?? run.id, run.status ?? 'finished', created, started, ended, run.notes ?? '');
      for (const [key, value] of Object.entries(run.params ?? {})) insertParam.run(run.id, key, JSON.stringify(value));
      for (const [key, value] of Object.entries(run.rawParams ?? {})) insertParam.run(run.id, key, value);
      for (const [key, value] of Object.entries(run.tags ?? {})) insertTag.run(run.id, key, value);
      for (const [name, series] of Object.entries(run.metrics ?? {})) {
        const [, key, context] = /^(.*?)(?:\[(.*)\])?$/.exec(name)!;
        const values = Array.isArray(series) ? series : [series];
        values.forEach((value, step) => insertMetric.run(run.id, key, context ?? '', step, created + step, value));
        const finite = values.filter((v): v is number => v !== null);
        insertSummary.run(run.id, key, context ?? '', values[values.length - 1], values.length - 1,
          finite.length ? Math.min(...finite) : null, finite.length ? Math.max(...finite) : null, values.length);
      }
    });
  })();
}
