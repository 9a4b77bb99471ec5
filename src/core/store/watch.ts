import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type Database from 'better-sqlite3';

export interface StoreWatch {
  close(): void;
}

/**
 * Calls onChange when another connection commits to the store. File events on the store's folder (the -wal file
 * changes on every commit) trigger a check of PRAGMA data_version, which changes only for other connections'
 * commits; a slow timer covers file systems without events. Bursts are coalesced to one call per `minIntervalMs`.
 */
export function watchStore(db: Database.Database, dbPath: string, onChange: () => void, options: { minIntervalMs?: number; fallbackMs?: number } = {}): StoreWatch {
  const { minIntervalMs = 300, fallbackMs = 3000 } = options;
  let lastVersion = db.pragma('data_version', { simple: true }) as number;
  let timer: NodeJS.Timeout | undefined;
  let lastFired = 0;
  let closed = false;

  const check = () => {
    timer = undefined;
    if (closed || !db.open) return;
    let version: number;
    try {
      version = db.pragma('data_version', { simple: true }) as number;
    } catch {
      return;
    }
    if (version === lastVersion) return;
    lastVersion = version;
    lastFired = Date.now();
    onChange();
  };
  const schedule = () => {
    if (timer || closed) return;
    timer = setTimeout(check, Math.max(0, lastFired + minIntervalMs - Date.now()));
  };

  const name = basename(dbPath);
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dirname(dbPath), (_event, file) => {
      if (!file || file.toString().startsWith(name)) schedule();
    });
    watcher.on('error', () => undefined);
  } catch {
    watcher = undefined;
  }
  const fallback = setInterval(schedule, fallbackMs);
  fallback.unref();
  return {
    close() {
      closed = true;
      watcher?.close();
      clearInterval(fallback);
      if (timer) clearTimeout(timer);
    },
  };
}
