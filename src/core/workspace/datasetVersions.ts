import { isAbsolute, join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { DatasetProfile } from '../data/profile/types';
import type { VersionStatusView, VersionView } from '../../protocol/dataExplorer';

/** A version of a workspace file, whichever key it was stored under. */
export interface FileVersion extends VersionView {
  /** The dataset key it is stored under (workspace-relative path, or the absolute path the Python client logs). */
  key: string;
  size: number;
}

/**
 * The keys a workspace file's versions are stored under: the workspace-relative path (registered from the editor,
 * portable) and the absolute path (the Python client's log_dataset records os.path.abspath).
 */
export function datasetKeys(root: string, path: string): string[] {
  if (isAbsolute(path)) return [path];
  return [path, join(root, path)];
}

interface VersionRow {
  key: string;
  id: number;
  sha256: string;
  size: number;
  rows: number | null;
  columns: number | null;
  created_at: number;
  has_profile: number;
}

interface RunLinkRow {
  version_id: number;
  role: string;
  run_id: string;
  run_name: string;
}

/**
 * Versions of each file (workspace-relative paths), newest first, numbered from the oldest. A content registered
 * under both keys (by the editor and by a run) is one version: the one with a profile, with every run that used it.
 */
export function versionsOfFiles(db: Database, root: string, paths: string[]): Map<string, FileVersion[]> {
  const keyToPath = new Map<string, string>();
  for (const path of paths) for (const key of datasetKeys(root, path)) keyToPath.set(key, path);
  const result = new Map<string, FileVersion[]>(paths.map((p) => [p, []]));
  if (!paths.length) return result;
  const rows = db
    .prepare(
      `SELECT d.path AS key, v.id, v.sha256, v.size, v.rows, v.columns, v.created_at, v.profile IS NOT NULL AS has_profile
       FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id
       WHERE d.path IN (SELECT value FROM json_each(?))
       ORDER BY v.created_at, v.id`,
    )
    .all(JSON.stringify([...keyToPath.keys()])) as VersionRow[];
  const links = db
    .prepare(
      `SELECT rd.version_id, rd.role, r.id AS run_id, r.name AS run_name
       FROM run_datasets rd JOIN runs r ON r.id = rd.run_id
       WHERE rd.version_id IN (SELECT value FROM json_each(?))
       ORDER BY r.created_at, rd.role`,
    )
    .all(JSON.stringify(rows.map((r) => r.id))) as RunLinkRow[];
  const runsOf = new Map<number, VersionView['runs']>();
  for (const link of links) {
    const runs = runsOf.get(link.version_id) ?? [];
    runs.push({ runId: link.run_id, runName: link.run_name, role: link.role });
    runsOf.set(link.version_id, runs);
  }
  const bySha = new Map<string, Map<string, FileVersion>>();
  for (const row of rows) {
    const path = keyToPath.get(row.key)!;
    const seen = bySha.get(path) ?? new Map<string, FileVersion>();
    bySha.set(path, seen);
    const runs = runsOf.get(row.id) ?? [];
    const earlier = seen.get(row.sha256);
    if (!earlier) {
      seen.set(row.sha256, toVersion(row, runs));
      continue;
    }
    earlier.runs.push(...runs);
    if (!earlier.hasProfile && row.has_profile) Object.assign(earlier, { id: row.id, key: row.key, hasProfile: true, rows: row.rows, columns: row.columns });
  }
  for (const [path, seen] of bySha) {
    const chronological = [...seen.values()];
    chronological.forEach((v, i) => (v.number = i + 1));
    result.set(path, chronological.reverse());
  }
  return result;
}

function toVersion(row: VersionRow, runs: VersionView['runs']): FileVersion {
  return {
    id: row.id,
    number: 0,
    key: row.key,
    sha256: row.sha256,
    size: row.size,
    rows: row.rows,
    columns: row.columns,
    createdAt: row.created_at,
    runs: [...runs],
    hasProfile: row.has_profile === 1,
  };
}

/** Whether a file whose content hashes to `sha256` is still its latest version (versions newest first). */
export function fileVersionStatus(versions: FileVersion[], sha256: string): Exclude<VersionStatusView, { state: 'no-store' }> {
  if (!versions.length) return { state: 'unregistered' };
  const [latest] = versions;
  if (latest.sha256 === sha256) return { state: 'unchanged', version: latest, versionCount: versions.length };
  return { state: 'changed', latest, matchesOlder: versions.find((v) => v.sha256 === sha256) ?? null, versionCount: versions.length };
}

/** The profile stored with a version, or null when it has none (a version only logged by a run). */
export function versionProfile(db: Database, versionId: number): DatasetProfile | null {
  const row = db.prepare('SELECT profile FROM dataset_versions WHERE id = ?').get(versionId) as { profile: string | null } | undefined;
  return row?.profile ? (JSON.parse(row.profile) as DatasetProfile) : null;
}

/** A version by id with the key it is stored under, or undefined. */
export function versionRecord(db: Database, versionId: number): { key: string; sha256: string; createdAt: number } | undefined {
  return db
    .prepare('SELECT d.path AS key, v.sha256, v.created_at AS createdAt FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id WHERE v.id = ?')
    .get(versionId) as { key: string; sha256: string; createdAt: number } | undefined;
}
