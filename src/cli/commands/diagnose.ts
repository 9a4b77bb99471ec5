import { diagnoseBiasVariance } from '../../core/analysis/biasVarianceModel';
import { ErrorAnalysis } from '../../core/analysis/predictions/errorAnalysis';
import type { Task } from '../../protocol/diagnostics';
import { CliError, parseArgs, type CliCommand } from '../command';
import { biasVarianceText, errorAnalysisText } from '../diagnosisText';
import { flagValue, openStoreFile } from '../storeFile';

const usage = 'mlcycle diagnose RUN [--split NAME] [--metric KEY] [--task classification|regression] [--json] [--db PATH]';

/** Bias/variance split, overall and per-class metrics, confusion matrix and worst cohorts of one run. */
export const diagnoseCommand: CliCommand = {
  name: 'diagnose',
  usage,
  async run(args, io) {
    const parsed = parseArgs(args, { valueFlags: ['db', 'split', 'metric', 'task'], booleanFlags: ['json'] });
    if (parsed.positional.length !== 1) throw new CliError(`usage: ${usage}`);
    const task = flagValue(parsed.flags, 'task');
    if (task !== undefined && task !== 'classification' && task !== 'regression') throw new CliError(`--task must be classification or regression, not "${task}"`);
    const db = openStoreFile(io, flagValue(parsed.flags, 'db'), { readonly: true });
    try {
      const [run] = parsed.positional;
      const biasVariance = diagnoseBiasVariance(db, run, { metric: flagValue(parsed.flags, 'metric') });
      const errorAnalysis = ErrorAnalysis.open(db, biasVariance.runId, { split: flagValue(parsed.flags, 'split'), task: task as Task | undefined }).model();
      if (parsed.flags.has('json')) {
        io.out.write(`${JSON.stringify({ biasVariance, errorAnalysis }, null, 2)}\n`);
      } else {
        const title = `Run ${biasVariance.runId} "${biasVariance.runName}" · experiment ${biasVariance.experimentName}`;
        io.out.write(`${[title, '', ...biasVarianceText(biasVariance), '', ...errorAnalysisText(errorAnalysis)].join('\n')}\n`);
      }
      return 0;
    } finally {
      db.close();
    }
  },
};
