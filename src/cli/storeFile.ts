import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { resolveStorePath } from '../core/store/location';
import { CliError, type CliIo } from './command';

/** Opens the store a command names (--db, else MLCYCLE_DB, else .mlcycle/mlcycle.db); refuses a missing file or one that is not a store. */
export function openStoreFile(io: CliIo, explicit: string | undefined, mode: { readonly: boolean }): Database.Database {
  const path = resolveStorePath(io.cwd, { explicit, env: io.env });
  if (!existsSync(path)) throw new CliError(`no store at ${path}: run a training script with mlcycle first, or point --db or MLCYCLE_DB at a store`);
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: mode.readonly, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    const tables = db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('experiments', 'runs', 'metrics', 'predictions')").pluck().get();
    if (tables !== 4) {
      db.close();
      throw new CliError(`${path} is not an mlcycle store (it lacks the runs tables): point --db at .mlcycle/mlcycle.db`);
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot read ${path} as an mlcycle store: ${(error as Error).message}`);
  }
  return db;
}

/** The single value of a flag given at most once. */
export function flagValue(flags: Map<string, string[]>, name: string): string | undefined {
  const values = flags.get(name);
  if (values && values.length > 1) throw new CliError(`--${name} is given ${values.length} times; give it once`);
  return values?.[0];
}
