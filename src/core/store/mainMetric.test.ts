import { strict as assert } from 'node:assert';
import { openStore } from './store';
import { mainMetricOf } from './mainMetric';

describe('mainMetricOf', () => {
  it('prefers the named metric, then the dev series with most points, and never system metrics', () => {
    const store = openStore(':memory:');
    const run = store.createRun({ name: 'r' });
    assert.equal(mainMetricOf(store.db, run.id), undefined);
    store.logMetrics(run.id, [
      { key: 'cpu_percent', value: 90, step: 9, context: 'system' },
      { key: 'loss', value: 0.5, step: 3, context: 'train' },
      { key: 'accuracy', value: 0.8, step: 2, context: 'dev' },
      { key: 'accuracy', value: 0.9, step: 3, context: 'train' },
      { key: 'accuracy', value: 0.85, step: 3, context: 'dev' },
      { key: 'accuracy_by_train_size', value: 0.7, step: 900, context: 'dev' },
    ]);
    assert.deepEqual(mainMetricOf(store.db, run.id), { key: 'accuracy', context: 'dev', value: 0.85, step: 3 });
    assert.deepEqual(mainMetricOf(store.db, run.id, 'loss'), { key: 'loss', context: 'train', value: 0.5, step: 3 });
    assert.equal(mainMetricOf(store.db, run.id, 'f1')?.key, 'accuracy', 'a metric the run lacks falls back to the usual choice');
  });
});
