// Prints each level's counts and the total as "N passed, N failed"; fails when a level is missing or failed.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resultsDir } from '../test/harness/results.mjs';

const levels = readdirSync(resultsDir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(resultsDir, f), 'utf8')));
let passed = 0;
let failed = 0;
console.log('\n=== summary ===');
for (const level of ['layers', 'unit', 'python', 'integration', 'e2e']) {
  const result = levels.find((l) => l.level === level);
  if (!result) continue;
  passed += result.passed;
  failed += result.failed;
  console.log(`${level.padEnd(12)} ${result.passed} passed, ${result.failed} failed${result.note ? ` (${result.note})` : ''}`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
