import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readRunHistory } from '../../core/store/series';
import { openStore } from '../../core/store/store';
import { tempStorePath } from '../../core/store/testSupport';
import { runCliCaptured } from '../testSupport';

function put(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

const RUN_ID = '4f1c2a9e8b7d4c3aa1b2c3d4e5f60718';

/** An MLflow file store as MLflow 2.x writes it: meta.yaml files, metric lines "timestamp value step". */
function mlruns(root: string): string {
  const store = join(root, 'mlruns');
  put(join(store, '0', 'meta.yaml'), `artifact_location: file://${store}/0\ncreation_time: 1700000000000\nexperiment_id: '0'\nlast_update_time: 1700000000000\nlifecycle_stage: active\nname: Default\n`);
  const exp = join(store, '812736451');
  put(join(exp, 'meta.yaml'), `artifact_location: file://${exp}\ncreation_time: 1700000000000\nexperiment_id: '812736451'\nlifecycle_stage: active\nname: vision\n`);
  const run = join(exp, RUN_ID);
  put(
    join(run, 'meta.yaml'),
    `artifact_uri: file://${run}/artifacts\nend_time: 1700000600000\nentry_point_name: ''\nexperiment_id: '812736451'\nlifecycle_stage: active\nrun_id: ${RUN_ID}\nrun_name: bold-cat-42\nrun_uuid: ${RUN_ID}\nsource_name: ''\nsource_type: 4\nsource_version: ''\nstart_time: 1700000000000\nstatus: 4\ntags: []\nuser_id: alice\n`,
  );
  put(join(run, 'metrics', 'loss'), '1700000001000 0.9 0\n1700000002000 nan 1\n1700000003000 0.5 2\n1700000004000 inf 3\n');
  put(join(run, 'metrics', 'train', 'acc'), '1700000001000 0.1 10\n1700000002000 0.2 20\n');
  put(join(run, 'metrics', 'old'), '1700000001000 7.5\n');
  put(join(run, 'params', 'lr'), '0.01');
  put(join(run, 'params', 'optimizer'), 'adam');
  put(join(run, 'params', 'layers'), '[64, 64]');
  put(join(run, 'tags', 'mlflow.runName'), 'bold-cat-42');
  put(join(run, 'tags', 'mlflow.source.git.commit'), 'abc123');
  put(join(run, 'tags', 'mlflow.user'), 'alice');
  put(join(run, 'tags', 'team'), 'vision');
  put(join(run, 'artifacts', 'model', 'MLmodel'), 'flavors: {}\n');
  const deleted = join(exp, 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
  put(join(deleted, 'meta.yaml'), 'run_id: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\nlifecycle_stage: deleted\nstatus: 3\nstart_time: 1\n');
  mkdirSync(join(store, '.trash'), { recursive: true });
  put(join(store, 'models', 'meta.yaml'), 'not an experiment\n');
  return store;
}

describe('mlcycle import mlflow', () => {
  it('brings runs in with their experiment, status, times, params, tags, every metric point and artifacts', async () => {
    const db = tempStorePath('mlflow');
    const cwd = dirname(dirname(db));
    mlruns(cwd);
    const result = await runCliCaptured(['import', 'mlflow', 'mlruns'], { cwd });
    assert.equal(result.code, 0, result.err);
    assert.match(result.out, /^Imported 1 run\(s\) with 7 metric point\(s\) from 2 experiment\(s\) of .*mlruns into .*mlcycle\.db; skipped 1 \(deleted in MLflow\)\.\n$/);
    const store = openStore(db);
    try {
      const run = store.getRun(RUN_ID)!;
      assert.deepEqual([run.name, run.experiment, run.status, run.startedAt, run.endedAt, run.gitCommit], ['bold-cat-42', 'vision', 'failed', 1700000000000, 1700000600000, 'abc123']);
      assert.deepEqual(run.params, { layers: '[64, 64]', lr: 0.01, optimizer: 'adam' });
      assert.equal(store.db.prepare("SELECT value FROM params WHERE key = 'lr'").pluck().get(), '0.01');
      assert.deepEqual(run.tags, { 'mlflow.runName': 'bold-cat-42', 'mlflow.source.git.commit': 'abc123', 'mlflow.user': 'alice', team: 'vision' });
      const history = Object.fromEntries(readRunHistory(store, RUN_ID).map((h) => [h.key, [h.step, h.ts, h.value]]));
      assert.deepEqual(history.loss, [[0, 1, 2, 3], [1700000001000, 1700000002000, 1700000003000, 1700000004000], [0.9, Number.NaN, 0.5, Infinity]]);
      assert.deepEqual(history['train/acc'], [[10, 20], [1700000001000, 1700000002000], [0.1, 0.2]]);
      assert.deepEqual(history.old, [[0], [1700000001000], [7.5]]);
      assert.equal(run.metrics.find((m) => m.key === 'loss')!.last, Infinity);
      assert.deepEqual(run.artifacts.map((a) => a.path), ['model/MLmodel']);
      assert.equal(readFileSync(join(store.artifactDir(RUN_ID), 'model', 'MLmodel'), 'utf8'), 'flavors: {}\n');
    } finally {
      store.close();
    }
    const again = await runCliCaptured(['import', 'mlflow', cwd, '--json'], { cwd });
    const summary = JSON.parse(again.out);
    assert.deepEqual([summary.runs, summary.skipped.map((s: { reason: string }) => s.reason).sort()], [0, ['already imported', 'deleted in MLflow']]);
  });

  it('imports what it can read and warns about the rest', async () => {
    const db = tempStorePath('mlflow-bad');
    const cwd = dirname(dirname(db));
    const store = mlruns(cwd);
    put(join(store, '812736451', RUN_ID, 'metrics', 'loss'), '1700000001000 0.9 0\nthis is not a metric line\n');
    put(join(store, '0', 'ffffffffffffffffffffffffffffffff', 'meta.yaml'), 'run_id: [unclosed\n');
    const result = await runCliCaptured(['import', 'mlflow', 'mlruns'], { cwd });
    assert.equal(result.code, 0, result.err);
    assert.match(result.err, /warning: .*metrics[/\\]loss: 1 line\(s\) that are not "timestamp value step" were skipped/);
    assert.match(result.err, /warning: .*ffffffffffffffffffffffffffffffff[/\\]meta\.yaml is not valid YAML \(.*\); this run was not imported\n/);
    assert.match(result.out, /Imported 1 run\(s\) with 4 metric point\(s\)/);
  });

  it('refuses a folder that is not an MLflow store and a bad command line, exiting 2', async () => {
    const cwd = dirname(dirname(tempStorePath('mlflow-none')));
    mkdirSync(join(cwd, 'empty'));
    for (const [args, message] of [
      [['import', 'mlflow', 'empty'], /empty is not an MLflow file store/],
      [['import', 'mlflow', 'nowhere'], /nowhere is not a folder/],
      [['import', 'wandb', 'x'], /cannot import from "wandb"; mlcycle imports from: mlflow/],
      [['import', 'mlflow'], /needs exactly one PATH/],
    ] as [string[], RegExp][]) {
      const result = await runCliCaptured(args, { cwd });
      assert.equal(result.code, 2, result.err);
      assert.match(result.err, message);
    }
  });
});
