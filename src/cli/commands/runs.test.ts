import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { openStore } from '../../core/store/store';
import { tempStorePath } from '../../core/store/testSupport';
import { runCliCaptured } from '../testSupport';

/** A workspace with two runs in the default store location; returns its folder and the runs' ids. */
function workspaceWithRuns(): { cwd: string; db: string; baseline: string; tuned: string } {
  const db = tempStorePath('cli');
  const store = openStore(db);
  const baseline = store.createRun({ id: 'aaaa0000baseline', name: 'baseline, "v1"', createdAt: 1000 }).id;
  store.logParams(baseline, { lr: 0.1, layers: [64, 64], optimizer: 'adam' });
  store.setTags(baseline, { team: 'vision' });
  store.logMetrics(baseline, [0.9, 0.5, 0.3].map((value, step) => ({ key: 'loss', context: 'train', value, step, ts: 5000 + step })));
  store.logMetrics(baseline, [{ key: 'acc', value: Number.NaN, step: 2 }]);
  store.setRunStatus(baseline, 'finished', { exitCode: 0 });
  const tuned = store.createRun({ id: 'bbbb0000tuned000', name: 'tuned', experiment: 'sweeps', createdAt: 2000 }).id;
  store.logParams(tuned, { lr: 0.01 });
  store.close();
  return { cwd: dirname(dirname(db)), db, baseline, tuned };
}

