import { strict as assert } from 'node:assert';
import { openStore, type Store } from '../store/store';
import { tempStorePath } from '../store/testSupport';
import { loadRunListing } from './runListing';

describe('loadRunListing (the Runs tree)', () => {
  let store: Store;
  before(() => {
    store = openStore(tempStorePath('listing'));
    store.createRun({ id: 'old', name: 'old run', experiment: 'vision', createdAt: 1000, status: 'finished' });
    store.createRun({ id: 'sweep', name: 'lr sweep', experiment: 'vision', createdAt: 2000, status: 'running' });
    store.createRun({ id: 'child', name: 'lr=0.1', experiment: 'vision', createdAt: 3000, status: 'queued', parentRunId: 'sweep' });
    store.createRun({ id: 'other', name: 'text', experiment: 'nlp', createdAt: 4000, status: 'failed' });
    store.logMetrics('old', [
      { key: 'loss', context: 'dev', value: 0.7 },
      { key: 'accuracy', context: 'dev', value: 0.5 },
      { key: 'accuracy', context: 'dev', value: 0.9 },
      { key: 'accuracy', context: 'train', value: 0.99 },
      { key: 'f1', value: 0.4 },
    ]);
    store.logMetrics('other', [
      { key: 'f1', context: 'train', value: 0.3 },
      { key: 'f1', context: 'system', value: 1 },
      { key: 'loss', context: 'dev', value: Number.NaN },
    ]);
  });
  after(() => store.close());

  it('lists every run newest first with its experiment and parent, and the experiments by name', () => {
    const listing = loadRunListing(store.db);
    assert.deepEqual(listing.experiments.map((e) => e.name), ['nlp', 'vision']);
    assert.deepEqual(listing.runs.map((r) => [r.id, r.status, r.experiment, r.parentRunId]), [
      ['other', 'failed', 'nlp', null],
      ['child', 'queued', 'vision', 'sweep'],
      ['sweep', 'running', 'vision', null],
      ['old', 'finished', 'vision', null],
    ]);
  });

  it('shows the first dev metric by name when no main metric is set, NaN as null', () => {
    const runs = new Map(loadRunListing(store.db).runs.map((r) => [r.id, r.mainMetric]));
    assert.deepEqual(runs.get('old'), { key: 'accuracy', context: 'dev', value: 0.9 });
    assert.deepEqual(runs.get('other'), { key: 'loss', context: 'dev', value: null });
    assert.equal(runs.get('sweep'), undefined);
  });

  it('follows the main metric setting: a bare key prefers dev, then no context, never system; key[context] is exact', () => {
    const f1 = new Map(loadRunListing(store.db, { mainMetric: 'f1' }).runs.map((r) => [r.id, r.mainMetric]));
    assert.deepEqual(f1.get('old'), { key: 'f1', context: '', value: 0.4 });
    assert.deepEqual(f1.get('other'), { key: 'f1', context: 'train', value: 0.3 });
    const train = new Map(loadRunListing(store.db, { mainMetric: 'accuracy[train]' }).runs.map((r) => [r.id, r.mainMetric]));
    assert.deepEqual(train.get('old'), { key: 'accuracy', context: 'train', value: 0.99 });
    assert.equal(train.get('other'), undefined);
  });
});
