// Runs table at scale: 10,000 runs × 50 columns (20 params, 20 metrics with a few steps each, 10 tags), from the
// core query to rows ready for the view; and the compare chart's data: 100 runs × 10,000 steps of one metric, each
// series downsampled to the compare view's point budget (seriesBudgetFor). Prints the median of several runs after a warm-up.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { createTestDatabase, seedRuns } = require('../out/src/core/compare/testSeed.js');
const { loadRunsTable } = require('../out/src/core/compare/runsTable.js');
const { loadMetricSeries, seriesBudgetFor } = require('../out/src/core/compare/metricSeries.js');
const { openStore } = require('../out/src/core/store/store.js');

const RUNS = 10_000;
const CHART_RUNS = 100;
const CHART_STEPS = 10_000;
const REPEATS = 7;

function seededRandom(seed) {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
}

function seedStore(db) {
  const random = seededRandom(42);
  const pick = (values) => values[Math.floor(random() * values.length)];
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const params = { model: pick(['cnn', 'mlp', 'rnn', 'transformer']), optimizer: pick(['sgd', 'adam']), lr: pick([0.1, 0.01, 0.001]), batch_size: pick([32, 64, 128]) };
    for (let p = 4; p < 20; p++) params[`p${p}`] = p % 2 ? random() : pick(['x', 'y', 'z']);
    const tags = { stage: pick(['a', 'b', 'c', 'd', 'e']) };
    for (let t = 1; t < 10; t++) tags[`t${t}`] = pick(['u', 'v', 'w']);
    const metrics = { acc: [random() * 0.5, 0.5 + random() * 0.5, 0.5 + random() * 0.5], loss: [2, 1, random()] };
    for (let m = 2; m < 20; m++) metrics[`m${m}`] = [random(), random(), random()];
    runs.push({ id: `run-${String(i).padStart(5, '0')}`, name: `run ${i}`, experiment: `experiment ${i % 5}`, params, tags, metrics });
  }
  seedRuns(db, runs);
}

function medianMs(action) {
  action();
  const times = [];
  for (let i = 0; i < REPEATS; i++) {
    const start = performance.now();
    action();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** 100 runs logging a noisy decaying loss for 10,000 steps through the store, as a training script would. */
function seedChartStore(store) {
  const random = seededRandom(7);
  const runIds = [];
  for (let r = 0; r < CHART_RUNS; r++) {
    const { id } = store.createRun({ name: `chart run ${r}`, status: 'finished' });
    const points = [];
    for (let step = 0; step < CHART_STEPS; step++) points.push({ key: 'loss', step, ts: 1_700_000_000_000 + step * 100, value: Math.exp(-step / 3000) + random() * 0.1 });
    store.logMetrics(id, points);
    runIds.push(id);
  }
  return runIds;
}

function benchChart(dir) {
  const store = openStore(join(dir, 'chart.db'));
  try {
    const runIds = seedChartStore(store);
    const chart = medianMs(() => {
      const model = loadMetricSeries(store.db, { runIds, key: 'loss' });
      const points = model.series.reduce((n, s) => n + s.value.length, 0);
      if (model.series.length !== CHART_RUNS || points > CHART_RUNS * seriesBudgetFor(CHART_RUNS) || points < CHART_RUNS * 100) throw new Error(`${model.series.length} series, ${points} points`);
    });
    console.log(`BENCH compare.chart_100x10k ${chart.toFixed(1)} ms`);
  } finally {
    store.close();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'mlcycle-bench-compare-'));
const db = createTestDatabase(join(dir, 'bench.db'));
try {
  db.pragma('journal_mode = WAL');
  seedStore(db);
  const filter = 'metrics.acc > 0.9 and (params.model = "cnn" or tags.stage in ("a","b"))';
  const open = medianMs(() => {
    const model = loadRunsTable(db);
    if (model.rows.length !== RUNS || model.columns.length < 50) throw new Error(`table has ${model.rows.length} rows × ${model.columns.length} columns`);
  });
  const filtered = medianMs(() => {
    const model = loadRunsTable(db, { filter });
    if (model.rows.length === 0 || model.rows.length === RUNS) throw new Error(`the filter kept ${model.rows.length} runs`);
  });
  const raw = medianMs(() => db.prepare('SELECT * FROM runs').all());
  console.log(`BENCH compare.table_open_10k_runs ${open.toFixed(1)} ms`);
  console.log(`BENCH compare.filter_10k_runs ${filtered.toFixed(1)} ms`);
  console.log(`BENCH compare.raw_sqlite_select_10k ${raw.toFixed(1)} ms`);
  benchChart(dir);
} finally {
  db.close();
  rmSync(dir, { recursive: true, force: true });
}
