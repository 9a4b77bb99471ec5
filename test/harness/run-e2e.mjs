// e2e level: packages the VSIX, then mocha drives a real workbench (code-server + Chromium) where the VSIX is
// installed with --install-extension, as a person would see it. Screenshots land in test-results/screenshots/.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import Mocha from 'mocha';
import { findFiles } from './files.mjs';
import { writeResult } from './results.mjs';
import harness from '../../out/test/harness/codeServer.js';

const { repoRoot } = harness;
const packaged = spawnSync('npm', ['run', '--silent', 'package'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
if (packaged.status !== 0) {
  writeResult('e2e', { passed: 0, failed: 1, note: 'packaging the VSIX failed' });
  console.log('e2e: 0 passed, 1 failed (npm run package failed)');
  process.exit(1);
}
process.env.MLCYCLE_VSIX = join(repoRoot, 'dist', 'mlcycle.vsix');
const mocha = new Mocha({ reporter: 'spec', timeout: 180_000, grep: process.argv[2] ? new RegExp(process.argv[2]) : undefined });
mocha.rootHooks((await import('../../out/test/e2e/session.js')).default.mochaHooks);
for (const f of findFiles(join(repoRoot, 'out/test/e2e'), '.test.js')) mocha.addFile(f);
await mocha.loadFilesAsync();
const runner = mocha.run();
runner.on('end', () => {
  const { passes, failures, pending } = runner.stats;
  writeResult('e2e', { passed: passes, failed: failures, skipped: pending });
  console.log(`e2e: ${passes} passed, ${failures} failed`);
  process.exitCode = failures > 0 || passes === 0 ? 1 : 0;
});
