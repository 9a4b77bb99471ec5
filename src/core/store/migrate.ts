import { existsSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { UserError } from '../errors';
import type { Migration } from './migrations';

export interface MigrationOutcome {
  from: number;
  to: number;
  /** The copy taken before migrating a file that already held a store. */
  backupPath?: string;
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Refuses a file it must not touch (a newer schema, a foreign SQLite database), otherwise brings it to the latest
 * version: a copy first (`<file>.bak-v<from>`), then each migration in its own IMMEDIATE transaction that re-reads
 * the version, so several processes opening a new or old file at once migrate it exactly once.
 */
export function migrate(db: Database.Database, path: string, migrations: Migration[]): MigrationOutcome {
  const latest = migrations[migrations.length - 1].version;
  const from = schemaVersion(db);
  refuseUnknown(db, path, from, latest);
  if (from === latest) return { from, to: latest };
  const backupPath = from > 0 ? backUp(db, path, from) : undefined;
  for (const migration of migrations.filter((m) => m.version > from)) {
    db.transaction(() => {
      const current = schemaVersion(db);
      refuseUnknown(db, path, current, latest);
      if (current >= migration.version) return;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
  return { from, to: latest, backupPath };
}

/** Reads only: safe to call before any pragma that writes to the file. */
export function checkOpenable(db: Database.Database, path: string, latest: number): void {
  refuseUnknown(db, path, schemaVersion(db), latest);
}

function refuseUnknown(db: Database.Database, path: string, version: number, latest: number): void {
  if (version > latest) {
    throw new UserError(
      `${path} was written by a newer mlcycle (store schema version ${version}; this mlcycle knows up to ${latest}). ` +
        `Update mlcycle to open it; the file was not changed.`,
    );
  }
  if (version === 0 && (db.prepare('SELECT count(*) AS n FROM sqlite_master').get() as { n: number }).n > 0) {
    throw new UserError(`${path} is a SQLite database but not an mlcycle store. Nothing was changed; point --db or MLCYCLE_DB at another file.`);
  }
}

/** VACUUM INTO writes a consistent copy even while other processes write through the WAL. */
function backUp(db: Database.Database, path: string, from: number): string | undefined {
  if (path === ':memory:') return undefined;
  let target = `${path}.bak-v${from}`;
  if (existsSync(target)) target = `${path}.bak-v${from}-${Date.now()}`;
  db.prepare('VACUUM INTO ?').run(target);
  return target;
}