describe('mlcycle runs', () => {
  it('lists runs newest first as a table and as JSON with params, tags and last metric values', async () => {
    const { cwd } = workspaceWithRuns();
    const table = await runCliCaptured(['runs', 'list'], { cwd });
    assert.equal(table.code, 0, table.err);
    const lines = table.out.trim().split('\n');
    assert.match(lines[0], /^ID\s+NAME\s+EXPERIMENT\s+STATUS/);
    assert.match(lines[1], /^bbbb0000tuned000\s+tuned\s+sweeps\s+running/);
    assert.match(lines[2], /^aaaa0000baseline\s+baseline, "v1"\s+Default\s+finished .* acc=NaN train\/loss=0\.3$/);
    const json = await runCliCaptured(['runs', 'list', '--json', '--experiment', 'Default'], { cwd });
    const runs = JSON.parse(json.out);
    assert.deepEqual(runs.map((r: { id: string }) => r.id), ['aaaa0000baseline']);
    assert.deepEqual(runs[0].params, { layers: [64, 64], lr: 0.1, optimizer: 'adam' });
    assert.deepEqual(runs[0].tags, { team: 'vision' });
    assert.deepEqual(runs[0].metrics.map((m: { key: string; last: unknown }) => [m.key, m.last]), [['acc', 'NaN'], ['loss', 0.3]]);
  });

  it('lists only the runs a --filter query matches, and points at the mistake in a bad query', async () => {
    const { cwd } = workspaceWithRuns();
    const matched = await runCliCaptured(['runs', 'list', '--json', '--filter', 'params.lr < 0.05 or (tags.team = "vision" and metrics.loss[train] > 1)'], { cwd });
    assert.equal(matched.code, 0, matched.err);
    assert.deepEqual(JSON.parse(matched.out).map((r: { name: string }) => r.name), ['tuned']);
    const either = await runCliCaptured(['runs', 'list', '--json', '--filter', 'params.optimizer = "adam" or experiment = "sweeps"'], { cwd });
    assert.equal(JSON.parse(either.out).length, 2);
    const bad = await runCliCaptured(['runs', 'list', '--filter', 'params.lr > and name = "x"'], { cwd });
    assert.equal(bad.code, 2);
    assert.match(bad.err, /bad --filter:[\s\S]*params\.lr > and name = "x"\n\s+\^/);
  });

  it('shows one run by id prefix or name, as text and as JSON', async () => {
    const { cwd } = workspaceWithRuns();
    const text = await runCliCaptured(['runs', 'show', 'aaaa'], { cwd });
    assert.equal(text.code, 0, text.err);
    assert.equal(text.out.split('\n')[0], 'Run aaaa0000baseline "baseline, "v1""');
    assert.match(text.out, /status\s+finished \(exit code 0\)/);
    assert.match(text.out, /Params\n {2}layers = \[64,64\]\n {2}lr = 0\.1\n {2}optimizer = adam/);
    assert.match(text.out, /train\/loss\s+0\.3\s+0\.3\s+0\.9\s+3\s+2/);
    const json = await runCliCaptured(['runs', 'show', 'tuned', '--json'], { cwd });
    assert.deepEqual([JSON.parse(json.out).id, JSON.parse(json.out).experiment], ['bbbb0000tuned000', 'sweeps']);
  });

  it('exports every run with its full metric history as JSON, to stdout or a file', async () => {
    const { cwd } = workspaceWithRuns();
    const result = await runCliCaptured(['runs', 'export', '--format', 'json', '--out', 'runs.json'], { cwd });
    assert.equal(result.code, 0, result.err);
    const exported = JSON.parse(readFileSync(join(cwd, 'runs.json'), 'utf8'));
    const baseline = exported.runs.find((r: { id: string }) => r.id === 'aaaa0000baseline');
    const loss = baseline.metrics.find((m: { key: string }) => m.key === 'loss');
    assert.deepEqual([loss.context, loss.step, loss.ts, loss.value, loss.count], ['train', [0, 1, 2], [5000, 5001, 5002], [0.9, 0.5, 0.3], 3]);
    assert.deepEqual(baseline.metrics.find((m: { key: string }) => m.key === 'acc').value, ['NaN']);
    const stdout = await runCliCaptured(['runs', 'export', '--format=json'], { cwd });
    assert.equal(JSON.parse(stdout.out).runs.length, 2);
  });

  it('exports a CSV row per run with params and last metric values, quoting what needs it', async () => {
    const { cwd } = workspaceWithRuns();
    const result = await runCliCaptured(['runs', 'export', '--format', 'csv'], { cwd });
    assert.equal(result.code, 0, result.err);
    const [header, tuned, baseline] = result.out.split('\r\n');
    assert.equal(header, 'id,name,experiment,status,created_at,started_at,ended_at,exit_code,param:layers,param:lr,param:optimizer,metric:acc,metric:loss[train]');
    assert.match(baseline, /^aaaa0000baseline,"baseline, ""v1""",Default,finished,1970-01-01T00:00:01\.000Z,[^,]+,[^,]+,0,"\[64,64\]",0\.1,adam,NaN,0\.3$/);
    assert.match(tuned, /^bbbb0000tuned000,tuned,sweeps,running,.*,,0\.01,,,$/);
  });

  it('reads the store named by --db or MLCYCLE_DB', async () => {
    const { db } = workspaceWithRuns();
    const elsewhere = dirname(tempStorePath('cli-elsewhere'));
    assert.equal(JSON.parse((await runCliCaptured(['runs', 'list', '--json', '--db', db], { cwd: elsewhere })).out).length, 2);
    assert.equal(JSON.parse((await runCliCaptured(['runs', 'list', '--json'], { cwd: elsewhere, env: { MLCYCLE_DB: db } })).out).length, 2);
  });

  it('says what is wrong in one line and exits 2 for bad arguments, a missing or a damaged store', async () => {
    const { cwd, db } = workspaceWithRuns();
    const cases: [string[], RegExp][] = [
      [['runs'], /runs needs a subcommand/],
      [['runs', 'delete'], /unknown subcommand "runs delete"/],
      [['runs', 'list', '--limit', 'lots'], /--limit must be a positive whole number/],
      [['runs', 'list', '--jsn'], /unknown option --jsn/],
      [['runs', 'show'], /needs exactly one RUN/],
      [['runs', 'show', 'nothing'], /no run "nothing"/],
      [['runs', 'export'], /--format must be csv or json/],
      [['runs', 'export', '--format', 'xml'], /--format must be csv or json, got "xml"/],
      [['runs', 'export', '--format', 'csv', '--out', join(cwd, 'no', 'such', 'dir', 'x.csv')], /cannot write .*x\.csv/],
      [['runs', 'list', '--db', join(cwd, 'missing.db')], /no mlcycle store at .*missing\.db/],
    ];
    for (const [args, message] of cases) {
      const result = await runCliCaptured(args, { cwd });
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.err}`);
      assert.match(result.err, message);
      assert.equal(result.err.trim().split('\n').length, 1, result.err);
    }
    writeFileSync(db, 'definitely not sqlite'.repeat(50));
    const damaged = await runCliCaptured(['runs', 'list'], { cwd });
    assert.equal(damaged.code, 2);
    assert.match(damaged.err, new RegExp(`${db.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not an mlcycle store`));
    assert.equal(readFileSync(db, 'utf8'), 'definitely not sqlite'.repeat(50));
  });
});
