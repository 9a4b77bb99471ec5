// `npm run bench` runs every area; `npm run bench -- store` one. Each area is bench/<area>.mjs and prints
// `BENCH <name> <value> <unit>` lines. The project is built first so benchmarks measure dist/ and out/.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const available = readdirSync(join(root, 'bench')).filter((f) => f.endsWith('.mjs') && f !== 'run.mjs').map((f) => f.slice(0, -4)).sort();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((a) => !available.includes(a));
if (unknown.length) {
  console.error(`bench: no area named ${unknown.join(', ')}; areas: ${available.join(', ')}`);
  process.exit(2);
}
for (const step of [['scripts/build.mjs'], ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json']]) {
  const built = spawnSync(process.execPath, step, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
let failed = 0;
for (const area of wanted.length ? wanted : available) {
  const result = spawnSync(process.execPath, ['--expose-gc', join(root, 'bench', `${area}.mjs`)], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
