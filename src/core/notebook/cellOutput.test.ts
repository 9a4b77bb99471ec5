import { strict as assert } from 'node:assert';
import { openStore, type Store } from '../store/store';
import { tempStorePath } from '../store/testSupport';
import { buildCompareOutput, buildRunsOutput } from './cellOutput';
import { resolveCompare } from './compareRefs';
import { outputText } from './outputText';

/** A finished run of `epochs` epochs: accuracy and loss per epoch in train and dev, plus system metrics. */
function seedRun(store: Store, name: string, params: Record<string, unknown>, devAccuracy: number[], parentRunId?: string): string {
  const run = store.createRun({ name, script: 'train.py', status: 'running', startedAt: 1_000, parentRunId });
  store.logParams(run.id, params);
  store.logMetrics(run.id, devAccuracy.flatMap((acc, i) => [
    { key: 'accuracy', context: 'dev', step: i + 1, value: acc },
    { key: 'accuracy', context: 'train', step: i + 1, value: Math.min(1, acc + 0.05) },
    { key: 'loss', context: 'train', step: i + 1, value: 1 - acc },
    { key: 'cpu_percent', context: 'system', step: i, value: 50 },
  ]));
  store.setRunStatus(run.id, 'finished', { at: 61_000 });
  return run.id;
}

