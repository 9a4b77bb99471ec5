import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { killProcessTree, processTree, readProcStat } from './processTree';
import { ProcessTreeSampler } from './systemMetrics';

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('process trees', () => {
  it('finds forked children and kills the whole tree, even a child that ignores SIGTERM', async () => {
    // A parent that forks two sleepers, one of which ignores SIGTERM and moves to its own session.
    const script = `
      const { spawn } = require('child_process');
      spawn('sleep', ['600'], { stdio: 'ignore' });
      spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); require('child_process').spawnSync('sleep', ['600'])"], { stdio: 'ignore', detached: true });
      setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ['-e', script], { detached: true, stdio: 'ignore' });
    await until(() => processTree(parent.pid!).length >= 4, 'the children to start');
    const pids = processTree(parent.pid!).map((s) => s.pid);
    await killProcessTree(parent.pid!, 300);
    await until(() => pids.every((pid) => readProcStat(pid) === undefined), 'every process to be gone');
  });

  it('samples CPU and resident memory of a busy tree', async () => {
    const busy = spawn(process.execPath, ['-e', 'const a = Buffer.alloc(64 * 1024 * 1024, 1); const end = Date.now() + 30000; while (Date.now() < end) {}'], { detached: true, stdio: 'ignore' });
    try {
      const sampler = new ProcessTreeSampler(busy.pid!);
      await until(() => (sampler.sample()?.rssMb ?? 0) > 64, 'the buffer to be resident');
      let sample = sampler.sample()!;
      await until(() => (sample = sampler.sample()!).cpuPercent > 30, 'the busy loop to show as CPU use');
      assert.ok(sample.rssMb > 64, `rss ${sample.rssMb} MB`);
    } finally {
      await killProcessTree(busy.pid!, 100);
    }
  });
});
