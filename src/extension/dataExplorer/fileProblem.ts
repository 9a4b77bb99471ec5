import { DataFileError } from '../../core/data';
import { UserError } from '../../core/errors';
import type { FileProblem } from '../../protocol/dataExplorer';

/** The engine's reason a file cannot be read, for the editor to show in place of the data. */
export function toFileProblem(error: unknown, fileName: string, log: (message: string) => void): FileProblem {
  if (error instanceof DataFileError) {
    return { message: error.message, problem: error.problem, ...error.location, canReadLeniently: error.problem === 'ragged-rows' };
  }
  if (error instanceof UserError) return { message: error.message, problem: 'unreadable', canReadLeniently: false };
  log(`[mlcycle] reading ${fileName} failed: ${(error as Error)?.stack ?? error}`);
  return { message: `mlcycle could not read ${fileName}: ${(error as Error)?.message ?? error}`, problem: 'unreadable', canReadLeniently: false };
}
