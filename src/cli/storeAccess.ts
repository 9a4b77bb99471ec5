import { corruptionError } from '../core/store/sqliteFile';
import { openStore, type Store } from '../core/store/store';
import { resolveStorePath } from '../core/store/location';
import type { CliIo } from './command';

/** --db, else MLCYCLE_DB, else .mlcycle/mlcycle.db under the working folder. */
export function storePath(db: string | undefined, io: CliIo): string {
  return resolveStorePath(io.cwd, { explicit: db, env: io.env });
}

/**
 * Runs body over the store and closes it. A damaged page met halfway through a command becomes the same
 * one-line message naming the file as one met when opening it.
 */
export async function withStore<T>(path: string, options: { mustExist: boolean }, body: (store: Store) => T | Promise<T>): Promise<T> {
  const store = openStore(path, { mustExist: options.mustExist });
  try {
    return await body(store);
  } catch (error) {
    throw corruptionError(path, error) ?? error;
  } finally {
    store.close();
  }
}

/** JSON for people and scripts: NaN and ±Infinity kept as the strings "NaN", "Infinity", "-Infinity". */
export function jsonText(value: unknown, indent = 2): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), indent);
}

export function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => (error ? reject(error) : resolve()));
  });
}
