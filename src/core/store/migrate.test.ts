import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { UserError } from '../errors';
import { findMigrationsDir, latestSchemaVersion, loadMigrations, migrations } from './migrations';
import { openStore } from './store';
import { tempStorePath } from './testSupport';

const refusedNaming = (path: string, pattern: RegExp) => (e: unknown) => e instanceof UserError && e.message.includes(path) && pattern.test(e.message);

function storeWithOneRun(label: string): string {
  const path = tempStorePath(label);
  const store = openStore(path);
  store.logMetrics(store.createRun({ id: 'keep' }).id, [{ key: 'loss', value: 0.5 }]);
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  store.close();
  return path;
}

describe('store migrations', () => {
  it('are read from the SQL files the Python client also reads, numbered from 1', () => {
    assert.match(findMigrationsDir(), /python[/\\]mlcycle[/\\]migrations$/);
    assert.deepEqual(migrations.map((m) => m.version), Array.from({ length: latestSchemaVersion }, (_, i) => i + 1));
    assert.match(migrations[0].sql, /CREATE TABLE metrics \(/);
    assert.deepEqual(loadMigrations(), migrations);
  });

  it('copy the file before migrating it, then migrate it', () => {
    const path = storeWithOneRun('backup');
    const next = [...migrations, { version: latestSchemaVersion + 1, name: 'run colour', sql: "ALTER TABLE runs ADD COLUMN colour TEXT NOT NULL DEFAULT 'blue';" }];
    const store = openStore(path, { migrations: next });
    try {
      assert.equal(store.migration.backupPath, `${path}.bak-v${latestSchemaVersion}`);
      assert.equal(store.db.pragma('user_version', { simple: true }), latestSchemaVersion + 1);
      assert.equal(store.db.prepare("SELECT colour FROM runs WHERE id = 'keep'").pluck().get(), 'blue');
    } finally {
      store.close();
    }
    const backup = new Database(store.migration.backupPath!, { readonly: true });
    try {
      assert.equal(backup.pragma('user_version', { simple: true }), latestSchemaVersion);
      assert.equal(backup.prepare('SELECT count(*) FROM metrics').pluck().get(), 1);
      assert.equal(backup.prepare("SELECT count(*) FROM pragma_table_info('runs') WHERE name = 'colour'").pluck().get(), 0);
    } finally {
      backup.close();
    }
  });

  it('leave the file at its old version when a migration fails', () => {
    const path = storeWithOneRun('failing');
    const broken = [...migrations, { version: latestSchemaVersion + 1, name: 'broken', sql: 'ALTER TABLE runs ADD COLUMN x TEXT; ALTER TABLE nowhere ADD COLUMN y TEXT;' }];
    assert.throws(() => openStore(path, { migrations: broken }), /no such table: nowhere/);
    const store = openStore(path);
    try {
      assert.equal(store.db.pragma('user_version', { simple: true }), latestSchemaVersion);
      assert.equal(store.db.prepare("SELECT count(*) FROM pragma_table_info('runs') WHERE name = 'x'").pluck().get(), 0);
      assert.equal(store.getRun('keep')!.metrics[0].last, 0.5);
    } finally {
      store.close();
    }
  });

  it('refuse a file from a newer schema, naming it, and leave its bytes unchanged', () => {
    const path = storeWithOneRun('newer');
    const db = new Database(path);
    db.pragma(`user_version = ${latestSchemaVersion + 5}`);
    db.close();
    const before = readFileSync(path);
    assert.throws(() => openStore(path), refusedNaming(path, /newer mlcycle \(store schema version \d+; this mlcycle knows up to \d+\)/));
    assert.deepEqual(readFileSync(path), before);
  });

  it('refuse a SQLite database that is not a store', () => {
    const path = tempStorePath('foreign');
    openStore(path).close();
    const other = path.replace(/mlcycle\.db$/, 'other.db');
    const db = new Database(other);
    db.exec('CREATE TABLE customers (id INTEGER)');
    db.close();
    const before = readFileSync(other);
    assert.throws(() => openStore(other), refusedNaming(other, /not an mlcycle store/));
    assert.deepEqual(readFileSync(other), before);
  });

  it('refuse a file that is not SQLite at all, or truncated, naming it, never overwriting it', () => {
    const garbage = tempStorePath('garbage');
    openStore(garbage).close();
    writeFileSync(garbage, 'these are my notes, not a database\n'.repeat(200));
    const garbageBytes = readFileSync(garbage);
    assert.throws(() => openStore(garbage), refusedNaming(garbage, /not an mlcycle store \(not a SQLite database/));
    assert.deepEqual(readFileSync(garbage), garbageBytes);

    const truncated = storeWithOneRun('truncated');
    truncateSync(truncated, Math.floor(readFileSync(truncated).length / 2));
    const truncatedBytes = readFileSync(truncated);
    assert.throws(() => openStore(truncated), refusedNaming(truncated, /is truncated/));
    assert.deepEqual(readFileSync(truncated), truncatedBytes);

    const stub = tempStorePath('stub');
    openStore(stub).close();
    writeFileSync(stub, readFileSync(truncated).subarray(0, 50));
    assert.throws(() => openStore(stub), refusedNaming(stub, /not a SQLite database, or truncated/));
  });

  it('refuse a file whose pages are damaged, naming it', () => {
    const path = storeWithOneRun('damaged');
    const bytes = readFileSync(path);
    // Page 2 onward: the schema's tables. Overwrite with noise but keep the header valid.
    const pageSize = bytes.readUInt16BE(16);
    for (let i = pageSize; i < bytes.length; i++) bytes[i] = (i * 7919) & 0xff;
    writeFileSync(path, bytes);
    assert.throws(
      () => {
        const store = openStore(path);
        try {
          store.listRuns();
        } finally {
          store.close();
        }
      },
      refusedNaming(path, /is damaged/),
    );
    assert.deepEqual(readFileSync(path), bytes);
  });

  it('refuse a folder given as the store file', () => {
    const path = tempStorePath('folder');
    mkdirSync(path, { recursive: true });
    assert.throws(() => openStore(path), refusedNaming(path, /is a folder, not a store file/));
  });

  it('treat an empty file as a new store', () => {
    const path = tempStorePath('empty');
    openStore(path).close();
    writeFileSync(path, '');
    for (const suffix of ['-wal', '-shm']) if (existsSync(path + suffix)) writeFileSync(path + suffix, '');
    const store = openStore(path);
    assert.equal(store.db.pragma('user_version', { simple: true }), latestSchemaVersion);
    store.close();
  });
});
