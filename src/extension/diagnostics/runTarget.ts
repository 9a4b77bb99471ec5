import * as vscode from 'vscode';
import { UserError } from '../../core/errors';
import type { StoreService } from '../store/StoreService';

/** What a diagnostics command is given: a run id, or a tree node (or anything) carrying `runId`. */
export type RunTarget = string | { runId?: unknown } | undefined;

export function runIdOf(target: unknown): string | undefined {
  if (typeof target === 'string' && target.trim()) return target.trim();
  const runId = (target as { runId?: unknown } | undefined)?.runId;
  return typeof runId === 'string' && runId.trim() ? runId.trim() : undefined;
}

/** The run the command acts on: the one it was given, else the one the person picks (newest first). */
export async function resolveRunTarget(stores: StoreService, target: unknown, title: string): Promise<string | undefined> {
  const given = runIdOf(target);
  if (given) return given;
  const store = stores.get();
  const runs = store?.listRuns({ limit: 500 }) ?? [];
  if (!runs.length) throw new UserError('There are no runs in this workspace yet: run a training script first ("mlcycle: Run Training Script…").');
  const picked = await vscode.window.showQuickPick(
    runs.map((run) => ({
      label: run.name,
      description: `${run.experiment} · ${run.status} · ${new Date(run.createdAt).toLocaleString()}`,
      detail: run.id,
      runId: run.id,
    })),
    { title, placeHolder: 'Which run? (newest first)', matchOnDescription: true, matchOnDetail: true },
  );
  return picked?.runId;
}

/** Runs a command body; a person's mistake becomes a message that says what to do, never an exception. */
export async function guard<T>(body: () => Promise<T> | T): Promise<T | undefined> {
  try {
    return await body();
  } catch (error) {
    void vscode.window.showErrorMessage(error instanceof UserError ? error.message : `mlcycle: ${(error as Error).message}`);
    return undefined;
  }
}
