import * as vscode from 'vscode';
import { UserError } from '../../core/errors';
import { rebuildOutput } from '../../core/notebook/cellOutput';
import { RUN_OUTPUT_MIME, type CellOutput, type OutputRef } from '../../core/notebook/outputModel';
import { outputText } from '../../core/notebook/outputText';
import type { StoreService } from '../store/StoreService';
import type { RunCellMetadata } from './cellMetadata';

/** Builds cell outputs from the store as it is now: the renderer's JSON item with a plain-text fallback beside it. */
export class NotebookOutputs {
  constructor(private readonly stores: StoreService) {}

  model(ref: OutputRef, source: CellOutput['source']): CellOutput {
    const mainMetric = vscode.workspace.getConfiguration('mlcycle').get<string>('mainMetric') || undefined;
    return rebuildOutput(this.stores.get(), ref, { mainMetric, source });
  }

  items(model: CellOutput): vscode.NotebookCellOutputItem[] {
    return [vscode.NotebookCellOutputItem.json(model, RUN_OUTPUT_MIME), vscode.NotebookCellOutputItem.text(outputText(model))];
  }

  output(model: CellOutput): vscode.NotebookCellOutput {
    return new vscode.NotebookCellOutput(this.items(model));
  }

  /** What a cell that ran shows when the notebook opens: its runs read from the store; nothing for a cell that never ran. */
  forMetadata(metadata: RunCellMetadata): vscode.NotebookCellOutput[] {
    if (!metadata.runIds?.length && !metadata.sweepId) return [];
    return [this.output(this.model({ kind: 'runs', runIds: metadata.runIds ?? [], sweepId: metadata.sweepId, cellId: metadata.id }, 'store'))];
  }

  /** A mistake in a cell, shown as the cell's error output: the message only, never a stack. */
  error(error: unknown, title = 'Invalid run spec'): vscode.NotebookCellOutput {
    const message = error instanceof UserError ? error.message : `mlcycle: ${(error as Error).message}`;
    return new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.error({ name: title, message, stack: '' })]);
  }
}
