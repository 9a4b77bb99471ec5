import Database from 'better-sqlite3';
import { strict as assert } from 'node:assert';
import { createTestStore, seedMetrics, seedPredictions, seedRun, type TestStore } from '../../core/analysis/testStore';
import { runCliCaptured } from '../testSupport';

const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => runCliCaptured(args, { env, cwd: '/nonexistent-workspace' });

describe('mlcycle diagnose and mlcycle baseline', () => {
  let store: TestStore;
  beforeEach(() => {
    store = createTestStore();
    seedRun(store.db, { id: 'run-7f3a', name: 'small-cnn', experiment: 'pets' });
    seedMetrics(store.db, 'run-7f3a', [
      { key: 'accuracy', context: 'train', step: 9, value: 0.85 },
      { key: 'accuracy', context: 'dev', step: 9, value: 0.84 },
    ]);
    const rows = Array.from({ length: 200 }, (_, i) => {
      const yTrue = ['cat', 'dog'][i % 2];
      const city = ['lille', 'paris'][Math.floor(i / 2) % 2];
      const wrong = city === 'lille' ? i % 5 !== 0 : i % 10 === 0;
      return { id: `e${i}`, yTrue, yPred: wrong ? (yTrue === 'cat' ? 'dog' : 'cat') : yTrue, features: { city, size: i % 50 } };
    });
    seedPredictions(store.db, 'run-7f3a', 'dev', rows);
    store.db.close();
  });
  afterEach(() => store.close());

  it('sets and shows an experiment baseline', async () => {
    assert.deepEqual(await cli(['baseline', 'show', 'pets', '--db', store.path]), { code: 0, out: 'pets: no baseline error (set one: mlcycle baseline set pets 0.05)\n', err: '' });
    assert.equal((await cli(['baseline', 'set', 'pets', '14%', '--db', store.path])).out, 'pets: baseline error 14%\n');
    const shown = await cli(['baseline', 'show', 'pets', '--json'], { MLCYCLE_DB: store.path });
    assert.equal(JSON.parse(shown.out).baselineError, 0.14);
    assert.equal((await cli(['baseline', 'clear', 'pets', '--db', store.path])).out, 'pets: no baseline error (cleared)\n');
  });

  it('refuses a bad baseline value or experiment with exit 2 and keeps the stored value', async () => {
    await cli(['baseline', 'set', 'pets', '0.1', '--db', store.path]);
    const bad = await cli(['baseline', 'set', 'pets', '14', '--db', store.path]);
    assert.equal(bad.code, 2);
    assert.equal(bad.err, 'mlcycle baseline: baseline error 14 is outside 0..1; for 14% write "14%"\n');
    const unknown = await cli(['baseline', 'show', 'dogs', '--db', store.path]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /no experiment "dogs"; experiments: "pets"/);
    assert.equal((await cli(['baseline', 'frob', 'pets', '--db', store.path])).code, 2);
    assert.equal(JSON.parse((await cli(['baseline', 'show', 'pets', '--json', '--db', store.path])).out).baselineError, 0.1);
  });

  it('prints the bias/variance split, per-class metrics, confusion matrix and worst cohorts', async () => {
    await cli(['baseline', 'set', 'pets', '0.14', '--db', store.path]);
    const { code, out, err } = await cli(['diagnose', 'run-7f', '--db', store.path]);
    assert.equal(err, '');
    assert.equal(code, 0);
    assert.match(out, /^Run run-7f3a "small-cnn" · experiment pets/);
    assert.match(out, /Avoidable bias\s+1\.0%\s+train − baseline = 15\.0% − 14\.0%/);
    assert.match(out, /Variance\s+1\.0%\s+dev − train = 16\.0% − 15\.0%/);
    assert.match(out, /Verdict: Avoidable bias \(1\.0 points\) and variance \(1\.0 points\) are about equal/);
    assert.match(out, /Error analysis · split dev · 200 predictions · classification/);
    assert.match(out, /accuracy 55\.0%\s+error 45\.0%/);
    assert.match(out, /Per class\n\s+class\s+precision\s+recall\s+f1\s+support\n\s+cat/);
    assert.match(out, /Confusion matrix \(rows: y_true, columns: y_pred\)\n\s+cat\s+dog\n\s+cat\s+50\s+50\n\s+dog\s+40\s+60/);
    assert.match(out, /Worst cohorts[^\n]*\n\s+city = lille\s+80\.0% error\s+100 examples\s+88\.9% of errors/);
  });

  it('gives the same diagnosis as JSON', async () => {
    const { code, out } = await cli(['diagnose', 'small-cnn', '--json', '--db', store.path]);
    assert.equal(code, 0);
    const parsed = JSON.parse(out);
    assert.equal(parsed.biasVariance.runId, 'run-7f3a');
    assert.deepEqual(parsed.errorAnalysis.confusion.counts, [[50, 50], [40, 60]]);
    assert.equal(parsed.errorAnalysis.worstCohorts[0].label, 'city = lille');
    assert.ok(parsed.biasVariance.missing.some((m: { what: string }) => /no baseline error/.test(m.what)));
  });

  it('says what is missing for a run without predictions or a dev metric', async () => {
    const db = new Database(store.path);
    seedRun(db, { id: 'bare', experiment: 'pets' });
    db.close();
    const { code, out } = await cli(['diagnose', 'bare', '--db', store.path]);
    assert.equal(code, 0);
    assert.match(out, /Missing: no accuracy, error or loss metric in this run\n\s+→ mlcycle\.log_metric\("accuracy", value, context="dev"\)/);
    assert.match(out, /Missing: run bare has no predictions\n\s+→ mlcycle\.log_predictions\(ids, y_true, y_pred, features=\.\.\.\)/);
  });

  it('exits 2 with one line for a missing run, a missing store or bad arguments', async () => {
    const missingRun = await cli(['diagnose', 'nope', '--db', store.path]);
    assert.equal(missingRun.code, 2);
    assert.match(missingRun.err, /^mlcycle diagnose: no run "nope" in this store/);
    assert.equal(missingRun.err.split('\n').length, 2);
    const missingStore = await cli(['diagnose', 'run-7f3a', '--db', '/nonexistent/mlcycle.db']);
    assert.equal(missingStore.code, 2);
    assert.match(missingStore.err, /no store at \/nonexistent\/mlcycle\.db/);
    assert.equal((await cli(['diagnose', '--db', store.path])).code, 2);
    assert.match((await cli(['diagnose', 'run-7f3a', '--task', 'ranking', '--db', store.path])).err, /--task must be classification or regression/);
  });
});
