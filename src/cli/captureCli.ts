import { Writable } from 'node:stream';
import { runCli } from './cli';

/** Runs the CLI in-process (tests) and returns its exit code and what it printed. */
export async function captureCli(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const sink = (write: (text: string) => void) => new Writable({ write(chunk, _encoding, done) { write(String(chunk)); done(); } });
  const code = await runCli(args, { out: sink((t) => (out += t)), err: sink((t) => (err += t)), env: options.env ?? {}, cwd: options.cwd ?? '/nonexistent-workspace' });
  return { code, out, err };
}