describe('notebook cell outputs', () => {
  let store: Store;
  beforeEach(() => {
    store = openStore(tempStorePath('notebook-output'));
  });
  afterEach(() => store.close());

  it('shows one run: status, duration, params, last values by context and a line per context', () => {
    const id = seedRun(store, 'baseline', { lr: 0.01, model: 'mlp' }, [0.5, 0.7, 0.9]);
    const output = buildRunsOutput(store, { kind: 'runs', runIds: [id] }, { source: 'store', now: 100_000 });
    assert.equal(output.kind, 'run');
    assert.equal(output.title, 'baseline');
    assert.equal(output.live, false);
    const [run] = output.runs;
    assert.deepEqual([run.status, run.durationMs], ['finished', 60_000]);
    assert.deepEqual(run.params, [{ key: 'lr', value: '0.01' }, { key: 'model', value: 'mlp' }]);
    assert.deepEqual(run.metrics.map((m) => [m.key, m.context, m.value]), [['accuracy', 'train', 0.9 + 0.05], ['accuracy', 'dev', 0.9], ['loss', 'train', 1 - 0.9]]);
    assert.equal(output.chart.metric, 'accuracy', 'the dev series is the main metric');
    assert.deepEqual(output.chart.metrics.map((m) => m.key), ['accuracy', 'loss'], 'system metrics stay out of the chart');
    const accuracy = output.chart.metrics[0];
    assert.deepEqual(accuracy.series.map((s) => s.label), ['train', 'dev']);
    assert.deepEqual(accuracy.series[1].step, [1, 2, 3]);
    assert.deepEqual(accuracy.series[1].value, [0.5, 0.7, 0.9]);
    assert.deepEqual(output.links.map((l) => l.action), ['compare', 'biasVariance', 'errorAnalysis', 'showOutput']);
    assert.match(outputText(output), /baseline: finished in 1 min 0 s\n {2}params: lr=0\.01 model=mlp\n {2}final: accuracy\[train\]=0\.95 accuracy\[dev\]=0\.9/);
  });

  it('takes the main-metric setting when the run logged it', () => {
    const id = seedRun(store, 'baseline', {}, [0.5, 0.6]);
    const output = buildRunsOutput(store, { kind: 'runs', runIds: [id] }, { source: 'store', mainMetric: 'loss' });
    assert.equal(output.chart.metric, 'loss');
    assert.deepEqual(output.chart.metrics.map((m) => m.key), ['loss', 'accuracy']);
  });

  it('shows a running run as live, its duration counting up to now', () => {
    const run = store.createRun({ name: 'going', status: 'running', startedAt: 5_000 });
    store.logMetrics(run.id, [{ key: 'loss', value: 1 }]);
    const output = buildRunsOutput(store, { kind: 'runs', runIds: [run.id] }, { source: 'execution', now: 12_000 });
    assert.equal(output.live, true);
    assert.equal(output.runs[0].durationMs, 7_000);
    assert.equal(output.source, 'execution');
  });

  it('shows a sweep: its children in a table of differing params and the metric per context, the best marked', () => {
    const parent = store.createRun({ name: 'lr sweep', script: 'train.py', status: 'finished' });
    const ids = [
      seedRun(store, 'lr=0.1', { lr: 0.1, epochs: 3 }, [0.4, 0.6, 0.8], parent.id),
      seedRun(store, 'lr=0.01', { lr: 0.01, epochs: 3 }, [0.5, 0.7, 0.93], parent.id),
      seedRun(store, 'lr=0.001', { lr: 0.001, epochs: 3 }, [0.2, 0.3, 0.4], parent.id),
    ];
    const output = buildRunsOutput(store, { kind: 'runs', runIds: ids, sweepId: parent.id }, { source: 'store' });
    assert.equal(output.kind, 'sweep');
    assert.equal(output.title, 'lr sweep');
    assert.equal(output.sweep?.id, parent.id);
    const table = output.table!;
    assert.deepEqual(table.paramKeys, ['lr'], 'epochs is the same everywhere');
    const queued = store.createRun({ name: 'lr=0.5', status: 'queued', parentRunId: parent.id });
    store.logParams(queued.id, { lr: 0.5 });
    const withQueued = buildRunsOutput(store, { kind: 'runs', runIds: [...ids, queued.id], sweepId: parent.id }, { source: 'store' });
    assert.deepEqual(withQueued.table!.paramKeys, ['lr'], 'a queued run without the script-logged params does not make them differ');
    assert.equal(withQueued.live, true);
    assert.deepEqual(table.metricColumns.map((c) => c.label), ['accuracy [train]', 'accuracy [dev]']);
    assert.deepEqual(table.rows.map((r) => r.best), [false, true, false]);
    assert.deepEqual(output.chart.metrics[0].series.map((s) => [s.label, s.context]), [['lr=0.1', 'dev'], ['lr=0.01', 'dev'], ['lr=0.001', 'dev']]);
    assert.deepEqual(output.links.map((l) => [l.action, l.runIds]), [['compare', ids], ['biasVariance', [ids[1]]], ['errorAnalysis', [ids[1]]]]);
    const fromParentOnly = buildRunsOutput(store, { kind: 'runs', runIds: [], sweepId: parent.id }, { source: 'store' });
    assert.deepEqual(fromParentOnly.runs.map((r) => r.id), [...ids, queued.id], 'a sweep id alone finds its children');
  });

  it('says a run is gone when the store no longer has it', () => {
    const kept = seedRun(store, 'kept', {}, [0.5]);
    const deleted = seedRun(store, 'deleted', {}, [0.5]);
    store.deleteRun(deleted);
    const output = buildRunsOutput(store, { kind: 'runs', runIds: [deleted] }, { source: 'store' });
    assert.equal(output.runs[0].status, 'gone');
    assert.match(output.notes[0], new RegExp(`Run ${deleted} is gone: no longer in the store`));
    assert.deepEqual(output.links, []);
    const mixed = buildRunsOutput(store, { kind: 'runs', runIds: [kept, deleted] }, { source: 'store' });
    assert.deepEqual(mixed.runs.map((r) => r.status), ['finished', 'gone']);
    assert.equal(buildRunsOutput(undefined, { kind: 'runs', runIds: [kept] }, { source: 'store' }).notes[0], 'There is no mlcycle store in this workspace (yet), so these runs cannot be shown.');
  });

  it('compares earlier cells by id, name or all: one table, one line per run in the asked context', () => {
    const a = seedRun(store, 'mlp lr=0.01', { lr: 0.01 }, [0.5, 0.9]);
    const b = seedRun(store, 'mlp lr=0.1', { lr: 0.1 }, [0.6, 0.7]);
    const earlier = [{ id: 'run1', name: 'baseline', runIds: [a] }, { id: 'run2', runIds: [b] }, { id: 'run3', runIds: [] }];
    const picked = resolveCompare({ cells: ['baseline', 'run2', 'nope'] }, earlier);
    assert.deepEqual(picked, { groups: [{ cellId: 'run1', label: 'baseline', runIds: [a] }, { cellId: 'run2', label: 'run2', runIds: [b] }], missing: ['nope'] });
    assert.deepEqual(resolveCompare({ cells: 'all' }, earlier).groups.map((g) => g.cellId), ['run1', 'run2'], 'cells that have not run are left out of "all"');
    const output = buildCompareOutput(store, { kind: 'compare', ...picked, metric: 'accuracy', context: 'train' }, { source: 'execution' });
    assert.equal(output.title, 'Comparison of accuracy [train]');
    assert.deepEqual(output.table!.rows.map((r) => [r.cellLabel, r.best]), [['baseline', true], ['run2', false]]);
    assert.deepEqual(output.chart.metrics[0].series.map((s) => [s.label, s.context]), [['baseline', 'train'], ['run2', 'train']]);
    assert.match(output.notes[0], /No earlier run cell is called "nope"/);
    const notRun = buildCompareOutput(store, { kind: 'compare', ...resolveCompare({ cells: ['run3'] }, earlier) }, { source: 'execution' });
    assert.match(notRun.notes.join('\n'), /Cell "run3" has not been run yet/);
  });
});
