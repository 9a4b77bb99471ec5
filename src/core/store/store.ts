import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { UserError } from '../errors';
import { checkOpenable, migrate, type MigrationOutcome } from './migrate';
import { migrations as defaultMigrations, type Migration } from './migrations';
import { MetricsWriter } from './metricsWriter';
import { RUN_COLUMNS, RUN_FROM, runDetail, toRunRecord, withDetails, type RunRow } from './runRows';
import { checkSqliteFile, corruptionError } from './sqliteFile';
import { TERMINAL_STATUSES, type DatasetLink, type Experiment, type MetricPoint, type NewRun, type PredictionRow, type RunDetail, type RunRecord, type RunStatus, type RunSummary } from './types';
import { checkKey, labelText, MAX_VALUE_BYTES, paramText, tagText } from './values';

const openStoresKey = Symbol.for('mlcycle.openStores');

/** A counted set: two Stores on one file in a process keep it marked open until both close. */
class OpenPaths {
  private readonly counts = new Map<string, number>();
  has(path: string): boolean {
    return (this.counts.get(path) ?? 0) > 0;
  }
  add(path: string): void {
    this.counts.set(path, (this.counts.get(path) ?? 0) + 1);
  }
  delete(path: string): void {
    const left = (this.counts.get(path) ?? 0) - 1;
    if (left > 0) this.counts.set(path, left);
    else this.counts.delete(path);
  }
}

export const DEFAULT_EXPERIMENT = 'Default';
export const DEFAULT_BUSY_TIMEOUT_MS = 10_000;

export interface OpenStoreOptions {
  /** Refuse to create the file: for read commands, where a missing store is the user's mistake. */
  mustExist?: boolean;
  busyTimeoutMs?: number;
  /** Tests only: another migration list than python/mlcycle/migrations. */
  migrations?: Migration[];
}

export interface ListRunsOptions {
  experiment?: string;
  /** SQL over `runs r` (the query language's compileRunFilter output). */
  filter?: { where: string; params: unknown[] };
  limit?: number;
}

export interface ArtifactInput {
  path: string;
  sha256: string;
  size: number;
  kind?: string;
  createdAt?: number;
}

/**
 * Opens (creating when allowed) the store file: validates it before SQLite writes a byte, then WAL, a busy
 * timeout, foreign keys, synchronous=NORMAL (durable against a process crash in WAL mode) and pending migrations.
 */
