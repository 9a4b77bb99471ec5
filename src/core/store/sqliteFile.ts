import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { UserError } from '../errors';

const HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Refuses, before SQLite touches it, a file that is not a SQLite database or is shorter than its own header says:
 * opening such a file for writing could let SQLite "repair" it into an empty store. Cheap: reads 100 bytes.
 */
export function checkSqliteFile(path: string): void {
  if (!existsSync(path)) return;
  const info = statSync(path);
  if (info.isDirectory()) throw new UserError(`${path} is a folder, not a store file; point --db or MLCYCLE_DB at a file such as ${path}/mlcycle.db`);
  const size = info.size;
  if (size === 0) return;
  const header = Buffer.alloc(100);
  const fd = openSync(path, 'r');
  let read: number;
  try {
    read = readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (read < 100 || !header.subarray(0, 16).equals(HEADER)) {
    throw new UserError(`${path} is not an mlcycle store (not a SQLite database${read < 100 ? ', or truncated' : ''}). ` + `Nothing was changed; point --db or MLCYCLE_DB at the right file, or move this one away.`);
  }
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  const pageCount = header.readUInt32BE(28);
  const pageCountIsValid = header.readUInt32BE(24) === header.readUInt32BE(92) && pageCount > 0;
  // A non-empty -wal can legitimately hold pages a crashed checkpoint had not yet copied into the file.
  const walPending = existsSync(`${path}-wal`) && statSync(`${path}-wal`).size > 0;
  if (pageCountIsValid && !walPending && size < pageCount * pageSize) {
    throw new UserError(`${path} is truncated: it holds ${size} bytes, its header says ${pageCount * pageSize}. ` + `Nothing was changed; restore it from a backup (mlcycle keeps ${path}.bak-v* copies before migrations).`);
  }
}

/** SQLite's own verdict on a damaged file, turned into a message that names the file. */
export function corruptionError(path: string, error: unknown): UserError | undefined {
  const code = (error as { code?: string }).code;
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || code?.startsWith('SQLITE_CORRUPT_')) {
    return new UserError(`${path} is damaged (${(error as Error).message}). Nothing was changed; restore it from a backup or point --db or MLCYCLE_DB at another file.`);
  }
  return undefined;
}
