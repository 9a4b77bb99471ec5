import { isAbsolute, join, resolve } from 'node:path';

/** The store file: an explicit path (--db or a setting) wins, then MLCYCLE_DB, then .mlcycle/mlcycle.db in the workspace. */
export function resolveStorePath(workspaceRoot: string, options: { explicit?: string; env?: NodeJS.ProcessEnv } = {}): string {
  const chosen = options.explicit || (options.env ?? process.env).MLCYCLE_DB;
  if (chosen) return isAbsolute(chosen) ? chosen : resolve(workspaceRoot, chosen);
  return join(workspaceRoot, '.mlcycle', 'mlcycle.db');
}
