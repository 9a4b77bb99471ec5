// Python level: the stdlib-only client's own tests (python3 -m unittest), on whatever python3 is on PATH.
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeResult } from '../test/harness/results.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const result = spawnSync('python3', ['-m', 'unittest', 'discover', '-s', 'tests', '-v'], { cwd: join(root, 'python'), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
process.stdout.write(result.stdout ?? '');
process.stdout.write(result.stderr ?? '');
const text = `${result.stdout}\n${result.stderr}`;
const ran = Number(/^Ran (\d+) tests?/m.exec(text)?.[1] ?? 0);
const counts = Object.fromEntries([...(/^FAILED \((.*)\)$/m.exec(text)?.[1] ?? '').matchAll(/(\w+)=(\d+)/g)].map((m) => [m[1], Number(m[2])]));
const skipped = counts.skipped ?? Number(/^OK \(skipped=(\d+)\)$/m.exec(text)?.[1] ?? 0);
const failed = (counts.failures ?? 0) + (counts.errors ?? 0) + (result.status !== 0 && !counts.failures && !counts.errors ? 1 : 0);
const passed = ran - skipped - (counts.failures ?? 0) - (counts.errors ?? 0);
writeResult('python', { passed, failed, skipped });
console.log(`python: ${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
