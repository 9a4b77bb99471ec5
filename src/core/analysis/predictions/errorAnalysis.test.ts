import { strict as assert } from 'node:assert';
import type { FeatureCondition } from '../../../protocol/diagnostics';
import { UserError } from '../../errors';
import { createTestStore, seededRandom, seedPredictions, seedRun, type SeedPrediction, type TestStore } from '../testStore';
import { ErrorAnalysis } from './errorAnalysis';

const labels = ['bird', 'cat', 'dog'];
const cities = ['lille', 'lyon', 'nice', 'paris'];

/** 1200 dev predictions; errors are planted in old examples from lille (70%) against 5% elsewhere. */
function plantedPredictions(): SeedPrediction[] {
  const random = seededRandom(7);
  return Array.from({ length: 1200 }, (_, i) => {
    const yTrue = labels[Math.floor(random() * 3)];
    const age = Math.floor(random() * 90);
    const city = cities[Math.floor(random() * 4)];
    const hard = city === 'lille' && age >= 60;
    const wrongPrediction = random() < (hard ? 0.7 : 0.05);
    const yPred = wrongPrediction ? labels[(labels.indexOf(yTrue) + 1 + Math.floor(random() * 2)) % 3] : yTrue;
    return { id: `ex-${String(i).padStart(4, '0')}`, yTrue, yPred, score: random(), features: { age, city, indoor: random() < 0.5 } };
  });
}

