import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const usage = `mlcycle — the ML development cycle from the command line

Usage:
  mlcycle --version
  mlcycle help
`;

/** Exit codes: 0 ok, 1 the work failed, 2 a bad argument or an unusable input. */
export async function runCli(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const [command] = argv;
  if (command === '--version') {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'));
    out.write(`${pkg.version}\n`);
    return 0;
  }
  if (!command || command === 'help' || command === '--help') {
    out.write(usage);
    return 0;
  }
  err.write(`mlcycle: unknown command "${command}". Run "mlcycle help" for the commands.\n`);
  return 2;
}
