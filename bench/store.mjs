// The store's figures: Python client and core API ingest (points/s), a 1,000,000-point series read to a
// 2,000-point budget (ms), and raw better-sqlite3 batched inserts into a bare table as the peer to approach.
// Each figure is the median of a few rounds: this machine's 2 cores are shared, so single rounds are noisy.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');
const { openStore } = require('../out/src/core/store/store.js');
const { readSeries } = require('../out/src/core/store/series.js');

const POINTS = 1_000_000;
const BATCH = 10_000;
const ROUNDS = 3;
const SERIES = [['loss', 'train'], ['loss', 'dev'], ['acc', 'train'], ['acc', 'dev']];
const work = join(root, 'bench', '.data', `store-${process.pid}`);
/** Points per second of CPU time: what the code costs, whatever else shares the machine. Told on stderr. */
const cpuBound = { python: [], js: [] };

function freshStore(name) {
  const dir = join(work, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return join(dir, 'mlcycle.db');
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function sqliteRawInsert(round) {
  const db = new Database(freshStore(`raw-${round}`));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE metrics (run_id TEXT, key TEXT, context TEXT, step INTEGER, ts INTEGER, value REAL)');
  const rowsPerInsert = 100;
  const insert = db.prepare(`INSERT INTO metrics VALUES ${Array(rowsPerInsert).fill('(?, ?, ?, ?, ?, ?)').join(', ')}`);
  const args = new Array(rowsPerInsert * 6);
  const ts = Date.now();
  const batch = db.transaction((start) => {
    for (let i = start; i < start + BATCH; i += rowsPerInsert) {
      for (let r = 0, o = 0; r < rowsPerInsert; r++, o += 6) {
        const [key, context] = SERIES[(i + r) & 3];
        args[o] = 'r0123456789abcde';
        args[o + 1] = key;
        args[o + 2] = context;
        args[o + 3] = (i + r) >> 2;
        args[o + 4] = ts;
        args[o + 5] = 1 / (i + r + 1);
      }
      insert.run(args);
    }
  });
  const started = performance.now();
  for (let start = 0; start < POINTS; start += BATCH) batch.immediate(start);
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return POINTS / seconds;
}

function jsIngest(round) {
  const store = openStore(freshStore(`js-${round}`));
  const run = store.createRun({ name: 'bench' });
  const ts = Date.now();
  const batches = [];
  for (let start = 0; start < POINTS; start += BATCH) {
    const points = [];
    for (let i = start; i < start + BATCH; i++) {
      const [key, context] = SERIES[i & 3];
      points.push({ key, context, step: i >> 2, ts, value: 1 / (i + 1) });
    }
    batches.push(points);
  }
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  for (const points of batches) store.logMetrics(run.id, points);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  cpuBound.js.push(POINTS / ((cpu.user + cpu.system) / 1e6));
  store.close();
  return POINTS / seconds;
}

const PYTHON_WRITER = `
import sys, time, mlcycle
n = int(sys.argv[1])
with mlcycle.start_run(name="bench") as run:
    log = mlcycle.log_metric
    started = time.perf_counter()
    for step in range(n // 4):
        log("loss", 1.0 / (step + 1), step, "train")
        log("loss", 1.0 / (step + 2), step, "dev")
        log("acc", 1.0 - 1.0 / (step + 1), step, "train")
        log("acc", 1.0 - 1.0 / (step + 2), step, "dev")
    mlcycle.flush()
    print(n / (time.perf_counter() - started), n / time.process_time())
`;

function pythonIngest(round) {
  const db = freshStore(`python-${round}`);
  const script = join(dirname(db), 'writer.py');
  writeFileSync(script, PYTHON_WRITER);
  const done = spawnSync(process.env.MLCYCLE_BENCH_PYTHON ?? 'python3', [script, String(POINTS)], {
    env: { ...process.env, PYTHONPATH: join(root, 'python'), MLCYCLE_DB: db },
    encoding: 'utf8',
  });
  if (done.status !== 0) throw new Error(`python writer failed: ${done.stderr}`);
  const [wall, cpu] = done.stdout.trim().split(' ').map(Number);
  cpuBound.python.push(cpu);
  return wall;
}

function seriesRead() {
  const store = openStore(freshStore('read'));
  const run = store.createRun({ name: 'one million' });
  for (let start = 0; start < POINTS; start += BATCH) {
    const points = [];
    for (let step = start; step < start + BATCH; step++) points.push({ key: 'loss', context: 'train', step, ts: 1_700_000_000_000 + step, value: Math.sin(step / 5000) + ((step * 7919) % 1000) / 10000 });
    store.logMetrics(run.id, points);
  }
  const times = [];
  for (let i = 0; i < 7; i++) {
    const started = performance.now();
    const series = readSeries(store, { runId: run.id, key: 'loss', context: 'train' }, 2000);
    times.push(performance.now() - started);
    if (series.step.length > 2000 || series.total !== POINTS) throw new Error(`read ${series.step.length} of ${series.total} points`);
  }
  store.close();
  return median(times);
}

try {
  console.error(`bench store: load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}, median of ${ROUNDS} rounds of ${POINTS} points`);
  const round = (measure) => median(Array.from({ length: ROUNDS }, (_, i) => measure(i)));
  console.log(`BENCH store.python_ingest ${Math.round(round(pythonIngest))} points/s`);
  console.log(`BENCH store.js_ingest ${Math.round(round(jsIngest))} points/s`);
  console.error(`bench store: per CPU second: python ${Math.round(median(cpuBound.python))}, core ${Math.round(median(cpuBound.js))} points`);
  console.log(`BENCH store.series_read_1m ${seriesRead().toFixed(1)} ms`);
  console.log(`BENCH store.sqlite_raw_insert ${Math.round(round(sqliteRawInsert))} rows/s`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