describe('error analysis of a classification run', () => {
  let store: TestStore;
  const rows = plantedPredictions();
  const isError = (r: SeedPrediction) => r.yTrue !== r.yPred;
  beforeEach(() => {
    store = createTestStore();
    seedRun(store.db, { id: 'run-c', name: 'planted', experiment: 'pets' });
    seedPredictions(store.db, 'run-c', 'dev', rows);
    seedPredictions(store.db, 'run-c', 'train', rows.slice(0, 10));
  });
  afterEach(() => store.close());

  it('opens the dev split with the overall error and the features it found', () => {
    const analysis = ErrorAnalysis.open(store.db, 'run-c');
    const overview = analysis.overview();
    assert.equal(overview.split, 'dev');
    assert.deepEqual(overview.splits, ['dev', 'train']);
    assert.equal(overview.task, 'classification');
    assert.equal(overview.counts.total, 1200);
    assert.equal(overview.errors, rows.filter(isError).length);
    assert.equal(overview.errorRate, rows.filter(isError).length / 1200);
    assert.deepEqual(overview.features, [{ name: 'age', kind: 'numeric' }, { name: 'city', kind: 'categorical' }, { name: 'indoor', kind: 'categorical' }]);
    assert.deepEqual(overview.missing, []);
  });

  it('counts the confusion matrix by (y_true, y_pred) and derives per-class metrics from it', () => {
    const analysis = ErrorAnalysis.open(store.db, 'run-c');
    const confusion = analysis.confusion()!;
    assert.deepEqual(confusion.labels, labels);
    for (const [t, actual] of labels.entries()) {
      for (const [p, predicted] of labels.entries()) assert.equal(confusion.counts[t][p], rows.filter((r) => r.yTrue === actual && r.yPred === predicted).length);
      assert.ok(Math.abs(confusion.rowNormalized[t].reduce((a, b) => a! + b!, 0)! - 1) < 1e-12);
    }
    const cat = analysis.report()!.classes.find((c) => c.label === 'cat')!;
    const tp = rows.filter((r) => r.yTrue === 'cat' && r.yPred === 'cat').length;
    assert.equal(cat.precision, tp / rows.filter((r) => r.yPred === 'cat').length);
    assert.equal(cat.recall, tp / rows.filter((r) => r.yTrue === 'cat').length);
    assert.equal(cat.support, rows.filter((r) => r.yTrue === 'cat').length);
  });

  it('lists the examples of a confusion-matrix cell with their tags', () => {
    const analysis = ErrorAnalysis.open(store.db, 'run-c');
    const expected = rows.filter((r) => r.yTrue === 'cat' && r.yPred === 'dog').map((r) => r.id);
    const page = analysis.examples({ actual: 'cat', predicted: 'dog' }, { limit: 5 });
    assert.equal(page.total, expected.length);
    assert.deepEqual(page.rows.map((r) => r.exampleId), expected.slice(0, 5));
    assert.ok(page.rows.every((r) => r.isError && r.features !== null && typeof r.features.age === 'number'));
    const second = analysis.examples({ actual: 'cat', predicted: 'dog' }, { offset: 5, limit: 5 });
    assert.deepEqual(second.rows.map((r) => r.exampleId), expected.slice(5, 10));
  });

  it('orders errors by score, most confident first', () => {
    const analysis = ErrorAnalysis.open(store.db, 'run-c');
    const page = analysis.examples({ errorsOnly: true }, { order: 'score', limit: 3 });
    const expected = rows.filter(isError).sort((a, b) => b.score! - a.score!).slice(0, 3).map((r) => r.id);
    assert.deepEqual(page.rows.map((r) => r.exampleId), expected);
  });

  it('finds the planted cohort: lille has the worst error rate, and the tree isolates old examples from lille', () => {
    const analysis = ErrorAnalysis.open(store.db, 'run-c');
    const city = analysis.cohort('city');
    assert.equal(city.binning, 'categories');
    const worstCity = [...city.bins].sort((a, b) => b.errorRate! - a.errorRate!)[0];
    assert.equal(worstCity.label, 'city = lille');
    const lille = rows.filter((r) => (r.features as { city: string }).city === 'lille');
    assert.equal(worstCity.count, lille.length);
    assert.equal(worstCity.errors, lille.filter(isError).length);

    const tree = analysis.errorTree()!;
    const worst = tree.leaves[0];
    assert.ok(worst.path.includes('city = lille'), worst.path.join(' and '));
    assert.ok(worst.path.some((p) => /^age ≥ 5\d|^age ≥ 6\d|^age > 5\d/.test(p)), worst.path.join(' and '));
    assert.ok(worst.errorRate > 0.5 && worst.shareOfErrors > 0.3, `${worst.errorRate} ${worst.shareOfErrors}`);
    assert.equal(tree.leaves.reduce((s, l) => s + l.size, 0), 1200);
    assert.ok(tree.leaves.every((l) => l.size >= tree.minLeafSize && l.conditions.length <= 3));

    const worstCohort = analysis.worstCohorts(1)[0];
    assert.ok(/lille|age/.test(worstCohort.label));
  });

  it('agrees with the store: every cohort bin, heatmap cell and tree leaf lists as many examples as it counts', () => {
    const analysis = ErrorAnalysis.open(store.db, 'run-c');
    const check = (conditions: FeatureCondition[], count: number, errors: number) => {
      assert.equal(analysis.examples({ conditions }, { limit: 1 }).total, count, conditions.map((c) => c.text).join(' and '));
      assert.equal(analysis.examples({ conditions, errorsOnly: true }, { limit: 1 }).total, errors);
    };
    for (const cohort of analysis.cohorts()) for (const bin of cohort.bins) check(bin.conditions, bin.count, bin.errors);
    for (const leaf of analysis.errorTree()!.leaves) check(leaf.conditions, leaf.size, leaf.errors);
    const heatmap = analysis.heatmap('age', 'city');
    assert.equal(heatmap.x.bins.length, 8);
    assert.equal(heatmap.y.bins.length, 4);
    heatmap.cells.forEach((row, y) => row.forEach((cell, x) => check([...heatmap.x.bins[x].conditions, ...heatmap.y.bins[y].conditions], cell.count, cell.errors)));
  });

  it('tags errors, remembers the tags and ranks categories by what fixing them is worth', () => {
    const analysis = ErrorAnalysis.open(store.db, 'run-c');
    const errors = rows.filter(isError).map((r) => r.id);
    const overall = analysis.overview().errorRate!;
    analysis.addTags(errors.slice(0, 3), ['blurry']);
    analysis.addTags([errors[0]], ['  dark   photo ']);
    analysis.addTags([rows.find((r) => !isError(r))!.id], ['blurry']);
    let categories = analysis.categories();
    assert.equal(categories.taggedErrors, 3);
    assert.deepEqual(categories.rows.map((r) => [r.tag, r.count]), [['blurry', 3], ['dark photo', 1]]);
    const blurry = categories.rows[0];
    assert.ok(Math.abs(blurry.shareOfErrors - 3 / errors.length) < 1e-12);
    assert.ok(Math.abs(blurry.ceiling - overall * (1 - 3 / errors.length)) < 1e-12);
    assert.equal(blurry.shareOfTagged, 1);
    assert.equal(blurry.estimatedCeiling, 0);
    assert.deepEqual(analysis.examples({ tag: 'blurry', errorsOnly: true }).rows.map((r) => r.exampleId), errors.slice(0, 3));
    assert.deepEqual(analysis.examples({ actual: rows.find((r) => r.id === errors[0])!.yTrue as string, tag: 'dark photo' }).rows[0].tags, ['blurry', 'dark photo']);

    assert.equal(analysis.removeTags([errors[0]], ['blurry']), 1);
    categories = analysis.categories();
    assert.deepEqual(categories.rows.map((r) => [r.tag, r.count]), [['blurry', 2], ['dark photo', 1]]);
    assert.deepEqual(analysis.tagSuggestions('BL').map((s) => s.tag), ['blurry']);
  });

  it('suggests the most recently used tags first', () => {
    const analysis = ErrorAnalysis.open(store.db, 'run-c');
    analysis.addTags(['ex-0001'], ['old tag']);
    analysis.addTags(['ex-0001'], ['new tag']);
    store.db.prepare("UPDATE tag_vocabulary SET last_used = 1 WHERE tag = 'old tag'").run();
    assert.deepEqual(analysis.tagSuggestions().map((s) => s.tag), ['new tag', 'old tag']);
  });

  it('refuses empty tags and unknown examples without storing anything', () => {
    const analysis = ErrorAnalysis.open(store.db, 'run-c');
    assert.throws(() => analysis.addTags(['ex-0001'], ['   ']), (e: unknown) => e instanceof UserError && /cannot be empty/.test(e.message));
    assert.throws(() => analysis.addTags(['ex-0001', 'nope'], ['blurry']), (e: unknown) => e instanceof UserError && /no prediction for example "nope"/.test(e.message));
    assert.equal(store.db.prepare('SELECT COUNT(*) FROM error_tags').pluck().get(), 0);
  });

  it('refuses a malformed filter condition with a message', () => {
    const analysis = ErrorAnalysis.open(store.db, 'run-c');
    const bad = { feature: 'age', op: 'like', value: 3, text: '' } as unknown as FeatureCondition;
    assert.throws(() => analysis.examples({ conditions: [bad] }), (e: unknown) => e instanceof UserError && /unknown condition operator "like"/.test(e.message));
    assert.throws(() => analysis.cohort('height'), (e: unknown) => e instanceof UserError && /no feature "height".*age, city, indoor/.test(e.message));
  });
});

