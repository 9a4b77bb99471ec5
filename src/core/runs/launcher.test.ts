import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../errors';
import { readSeries } from '../store/series';
import { openStore, type Store } from '../store/store';
import { RunLauncher } from './launcher';
import { readProcStat } from './processTree';

const node = [process.execPath];

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlcycle-launch-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('RunLauncher', function () {
  this.timeout(60_000);
  let store: Store;
  let launcher: RunLauncher;

  beforeEach(() => {
    store = openStore(join(mkdtempSync(join(tmpdir(), 'mlcycle-store-')), 'mlcycle.db'));
    launcher = new RunLauncher(store, { pythonClientDir: '/nonexistent', systemMetricsIntervalMs: 200, stopGraceMs: 500 });
  });
  afterEach(async () => {
    await launcher.dispose();
    store.close();
  });

  it('runs a script, turns its @mlcycle lines into metrics and params, and keeps the rest as the output log', async () => {
    const cwd = workspace({
      'train.js': `
        const params = JSON.parse(process.env.MLCYCLE_PARAMS);
        console.log('starting with lr', params.lr, 'run', process.env.MLCYCLE_RUN_ID);
        for (let step = 0; step < 50; step++) console.log('@mlcycle ' + JSON.stringify({ metric: 'loss', value: 1 / (step + 1), step, context: 'train' }));
        console.log('@mlcycle {"param": "optimizer", "value": "adam"}');
        console.log('@mlcycle {not json');
        console.log('done');`,
    });
    const metrics: number[] = [];
    launcher.on('metric', (_id, key, _ctx, value) => key === 'loss' && metrics.push(value));
    const runId = launcher.launch({ spec: { script: 'train.js', params: { lr: 0.1 }, tags: { stage: 'test' } }, cwd, interpreter: node });
    const outcome = await launcher.outcome(runId)!;
    assert.equal(outcome.status, 'finished');
    const run = store.getRun(runId)!;
    assert.equal(run.status, 'finished');
    assert.equal(run.exitCode, 0);
    assert.deepEqual(run.params, { lr: 0.1, optimizer: 'adam' });
    assert.equal(run.tags.stage, 'test');
    assert.equal(run.malformedLines, 1);
    assert.equal(metrics.length, 50);
    assert.equal(readSeries(store, { runId, key: 'loss', context: 'train' }).step.length, 50);
    const log = readFileSync(join(store.artifactDir(runId), 'output.log'), 'utf8');
    assert.match(log, new RegExp(`starting with lr 0.1 run ${runId}`));
    assert.match(log, /@mlcycle \{not json\ndone/);
    assert.doesNotMatch(log, /"metric": ?"loss"/);
    assert.ok(run.artifacts.some((a) => a.path === 'output.log' && a.kind === 'log' && a.size === Buffer.byteLength(log)));
    assert.equal((run.environment as Record<string, unknown>).node, process.version);
  });

  it('passes parameters with spaces, quotes and non-ASCII text intact as arguments and as MLCYCLE_PARAMS', async () => {
    const cwd = workspace({ 'echo.js': 'console.log(JSON.stringify({ argv: process.argv.slice(2), env: JSON.parse(process.env.MLCYCLE_PARAMS) }))' });
    const params = { name: 'my "quoted" run; rm -rf /', city: 'Zürich 東京', n: 3 };
    const runId = launcher.launch({ spec: { script: 'echo.js', params, tags: {} }, cwd, interpreter: node });
    await launcher.outcome(runId);
    const printed = JSON.parse(readFileSync(join(store.artifactDir(runId), 'output.log'), 'utf8').trim());
    assert.deepEqual(printed.argv, ['--name', 'my "quoted" run; rm -rf /', '--city', 'Zürich 東京', '--n', '3']);
    assert.deepEqual(printed.env, params);
    assert.deepEqual(store.getRun(runId)!.params, params);
  });

  it('marks a failing script failed with its exit code and the last lines of stderr', async () => {
    const cwd = workspace({ 'fail.js': 'console.error("loading data"); console.error("ValueError: bad shape (3, 4)"); process.exit(3)' });
    const runId = launcher.launch({ spec: { script: 'fail.js', params: {}, tags: {} }, cwd, interpreter: node });
    const outcome = await launcher.outcome(runId)!;
    assert.equal(outcome.status, 'failed');
    assert.equal(outcome.exitCode, 3);
    assert.match(outcome.message!, /fail\.js exited with code 3:\nloading data\nValueError: bad shape \(3, 4\)/);
    const run = store.getRunRecord(runId)!;
    assert.equal(run.status, 'failed');
    assert.equal(run.exitCode, 3);
    assert.match(run.error!, /ValueError/);
  });

  it('stops a script that forked children: status killed, metrics kept, no process left', async () => {
    const cwd = workspace({
      'forks.js': `
        const { spawn } = require('child_process');
        const child = spawn('sleep', ['600'], { stdio: 'ignore' });
        console.log('@mlcycle {"metric": "acc", "value": 0.5, "step": 1}');
        console.log('child ' + child.pid);
        setInterval(() => {}, 1000);`,
    });
    const runId = launcher.launch({ spec: { script: 'forks.js', params: {}, tags: {} }, cwd, interpreter: node });
    const childPid = await new Promise<number>((resolve) => launcher.on('output', (_id, text) => {
      const match = /child (\d+)/.exec(text);
      if (match) resolve(Number(match[1]));
    }));
    await launcher.stop(runId);
    const outcome = await launcher.outcome(runId)!;
    assert.equal(outcome.status, 'killed');
    assert.equal(store.getRunRecord(runId)!.status, 'killed');
    assert.equal(readProcStat(childPid), undefined, 'the forked child is gone');
    assert.equal(readSeries(store, { runId, key: 'acc', context: '' }).value[0], 0.5);
  });

  it('says when the interpreter is missing', async () => {
    const cwd = workspace({ 'a.py': 'print(1)' });
    const runId = launcher.launch({ spec: { script: 'a.py', params: {}, tags: {} }, cwd, interpreter: ['/no/such/python3'] });
    const outcome = await launcher.outcome(runId)!;
    assert.equal(outcome.status, 'failed');
    assert.match(outcome.message!, /interpreter "\/no\/such\/python3" was not found/);
  });

  it('refuses a missing script before creating a run', () => {
    const cwd = workspace({});
    assert.throws(() => launcher.launch({ spec: { script: 'missing.py', params: {}, tags: {} }, cwd, interpreter: node }), (e: unknown) => e instanceof UserError && /missing.py does not exist/.test(e.message));
    assert.equal(store.listRuns().length, 0);
  });

  it('queues runs beyond the parallelism and expands a sweep into a grid under a parent run', async () => {
    const cwd = workspace({ 'quick.js': 'console.log(process.argv.slice(2).join(" "))' });
    const statuses: string[] = [];
    launcher.on('status', (id, status) => statuses.push(`${id}:${status}`));
    const { parentId, childIds } = launcher.launchSweep({ spec: { script: 'quick.js', params: { lr: [0.1, 0.01], depth: [3, 5] }, tags: {} }, cwd, interpreter: node });
    assert.equal(childIds.length, 4);
    assert.equal(launcher.queuedIds().length, 3, 'one runs, three wait');
    await Promise.all(childIds.map((id) => launcher.outcome(id)));
    const children = store.listRuns().filter((r) => r.parentRunId === parentId);
    assert.deepEqual(children.map((r) => `lr=${r.params.lr} depth=${r.params.depth}`).sort(), ['lr=0.01 depth=3', 'lr=0.01 depth=5', 'lr=0.1 depth=3', 'lr=0.1 depth=5']);
    const deadline = Date.now() + 5000;
    while (store.getRunRecord(parentId)!.status !== 'finished' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.equal(store.getRunRecord(parentId)!.status, 'finished');
    // Never two children running at once with parallelism 1.
    let running = 0;
    for (const event of statuses) {
      if (!childIds.some((id) => event.startsWith(id))) continue;
      if (event.endsWith(':running')) running++;
      if (/:(finished|failed|killed)$/.test(event)) running--;
      assert.ok(running <= 1);
    }
  });

  it('survives a script that prints 100 MB: finished, the whole log kept on disk', async () => {
    const cwd = workspace({ 'flood.js': "const line = 'x'.repeat(1023) + '\\n'; const chunk = line.repeat(1024); let i = 0; (function w() { while (i < 100) { i++; if (!process.stdout.write(chunk)) return process.stdout.once('drain', w); } })();" });
    let liveBytes = 0;
    launcher.on('output', (_id, text) => (liveBytes += text.length));
    const runId = launcher.launch({ spec: { script: 'flood.js', params: {}, tags: {} }, cwd, interpreter: node });
    const outcome = await launcher.outcome(runId)!;
    assert.equal(outcome.status, 'finished');
    assert.equal(statSync(join(store.artifactDir(runId), 'output.log')).size, 100 * 1024 * 1024);
    assert.ok(liveBytes < 20 * 1024 * 1024, `live output is throttled (${liveBytes} characters shown)`);
  });

  it('logs CPU and memory of the run as metrics in context "system"', async () => {
    const cwd = workspace({ 'busy.js': 'const end = Date.now() + 1500; while (Date.now() < end) {}' });
    const runId = launcher.launch({ spec: { script: 'busy.js', params: {}, tags: {} }, cwd, interpreter: node });
    await launcher.outcome(runId);
    const cpu = readSeries(store, { runId, key: 'cpu_percent', context: 'system' });
    const memory = readSeries(store, { runId, key: 'memory_mb', context: 'system' });
    assert.ok(cpu.value.length >= 2, `${cpu.value.length} samples`);
    assert.ok(Math.max(...cpu.value) > 20);
    assert.ok(memory.value.every((mb) => mb > 5));
  });
});
