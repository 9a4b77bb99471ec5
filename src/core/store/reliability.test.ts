import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { findMigrationsDir } from './migrations';
import { openStore } from './store';
import { tempStorePath } from './testSupport';

const PYTHON = process.env.MLCYCLE_TEST_PYTHON ?? 'python3';
const PYTHON_CLIENT_DIR = dirname(dirname(findMigrationsDir()));

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

function finished(child: ChildProcess): Promise<Finished> {
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += String(chunk)));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

function pythonWriter(db: string, script: string, env: Record<string, string> = {}): ChildProcess {
  const file = join(dirname(dirname(db)), `writer-${Math.random().toString(16).slice(2)}.py`);
  writeFileSync(file, script);
  return spawn(PYTHON, [file], {
    cwd: dirname(file),
    env: { ...process.env, PYTHONPATH: PYTHON_CLIENT_DIR, MLCYCLE_DB: db, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function nodeWriter(db: string, points: number): ChildProcess {
  const script = `
    const { openStore } = require(${JSON.stringify(join(__dirname, 'store.js'))});
    const store = openStore(${JSON.stringify(db)});
    const run = store.createRun({ name: 'node writer' });
    for (let start = 0; start < ${points}; start += 5000) {
      const batch = [];
      for (let step = start; step < start + 5000; step++) batch.push({ key: 'loss', value: 1 / (step + 1), step });
      store.logMetrics(run.id, batch);
    }
    store.setRunStatus(run.id, 'finished');
    store.close();`;
  return spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
}

const PYTHON_100K = `
import mlcycle
with mlcycle.start_run():
    for step in range(100000):
        mlcycle.log_metric("loss", 1.0 / (step + 1), step=step)
`;

describe('store reliability', function () {
  this.timeout(120_000);

  it('gets from the Python client the very schema the core creates', async () => {
    const fromPython = tempStorePath('schema-python');
    const created = await finished(pythonWriter(fromPython, 'from mlcycle._schema import connect\nimport os\nconnect(os.environ["MLCYCLE_DB"]).close()\n'));
    assert.deepEqual([created.code, created.stderr], [0, '']);
    const fromCore = tempStorePath('schema-core');
    openStore(fromCore).close();
    const schema = (path: string) => {
      const store = openStore(path, { mustExist: true });
      try {
        return [store.db.pragma('user_version', { simple: true }), store.db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name').raw().all()];
      } finally {
        store.close();
      }
    };
    assert.deepEqual(schema(fromPython), schema(fromCore));
  });

  it('takes 8 processes logging 100,000 points each at once: all 800,000 stored, no "database is locked"', async () => {
    const db = tempStorePath('concurrent');
    const writers = Array.from({ length: 8 }, () => finished(pythonWriter(db, PYTHON_100K)));
    const results = await Promise.all(writers);
    for (const r of results) assert.deepEqual([r.code, r.stderr], [0, '']);
    const store = openStore(db, { mustExist: true });
    try {
      assert.equal(store.db.prepare('SELECT count(*) FROM metrics').pluck().get(), 800_000);
      const perRun = store.db.prepare("SELECT r.status, s.count, s.last_step FROM runs r JOIN metric_summaries s ON s.run_id = r.id WHERE s.key = 'loss'").raw().all();
      assert.deepEqual(perRun, Array(8).fill(['finished', 100_000, 99_999]));
    } finally {
      store.close();
    }
  });

  it('takes the core API and the Python client writing the same store at once', async () => {
    const db = tempStorePath('mixed');
    openStore(db).close();
    const writers = [...Array.from({ length: 4 }, () => pythonWriter(db, PYTHON_100K)), ...Array.from({ length: 4 }, () => nodeWriter(db, 100_000))].map(finished);
    for (const r of await Promise.all(writers)) assert.deepEqual([r.code, r.stderr], [0, '']);
    const store = openStore(db, { mustExist: true });
    try {
      assert.equal(store.db.prepare('SELECT count(*) FROM metrics').pluck().get(), 800_000);
      assert.equal(store.db.prepare('SELECT sum(count) FROM metric_rollups WHERE width = 64').pluck().get(), 800_000);
    } finally {
      store.close();
    }
  });

  it('keeps every point a Python writer had flushed when it is killed with SIGKILL, and the file stays sound', async () => {
    const db = tempStorePath('sigkill');
    const writer = pythonWriter(
      db,
      `
import mlcycle
run = mlcycle.start_run()
step = 0
while True:
    for _ in range(2000):
        mlcycle.log_metric("loss", 1.0 / (step + 1), step=step)
        mlcycle.log_metric("acc", 1.0 - 1.0 / (step + 1), step=step, context="dev")
        step += 1
    mlcycle.flush()
    print("flushed", run.flushed_points, flush=True)
`,
      { MLCYCLE_FLUSH_SECONDS: '0.05', MLCYCLE_FLUSH_POINTS: '700' },
    );
    const exited = finished(writer);
    let lastFlushed = 0;
    let reports = 0;
    for await (const line of createInterface({ input: writer.stdout! })) {
      lastFlushed = Number(line.split(' ')[1]);
      if (++reports === 5) break;
    }
    writer.kill('SIGKILL');
    const result = await exited;
    assert.equal(result.signal, 'SIGKILL');
    const store = openStore(db, { mustExist: true });
    try {
      assert.equal(store.db.pragma('integrity_check', { simple: true }), 'ok');
      const stored = store.db.prepare('SELECT count(*) FROM metrics').pluck().get() as number;
      assert.ok(stored >= lastFlushed, `${stored} points stored, ${lastFlushed} reported flushed`);
      const summarised = store.db.prepare('SELECT sum(count) FROM metric_summaries').pluck().get();
      const rolledUp = store.db.prepare('SELECT sum(count) FROM metric_rollups WHERE width = 1024').pluck().get();
      assert.deepEqual([summarised, rolledUp], [stored, stored]);
    } finally {
      store.close();
    }
  });
});
