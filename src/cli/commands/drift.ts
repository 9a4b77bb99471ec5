import { resolve } from 'node:path';
import { detectDrift } from '../../core/data';
import { CancelledError } from '../../core/errors';
import { CliError, parseArgs, type CliCommand } from '../command';
import { cancelOnInterrupt } from '../data/cancelOnInterrupt';
import { formatDrift } from '../data/formatDrift';

export const driftCommand: CliCommand = {
  name: 'drift',
  usage: 'mlcycle drift REFERENCE CURRENT [--json] [--lenient] [--memory-limit 768MB] [--fail-on-drift]',
  async run(args, io) {
    const parsed = parseArgs(args, { valueFlags: ['memory-limit'], booleanFlags: ['json', 'lenient', 'fail-on-drift'] });
    if (parsed.positional.length !== 2) throw new CliError(`drift takes two files, the REFERENCE (e.g. the training data) and the CURRENT data. Usage: ${this.usage}`);
    try {
      const report = await cancelOnInterrupt((signal) =>
        detectDrift(resolve(io.cwd, parsed.positional[0]), resolve(io.cwd, parsed.positional[1]), {
          memoryLimit: parsed.flags.get('memory-limit')?.[0],
          lenient: parsed.flags.has('lenient'),
          signal,
        }),
      );
      io.out.write(parsed.flags.has('json') ? `${JSON.stringify(report, null, 2)}\n` : formatDrift(report));
      return parsed.flags.has('fail-on-drift') && report.datasetDrift ? 1 : 0;
    } catch (error) {
      if (error instanceof CancelledError) {
        io.err.write('mlcycle drift: cancelled\n');
        return 130;
      }
      throw error;
    }
  },
};
