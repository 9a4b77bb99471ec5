// Each test level writes its counts here so scripts/test.sh can print one total.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const resultsDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-results');

export function writeResult(level, counts) {
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, `${level}.json`), JSON.stringify({ level, ...counts }, null, 2));
}
