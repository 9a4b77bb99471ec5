// Unit level: type-checks node and webview code, compiles with tsc and runs mocha over the *.test.js files of src/.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Mocha from 'mocha';
import { writeResult } from '../test/harness/results.mjs';
import { findFiles } from '../test/harness/files.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tscBin = join(root, 'node_modules/typescript/bin/tsc');
// A fresh out/ so a deleted test never runs from an old build.
rmSync(join(root, 'out'), { recursive: true, force: true });
const compiled = ['tsconfig.json', 'webview/tsconfig.json'].every(
  (project) => spawnSync(process.execPath, [tscBin, '-p', project], { cwd: root, stdio: 'inherit' }).status === 0,
);
if (!compiled) {
  writeResult('unit', { passed: 0, failed: 1, note: 'TypeScript compilation failed' });
  console.log('unit: 0 passed, 1 failed (TypeScript compilation failed)');
  process.exit(1);
}
const grep = process.argv.slice(2);
const mocha = new Mocha({ reporter: 'spec', timeout: 120000, grep: grep.length ? grep.join('|') : undefined });
for (const f of findFiles(join(root, 'out/src'), '.test.js')) mocha.addFile(f);
await mocha.loadFilesAsync();
const runner = mocha.run();
runner.on('end', () => {
  const { passes, failures, pending } = runner.stats;
  writeResult('unit', { passed: passes, failed: failures, skipped: pending });
  console.log(`unit: ${passes} passed, ${failures} failed`);
  process.exitCode = failures > 0 || passes === 0 ? 1 : 0;
});
