import { strict as assert } from 'node:assert';
import { UserError } from '../errors';
import { setBaseline } from './baseline';
import { diagnoseBiasVariance } from './biasVarianceModel';
import { createTestStore, seedMetrics, seedRun, type SeedMetric, type TestStore } from './testStore';

const close = (actual: number | null | undefined, expected: number) => assert.ok(actual != null && Math.abs(actual - expected) < 1e-9, `${actual} ≠ ${expected}`);

function epochs(key: string, context: string, values: number[]): SeedMetric[] {
  return values.map((value, step) => ({ key, context, step, value }));
}

describe('diagnoseBiasVariance from a run\'s metrics', () => {
  let store: TestStore;
  beforeEach(() => {
    store = createTestStore();
  });
  afterEach(() => store.close());

  it('takes the last accuracy per context as 1 − accuracy and splits it against the baseline', () => {
    seedRun(store.db, { id: 'run-1', experiment: 'cats' });
    setBaseline(store.db, 'cats', 0.14);
    seedMetrics(store.db, 'run-1', [...epochs('accuracy', 'train', [0.7, 0.8, 0.85]), ...epochs('accuracy', 'dev', [0.6, 0.8, 0.84]), { key: 'loss', context: 'train', step: 2, value: 0.3 }]);
    const model = diagnoseBiasVariance(store.db, 'run-1');
    assert.equal(model.metric?.key, 'accuracy');
    assert.equal(model.metric?.derivation, 'error = 1 − accuracy');
    assert.deepEqual(model.errors.map((e) => [e.set, e.step]), [['train', 2], ['dev', 2]]);
    close(model.terms.find((t) => t.id === 'avoidableBias')?.value, 0.01);
    close(model.terms.find((t) => t.id === 'variance')?.value, 0.01);
    assert.deepEqual(model.missing.filter((m) => !m.optional), []);
    assert.ok(model.missing.some((m) => m.optional && m.how === 'mlcycle.log_metric("accuracy", value, context="train-dev")'));
    assert.deepEqual(model.availableMetrics, [{ key: 'accuracy', contexts: ['dev', 'train'] }, { key: 'loss', contexts: ['train'] }]);
  });

  it('says how to log a dev metric and a baseline when they are missing, without throwing', () => {
    seedRun(store.db, { id: 'run-2', experiment: 'cats' });
    seedMetrics(store.db, 'run-2', epochs('acc', 'train', [0.9]));
    const model = diagnoseBiasVariance(store.db, 'run-2');
    assert.equal(model.metric?.key, 'acc');
    const whats = model.missing.filter((m) => !m.optional).map((m) => m.what);
    assert.ok(whats.some((w) => /no baseline error for experiment "cats"/.test(w)));
    assert.ok(model.missing.some((m) => m.how === 'mlcycle.log_metric("acc", value, context="dev")'));
    assert.equal(model.terms.find((t) => t.id === 'variance')?.value, null);
  });

  it('says which metrics exist when none stands for error', () => {
    seedRun(store.db, { id: 'run-3' });
    seedMetrics(store.db, 'run-3', epochs('f1', 'dev', [0.5]));
    const model = diagnoseBiasVariance(store.db, 'run-3');
    assert.equal(model.metric, null);
    assert.match(model.missing[0].what, /no accuracy, error or loss metric.*logged: f1/);
    assert.equal(model.missing[0].how, 'mlcycle.log_metric("accuracy", value, context="dev")');
  });

  it('reads error metrics, percent accuracies, val/Keras names, and skips a trailing NaN', () => {
    seedRun(store.db, { id: 'err', experiment: 'e' });
    seedMetrics(store.db, 'err', [...epochs('error', 'train', [0.1]), ...epochs('error', 'train_dev', [0.11]), ...epochs('error', 'val', [0.2, Number.NaN])]);
    const errModel = diagnoseBiasVariance(store.db, 'err');
    close(errModel.terms.find((t) => t.id === 'dataMismatch')?.value, 0.09);
    assert.ok(errModel.notes.some((n) => /step 1\) is NaN/.test(n)));

    seedRun(store.db, { id: 'keras', experiment: 'e' });
    seedMetrics(store.db, 'keras', [...epochs('accuracy', '', [85, 90]), ...epochs('val_accuracy', '', [80, 84])]);
    const keras = diagnoseBiasVariance(store.db, 'keras');
    assert.equal(keras.metric?.percent, true);
    close(keras.errors.find((e) => e.set === 'train')?.error, 0.1);
    close(keras.errors.find((e) => e.set === 'dev')?.error, 0.16);
  });

  it('uses a chosen loss but does not compare it with the baseline', () => {
    seedRun(store.db, { id: 'loss', experiment: 'reg' });
    setBaseline(store.db, 'reg', 0.05);
    seedMetrics(store.db, 'loss', [...epochs('mse', 'train', [2, 1]), ...epochs('mse', 'dev', [3, 1.5])]);
    const model = diagnoseBiasVariance(store.db, 'loss', { metric: 'mse' });
    assert.equal(model.metric?.kind, 'loss');
    close(model.terms.find((t) => t.id === 'variance')?.value, 0.5);
    assert.equal(model.terms.find((t) => t.id === 'avoidableBias')?.value, null);
    assert.ok(model.notes.some((n) => /not compared with the baseline/.test(n)));
  });

  it('refuses an unknown run with a message naming it', () => {
    assert.throws(() => diagnoseBiasVariance(store.db, 'nope'), (e: unknown) => e instanceof UserError && /no run "nope"/.test(e.message));
  });
});
