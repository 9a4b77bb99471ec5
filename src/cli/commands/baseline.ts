import { getBaseline, parseBaselineError, setBaseline } from '../../core/analysis/baseline';
import { quoteArg } from '../../core/analysis/hints';
import { CliError, parseArgs, type CliCommand } from '../command';
import { flagValue, openStoreFile } from '../storeFile';

const usage = 'mlcycle baseline show|set|clear EXPERIMENT [VALUE] [--json] [--db PATH]';

function percent(value: number): string {
  return `${Number((value * 100).toPrecision(6))}%`;
}

/** The baseline (human-level or best-known) error of an experiment, which every bias/variance diagnosis compares with. */
export const baselineCommand: CliCommand = {
  name: 'baseline',
  usage,
  async run(args, io) {
    const parsed = parseArgs(args, { valueFlags: ['db'], booleanFlags: ['json'] });
    const [action, experiment, value, ...extra] = parsed.positional;
    const expected = action === 'set' ? 3 : 2;
    if (!['show', 'set', 'clear'].includes(action ?? '') || !experiment || parsed.positional.length !== expected || extra.length) {
      throw new CliError(`usage: ${usage} (VALUE only with set, e.g. "mlcycle baseline set digits 0.05" or "5%")`);
    }
    const db = openStoreFile(io, flagValue(parsed.flags, 'db'), { readonly: action === 'show' });
    try {
      const result = action === 'show' ? getBaseline(db, experiment) : setBaseline(db, experiment, action === 'set' ? parseBaselineError(value) : null);
      if (parsed.flags.has('json')) {
        io.out.write(`${JSON.stringify({ experiment: result.experimentName, experimentId: result.experimentId, baselineError: result.baselineError })}\n`);
      } else if (result.baselineError === null) {
        io.out.write(`${result.experimentName}: no baseline error${action === 'clear' ? ' (cleared)' : ` (set one: mlcycle baseline set ${quoteArg(result.experimentName)} 0.05)`}\n`);
      } else {
        io.out.write(`${result.experimentName}: baseline error ${percent(result.baselineError)}\n`);
      }
      return 0;
    } finally {
      db.close();
    }
  },
};
