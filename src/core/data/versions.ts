import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import type { Database } from 'better-sqlite3';
import { CancelledError, UserError } from '../errors';
import type { DatasetProfile } from './profile/types';

/** SHA-256 of the file's bytes, streamed (constant memory whatever the size). */
export async function hashFile(path: string, options: { signal?: AbortSignal } = {}): Promise<string> {
  const hash = createHash('sha256');
  const stream = createReadStream(path, { highWaterMark: 1024 * 1024 });
  const abort = () => stream.destroy(new CancelledError());
  options.signal?.addEventListener('abort', abort);
  try {
    for await (const chunk of stream) hash.update(chunk as Buffer);
  } catch (error) {
    if (error instanceof CancelledError || options.signal?.aborted) throw new CancelledError();
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new UserError(`${path} does not exist.`);
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', abort);
  }
  return hash.digest('hex');
}

/** One registered version of a dataset: its content hash and the profile taken of it. */
export interface DatasetVersion {
  id: number;
  datasetId: number;
  path: string;
  sha256: string;
  size: number;
  rows: number | null;
  columns: number | null;
  profile: DatasetProfile | null;
  /** Milliseconds since the epoch. */
  createdAt: number;
}

interface VersionRow {
  id: number;
  dataset_id: number;
  path: string;
  sha256: string;
  size: number;
  rows: number | null;
  columns: number | null;
  profile: string | null;
  created_at: number;
}

function toVersion(row: VersionRow): DatasetVersion {
  return {
    id: row.id,
    datasetId: row.dataset_id,
    path: row.path,
    sha256: row.sha256,
    size: row.size,
    rows: row.rows,
    columns: row.columns,
    profile: row.profile ? (JSON.parse(row.profile) as DatasetProfile) : null,
    createdAt: row.created_at,
  };
}

const selectVersions = `SELECT v.id, v.dataset_id, d.path, v.sha256, v.size, v.rows, v.columns, v.profile, v.created_at
  FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id`;

/**
 * Record the file at `path` as a version of the dataset stored under `key` (default: `path`; the extension passes the
 * workspace-relative path so the store stays portable). The content is hashed now; if it no longer matches the size
 * the profile saw, the file changed after profiling and nothing is stored. Registering the same content twice
 * returns the existing version (with the new profile) and `created: false`.
 */
export async function registerDatasetVersion(db: Database, path: string, profile: DatasetProfile, options: { key?: string; signal?: AbortSignal } = {}): Promise<{ version: DatasetVersion; created: boolean }> {
  const stat = await fs.stat(path).catch(() => undefined);
  if (!stat) throw new UserError(`${path} does not exist: nothing to register.`);
  if (stat.size !== profile.sizeBytes || stat.mtime.toISOString() !== profile.modifiedAt) {
    throw new UserError(`${path} changed after it was profiled (size or modification time differ): profile it again, then register the version.`);
  }
  const sha256 = await hashFile(path, options);
  const key = options.key ?? path;
  const now = Date.now();
  const register = db.transaction(() => {
    db.prepare('INSERT INTO datasets (path, created_at) VALUES (?, ?) ON CONFLICT (path) DO NOTHING').run(key, now);
    const { id: datasetId } = db.prepare('SELECT id FROM datasets WHERE path = ?').get(key) as { id: number };
    const existing = db.prepare('SELECT id FROM dataset_versions WHERE dataset_id = ? AND sha256 = ?').get(datasetId, sha256) as { id: number } | undefined;
    const json = JSON.stringify(profile);
    if (existing) {
      db.prepare('UPDATE dataset_versions SET profile = ?, rows = ?, columns = ? WHERE id = ?').run(json, profile.rowCount, profile.columnCount, existing.id);
      return { id: existing.id, created: false };
    }
    const inserted = db
      .prepare('INSERT INTO dataset_versions (dataset_id, sha256, size, rows, columns, profile, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(datasetId, sha256, stat.size, profile.rowCount, profile.columnCount, json, now);
    return { id: Number(inserted.lastInsertRowid), created: true };
  });
  const { id, created } = register();
  return { version: toVersion(db.prepare(`${selectVersions} WHERE v.id = ?`).get(id) as VersionRow), created };
}

/** Versions of the dataset stored under `key` (a path as registered), newest first. */
export function listDatasetVersions(db: Database, key: string): DatasetVersion[] {
  return (db.prepare(`${selectVersions} WHERE d.path = ? ORDER BY v.created_at DESC, v.id DESC`).all(key) as VersionRow[]).map(toVersion);
}

export type DatasetFileStatus =
  | { state: 'unregistered'; sha256: string }
  | { state: 'unchanged'; sha256: string; version: DatasetVersion }
  | { state: 'changed'; sha256: string; latest: DatasetVersion; matchesOlder: DatasetVersion | null };

/** Whether the file at `path` is still the latest registered version of `key` (hashes the file). */
export async function datasetFileStatus(db: Database, path: string, options: { key?: string; signal?: AbortSignal } = {}): Promise<DatasetFileStatus> {
  const sha256 = await hashFile(path, options);
  const versions = listDatasetVersions(db, options.key ?? path);
  if (!versions.length) return { state: 'unregistered', sha256 };
  if (versions[0].sha256 === sha256) return { state: 'unchanged', sha256, version: versions[0] };
  return { state: 'changed', sha256, latest: versions[0], matchesOlder: versions.find((v) => v.sha256 === sha256) ?? null };
}
