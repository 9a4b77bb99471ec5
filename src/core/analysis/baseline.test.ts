import { strict as assert } from 'node:assert';
import { UserError } from '../errors';
import { getBaseline, parseBaselineError, setBaseline } from './baseline';
import { createTestStore, seedRun, type TestStore } from './testStore';

describe('experiment baseline error', () => {
  let store: TestStore;
  beforeEach(() => {
    store = createTestStore();
    seedRun(store.db, { id: 'r1', experiment: 'digits' });
  });
  afterEach(() => store.close());

  it('is unset until set, then kept in the store', () => {
    assert.equal(getBaseline(store.db, 'digits').baselineError, null);
    setBaseline(store.db, 'digits', 0.14);
    assert.equal(getBaseline(store.db, 'digits').baselineError, 0.14);
    assert.equal(store.db.prepare('SELECT baseline_error FROM experiments WHERE name = ?').pluck().get('digits'), 0.14);
    setBaseline(store.db, 'digits', null);
    assert.equal(getBaseline(store.db, 'digits').baselineError, null);
  });

  it('finds an experiment by its numeric id too', () => {
    const id = getBaseline(store.db, 'digits').experimentId;
    setBaseline(store.db, String(id), 0.02);
    assert.equal(getBaseline(store.db, id).baselineError, 0.02);
  });

  it('refuses a value outside 0..1 and keeps the stored one', () => {
    setBaseline(store.db, 'digits', 0.1);
    assert.throws(() => setBaseline(store.db, 'digits', 1.4), (e: unknown) => e instanceof UserError && /between 0 and 1/.test(e.message));
    assert.throws(() => setBaseline(store.db, 'digits', -0.1), UserError);
    assert.throws(() => setBaseline(store.db, 'digits', Number.NaN), UserError);
    assert.equal(getBaseline(store.db, 'digits').baselineError, 0.1);
  });

  it('names the known experiments when the wanted one does not exist', () => {
    assert.throws(() => getBaseline(store.db, 'digitz'), (e: unknown) => e instanceof UserError && /no experiment "digitz".*"digits"/.test(e.message));
  });

  it('reads fractions and percentages, and says how to write a percentage', () => {
    assert.equal(parseBaselineError('0.05'), 0.05);
    assert.equal(parseBaselineError('5%'), 0.05);
    assert.equal(parseBaselineError(' 14 % '), 0.14);
    assert.throws(() => parseBaselineError('14'), /write "14%"/);
    assert.throws(() => parseBaselineError('five'), /not an error rate/);
    assert.throws(() => parseBaselineError('120%'), /outside 0..1/);
  });
});
