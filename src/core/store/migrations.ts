import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Numbered schema migrations. The SQL lives in python/mlcycle/migrations/NNN_name.sql — one copy, read here and
 * by the Python client, which must be able to create the store without the extension. A metric value NULL is NaN
 * (SQLite has no NaN); ±Infinity is stored as is. Params hold JSON text (any JSON type); tags hold plain text.
 * Each migration runs in its own transaction; the file is copied before the first one runs (see migrate.ts).
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const MIGRATIONS_DIR = join('python', 'mlcycle', 'migrations');

/** Walks up from this file: the folder is at the package root, above out/src/core/store/ and dist/ alike. */
export function findMigrationsDir(start = __dirname): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, MIGRATIONS_DIR);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) {
      throw new Error(`mlcycle is incomplete: no ${MIGRATIONS_DIR} folder above ${start}. Reinstall mlcycle.`);
    }
  }
}

export function loadMigrations(dir = findMigrationsDir()): Migration[] {
  const found = readdirSync(dir)
    .map((file) => /^(\d+)_(.+)\.sql$/.exec(file))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ version: Number(m[1]), name: m[2].replace(/_/g, ' '), sql: readFileSync(join(dir, m[0]), 'utf8') }))
    .sort((a, b) => a.version - b.version);
  found.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`mlcycle is incomplete: migration ${i + 1} is missing from ${dir}.`);
  });
  return found;
}

export const migrations: Migration[] = loadMigrations();

export const latestSchemaVersion = migrations[migrations.length - 1].version;
