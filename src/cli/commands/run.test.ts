import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../core/store/store';
import { runCliCaptured } from '../testSupport';

describe('mlcycle run', function () {
  this.timeout(30_000);

  it('runs a script through the launcher: params as arguments, @mlcycle lines as metrics, output printed', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'mlcycle-cli-run-'));
    writeFileSync(join(cwd, 'train.js'), 'console.log("args " + process.argv.slice(2).join("|")); console.log(\'@mlcycle {"metric": "acc", "value": 0.75, "step": 1, "context": "dev"}\')');
    const db = join(cwd, 'runs.db');
    const result = await runCliCaptured(['run', 'train.js', '--param', 'lr=0.1', '--param', 'note=two words', '--tag', 'stage=cli', '--db', db], { cwd, env: { PATH: process.env.PATH } });
    assert.equal(result.code, 0, result.err);
    assert.match(result.out, /args --lr\|0\.1\|--note\|two words/);
    assert.match(result.err, /run [0-9a-f]+ finished/);
    const store = openStore(db);
    const [run] = store.listRuns();
    assert.deepEqual(run.params, { lr: 0.1, note: 'two words' });
    assert.equal(run.tags.stage, 'cli');
    assert.equal(run.metrics.find((m) => m.key === 'acc')?.last, 0.75);
    store.close();
  });

  it('exits 1 when the script fails and 2 for a missing script or a bad --param', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'mlcycle-cli-run-'));
    writeFileSync(join(cwd, 'fail.js'), 'process.exit(4)');
    const env = { PATH: process.env.PATH };
    const failed = await runCliCaptured(['run', 'fail.js', '--db', join(cwd, 'r.db')], { cwd, env });
    assert.equal(failed.code, 1);
    assert.match(failed.err, /failed: fail\.js exited with code 4/);
    assert.equal((await runCliCaptured(['run', 'missing.js'], { cwd, env })).code, 2);
    const bad = await runCliCaptured(['run', 'fail.js', '--param', 'novalue'], { cwd, env });
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--param takes KEY=VALUE, not "novalue"/);
  });
});
