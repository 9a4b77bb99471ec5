import { dirname } from 'node:path';
import { assertScriptExists, resolveInterpreter } from '../../core/runs/interpreter';
import { RunLauncher } from '../../core/runs/launcher';
import { parseParamValue, type Params } from '../../core/runs/params';
import { resolveStorePath } from '../../core/store/location';
import { findMigrationsDir } from '../../core/store/migrations';
import { openStore } from '../../core/store/store';
import { CliError, parseArgs, type CliCommand } from '../command';
import { flagValue } from '../storeFile';

const usage = 'mlcycle run SCRIPT [--param KEY=VALUE …] [--name NAME] [--tag KEY=VALUE …] [--experiment NAME] [--python PATH] [--db PATH]';

function pairs(values: string[] | undefined, what: string): [string, string][] {
  return (values ?? []).map((pair) => {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new CliError(`--${what} takes KEY=VALUE, not "${pair}"`);
    return [pair.slice(0, eq), pair.slice(eq + 1)];
  });
}

/** The same launcher as the editor's: a run row, live output here, @mlcycle lines to the store; Ctrl+C stops it. */
export const runCommand: CliCommand = {
  name: 'run',
  usage,
  async run(args, io) {
    const parsed = parseArgs(args, { valueFlags: ['param', 'name', 'tag', 'experiment', 'python', 'db'] });
    if (parsed.positional.length !== 1) throw new CliError(`usage: ${usage}`);
    const [script] = parsed.positional;
    assertScriptExists(script, io.cwd);
    const params: Params = Object.fromEntries(pairs(parsed.flags.get('param'), 'param').map(([k, v]) => [k, parseParamValue(v)]));
    const tags = Object.fromEntries(pairs(parsed.flags.get('tag'), 'tag'));
    const interpreter = resolveInterpreter(script, { python: flagValue(parsed.flags, 'python') ?? io.env.MLCYCLE_PYTHON, env: io.env });
    const store = openStore(resolveStorePath(io.cwd, { explicit: flagValue(parsed.flags, 'db'), env: io.env }));
    const launcher = new RunLauncher(store, { pythonClientDir: dirname(dirname(findMigrationsDir())) });
    launcher.on('output', (_id, text) => io.out.write(text));
    launcher.on('problem', (_id, message) => io.err.write(`${message}\n`));
    const spec = { script, params, tags, name: flagValue(parsed.flags, 'name'), experiment: flagValue(parsed.flags, 'experiment') };
    const runIds = Object.values(params).some(Array.isArray) ? launcher.launchSweep({ spec, cwd: io.cwd, interpreter }).childIds : [launcher.launch({ spec, cwd: io.cwd, interpreter })];
    const interrupt = () => void Promise.all(runIds.map((id) => launcher.stop(id)));
    process.once('SIGINT', interrupt);
    try {
      const outcomes = await Promise.all(runIds.map((id) => launcher.outcome(id)!));
      for (const outcome of outcomes) {
        io.err.write(`mlcycle: run ${outcome.runId} ${outcome.status}${outcome.message ? `: ${outcome.message}` : ''}\n`);
      }
      return outcomes.every((o) => o.status === 'finished') ? 0 : 1;
    } finally {
      process.off('SIGINT', interrupt);
      store.close();
    }
  },
};

