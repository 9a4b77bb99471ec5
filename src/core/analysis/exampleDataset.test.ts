import { strict as assert } from 'node:assert';
import { UserError } from '../errors';
import { datasetOfSplit } from './exampleDataset';
import { createTestStore, seedRun, type TestStore } from './testStore';

describe('the dataset of a prediction split', () => {
  let store: TestStore;
  beforeEach(() => {
    store = createTestStore();
  });
  afterEach(() => store.close());

  const link = (runId: string, path: string, role: string) => {
    store.db.prepare('INSERT OR IGNORE INTO datasets (path, created_at) VALUES (?, 0)').run(path);
    const datasetId = store.db.prepare('SELECT id FROM datasets WHERE path = ?').pluck().get(path);
    const versionId = store.db.prepare("INSERT INTO dataset_versions (dataset_id, sha256, size, created_at) VALUES (?, ?, 1, 0)").run(datasetId, `${path}-sha`).lastInsertRowid;
    store.db.prepare('INSERT INTO run_datasets VALUES (?, ?, ?)').run(runId, versionId, role);
  };

  it('is the dataset logged with the split as its role, or a role naming the same set', () => {
    seedRun(store.db, { id: 'r' });
    link('r', '/data/train.csv', 'train');
    link('r', '/data/val.csv', 'val');
    link('r', '/data/test.csv', 'test');
    assert.equal(datasetOfSplit(store.db, 'r', 'test'), '/data/test.csv');
    assert.equal(datasetOfSplit(store.db, 'r', 'dev'), '/data/val.csv');
  });

  it('says which datasets the run logged and how to log the missing one', () => {
    seedRun(store.db, { id: 'r' });
    link('r', '/data/train.csv', 'train');
    assert.throws(() => datasetOfSplit(store.db, 'r', 'dev'), (e: Error) => e instanceof UserError && /logged: train/.test(e.message) && /log_dataset\(path, "dev"\)/.test(e.message));
  });
});
