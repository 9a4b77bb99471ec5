import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { watchStore } from './watch';

describe('watchStore', () => {
  it('reports another connection\'s commits, coalesced, and not its own reads', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'mlcycle-watch-')), 'mlcycle.db');
    const reader = new Database(path);
    reader.pragma('journal_mode = WAL');
    reader.exec('CREATE TABLE t (x)');
    const writer = new Database(path);
    let calls = 0;
    const watch = watchStore(reader, path, () => calls++, { minIntervalMs: 50, fallbackMs: 10_000 });
    try {
      reader.prepare('SELECT count(*) FROM t').get();
      for (let i = 0; i < 20; i++) writer.prepare('INSERT INTO t VALUES (?)').run(i);
      const deadline = Date.now() + 5000;
      while (calls === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      assert.ok(calls >= 1, 'a commit by another connection was seen');
      assert.ok(calls < 20, `bursts are coalesced (${calls} calls for 20 commits)`);
    } finally {
      watch.close();
      reader.close();
      writer.close();
    }
  });
});
