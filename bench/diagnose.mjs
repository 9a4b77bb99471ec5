// Error analysis of 1,000,000 predictions (10 classes, 3 features): the time to open the view (overall metrics,
// confusion matrix, per-class metrics, one cohort and the error tree), beside scikit-learn's confusion_matrix +
// classification_report on the same labels (its computation only, not loading the data).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');
const { migrations } = require('../out/src/core/store/migrations.js');
const { ErrorAnalysis } = require('../out/src/core/analysis/predictions/errorAnalysis.js');

const n = 1_000_000;
const classes = Array.from({ length: 10 }, (_, i) => `class_${i}`);
const cities = ['lille', 'lyon', 'marseille', 'nantes', 'nice', 'paris'];

let state = 12345;
const random = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296);

const dir = mkdtempSync(join(tmpdir(), 'mlcycle-bench-diagnose-'));
try {
  const db = new Database(join(dir, 'mlcycle.db'));
  db.pragma('journal_mode = WAL');
  db.exec(migrations[0].sql);
  db.prepare("INSERT INTO experiments (name, created_at) VALUES ('bench', 0)").run();
  db.prepare("INSERT INTO runs (id, experiment_id, name, status, created_at) VALUES ('bench-run', 1, 'bench', 'finished', 0)").run();
  const insert = db.prepare("INSERT INTO predictions VALUES ('bench-run', 'dev', ?, ?, ?, ?, ?)");
  const yTrue = new Array(n);
  const yPred = new Array(n);
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const age = Math.floor(random() * 90);
      const income = Math.round(random() ** 2 * 200000);
      const city = cities[Math.floor(random() * cities.length)];
      const t = classes[Math.floor(random() * classes.length)];
      const hard = city === 'lille' && age > 60;
      const p = random() < (hard ? 0.6 : 0.1) ? classes[Math.floor(random() * classes.length)] : t;
      yTrue[i] = t;
      yPred[i] = p;
      insert.run(`ex-${String(i).padStart(7, '0')}`, t, p, random(), JSON.stringify({ age, income, city }));
    }
  })();

  const openTimes = [];
  for (let repeat = 0; repeat < 3; repeat++) {
    const started = performance.now();
    const analysis = ErrorAnalysis.open(db, 'bench-run');
    analysis.overview();
    analysis.confusion();
    analysis.report();
    analysis.cohort('age');
    analysis.errorTree();
    openTimes.push(performance.now() - started);
  }
  openTimes.sort((a, b) => a - b);
  console.log(`BENCH diagnose.error_analysis_1m ${Math.round(openTimes[1])} ms`);
  db.close();

  const script = `
import json, sys, time, warnings
import numpy as np
from sklearn.metrics import confusion_matrix, classification_report
warnings.simplefilter("ignore")
d = json.load(sys.stdin)
y_true, y_pred = np.array(d["y_true"]), np.array(d["y_pred"])
started = time.perf_counter()
confusion_matrix(y_true, y_pred)
classification_report(y_true, y_pred, zero_division=0)
print(round((time.perf_counter() - started) * 1000))
`;
  const sklearn = spawnSync('/usr/bin/python3', ['-c', script], { input: JSON.stringify({ y_true: yTrue, y_pred: yPred }), encoding: 'utf8', maxBuffer: 1 << 20 });
  if (sklearn.status !== 0) {
    console.error(`bench diagnose: scikit-learn failed: ${sklearn.stderr.trim().split('\n').pop()}`);
    process.exitCode = 1;
  } else {
    console.log(`BENCH diagnose.sklearn_1m ${sklearn.stdout.trim()} ms`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
