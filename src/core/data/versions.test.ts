import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { migrations } from '../store/migrations';
import { UserError } from '../errors';
import { profileDataset } from './profile/profileDataset';
import { diffProfiles } from './profileDiff';
import { csvText, scratchFolder } from './testing';
import { datasetFileStatus, hashFile, listDatasetVersions, registerDatasetVersion } from './versions';

function storeDb(): Database.Database {
  const db = new Database(':memory:');
  db.exec(migrations[0].sql);
  return db;
}

describe('dataset versions', function () {
  this.timeout(60000);
  const files = scratchFolder();
  after(() => files.remove());

  it('hashes a file by streaming to the same SHA-256 as hashing it whole', async () => {
    const big = Buffer.alloc(5 * 1024 * 1024 + 123, 7);
    big.write('some text at the start');
    const path = files.write('blob.csv', big);
    assert.equal(await hashFile(path), createHash('sha256').update(readFileSync(path)).digest('hex'));
    await assert.rejects(hashFile(files.path('missing.csv')), UserError);
  });

  it('registers a version once per content, lists versions newest first, and tells when the file changed', async () => {
    const db = storeDb();
    const path = files.write('train.csv', csvText(['a', 'b'], [[1, 'x'], [2, 'y'], [3, 'z']]));
    const first = await registerDatasetVersion(db, path, await profileDataset(path), { key: 'data/train.csv' });
    assert.equal(first.created, true);
    assert.equal(first.version.rows, 3);
    assert.equal(first.version.columns, 2);
    assert.equal(first.version.sha256, createHash('sha256').update(readFileSync(path)).digest('hex'));
    assert.equal(first.version.profile!.rowCount, 3);
    const again = await registerDatasetVersion(db, path, await profileDataset(path), { key: 'data/train.csv' });
    assert.equal(again.created, false);
    assert.equal(again.version.id, first.version.id);
    assert.equal((db.prepare('SELECT count(*) AS n FROM dataset_versions').get() as { n: number }).n, 1);
    assert.equal((await datasetFileStatus(db, path, { key: 'data/train.csv' })).state, 'unchanged');

    writeFileSync(path, csvText(['a', 'b', 'c'], [[1, 'x', 0], [2, 'y', 0], [3, 'z', 1], [4, 'w', 1]]));
    const status = await datasetFileStatus(db, path, { key: 'data/train.csv' });
    assert.equal(status.state, 'changed');
    const second = await registerDatasetVersion(db, path, await profileDataset(path), { key: 'data/train.csv' });
    assert.equal(second.created, true);
    const versions = listDatasetVersions(db, 'data/train.csv');
    assert.deepEqual(versions.map((v) => v.id), [second.version.id, first.version.id]);
    assert.deepEqual(
      db.prepare('SELECT d.path, count(*) AS n FROM datasets d JOIN dataset_versions v ON v.dataset_id = d.id GROUP BY d.path').all(),
      [{ path: 'data/train.csv', n: 2 }],
    );
    assert.equal((await datasetFileStatus(db, files.write('other.csv', 'a\n1\n'), { key: 'data/other.csv' })).state, 'unregistered');
  });

  it('refuses to register a profile of content that has changed since, storing nothing', async () => {
    const db = storeDb();
    const path = files.write('moving.csv', 'a\n1\n2\n');
    const profile = await profileDataset(path);
    writeFileSync(path, 'a\n1\n2\n3\n');
    const later = new Date(Date.now() + 5000);
    utimesSync(path, later, later);
    await assert.rejects(registerDatasetVersion(db, path, profile), /changed after it was profiled.*profile it again/);
    assert.equal((db.prepare('SELECT count(*) AS n FROM dataset_versions').get() as { n: number }).n, 0);
  });

  it('says what changed between two profiles', async () => {
    const before = await profileDataset(files.write('v1.csv', csvText(['id', 'age', 'city'], Array.from({ length: 100 }, (_, i) => [i, 20 + (i % 30), i % 2 ? 'Paris' : 'Lyon']))));
    const after = await profileDataset(
      files.write('v2.csv', csvText(['id', 'age', 'income'], Array.from({ length: 120 }, (_, i) => [`u${i}`, i % 4 === 0 ? null : 40 + (i % 30), i * 10]))),
    );
    const diff = diffProfiles(before, after);
    assert.deepEqual(diff.rows, { before: 100, after: 120, change: 20, changePercent: 20 });
    assert.deepEqual(diff.columnsAdded, ['income']);
    assert.deepEqual(diff.columnsRemoved, ['city']);
    assert.deepEqual(diff.typeChanges, [{ column: 'id', before: 'BIGINT', after: 'VARCHAR' }]);
    assert.deepEqual(diff.missingChanges, [{ column: 'age', beforePercent: 0, afterPercent: 25 }]);
    assert.equal(diff.meanShifts[0].column, 'age');
    assert.ok(diff.meanShifts[0].shiftInStd > 2);
    assert.match(diff.summary.join('\n'), /Columns added: income\.\nColumns removed: city\.\n"id" changed type from BIGINT to VARCHAR\.\nRows: 100 → 120 \(\+20, \+20\.0%\)\./);
    assert.equal(diffProfiles(before, before).unchanged, true);
  });
});
