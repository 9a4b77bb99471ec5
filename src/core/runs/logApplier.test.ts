import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { openStore, type Store } from '../store/store';
import { tempStorePath } from '../store/testSupport';
import { LogLineApplier } from './logApplier';

describe('LogLineApplier', () => {
  let store: Store;
  let cwd: string;
  beforeEach(() => {
    const path = tempStorePath('applier');
    store = openStore(path);
    cwd = dirname(dirname(path));
  });
  afterEach(() => store.close());

  it('writes a script\'s events to its run and shows the rest as output', async () => {
    const run = store.createRun();
    mkdirSync(join(cwd, 'out'));
    writeFileSync(join(cwd, 'out', 'model.bin'), 'weights');
    writeFileSync(join(cwd, 'train.csv'), 'x,y\n1,2\n');
    const applier = new LogLineApplier(store, run.id, { cwd });
    const shown = [
      '@mlcycle {"params": {"lr": 0.1, "layers": [64, 64]}}',
      'epoch 1',
      '@mlcycle {"metric": "loss", "value": 0.5, "context": "train"}',
      '@mlcycle {"metric": "loss", "value": 0.4, "context": "train"}',
      '@mlcycle {"metrics": {"loss": 0.45, "acc": NaN}, "step": 7, "context": "dev"}',
      '@mlcycle {"tag": "stage", "value": "tuning"}',
      '@mlcycle {"artifact": "out/model.bin"}',
      '@mlcycle {"dataset": "train.csv", "role": "train"}',
      '@mlcycle {oops}',
    ]
      .map((line) => applier.accept(line))
      .filter((p) => p.type === 'output');
    await applier.close();
    assert.deepEqual(shown, [{ type: 'output', text: 'epoch 1' }, { type: 'output', text: '@mlcycle {oops}', malformed: 'not valid JSON' }]);
    assert.deepEqual(applier.counts, { events: 7, malformed: 1 });
    const detail = store.getRun(run.id)!;
    assert.deepEqual(detail.params, { lr: 0.1, layers: [64, 64] });
    assert.deepEqual(detail.tags, { stage: 'tuning' });
    assert.equal(detail.malformedLines, 1);
    const byName = Object.fromEntries(detail.metrics.map((m) => [`${m.context}/${m.key}`, [m.last, m.lastStep, m.count]]));
    assert.deepEqual(byName, { 'train/loss': [0.4, 1, 2], 'dev/loss': [0.45, 7, 1], 'dev/acc': [Number.NaN, 7, 1] });
    const sha = (text: string) => createHash('sha256').update(text).digest('hex');
    assert.deepEqual(detail.artifacts.map((a) => [a.path, a.sha256, a.size]), [['model.bin', sha('weights'), 7]]);
    assert.equal(readFileSync(join(store.artifactDir(run.id), 'model.bin'), 'utf8'), 'weights');
    assert.deepEqual(detail.datasets.map((d) => [d.path, d.role, d.sha256]), [[join(cwd, 'train.csv'), 'train', sha('x,y\n1,2\n')]]);
  });

  it('counts an event the store would refuse as malformed and keeps the rest of the batch', async () => {
    const run = store.createRun();
    const applier = new LogLineApplier(store, run.id, { cwd });
    const refused = applier.accept(`@mlcycle {"metric": "${'k'.repeat(300)}", "value": 1}`);
    applier.accept('@mlcycle {"metric": "ok", "value": 1}');
    await applier.close();
    assert.match((refused as { malformed?: string }).malformed ?? '', /longer than 250 characters/);
    assert.deepEqual(store.getRun(run.id)!.metrics.map((m) => m.key), ['ok']);
    assert.equal(store.requireRun(run.id).malformedLines, 1);
  });

  it('tells about a missing artifact instead of failing the run', async () => {
    const run = store.createRun();
    const problems: string[] = [];
    const applier = new LogLineApplier(store, run.id, { cwd, onProblem: (m) => problems.push(m) });
    applier.accept('@mlcycle {"artifact": "nowhere.bin"}');
    applier.accept('@mlcycle {"metric": "loss", "value": 1}');
    await applier.close();
    assert.equal(problems.length, 1);
    assert.match(problems[0], /artifact .*nowhere\.bin does not exist/);
    assert.equal(store.getRun(run.id)!.metrics.length, 1);
  });

  it('writes by itself once enough points wait, and after the interval otherwise', async () => {
    const run = store.createRun();
    const applier = new LogLineApplier(store, run.id, { cwd, flushPoints: 3, flushIntervalMs: 20 });
    const stored = () => store.db.prepare('SELECT count(*) FROM metrics').pluck().get() as number;
    for (let i = 0; i < 3; i++) applier.accept(`@mlcycle {"metric": "m", "value": ${i}}`);
    await waitFor(() => stored() === 3);
    applier.accept('@mlcycle {"metric": "m", "value": 3}');
    await waitFor(() => stored() === 4);
    await applier.close();
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
