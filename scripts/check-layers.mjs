// The layer rule of docs/ARCHITECTURE.md: src/core never imports vscode; protocol holds types only;
// webviews reach neither core nor vscode. Fails the test command when broken.
import { readFileSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFiles } from '../test/harness/files.mjs';
import { writeResult } from '../test/harness/results.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const importOf = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function imports(file) {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(importOf)].map((m) => ({ spec: m[1] ?? m[2] ?? m[3], typeOnly: /^\s*(import|export)\s+type\s/.test(m[0]) }));
}

const rules = [
  { dir: 'src/core', forbid: (s) => s === 'vscode' || /\/extension\//.test(s) || /^\.\.\/\.\.\/extension/.test(s), why: 'src/core must stay pure Node (no vscode, no extension code)' },
  { dir: 'src/protocol', forbid: (s, typeOnly) => !typeOnly && !s.startsWith('./'), why: 'src/protocol holds types only' },
  { dir: 'webview', forbid: (s, typeOnly) => s === 'vscode' || (/src\/core/.test(s) && !typeOnly) || /src\/extension/.test(s), why: 'webviews talk to the extension through src/protocol only' },
];

let checked = 0;
const broken = [];
for (const rule of rules) {
  for (const file of findFiles(join(root, rule.dir), '.ts')) {
    checked++;
    for (const { spec, typeOnly } of imports(file)) {
      if (rule.forbid(spec, typeOnly)) broken.push(`${relative(root, file)} imports '${spec}': ${rule.why}`);
    }
  }
}
for (const b of broken) console.error(`layers: ${b}`);
writeResult('layers', { passed: checked - broken.length, failed: broken.length });
console.log(`layers: ${checked} files checked, ${broken.length} broken; ${checked - new Set(broken.map((b) => b.split(' ')[0])).size} passed, ${broken.length} failed`);
process.exitCode = broken.length ? 1 : 0;
