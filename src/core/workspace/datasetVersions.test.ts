import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DataEngine, DatasetSession, detectDriftBetween, hashFile, profileDataset, registerDatasetVersion } from '../data';
import { openStore } from '../store/store';
import { tempStorePath } from '../store/testSupport';
import { snapshotPath, writeSnapshot } from './datasetSnapshots';
import { fileVersionStatus, versionProfile, versionsOfFiles } from './datasetVersions';

function workspaceWithStore() {
  const storePath = tempStorePath('versions');
  const root = dirname(dirname(storePath));
  mkdirSync(join(root, 'data'));
  return { root, storePath, store: openStore(storePath) };
}

describe('dataset versions of workspace files', () => {
  it('merges versions registered by the editor (relative key) and logged by runs (absolute key), numbered from the oldest', async () => {
    const { root, store } = workspaceWithStore();
    try {
      const file = join(root, 'data', 'train.csv');
      writeFileSync(file, 'x,label\n1,a\n2,b\n3,a\n');
      const first = await registerDatasetVersion(store.db, file, await profileDataset(file), { key: 'data/train.csv' });
      const run = store.createRun({ name: 'baseline' });
      store.linkDataset(run.id, { path: file, sha256: first.version.sha256, size: first.version.size, role: 'train' });
      writeFileSync(file, 'x,label\n1,a\n2,b\n3,a\n4,b\n');
      const second = store.createRun({ name: 'more-data' });
      const sha = await hashFile(file);
      store.linkDataset(second.id, { path: file, sha256: sha, size: 27, role: 'train' });

      const versions = versionsOfFiles(store.db, root, ['data/train.csv', 'data/dev.csv']);
      assert.deepEqual(versions.get('data/dev.csv'), []);
      const train = versions.get('data/train.csv')!;
      assert.deepEqual(train.map((v) => v.number), [2, 1], 'newest first, numbered from the oldest');
      assert.equal(train[1].sha256, first.version.sha256);
      assert.equal(train[1].id, first.version.id, 'the registered version (with its profile) stands for the content');
      assert.equal(train[1].hasProfile, true);
      assert.equal(train[1].rows, 3);
      assert.deepEqual(train[1].runs.map((r) => [r.runName, r.role]), [['baseline', 'train']]);
      assert.equal(train[0].hasProfile, false, 'a version only logged by a run has no profile');
      assert.deepEqual(train[0].runs.map((r) => r.runName), ['more-data']);

      assert.deepEqual(fileVersionStatus(train, sha), { state: 'unchanged', version: train[0], versionCount: 2 });
      const changed = fileVersionStatus(train, first.version.sha256);
      assert.equal(changed.state, 'changed');
      assert.equal(changed.state === 'changed' && changed.matchesOlder?.number, 1, 'the file went back to version 1');
      assert.deepEqual(fileVersionStatus([], sha), { state: 'unregistered' });
      assert.equal(versionProfile(store.db, first.version.id)?.rowCount, 3);
      assert.equal(versionProfile(store.db, train[0].id), null);
    } finally {
      store.close();
    }
  });

  it('keeps a registered version as a Parquet snapshot that drift can read after the file changed', async () => {
    const { root, storePath, store } = workspaceWithStore();
    const file = join(root, 'data', 'events.csv');
    writeFileSync(file, ['amount,city', ...Array.from({ length: 200 }, (_, i) => `${i % 50},${i % 2 ? 'Paris' : 'Lyon'}`)].join('\n'));
    const engine = await DataEngine.create({ memoryLimit: '256MB' });
    try {
      const session = await DatasetSession.open(file, { engine });
      const sha = await hashFile(file);
      const target = snapshotPath(storePath, sha);
      await writeSnapshot(session, target);
      assert.ok(existsSync(target));
      assert.equal(target, join(root, '.mlcycle', 'datasets', `${sha}.parquet`));
      writeFileSync(file, ['amount,city', ...Array.from({ length: 200 }, (_, i) => `${1000 + i},${i % 2 ? 'Paris' : 'Lyon'}`)].join('\n'));
      const snapshot = await DatasetSession.open(target, { engine });
      const now = await DatasetSession.open(file, { engine });
      assert.deepEqual(snapshot.columns.map((c) => [c.name, c.family]), [['amount', 'numeric'], ['city', 'string']]);
      const report = await detectDriftBetween(snapshot, now);
      assert.equal(report.reference.rows, 200);
      assert.equal(report.columns.find((c) => c.column === 'amount')?.drifted, true, 'the amounts moved far away');
      assert.equal(report.columns.find((c) => c.column === 'city')?.drifted, false);
    } finally {
      engine.close();
      store.close();
    }
  });
});
