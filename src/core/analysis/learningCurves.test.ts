import { strict as assert } from 'node:assert';
import { setBaseline } from './baseline';
import { learningCurves } from './learningCurves';
import { createTestStore, seedMetrics, seedRun, type SeedMetric, type TestStore } from './testStore';

const round = (x: number) => Math.round(x * 1e9) / 1e9;

describe('learning curves', () => {
  let store: TestStore;
  beforeEach(() => {
    store = createTestStore();
  });
  afterEach(() => store.close());

  it('draws train and dev error against step, with the baseline', () => {
    seedRun(store.db, { id: 'r', experiment: 'e' });
    setBaseline(store.db, 'e', 0.05);
    seedMetrics(store.db, 'r', [0.6, 0.7, 0.8].flatMap((acc, step) => [{ key: 'accuracy', context: 'train', step, value: acc }, { key: 'accuracy', context: 'dev', step, value: acc - 0.1 }]));
    const model = learningCurves(store.db, 'r');
    assert.equal(model.baselineError, 0.05);
    assert.deepEqual(model.byStep.map((s) => s.set), ['train', 'dev']);
    assert.deepEqual(model.byStep[0].points.map((p) => [p.x, round(p.error)]), [[0, 0.4], [1, 0.3], [2, 0.2]]);
    assert.deepEqual(model.byStep[1].points.map((p) => round(p.error)), [0.5, 0.4, 0.3]);
    assert.ok(model.missing.some((m) => m.optional && /training-set sizes/.test(m.what)));
  });

  it('averages a long series into at most maxPoints buckets', () => {
    seedRun(store.db, { id: 'long' });
    seedMetrics(store.db, 'long', Array.from({ length: 100 }, (_, step): SeedMetric => ({ key: 'loss', context: 'train', step, value: step % 2 })));
    const model = learningCurves(store.db, 'long', { maxPoints: 10 });
    const train = model.byStep[0];
    assert.equal(train.downsampled, true);
    assert.equal(train.points.length, 10);
    assert.deepEqual(train.points.map((p) => p.error), Array(10).fill(0.5));
    assert.deepEqual(train.points.map((p) => p.x), [0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
  });

  it('pairs errors with a train_size metric logged at the same steps', () => {
    seedRun(store.db, { id: 'sizes' });
    const sizes = [100, 200, 400];
    seedMetrics(store.db, 'sizes', sizes.flatMap((size, step) => [
      { key: 'train_size', step, value: size },
      { key: 'accuracy', context: 'train', step, value: 0.99 - step * 0.01 },
      { key: 'accuracy', context: 'dev', step, value: 0.7 + step * 0.1 },
    ]));
    const model = learningCurves(store.db, 'sizes');
    assert.equal(model.byTrainSize.source, 'train_size metric');
    const dev = model.byTrainSize.series.find((s) => s.set === 'dev')!;
    assert.deepEqual(dev.points.map((p) => [p.x, round(p.error)]), [[100, 0.3], [200, 0.2], [400, 0.1]]);
  });

  it('reads steps as sizes in a run tagged curve=train_size', () => {
    seedRun(store.db, { id: 'tagged', tags: { curve: 'train_size' } });
    seedMetrics(store.db, 'tagged', [{ key: 'accuracy', context: 'dev', step: 500, value: 0.8 }, { key: 'accuracy', context: 'dev', step: 1000, value: 0.9 }]);
    const model = learningCurves(store.db, 'tagged');
    assert.deepEqual(model.byStep, []);
    assert.equal(model.byTrainSize.source, 'steps are training-set sizes');
    assert.deepEqual(model.byTrainSize.series[0].points.map((p) => [p.x, round(p.error)]), [[500, 0.2], [1000, 0.1]]);
  });

  it('takes the curve by size from the run tagged curve=train_size and curve_of=<this run>, keeping its own epochs', () => {
    seedRun(store.db, { id: 'main', createdAt: 1 });
    seedMetrics(store.db, 'main', [1, 2].flatMap((step) => [{ key: 'accuracy', context: 'train', step, value: 0.9 }, { key: 'accuracy', context: 'dev', step, value: 0.8 }]));
    seedRun(store.db, { id: 'old-curve', tags: { curve: 'train_size', curve_of: 'main' }, createdAt: 2 });
    seedMetrics(store.db, 'old-curve', [{ key: 'accuracy', context: 'dev', step: 100, value: 0.1 }]);
    seedRun(store.db, { id: 'curve', name: 'main learning curve', tags: { curve: 'train_size', curve_of: 'main' }, createdAt: 3 });
    seedRun(store.db, { id: 'unrelated', tags: { curve: 'train_size', curve_of: 'another' }, createdAt: 4 });
    seedMetrics(store.db, 'curve', [100, 400].flatMap((size, i) => [{ key: 'accuracy', context: 'train', step: size, value: 1 }, { key: 'accuracy', context: 'dev', step: size, value: 0.6 + i * 0.2 }]));
    const model = learningCurves(store.db, 'main');
    assert.deepEqual(model.byStep.map((s) => s.points.length), [2, 2]);
    assert.equal(model.byTrainSize.source, 'steps are training-set sizes');
    const dev = model.byTrainSize.series.find((s) => s.set === 'dev')!;
    assert.deepEqual(dev.points.map((p) => [p.x, round(p.error), p.runId]), [[100, 0.4, 'curve'], [400, 0.2, 'curve']]);
    assert.ok(model.notes.some((n) => n.includes('main learning curve')));
    assert.ok(!model.missing.some((m) => /training-set sizes/.test(m.what)));
  });

  it('draws one point per run across runs that differ only in train_size', () => {
    const runs = [{ id: 'a', n: 1000, dev: 0.7 }, { id: 'b', n: 4000, dev: 0.8 }, { id: 'c', n: 2000, dev: 0.75 }];
    for (const r of runs) {
      seedRun(store.db, { id: r.id, experiment: 'sweep', params: { lr: 0.1, train_size: r.n } });
      seedMetrics(store.db, r.id, [{ key: 'accuracy', context: 'train', step: 9, value: 0.95 }, { key: 'accuracy', context: 'dev', step: 9, value: r.dev }]);
    }
    seedRun(store.db, { id: 'other-lr', experiment: 'sweep', params: { lr: 0.5, train_size: 8000 } });
    seedMetrics(store.db, 'other-lr', [{ key: 'accuracy', context: 'dev', step: 9, value: 0.99 }]);
    const model = learningCurves(store.db, 'a');
    assert.equal(model.byTrainSize.source, 'runs differing in a size param');
    assert.equal(model.byTrainSize.sizeKey, 'train_size');
    const dev = model.byTrainSize.series.find((s) => s.set === 'dev')!;
    assert.deepEqual(dev.points.map((p) => [p.x, round(p.error), p.runId]), [[1000, 0.3, 'a'], [2000, 0.25, 'c'], [4000, 0.2, 'b']]);
  });

  it('says what to log when the run has no error metric', () => {
    seedRun(store.db, { id: 'empty' });
    const model = learningCurves(store.db, 'empty');
    assert.equal(model.metric, null);
    assert.equal(model.missing[0].how, 'mlcycle.log_metric("accuracy", value, context="dev")');
  });
});
