import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors';
import { latestSchemaVersion } from './migrations';
import { openStore, type Store } from './store';
import { tempStorePath } from './testSupport';

function withStore(label: string, body: (store: Store) => void): void {
  const store = openStore(tempStorePath(label));
  try {
    body(store);
  } finally {
    store.close();
  }
}

const userError = (pattern: RegExp) => (e: unknown) => e instanceof UserError && pattern.test(e.message);

describe('Store', () => {
  it('creates the folder and the file in WAL mode with foreign keys, a busy timeout and the latest schema', () => {
    const path = tempStorePath('open');
    const store = openStore(path);
    try {
      assert.ok(statSync(path).isFile());
      assert.equal(store.db.pragma('journal_mode', { simple: true }), 'wal');
      assert.equal(store.db.pragma('foreign_keys', { simple: true }), 1);
      assert.equal(store.db.pragma('busy_timeout', { simple: true }), 10000);
      assert.equal(store.db.pragma('user_version', { simple: true }), latestSchemaVersion);
      assert.equal(store.artifactDir('abc'), join(path, '..', 'artifacts', 'abc'));
    } finally {
      store.close();
    }
  });

  it('refuses to create a store when it must exist', () => {
    const path = tempStorePath('missing');
    assert.throws(() => openStore(path, { mustExist: true }), userError(/no mlcycle store at .*mlcycle\.db/));
    assert.equal(existsSync(path), false);
  });

  it('creates runs in the Default experiment, running, with a 16-hex id; experiments are got or created by name', () =>
    withStore('runs', (store) => {
      const run = store.createRun({ script: 'train.py', command: ['python', 'train.py'] });
      assert.match(run.id, /^[0-9a-f]{16}$/);
      assert.equal(run.experiment, 'Default');
      assert.equal(run.status, 'running');
      assert.ok(run.startedAt !== null && run.endedAt === null);
      assert.equal(run.name, `train-${run.id.slice(0, 6)}`);
      assert.deepEqual(run.command, ['python', 'train.py']);
      const other = store.createRun({ experiment: 'sweeps', name: 'lr=0.1', status: 'queued' });
      assert.equal(other.startedAt, null);
      assert.equal(store.experimentId('sweeps'), other.experimentId);
      assert.deepEqual(store.listExperiments().map((e) => e.name), ['Default', 'sweeps']);
      assert.throws(() => store.createRun({ id: run.id }), userError(/already exists/));
    }));

  it('moves a run through its statuses with start, end, exit code and error', () =>
    withStore('status', (store) => {
      const run = store.createRun({ status: 'queued' });
      store.setRunStatus(run.id, 'running', { at: 1000 });
      assert.equal(store.requireRun(run.id).startedAt, 1000);
      store.setRunStatus(run.id, 'failed', { at: 2000, exitCode: 3, error: 'ValueError: bad lr' });
      const failed = store.requireRun(run.id);
      assert.deepEqual([failed.status, failed.startedAt, failed.endedAt, failed.exitCode, failed.error], ['failed', 1000, 2000, 3, 'ValueError: bad lr']);
      assert.throws(() => store.setRunStatus(run.id, 'queued'), userError(/cannot go back to queued/));
      store.renameRun(run.id, 'baseline');
      store.setNotes(run.id, 'lr too high');
      store.addMalformedLines(run.id, 2);
      const renamed = store.requireRun(run.id);
      assert.deepEqual([renamed.name, renamed.notes, renamed.malformedLines], ['baseline', 'lr too high', 2]);
      assert.throws(() => store.renameRun(run.id, '  '), userError(/cannot be empty/));
      assert.throws(() => store.setRunStatus('nope', 'running'), userError(/no run with id nope/));
    }));

  it('keeps params of any JSON type, NaN and Infinity included, and tags as text', () =>
    withStore('params', (store) => {
      const run = store.createRun();
      store.logParams(run.id, { lr: 0.1, layers: [64, 64], opt: { name: 'adam', beta: 0.9 }, name: 'x', on: true, none: null, bad: Number.NaN, big: Infinity });
      store.setTags(run.id, { team: 'vision', epochs: 3 });
      const detail = store.getRun(run.id)!;
      assert.deepEqual(detail.params, { bad: 'NaN', big: 'Infinity', layers: [64, 64], lr: 0.1, name: 'x', none: null, on: true, opt: { name: 'adam', beta: 0.9 } });
      assert.deepEqual(detail.tags, { epochs: '3', team: 'vision' });
      store.deleteTag(run.id, 'epochs');
      assert.deepEqual(store.getRun(run.id)!.tags, { team: 'vision' });
    }));

  it('refuses a value over 1 MB or a key over 250 characters, naming it, and stores nothing of the batch', () =>
    withStore('limits', (store) => {
      const run = store.createRun();
      assert.throws(() => store.logParams(run.id, { fine: 1, huge: 'x'.repeat(1_000_001) }), userError(/param "huge" is 1000003 bytes, over the 1 MB limit/));
      assert.throws(() => store.setTags(run.id, { note: 'y'.repeat(1_000_001) }), userError(/tag "note" .* over the 1 MB limit/));
      assert.throws(() => store.logParams(run.id, { ['k'.repeat(251)]: 1 }), userError(/longer than 250 characters/));
      assert.throws(() => store.logMetrics(run.id, [{ key: 'ok', value: 1 }, { key: 'm'.repeat(300), value: 1 }]), userError(/metric name "m+"… \(300 characters\) is longer than 250/));
      const detail = store.getRun(run.id)!;
      assert.deepEqual([detail.params, detail.metrics], [{}, []]);
    }));

  it('stores NaN as NULL and ±Infinity as is, and reads NaN back', () =>
    withStore('nan', (store) => {
      const run = store.createRun();
      store.logMetrics(run.id, [
        { key: 'loss', value: 1, step: 0 },
        { key: 'loss', value: Number.NaN, step: 1 },
        { key: 'loss', value: Infinity, step: 2 },
        { key: 'loss', value: -Infinity, step: 3 },
        { key: 'loss', value: Number.NaN, step: 4 },
      ]);
      const stored = store.db.prepare('SELECT value FROM metrics ORDER BY step').pluck().all();
      assert.deepEqual(stored, [1, null, Infinity, -Infinity, null]);
      const [summary] = store.getRun(run.id)!.metrics;
      assert.ok(Number.isNaN(summary.last));
      assert.deepEqual([summary.min, summary.max, summary.count, summary.lastStep], [-Infinity, Infinity, 5, 4]);
    }));

  it('keeps summaries per (key, context) across batches and continues steps when none is given', () =>
    withStore('summaries', (store) => {
      const run = store.createRun();
      store.logMetrics(run.id, [
        { key: 'loss', value: 0.9, context: 'train' },
        { key: 'loss', value: 0.8, context: 'dev' },
        { key: 'loss', value: 0.5, context: 'train' },
      ]);
      store.logMetrics(run.id, [
        { key: 'loss', value: 0.7, context: 'train', step: 10 },
        { key: 'loss', value: 0.6, context: 'train' },
      ]);
      const steps = store.db.prepare("SELECT step FROM metrics WHERE context = 'train' ORDER BY rowid").pluck().all();
      assert.deepEqual(steps, [0, 1, 10, 11]);
      assert.deepEqual(store.getRun(run.id)!.metrics, [
        { key: 'loss', context: 'dev', last: 0.8, lastStep: 0, min: 0.8, max: 0.8, count: 1 },
        { key: 'loss', context: 'train', last: 0.6, lastStep: 11, min: 0.5, max: 0.9, count: 4 },
      ]);
    }));

  it('refuses a whole metric batch with a bad point and leaves the store as it was', () =>
    withStore('badbatch', (store) => {
      const run = store.createRun();
      assert.throws(() => store.logMetrics(run.id, [{ key: 'a', value: 1 }, { key: 'a', value: 2, step: 1.5 }]), userError(/step must be an integer/));
      assert.throws(() => store.logMetrics(run.id, [{ key: 'a', value: '3' as unknown as number }]), userError(/value must be a number/));
      assert.throws(() => store.logMetrics('ghost', [{ key: 'a', value: 1 }]), userError(/no run with id ghost/));
      assert.equal(store.db.prepare('SELECT count(*) FROM metrics').pluck().get(), 0);
    }));

  it('keeps every rollup level equal to the envelope of the points it covers', () =>
    withStore('rollups', (store) => {
      const run = store.createRun();
      let seed = 7;
      const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
      for (let batch = 0; batch < 5; batch++) {
        const points = [];
        for (let i = 0; i < 3000; i++) {
          const step = batch * 3000 + i;
          points.push({ key: 'loss', context: 'train', step, ts: step, value: random() < 0.01 ? Number.NaN : random() });
        }
        store.logMetrics(run.id, points);
      }
      for (const width of [64, 1024, 16384]) {
        const expected = store.db
          .prepare(
            `SELECT step / ${width} AS bucket, count(*) AS count, min(value) AS min_value, max(value) AS max_value, min(CASE WHEN value IS NULL THEN step END) AS nan_step
             FROM metrics GROUP BY bucket ORDER BY bucket`,
          )
          .all();
        const actual = store.db.prepare('SELECT bucket, count, min_value, max_value, nan_step FROM metric_rollups WHERE width = ? ORDER BY bucket').all(width);
        assert.deepEqual(actual, expected, `width ${width}`);
        const misplaced = store.db
          .prepare('SELECT count(*) FROM metric_rollups r WHERE width = ? AND min_value IS NOT NULL AND NOT EXISTS (SELECT 1 FROM metrics m WHERE m.step = r.min_step AND m.value = r.min_value AND m.ts = r.min_ts)')
          .pluck()
          .get(width);
        assert.equal(misplaced, 0);
      }
    }));

  it('lists runs newest first with params, tags and summaries, by experiment or by a SQL filter', () =>
    withStore('list', (store) => {
      const a = store.createRun({ name: 'a', createdAt: 1000 });
      const b = store.createRun({ name: 'b', experiment: 'other', createdAt: 2000 });
      store.logParams(a.id, { lr: 0.1 });
      store.logParams(b.id, { lr: 0.01 });
      store.setTags(b.id, { best: 'yes' });
      store.logMetrics(b.id, [{ key: 'acc', value: 0.9 }]);
      assert.deepEqual(store.listRuns().map((r) => r.name), ['b', 'a']);
      assert.deepEqual(store.listRuns({ experiment: 'Default' }).map((r) => r.name), ['a']);
      const filtered = store.listRuns({ filter: { where: "EXISTS (SELECT 1 FROM params p WHERE p.run_id = r.id AND p.key = 'lr' AND CAST(p.value AS REAL) < ?)", params: [0.05] } });
      assert.deepEqual(filtered.map((r) => [r.name, r.params, r.tags, r.metrics.map((m) => m.last)]), [['b', { lr: 0.01 }, { best: 'yes' }, [0.9]]]);
    }));

  it('finds a run by id, unique id prefix or unique name', () =>
    withStore('resolve', (store) => {
      const a = store.createRun({ id: 'aaaa1111', name: 'baseline' });
      store.createRun({ id: 'aaaa2222', name: 'twin' });
      store.createRun({ id: 'bbbb3333', name: 'twin' });
      assert.equal(store.resolveRunId('aaaa1111'), a.id);
      assert.equal(store.resolveRunId('aaaa1'), a.id);
      assert.equal(store.resolveRunId('baseline'), a.id);
      assert.throws(() => store.resolveRunId('aaaa'), userError(/more than one run/));
      assert.throws(() => store.resolveRunId('twin'), userError(/more than one run/));
      assert.throws(() => store.resolveRunId('zzz'), userError(/no run "zzz"/));
    }));

  it('records artifacts, dataset versions by content and predictions with comparable labels', () =>
    withStore('links', (store) => {
      const run = store.createRun();
      store.addArtifact(run.id, { path: 'model.pkl', sha256: 'ab'.repeat(32), size: 10 });
      const v1 = store.linkDataset(run.id, { path: '/data/train.csv', sha256: 'cd'.repeat(32), size: 100, role: 'train' });
      const again = store.linkDataset(run.id, { path: '/data/train.csv', sha256: 'cd'.repeat(32), size: 100, role: 'train' });
      const dev = store.linkDataset(run.id, { path: '/data/train.csv', sha256: 'ef'.repeat(32), size: 90, role: 'dev' });
      assert.equal(v1, again);
      assert.notEqual(v1, dev);
      store.logPredictions(run.id, [
        { exampleId: 1, yTrue: 1, yPred: 1.0, score: 0.9, features: { age: 30 } },
        { exampleId: 'b', yTrue: 'cat', yPred: 'dog', score: Number.NaN },
        { exampleId: 3, yTrue: true, yPred: false },
      ]);
      const detail = store.getRun(run.id)!;
      assert.deepEqual(detail.artifacts.map((a) => [a.path, a.kind, a.size]), [['model.pkl', 'file', 10]]);
      assert.deepEqual(detail.datasets.map((d) => [d.role, d.path, d.size]), [['dev', '/data/train.csv', 90], ['train', '/data/train.csv', 100]]);
      const rows = store.db.prepare('SELECT example_id, y_true, y_pred, score, features FROM predictions ORDER BY example_id').raw().all();
      assert.deepEqual(rows, [['1', '1', '1', 0.9, '{"age":30}'], ['3', 'true', 'false', null, null], ['b', 'cat', 'dog', null, null]]);
    }));

  it('deletes a run with every row that belongs to it and its artifact folder, and leaves other runs alone', () =>
    withStore('delete', (store) => {
      const doomed = store.createRun();
      const kept = store.createRun({ parentRunId: doomed.id });
      for (const id of [doomed.id, kept.id]) {
        store.logParams(id, { lr: 1 });
        store.setTags(id, { t: 'x' });
        store.logMetrics(id, [{ key: 'loss', value: 1 }]);
        store.addArtifact(id, { path: 'a.txt', sha256: 'x', size: 1 });
        store.linkDataset(id, { path: '/d.csv', sha256: 'y', size: 1, role: 'train' });
        store.logPredictions(id, [{ exampleId: 1, yTrue: 0, yPred: 1 }]);
      }
      mkdirSync(store.artifactDir(doomed.id), { recursive: true });
      writeFileSync(join(store.artifactDir(doomed.id), 'a.txt'), 'a');
      store.deleteRun(doomed.id);
      assert.equal(existsSync(store.artifactDir(doomed.id)), false);
      for (const table of ['params', 'tags', 'metrics', 'metric_summaries', 'metric_rollups', 'artifacts', 'run_datasets', 'predictions']) {
        const owners = store.db.prepare(`SELECT DISTINCT run_id FROM ${table}`).pluck().all();
        assert.deepEqual(owners, [kept.id], table);
      }
      assert.equal(store.requireRun(kept.id).parentRunId, null);
    }));
});
