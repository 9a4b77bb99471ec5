import { strict as assert } from 'node:assert';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findDataFiles } from './dataFiles';

describe('findDataFiles', () => {
  it('lists CSV, TSV, JSONL and Parquet files below the root and skips node_modules and hidden folders', async () => {
    const root = mkdtempSync(join(tmpdir(), 'mlcycle-files-'));
    mkdirSync(join(root, 'data', 'raw'), { recursive: true });
    mkdirSync(join(root, 'node_modules', 'x'), { recursive: true });
    mkdirSync(join(root, '.mlcycle'), { recursive: true });
    writeFileSync(join(root, 'data', 'train.csv'), 'a,b\n1,2\n');
    writeFileSync(join(root, 'data', 'raw', 'events.JSONL'), '{"a":1}\n');
    writeFileSync(join(root, 'data', 'notes.txt'), 'not data');
    writeFileSync(join(root, 'node_modules', 'x', 'fixture.csv'), 'a\n');
    writeFileSync(join(root, '.mlcycle', 'cache.parquet'), '');
    const files = await findDataFiles(root);
    assert.deepEqual(files.map((f) => f.path), ['data/raw/events.JSONL', 'data/train.csv']);
    assert.equal(files[1].size, 8);
  });

  it('stops at the limit', async () => {
    const root = mkdtempSync(join(tmpdir(), 'mlcycle-files-'));
    for (let i = 0; i < 10; i++) writeFileSync(join(root, `f${i}.csv`), 'a\n');
    assert.equal((await findDataFiles(root, 4)).length, 4);
  });
});
