export interface CliIo {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface CliCommand {
  name: string;
  /** One usage line, e.g. "mlcycle runs list [--filter QUERY] [--json]". */
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/** An error the user caused: printed as one line, no stack, with its exit code (2 by default). */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 2) {
    super(message);
  }
}

export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string[]>;
}

/**
 * `--name value`, `--name=value` and bare `--flag` (when listed in booleanFlags); unknown flags are refused
 * so a typo never silently changes what a command does.
 */
export function parseArgs(args: string[], spec: { valueFlags?: string[]; booleanFlags?: string[] }): ParsedArgs {
  const valueFlags = new Set(spec.valueFlags ?? []);
  const booleanFlags = new Set(spec.booleanFlags ?? []);
  const parsed: ParsedArgs = { positional: [], flags: new Map() };
  const add = (name: string, value: string) => parsed.flags.set(name, [...(parsed.flags.get(name) ?? []), value]);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--') || arg === '--') {
      parsed.positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    if (booleanFlags.has(name)) {
      if (eq >= 0) throw new CliError(`--${name} takes no value`);
      add(name, 'true');
    } else if (valueFlags.has(name)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : args[++i];
      if (value === undefined) throw new CliError(`--${name} needs a value`);
      add(name, value);
    } else {
      throw new CliError(`unknown option --${name}`);
    }
  }
  return parsed;
}