export function openStore(path: string, options: OpenStoreOptions = {}): Store {
  const file = path === ':memory:' ? path : resolve(path);
  if (file !== ':memory:') {
    if (!existsSync(file)) {
      if (options.mustExist) throw new UserError(`no mlcycle store at ${file}. Log a run first, or pass --db PATH or set MLCYCLE_DB.`);
      try {
        mkdirSync(dirname(file), { recursive: true });
      } catch (error) {
        throw new UserError(`cannot create the folder of the store ${file}: ${(error as Error).message}`);
      }
    }
    // Closing any descriptor of the file drops this process's SQLite locks on it, so a file already open here is not re-read.
    if (!openInThisProcess.has(file)) checkSqliteFile(file);
  }
  let db: Database.Database;
  try {
    db = new Database(file, { timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS });
  } catch (error) {
    throw corruptionError(file, error) ?? new UserError(`cannot open the store ${file}: ${(error as Error).message}`);
  }
  try {
    const list = options.migrations ?? defaultMigrations;
    checkOpenable(db, file, list[list.length - 1].version);
    if (file !== ':memory:' && db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    const outcome = migrate(db, file, list);
    openInThisProcess.add(file);
    return new Store(db, file, outcome);
  } catch (error) {
    db.close();
    throw corruptionError(file, error) ?? error;
  }
}

/**
 * Store files this process has open, shared by every copy of this module (the extension bundle and tests load
 * their own): POSIX locks belong to the process, and reading the file with fs while SQLite holds it would release them.
 */
const openInThisProcess: OpenPaths = ((globalThis as { [openStoresKey]?: OpenPaths })[openStoresKey] ??= new OpenPaths());

export function newRunId(): string {
  return randomBytes(8).toString('hex');
}

/** Status moves: anything may start running or end; only a queued run stays queued. */
function checkTransition(run: RunRecord, to: RunStatus): void {
  if (to === 'queued' && run.status !== 'queued') throw new UserError(`run ${run.id} is ${run.status}; it cannot go back to queued`);
}

/** Typed reads and writes over one store file. `db` is open for other core modules' own SQL. */
export class Store {
  private readonly metricsWriter: MetricsWriter;

  constructor(
    readonly db: Database.Database,
    readonly path: string,
    readonly migration: MigrationOutcome,
  ) {
    this.metricsWriter = new MetricsWriter(db);
  }

  close(): void {
    if (!this.db.open) return;
    this.db.close();
    openInThisProcess.delete(this.path);
  }

  /** `<store dir>/artifacts/<run id>/`: `.mlcycle/artifacts/<run>/` for the default store. */
  artifactDir(runId: string): string {
    return join(dirname(this.path), 'artifacts', runId);
  }

  experimentId(name = DEFAULT_EXPERIMENT): number {
    checkKey('experiment', name);
    this.db.prepare('INSERT INTO experiments(name, created_at) VALUES (?, ?) ON CONFLICT(name) DO NOTHING').run(name, Date.now());
    return this.db.prepare('SELECT id FROM experiments WHERE name = ?').pluck().get(name) as number;
  }

  listExperiments(): Experiment[] {
    return (this.db.prepare('SELECT * FROM experiments ORDER BY name').all() as { id: number; name: string; description: string; baseline_error: number | null; created_at: number }[]).map((e) => ({
      id: e.id,
      name: e.name,
      description: e.description,
      baselineError: e.baseline_error,
      createdAt: e.created_at,
    }));
  }

  createRun(input: NewRun = {}): RunRecord {
    const id = input.id ?? newRunId();
    checkKey('run id', id);
    const status = input.status ?? 'running';
    const now = Date.now();
    const createdAt = input.createdAt ?? now;
    const startedAt = input.startedAt !== undefined ? input.startedAt : status === 'queued' ? null : createdAt;
    const endedAt = input.endedAt !== undefined ? input.endedAt : TERMINAL_STATUSES.includes(status) ? now : null;
    const defaultName = `${input.script ? basename(input.script, extname(input.script)) : 'run'}-${id.slice(0, 6)}`;
    this.db.transaction(() => {
      const experimentId = this.experimentId(input.experiment ?? DEFAULT_EXPERIMENT);
      if (this.db.prepare('SELECT 1 FROM runs WHERE id = ?').get(id)) throw new UserError(`a run with id ${id} already exists`);
      this.db
        .prepare(
          `INSERT INTO runs(id, experiment_id, name, status, command, cwd, script, git_commit, git_branch, git_dirty, environment, created_at, started_at, ended_at, parent_run_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          id,
          experimentId,
          input.name || defaultName,
          status,
          JSON.stringify(input.command ?? []),
          input.cwd ?? '',
          input.script ?? null,
          input.gitCommit ?? null,
          input.gitBranch ?? null,
          input.gitDirty === undefined || input.gitDirty === null ? null : Number(input.gitDirty),
          JSON.stringify(input.environment ?? {}),
          createdAt,
          startedAt,
          endedAt,
          input.parentRunId ?? null,
        );
    }).immediate();
    return this.requireRun(id);
  }

  getRunRecord(id: string): RunRecord | undefined {
    const row = this.db.prepare(`SELECT ${RUN_COLUMNS} FROM ${RUN_FROM} WHERE r.id = ?`).get(id) as RunRow | undefined;
    return row && toRunRecord(row);
  }

  requireRun(id: string): RunRecord {
    const run = this.getRunRecord(id);
    if (!run) throw new UserError(`no run with id ${id} in ${this.path}`);
    return run;
  }

  /** A run named by its id, a unique prefix of its id, or its unique name. */
  resolveRunId(reference: string): string {
    if (this.db.prepare('SELECT 1 FROM runs WHERE id = ?').get(reference)) return reference;
    const byPrefix = this.db.prepare("SELECT id FROM runs WHERE id LIKE ? ESCAPE '\\' LIMIT 2").pluck().all(`${reference.replace(/[\\%_]/g, '\\$&')}%`) as string[];
    if (byPrefix.length === 1) return byPrefix[0];
    const byName = this.db.prepare('SELECT id FROM runs WHERE name = ? LIMIT 2').pluck().all(reference) as string[];
    if (byName.length === 1) return byName[0];
    if (byPrefix.length > 1 || byName.length > 1) throw new UserError(`"${reference}" names more than one run; give more of the run id`);
    throw new UserError(`no run "${reference}" in ${this.path} (give a run id, an id prefix or a run name)`);
  }

  /** running sets started_at (once); finished/failed/killed set ended_at, exit code and error; resuming clears them. */
  setRunStatus(id: string, status: RunStatus, details: { exitCode?: number | null; error?: string | null; at?: number } = {}): void {
    const run = this.requireRun(id);
    checkTransition(run, status);
    const at = details.at ?? Date.now();
    if (TERMINAL_STATUSES.includes(status)) {
      this.db
        .prepare('UPDATE runs SET status = ?, started_at = coalesce(started_at, ?), ended_at = ?, exit_code = ?, error = ? WHERE id = ?')
        .run(status, at, at, details.exitCode ?? null, details.error ?? null, id);
    } else if (status === 'running') {
      this.db.prepare('UPDATE runs SET status = ?, started_at = coalesce(started_at, ?), ended_at = NULL, exit_code = NULL, error = NULL WHERE id = ?').run(status, at, id);
    }
  }

  renameRun(id: string, name: string): void {
    if (typeof name !== 'string' || name.trim() === '') throw new UserError('a run name cannot be empty');
    if (name.length > 1000) throw new UserError(`a run name is at most 1000 characters; this one has ${name.length}`);
    this.requireRun(id);
    this.db.prepare('UPDATE runs SET name = ? WHERE id = ?').run(name, id);
  }

  setNotes(id: string, notes: string): void {
    if (Buffer.byteLength(notes, 'utf8') > MAX_VALUE_BYTES) throw new UserError(`the notes of run ${id} are over the 1 MB limit; they were not stored`);
    this.requireRun(id);
    this.db.prepare('UPDATE runs SET notes = ? WHERE id = ?').run(notes, id);
  }

  addMalformedLines(id: string, count: number): void {
    if (count > 0) this.db.prepare('UPDATE runs SET malformed_lines = malformed_lines + ? WHERE id = ?').run(count, id);
  }

  /** Deletes the run with its metrics, params, tags, artifacts rows (by cascade) and its artifact folder. */
  deleteRun(id: string): void {
    this.requireRun(id);
    this.db.prepare('DELETE FROM runs WHERE id = ?').run(id);
    if (this.path !== ':memory:') rmSync(this.artifactDir(id), { recursive: true, force: true });
  }

  logParams(runId: string, params: Record<string, unknown>): void {
    const rows = Object.entries(params).map(([key, value]) => [key, paramText(key, value)] as const);
    this.requireRun(runId);
    const upsert = this.db.prepare('INSERT INTO params(run_id, key, value) VALUES (?, ?, ?) ON CONFLICT(run_id, key) DO UPDATE SET value = excluded.value');
    this.db.transaction(() => rows.forEach(([key, text]) => upsert.run(runId, key, text))).immediate();
  }

  setTags(runId: string, tags: Record<string, unknown>): void {
    const rows = Object.entries(tags).map(([key, value]) => [key, tagText(key, value)] as const);
    this.requireRun(runId);
    const upsert = this.db.prepare('INSERT INTO tags(run_id, key, value) VALUES (?, ?, ?) ON CONFLICT(run_id, key) DO UPDATE SET value = excluded.value');
    this.db.transaction(() => rows.forEach(([key, text]) => upsert.run(runId, key, text))).immediate();
  }

  deleteTag(runId: string, key: string): void {
    this.db.prepare('DELETE FROM tags WHERE run_id = ? AND key = ?').run(runId, key);
  }

  /** One transaction for the whole batch; summaries and rollups updated in it. Refused whole if any point is invalid. */
  logMetrics(runId: string, points: readonly MetricPoint[]): void {
    if (points.length === 0) return;
    this.requireRun(runId);
    this.metricsWriter.write(runId, points);
  }

  addArtifact(runId: string, artifact: ArtifactInput): void {
    this.requireRun(runId);
    this.db
      .prepare(
        `INSERT INTO artifacts(run_id, path, kind, sha256, size, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(run_id, path) DO UPDATE SET kind = excluded.kind, sha256 = excluded.sha256, size = excluded.size, created_at = excluded.created_at`,
      )
      .run(runId, artifact.path, artifact.kind ?? 'file', artifact.sha256, artifact.size, artifact.createdAt ?? Date.now());
  }

  /** Records the dataset (by path), its version (by content hash) and the run's use of it; returns the version id. */
  linkDataset(runId: string, link: DatasetLink): number {
    checkKey('dataset role', link.role);
    this.requireRun(runId);
    return this.db.transaction(() => {
      const now = Date.now();
      this.db.prepare('INSERT INTO datasets(path, created_at) VALUES (?, ?) ON CONFLICT(path) DO NOTHING').run(link.path, now);
      const datasetId = this.db.prepare('SELECT id FROM datasets WHERE path = ?').pluck().get(link.path) as number;
      this.db
        .prepare(
          `INSERT INTO dataset_versions(dataset_id, sha256, size, rows, columns, created_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT(dataset_id, sha256) DO UPDATE SET rows = coalesce(excluded.rows, rows), columns = coalesce(excluded.columns, columns)`,
        )
        .run(datasetId, link.sha256, link.size, link.rows ?? null, link.columns ?? null, now);
      const versionId = this.db.prepare('SELECT id FROM dataset_versions WHERE dataset_id = ? AND sha256 = ?').pluck().get(datasetId, link.sha256) as number;
      this.db.prepare('INSERT OR IGNORE INTO run_datasets(run_id, version_id, role) VALUES (?, ?, ?)').run(runId, versionId, link.role);
      return versionId;
    }).immediate();
  }

  /** Labels are stored as text (labelText), features as JSON; a row logged again for the same example replaces it. */
  logPredictions(runId: string, rows: readonly PredictionRow[], split = 'dev'): void {
    checkKey('prediction split', split);
    const prepared = rows.map((row) => {
      const score = row.score ?? null;
      if (score !== null && typeof score !== 'number') throw new UserError(`prediction ${String(row.exampleId)}: score must be a number, got ${typeof score}`);
      const features = row.features === undefined || row.features === null ? null : labelText(row.features);
      if (features !== null && Buffer.byteLength(features, 'utf8') > MAX_VALUE_BYTES) {
        throw new UserError(`prediction ${String(row.exampleId)}: its features are over the 1 MB limit; they were not stored`);
      }
      return [String(row.exampleId), labelText(row.yTrue), labelText(row.yPred), score !== null && Number.isNaN(score) ? null : score, features];
    });
    this.requireRun(runId);
    const insert = this.db.prepare('INSERT OR REPLACE INTO predictions(run_id, split, example_id, y_true, y_pred, score, features) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.db.transaction(() => prepared.forEach((p) => insert.run(runId, split, ...p))).immediate();
  }

  /** Newest first, each with its params, tags and metric summaries. */
  listRuns(options: ListRunsOptions = {}): RunSummary[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (options.experiment !== undefined) {
      where.push('e.name = ?');
      params.push(options.experiment);
    }
    if (options.filter) {
      where.push(`(${options.filter.where})`);
      params.push(...options.filter.params);
    }
    const sql = `SELECT ${RUN_COLUMNS} FROM ${RUN_FROM}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY r.created_at DESC, r.rowid DESC${options.limit ? ` LIMIT ${Math.floor(options.limit)}` : ''}`;
    return withDetails(this.db, this.db.prepare(sql).all(...params) as RunRow[]);
  }

  getRun(id: string): RunDetail | undefined {
    const row = this.db.prepare(`SELECT ${RUN_COLUMNS} FROM ${RUN_FROM} WHERE r.id = ?`).get(id) as RunRow | undefined;
    return row && runDetail(this.db, row);
  }
}
