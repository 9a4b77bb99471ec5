import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { captureEnvironment, captureGitState } from './capture';

function git(cwd: string, ...args: string[]): void {
  const result = spawnSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd });
  assert.equal(result.status, 0, result.stderr?.toString());
}

describe('run capture', () => {
  it('records commit, branch, dirtiness and the diff of a git working tree', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'mlcycle-git-'));
    git(repo, 'init', '-q', '-b', 'experiment');
    writeFileSync(join(repo, 'train.py'), 'lr = 0.1\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'first');
    const clean = await captureGitState(repo);
    assert.ok(clean && /^[0-9a-f]{40}$/.test(clean.commit));
    assert.equal(clean.branch, 'experiment');
    assert.equal(clean.dirty, false);
    writeFileSync(join(repo, 'train.py'), 'lr = 0.01\n');
    writeFileSync(join(repo, 'new.py'), 'x = 1\n');
    const dirty = await captureGitState(repo);
    assert.equal(dirty?.dirty, true);
    assert.match(dirty?.diff ?? '', /-lr = 0\.1\n\+lr = 0\.01/);
    assert.deepEqual(dirty?.untracked, ['new.py']);
  });

  it('says nothing about git outside a repository', async () => {
    assert.equal(await captureGitState(mkdtempSync(join(tmpdir(), 'mlcycle-nogit-'))), undefined);
  });

  it('records the Python interpreter version and its libraries', async () => {
    const info = await captureEnvironment(['/usr/bin/python3'], tmpdir(), 15000);
    assert.match(info.interpreter?.version ?? '', /^3\.\d+\.\d+$/);
    assert.ok(Object.keys(info.interpreter?.libraries ?? {}).some((name) => /scikit-learn/i.test(name)));
    assert.ok(info.cpus >= 1);
  });

  it('reports a missing interpreter instead of failing', async () => {
    const info = await captureEnvironment(['/no/such/python'], tmpdir());
    assert.match(info.interpreter?.error ?? '', /ENOENT/);
  });
});
