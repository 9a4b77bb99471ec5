import * as vscode from 'vscode';
import type { OutputRef } from '../../core/notebook/outputModel';
import type { RunSpec } from '../../core/runs/runSpec';
import type { RunsController, StartedRuns } from '../runs/RunsController';
import type { StoreService } from '../store/StoreService';
import { metadataOf, nextCellId } from './cellMetadata';
import type { NotebookOutputs } from './NotebookOutputs';
import { OutputFollower } from './OutputFollower';

export interface RunCellDeps {
  runs: RunsController;
  stores: StoreService;
  outputs: NotebookOutputs;
}

/** Keeps the run ids in the cell (and so in the file) as soon as the runs exist. */
async function recordRuns(cell: vscode.NotebookCell, started: StartedRuns): Promise<string> {
  const id = metadataOf(cell).id ?? nextCellId(cell.notebook);
  const metadata: Record<string, unknown> = { ...cell.metadata, id, runIds: started.runIds };
  if (started.parentId) metadata.sweepId = started.parentId;
  else delete metadata.sweepId;
  if (cell.index >= 0) {
    const edit = new vscode.WorkspaceEdit();
    edit.set(cell.notebook.uri, [vscode.NotebookEdit.updateCellMetadata(cell.index, metadata)]);
    await vscode.workspace.applyEdit(edit);
  }
  return id;
}

/** Stops what is still going, queued runs first so that stopping the running one does not start the next. */
async function stopAll(deps: RunCellDeps, started: StartedRuns): Promise<void> {
  const store = deps.stores.get();
  const statusOf = (id: string) => store?.getRunRecord(id)?.status;
  const order = [...started.runIds.filter((id) => statusOf(id) === 'queued').reverse(), ...started.runIds.filter((id) => statusOf(id) === 'running')];
  for (const id of order) {
    try {
      await deps.runs.stopRun(id);
    } catch {
      // it ended on its own meanwhile
    }
  }
}

/**
 * A run cell's execution: starts the run (or sweep) through the same launcher as the command palette, records
 * the run ids in the cell, re-renders the output while the runs write, stops them when the cell is interrupted,
 * and resolves with whether every run finished.
 */
export async function executeRunCell(deps: RunCellDeps, execution: vscode.NotebookCellExecution, spec: RunSpec): Promise<boolean> {
  const started = await deps.runs.startSpec(spec);
  const cellId = await recordRuns(execution.cell, started);
  const ref: OutputRef = { kind: 'runs', runIds: started.runIds, ...(started.parentId ? { sweepId: started.parentId } : {}), cellId };
  const output = deps.outputs.output(deps.outputs.model(ref, 'execution'));
  await execution.replaceOutput(output);
  const render = () => execution.replaceOutputItems(deps.outputs.items(deps.outputs.model(ref, 'execution')), output);
  const follower = new OutputFollower(deps.stores.onDidChange, render);
  const interrupt = execution.token.onCancellationRequested(() => void stopAll(deps, started));
  if (execution.token.isCancellationRequested) void stopAll(deps, started);
  try {
    const outcomes = await Promise.all(started.runIds.map((id) => deps.runs.outcome(id) ?? Promise.resolve(undefined)));
    await follower.finish();
    await render();
    return outcomes.every((o) => o?.status === 'finished');
  } finally {
    follower.dispose();
    interrupt.dispose();
  }
}
