import { Writable } from 'node:stream';
import { runCli } from './cli';

export interface CliOutcome {
  code: number;
  out: string;
  err: string;
}

/** Runs the CLI in-process with captured output, as a user at `cwd` with exactly `env` would. */
export async function runCliCaptured(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<CliOutcome> {
  let out = '';
  let err = '';
  const sink = (append: (text: string) => void) =>
    new Writable({
      write(chunk, _encoding, done) {
        append(String(chunk));
        done();
      },
    });
  const code = await runCli(args, { out: sink((t) => (out += t)), err: sink((t) => (err += t)), env: options.env ?? {}, cwd: options.cwd });
  return { code, out, err };
}
