import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../core/errors';
import { CliError, type CliCommand, type CliIo } from './command';
import { baselineCommand } from './commands/baseline';
import { diagnoseCommand } from './commands/diagnose';
import { driftCommand } from './commands/drift';
import { importCommand } from './commands/import';
import { profileCommand } from './commands/profile';
import { runCommand } from './commands/run';
import { runsCommand } from './commands/runs';

/** One entry per top-level command; each lives in src/cli/commands/<name>.ts. */
const commands: CliCommand[] = [
  runCommand,
  runsCommand,
  importCommand,
  profileCommand,
  driftCommand,
  diagnoseCommand,
  baselineCommand,
];

function usage(): string {
  const lines = commands.map((c) => `  ${c.usage}`);
  return `mlcycle — the ML development cycle from the command line\n\nUsage:\n${lines.join('\n')}\n  mlcycle --version\n\nExit codes: 0 done, 1 the work failed, 2 a bad argument or an unusable input.\n`;
}

export async function runCli(argv: string[], io: CliIo = { out: process.stdout, err: process.stderr, env: process.env, cwd: process.cwd() }): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version') {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'));
    io.out.write(`${pkg.version}\n`);
    return 0;
  }
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.out.write(usage());
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err.write(`mlcycle: unknown command "${name}". Run "mlcycle help" for the commands.\n`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.err.write(`mlcycle ${name}: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof UserError) {
      io.err.write(`mlcycle ${name}: ${error.message}\n`);
      return 2;
    }
    io.err.write(`mlcycle ${name}: ${(error as Error).message}\n`);
    return 1;
  }
}
