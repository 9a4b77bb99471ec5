import { resolve } from 'node:path';
import { profileDataset } from '../../core/data';
import { CancelledError } from '../../core/errors';
import { CliError, parseArgs, type CliCommand } from '../command';
import { cancelOnInterrupt } from '../data/cancelOnInterrupt';
import { formatProfile } from '../data/formatProfile';

const severities = ['critical', 'warning', 'info'] as const;

export const profileCommand: CliCommand = {
  name: 'profile',
  usage: 'mlcycle profile FILE [--label COLUMN] [--json] [--lenient] [--memory-limit 768MB] [--fail-on critical|warning|info]',
  async run(args, io) {
    const parsed = parseArgs(args, { valueFlags: ['label', 'memory-limit', 'fail-on'], booleanFlags: ['json', 'lenient'] });
    if (parsed.positional.length !== 1) throw new CliError(`profile takes one FILE (.csv, .tsv, .jsonl, .ndjson or .parquet). Usage: ${this.usage}`);
    const failOn = parsed.flags.get('fail-on')?.[0] as (typeof severities)[number] | undefined;
    if (failOn && !severities.includes(failOn)) throw new CliError(`--fail-on takes critical, warning or info, not "${failOn}"`);
    try {
      const profile = await cancelOnInterrupt((signal) =>
        profileDataset(resolve(io.cwd, parsed.positional[0]), {
          labelColumn: parsed.flags.get('label')?.[0],
          memoryLimit: parsed.flags.get('memory-limit')?.[0],
          lenient: parsed.flags.has('lenient'),
          signal,
        }),
      );
      io.out.write(parsed.flags.has('json') ? `${JSON.stringify(profile, null, 2)}\n` : formatProfile(profile));
      const failing = failOn ? profile.alerts.filter((a) => severities.indexOf(a.severity) <= severities.indexOf(failOn)) : [];
      return failing.length ? 1 : 0;
    } catch (error) {
      if (error instanceof CancelledError) {
        io.err.write('mlcycle profile: cancelled\n');
        return 130;
      }
      throw error;
    }
  },
};
