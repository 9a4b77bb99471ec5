import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runQuery } from '../data/engine';
import type { DatasetSession } from '../data/session';
import { sqlString } from '../data/values';

/**
 * Where a registered version's rows are kept so it can be compared for drift after the file changes: Parquet named
 * by the content hash, in a folder beside the store (the store itself keeps only the hash and the profile).
 */
export function snapshotPath(storePath: string, sha256: string): string {
  return join(dirname(storePath), 'datasets', `${sha256}.parquet`);
}

/** Write the session's rows as zstd Parquet (a fraction of a CSV's size); nothing to do when the snapshot exists. */
export async function writeSnapshot(session: DatasetSession, file: string, options: { signal?: AbortSignal } = {}): Promise<void> {
  if (existsSync(file)) return;
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  try {
    const relation = await session.relation({ signal: options.signal });
    await session.withConnection((connection) =>
      runQuery(connection, `COPY (SELECT * FROM ${relation.sql}) TO ${sqlString(partial)} (FORMAT parquet, COMPRESSION zstd)`, { signal: options.signal }),
    );
    renameSync(partial, file);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}
