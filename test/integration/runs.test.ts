import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { openStoreReadOnly, runStatus, workspaceRoot } from './store';
import { waitFor } from './waitFor';

interface StartedRuns {
  runIds: string[];
  parentId?: string;
}

describe('running training scripts', function () {
  this.timeout(240_000);

  it('runs the example from the command and finds its params, metrics, datasets and predictions in the store', async () => {
    const started = (await vscode.commands.executeCommand<StartedRuns>('mlcycle.runTrainingScript', { script: 'train.py', params: 'epochs=3 hidden=16' }))!;
    assert.equal(started.runIds.length, 1);
    const [runId] = started.runIds;
    const db = openStoreReadOnly();
    try {
      const status = await waitFor(() => {
        const s = runStatus(db, runId);
        return s && ['finished', 'failed', 'killed'].includes(s) ? s : undefined;
      }, 'the example run to end', 200_000);
      const run = db.prepare('SELECT * FROM runs WHERE id = ?').get(runId) as { error: string | null; git_commit: string | null; environment: string };
      assert.equal(status, 'finished', run.error ?? '');
      const params = Object.fromEntries((db.prepare('SELECT key, value FROM params WHERE run_id = ?').all(runId) as { key: string; value: string }[]).map((p) => [p.key, JSON.parse(p.value)]));
      assert.equal(params.epochs, 3);
      assert.equal(params.hidden, 16);
      const devAccuracy = db.prepare("SELECT count(*) AS n, max(value) AS best FROM metrics WHERE run_id = ? AND key = 'accuracy' AND context = 'dev'").get(runId) as { n: number; best: number };
      assert.equal(devAccuracy.n, 3, 'one dev accuracy per epoch');
      assert.ok(devAccuracy.best > 0.8, `dev accuracy ${devAccuracy.best}`);
      const roles = (db.prepare('SELECT rd.role, d.path FROM run_datasets rd JOIN dataset_versions v ON v.id = rd.version_id JOIN datasets d ON d.id = v.dataset_id WHERE rd.run_id = ? ORDER BY rd.role').all(runId) as { role: string; path: string }[]);
      assert.deepEqual(roles.map((r) => r.role), ['dev', 'test', 'train']);
      assert.ok(roles.every((r) => r.path.endsWith('.csv')));
      const predictions = db.prepare('SELECT count(*) AS n FROM predictions WHERE run_id = ? AND split = ?').get(runId, 'dev') as { n: number };
      assert.equal(predictions.n, 359);
      assert.ok(JSON.parse(run.environment).interpreter?.version, 'the interpreter version is recorded');
      const artifacts = (db.prepare('SELECT path FROM artifacts WHERE run_id = ?').all(runId) as { path: string }[]).map((a) => a.path);
      assert.ok(artifacts.includes('output.log'));
    } finally {
      db.close();
    }
  });

  it('stops a running script: status killed and no process of it left', async () => {
    const root = workspaceRoot();
    writeFileSync(join(root, 'forever.py'), [
      'import subprocess, time, os',
      'child = subprocess.Popen(["sleep", "600"])',
      'open("forever.pids", "w").write(f"{os.getpid()} {child.pid}")',
      'while True:',
      '    print("@mlcycle {\\"metric\\": \\"tick\\", \\"value\\": 1}", flush=True)',
      '    time.sleep(0.2)',
    ].join('\n'));
    const started = (await vscode.commands.executeCommand<StartedRuns>('mlcycle.runTrainingScript', { script: 'forever.py' }))!;
    const [runId] = started.runIds;
    const pidsFile = join(root, 'forever.pids');
    const pids = (await waitFor(() => (existsSync(pidsFile) ? readFileSync(pidsFile, "utf8").trim() : ""), 'the script to start its child', 60_000)).split(' ').map(Number);
    const db = openStoreReadOnly();
    try {
      const ticks = () => (db.prepare("SELECT count(*) AS n FROM metrics WHERE run_id = ? AND key = 'tick'").get(runId) as { n: number }).n;
      await waitFor(() => runStatus(db, runId) === 'running' && ticks() > 0, 'the run to be running and its first metrics stored');
      const before = ticks();
      await vscode.commands.executeCommand('mlcycle.stopRun', runId);
      await waitFor(() => runStatus(db, runId) === 'killed', 'the run to be killed');
      assert.ok(ticks() >= before, 'what it logged before the stop is kept');
    } finally {
      db.close();
    }
    for (const pid of pids) await waitFor(() => !existsSync(`/proc/${pid}`) || readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z '), `process ${pid} to be gone`);
  });
});
