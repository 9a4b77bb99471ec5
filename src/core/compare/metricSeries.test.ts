import { strict as assert } from 'node:assert';
import { UserError } from '../errors';
import { openStore, type Store } from '../store/store';
import { tempStorePath } from '../store/testSupport';
import { loadCompareOverview, loadMetricSeries, seriesBudgetFor } from './metricSeries';

describe('compare view: overview and metric series', () => {
  let store: Store;
  before(() => {
    store = openStore(tempStorePath('compare-series'));
    store.createRun({ id: 'a', name: 'first', experiment: 'vision', startedAt: 5000, createdAt: 4000 });
    store.createRun({ id: 'b', name: '<img src=x onerror=alert(1)>', status: 'queued', createdAt: 7000 });
    store.createRun({ id: 'c', name: 'long' });
    store.logMetrics('a', [
      { key: 'loss', context: 'train', step: 0, ts: 5100, value: 2 },
      { key: 'loss', context: 'train', step: 1, ts: 5200, value: Number.NaN },
      { key: 'loss', context: 'train', step: 2, ts: 5300, value: Infinity },
      { key: 'acc', context: 'dev', step: 0, ts: 5100, value: 0.5 },
      { key: 'cpu', context: 'system', step: 0, ts: 5100, value: 40 },
      { key: 'acc', step: 0, ts: 5100, value: 0.1 },
    ]);
    store.logMetrics('c', Array.from({ length: 5000 }, (_, step) => ({ key: 'loss', context: 'train', step, ts: step, value: step === 3333 ? 99 : 1 / (step + 1) })));
  });
  after(() => store.close());

  it('lists the runs in the order asked, the runs gone, and each metric once with system metrics last', () => {
    const overview = loadCompareOverview(store.db, ['c', 'gone', 'b', 'a', 'c']);
    assert.deepEqual(overview.runs.map((r) => [r.id, r.name]), [['c', 'long'], ['b', '<img src=x onerror=alert(1)>'], ['a', 'first']]);
    assert.deepEqual(overview.missingRunIds, ['gone']);
    assert.equal(overview.runs.find((r) => r.id === 'a')!.startedAt, 5000);
    assert.equal(overview.runs.find((r) => r.id === 'b')!.startedAt, 7000, 'a run not started yet counts from its creation');
    assert.deepEqual(overview.metrics.map((m) => [m.columnId, m.label, m.runCount]), [
      ['metrics.acc', 'acc', 1],
      ['metrics.acc[dev]', 'acc [dev]', 1],
      ['metrics.loss[train]', 'loss [train]', 2],
      ['metrics.cpu[system]', 'cpu [system]', 1],
    ]);
  });

  it('reads one metric of many runs, only those that logged it, with non-finite values as gaps', () => {
    const model = loadMetricSeries(store.db, { runIds: ['a', 'b', 'c'], key: 'loss', context: 'train', budget: 100 });
    assert.deepEqual(model.series.map((s) => s.runId), ['a', 'c']);
    const [a, c] = model.series;
    assert.deepEqual([a.step, a.ts, a.value, a.downsampled], [[0, 1, 2], [5100, 5200, 5300], [2, null, null], false]);
    assert.equal(c.total, 5000);
    assert.ok(c.downsampled && c.step.length <= 100, `${c.step.length} points`);
    assert.ok(c.value.includes(99), 'the spike survives downsampling');
    assert.deepEqual([c.step[0], c.step[c.step.length - 1]], [0, 4999]);
  });

  it('gives each run a smaller share of a chart\'s points as runs are added, within 300..2000', () => {
    assert.deepEqual([1, 5, 10, 20, 50, 100, 1000].map(seriesBudgetFor), [2000, 2000, 1500, 750, 300, 300, 300]);
  });

  it('says what is wrong with a read it cannot do', () => {
    assert.throws(() => loadMetricSeries(store.db, { runIds: ['a'], key: '' }), UserError);
    assert.throws(() => loadMetricSeries(store.db, { runIds: ['c'], key: 'loss', context: 'train', budget: 2 }), /budget of at least 8/);
  });
});
