import { resolve } from 'node:path';
import { importMlflow } from '../../core/store/importMlflow';
import { CliError, parseArgs, type CliCommand } from '../command';
import { jsonText, storePath, withStore, write } from '../storeAccess';

export const importCommand: CliCommand = {
  name: 'import',
  usage: 'mlcycle import mlflow PATH [--json] [--db PATH]   PATH: an MLflow file store (mlruns/)',
  async run(args, io) {
    const parsed = parseArgs(args, { valueFlags: ['db'], booleanFlags: ['json'] });
    const [source, path, ...extra] = parsed.positional;
    if (source !== 'mlflow') throw new CliError(source ? `cannot import from "${source}"; mlcycle imports from: mlflow` : 'import needs a source: mlcycle import mlflow PATH');
    if (!path || extra.length) throw new CliError('import mlflow needs exactly one PATH: the MLflow file store folder (mlruns/)');
    const db = storePath(parsed.flags.get('db')?.[0], io);
    const result = await withStore(db, { mustExist: false }, (store) => importMlflow(store, resolve(io.cwd, path)));
    if (parsed.flags.has('json')) {
      await write(io.out, `${jsonText({ store: db, ...result })}\n`);
    } else {
      const skipped = result.skipped.length ? `; skipped ${result.skipped.length} (${[...new Set(result.skipped.map((s) => s.reason))].join(', ')})` : '';
      await write(io.out, `Imported ${result.runs} run(s) with ${result.points} metric point(s) from ${result.experiments.length} experiment(s) of ${result.root} into ${db}${skipped}.\n`);
      for (const problem of result.problems) await write(io.err, `warning: ${problem}\n`);
    }
    return 0;
  },
};
