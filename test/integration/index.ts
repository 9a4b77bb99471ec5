// Runs inside the real VS Code extension host (code-server): mocha over the compiled *.test.js files here,
// with the counts and a line per test written to MLCYCLE_TEST_RESULTS for the harness outside.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const resultsFile = process.env.MLCYCLE_TEST_RESULTS;
  const lines: string[] = [];
  const mocha = new Mocha({ ui: 'bdd', timeout: 120_000, reporter: 'spec', color: false, grep: process.env.MLCYCLE_TEST_GREP ? new RegExp(process.env.MLCYCLE_TEST_GREP) : undefined });
  for (const file of readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(join(__dirname, file));
  return new Promise((resolve) => {
    const runner = mocha.run(() => {
      const { passes, failures, pending } = runner.stats ?? { passes: 0, failures: 1, pending: 0 };
      if (resultsFile) writeFileSync(resultsFile, JSON.stringify({ passed: passes, failed: failures, skipped: pending, lines }));
      resolve();
    });
    runner.on('pass', (test) => lines.push(`  ✔ ${test.fullTitle()} (${test.duration ?? 0} ms)`));
    runner.on('fail', (test, error) => lines.push(`  ✖ ${test.fullTitle()}\n      ${String(error?.stack ?? error).split('\n').slice(0, 6).join('\n      ')}`));
  });
}