describe('error analysis of imperfect predictions', () => {
  let store: TestStore;
  beforeEach(() => {
    store = createTestStore();
  });
  afterEach(() => store.close());

  it('leaves out rows without labels, flags a class that is only predicted, NaN scores and malformed features', () => {
    seedRun(store.db, { id: 'r' });
    seedPredictions(store.db, 'r', 'dev', [
      { id: 'a', yTrue: 'x', yPred: 'x', score: 0.9, features: { f: 1 } },
      { id: 'b', yTrue: 'x', yPred: 'ghost', score: Number.NaN, features: '{not json' },
      { id: 'c', yTrue: null, yPred: 'x', score: 0.4, features: { f: 2 } },
      { id: 'd', yTrue: 'y', yPred: 'y', score: 0.8, features: { f: 3 } },
    ]);
    const analysis = ErrorAnalysis.open(store.db, 'r');
    const overview = analysis.overview();
    assert.equal(overview.counts.used, 3);
    assert.equal(overview.counts.withoutTrueLabel, 1);
    assert.equal(overview.errorRate, 1 / 3);
    assert.ok(overview.notes.some((n) => /1 predictions have no y_true/.test(n)));
    assert.ok(overview.notes.some((n) => /1 predictions have a NaN or missing score/.test(n)));
    assert.ok(overview.notes.some((n) => /1 predictions have features that are not a valid JSON object/.test(n)));
    assert.ok(overview.notes.some((n) => /class "ghost" is predicted 1 times but never occurs in y_true/.test(n)));
    const ghost = analysis.report()!.classes.find((c) => c.label === 'ghost')!;
    assert.equal(ghost.recall, null);
    assert.equal(ghost.precision, 0);
    const missingBin = analysis.cohort('f').bins.find((b) => b.label === 'f missing')!;
    assert.equal(missingBin.count, 1);
    assert.deepEqual(analysis.examples({ conditions: missingBin.conditions }).rows.map((r) => [r.exampleId, r.features]), [['b', null]]);
  });

  it('says how to log predictions when the run has none, and which splits exist when a split is wrong', () => {
    seedRun(store.db, { id: 'empty' });
    const none = ErrorAnalysis.open(store.db, 'empty');
    assert.equal(none.overview().missing[0].how, 'mlcycle.log_predictions(ids, y_true, y_pred, features=...)');
    assert.equal(none.confusion(), null);
    assert.equal(none.errorTree(), null);
    assert.deepEqual(none.worstCohorts(), []);
    assert.deepEqual(none.model().cohorts, []);

    seedRun(store.db, { id: 'test-only' });
    seedPredictions(store.db, 'test-only', 'test', [{ id: 'a', yTrue: 'x', yPred: 'x' }]);
    assert.equal(ErrorAnalysis.open(store.db, 'test-only').overview().split, 'test');
    const wrongSplit = ErrorAnalysis.open(store.db, 'test-only', { split: 'dev' }).overview();
    assert.match(wrongSplit.missing[0].what, /no predictions for split "dev"/);
    assert.match(wrongSplit.missing[0].how, /test/);
  });

  it('says labels are missing when no row has y_true, and features when none were logged', () => {
    seedRun(store.db, { id: 'unlabelled' });
    seedPredictions(store.db, 'unlabelled', 'dev', [{ id: 'a', yTrue: null, yPred: 'x' }, { id: 'b', yTrue: null, yPred: 'y' }]);
    const overview = ErrorAnalysis.open(store.db, 'unlabelled').overview();
    assert.equal(overview.errorRate, null);
    assert.match(overview.missing[0].what, /none of the 2 predictions has both y_true and y_pred/);
    assert.ok(overview.missing.some((m) => m.optional && /no features/.test(m.what)));
  });

  it('treats many distinct numbers as regression: MAE, RMSE, R², residuals and errors beyond a tolerance', () => {
    seedRun(store.db, { id: 'reg', params: { error_tolerance: 1.5 } });
    const truth = Array.from({ length: 40 }, (_, i) => i);
    const residual = (i: number) => (i % 4 === 0 ? 2 : i % 2 === 0 ? -1 : 0.5);
    seedPredictions(store.db, 'reg', 'dev', truth.map((t, i) => ({ id: `r${i}`, yTrue: t, yPred: t + residual(i), features: { x: i } })));
    const analysis = ErrorAnalysis.open(store.db, 'reg');
    const overview = analysis.overview();
    assert.equal(overview.task, 'regression');
    assert.equal(overview.errorDefinition, '|y_pred − y_true| > 1.5');
    assert.equal(overview.errors, 10);
    const residuals = truth.map((_, i) => residual(i));
    const mae = residuals.reduce((s, r) => s + Math.abs(r), 0) / 40;
    const mse = residuals.reduce((s, r) => s + r * r, 0) / 40;
    const mean = truth.reduce((a, b) => a + b, 0) / 40;
    const r2 = 1 - (mse * 40) / truth.reduce((s, t) => s + (t - mean) ** 2, 0);
    assert.ok(Math.abs(overview.regression!.mae - mae) < 1e-12);
    assert.ok(Math.abs(overview.regression!.rmse - Math.sqrt(mse)) < 1e-12);
    assert.ok(Math.abs(overview.regression!.r2! - r2) < 1e-12);
    assert.equal(overview.regression!.residualHistogram.reduce((s, b) => s + b.count, 0), 40);
    assert.equal(analysis.confusion(), null);
    assert.equal(analysis.examples({ errorsOnly: true }).total, 10);
    assert.ok(analysis.cohort('x').bins.every((b) => typeof b.meanAbsError === 'number'));
  });

  it('keeps few whole-number labels as classes, and follows a task param', () => {
    seedRun(store.db, { id: 'ints' });
    seedPredictions(store.db, 'ints', 'dev', [0, 1, 2, 10].map((y, i) => ({ id: `i${i}`, yTrue: y, yPred: y })));
    const ints = ErrorAnalysis.open(store.db, 'ints');
    assert.equal(ints.overview().task, 'classification');
    assert.deepEqual(ints.confusion()!.labels, ['0', '1', '2', '10']);
    seedRun(store.db, { id: 'forced', params: { task: 'regression' } });
    seedPredictions(store.db, 'forced', 'dev', [{ id: 'a', yTrue: 1, yPred: 2 }]);
    assert.equal(ErrorAnalysis.open(store.db, 'forced').overview().taskReason, 'the run\'s task param is "regression"');
  });

  it('refuses bad options with a message', () => {
    seedRun(store.db, { id: 'r' });
    assert.throws(() => ErrorAnalysis.open(store.db, 'r', { treeDepth: 5 }), /depth 5 must be 1, 2 or 3/);
    assert.throws(() => ErrorAnalysis.open(store.db, 'r', { tolerance: -1 }), /tolerance -1/);
    assert.throws(() => ErrorAnalysis.open(store.db, 'missing-run'), /no run "missing-run"/);
  });
});
