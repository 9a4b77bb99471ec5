import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { createTestStore, seededRandom, seedPredictions, seedRun, type TestStore } from '../testStore';
import { ErrorAnalysis } from './errorAnalysis';

/** Runs scikit-learn (Debian's /usr/bin/python3 has it) on JSON from stdin and returns its JSON answer. */
function sklearn(script: string, input: unknown): Record<string, unknown> {
  const result = spawnSync('/usr/bin/python3', ['-c', script], { input: JSON.stringify(input), encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout);
}

const classificationScript = `
import json, sys, warnings
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support, classification_report
warnings.simplefilter("ignore")
d = json.load(sys.stdin)
cm = confusion_matrix(d["y_true"], d["y_pred"], labels=d["labels"])
p, r, f, s = precision_recall_fscore_support(d["y_true"], d["y_pred"], labels=d["labels"], zero_division=0)
report = classification_report(d["y_true"], d["y_pred"], output_dict=True, zero_division=0)
print(json.dumps({"labels": sorted(set(d["y_true"]) | set(d["y_pred"])), "cm": cm.tolist(), "precision": p.tolist(), "recall": r.tolist(),
  "f1": f.tolist(), "support": s.tolist(), "macro": report["macro avg"], "weighted": report["weighted avg"], "accuracy": report["accuracy"]}))
`;

const regressionScript = `
import json, sys
from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score
d = json.load(sys.stdin)
print(json.dumps({"mae": mean_absolute_error(d["y_true"], d["y_pred"]), "rmse": mean_squared_error(d["y_true"], d["y_pred"]) ** 0.5, "r2": r2_score(d["y_true"], d["y_pred"])}))
`;

const near = (actual: number | null, expected: number, what: string) => assert.ok(actual !== null && Math.abs(actual - expected) < 1e-12, `${what}: ${actual} ≠ ${expected}`);

describe('metrics equal scikit-learn\'s on the same predictions', () => {
  let store: TestStore;
  beforeEach(() => {
    store = createTestStore();
  });
  afterEach(() => store.close());

  it('confusion matrix, precision, recall, F1, support and the macro/weighted averages', () => {
    const random = seededRandom(42);
    const classes = ['airplane', 'bird', 'cat', 'deer', 'dog'];
    const rows = Array.from({ length: 800 }, (_, i) => {
      const yTrue = classes[Math.floor(random() ** 1.5 * 4)];
      const roll = random();
      const yPred = roll < 0.7 ? yTrue : roll < 0.98 ? classes[Math.floor(random() * 4)] : 'frog';
      return { id: `e${i}`, yTrue: i % 97 === 0 ? null : yTrue, yPred };
    });
    seedRun(store.db, { id: 'cls' });
    seedPredictions(store.db, 'cls', 'dev', rows);
    const analysis = ErrorAnalysis.open(store.db, 'cls');
    const confusion = analysis.confusion()!;
    const report = analysis.report()!;
    const labelled = rows.filter((r) => r.yTrue !== null);
    const expected = sklearn(classificationScript, { y_true: labelled.map((r) => r.yTrue), y_pred: labelled.map((r) => r.yPred), labels: confusion.labels });

    assert.deepEqual(confusion.labels, expected.labels, 'labels in scikit-learn order');
    assert.ok(confusion.labels.includes('frog'), 'a class that is only predicted has its row and column');
    assert.deepEqual(confusion.counts, expected.cm);
    report.classes.forEach((c, i) => {
      near(c.precision ?? 0, (expected.precision as number[])[i], `precision ${c.label}`);
      near(c.recall ?? 0, (expected.recall as number[])[i], `recall ${c.label}`);
      near(c.f1, (expected.f1 as number[])[i], `f1 ${c.label}`);
      assert.equal(c.support, (expected.support as number[])[i]);
    });
    for (const avg of ['macro', 'weighted'] as const) {
      const theirs = expected[avg] as Record<string, number>;
      near(report[avg].precision, theirs.precision, `${avg} precision`);
      near(report[avg].recall, theirs.recall, `${avg} recall`);
      near(report[avg].f1, theirs['f1-score'], `${avg} f1`);
      assert.equal(report[avg].support, theirs.support);
    }
    near(report.accuracy, expected.accuracy as number, 'accuracy');
  });

  it('MAE, RMSE and R² of a regression', () => {
    const random = seededRandom(3);
    const rows = Array.from({ length: 300 }, (_, i) => {
      const yTrue = Math.round(random() * 1e4) / 100;
      return { id: `r${i}`, yTrue, yPred: Math.round((yTrue + (random() - 0.4) * 8) * 100) / 100 };
    });
    seedRun(store.db, { id: 'reg' });
    seedPredictions(store.db, 'reg', 'dev', rows);
    const regression = ErrorAnalysis.open(store.db, 'reg').overview().regression!;
    const expected = sklearn(regressionScript, { y_true: rows.map((r) => r.yTrue), y_pred: rows.map((r) => r.yPred) }) as Record<string, number>;
    near(regression.mae, expected.mae, 'mae');
    assert.ok(Math.abs(regression.rmse - expected.rmse) < 1e-9, 'rmse');
    assert.ok(Math.abs(regression.r2! - expected.r2) < 1e-9, 'r2');
  });
});
