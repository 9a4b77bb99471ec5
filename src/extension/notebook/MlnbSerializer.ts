import * as vscode from 'vscode';
import { parseCellSpec } from '../../core/notebook/cellSpec';
import { compareOutputRef } from '../../core/notebook/compareRefs';
import { parseNotebook, serializeNotebook } from '../../core/notebook/format';
import { metadataOf, toCellData, toFileCell } from './cellMetadata';
import { earlierCells } from './earlierCells';
import type { NotebookOutputs } from './NotebookOutputs';

function compareSpecOf(text: string) {
  try {
    const spec = parseCellSpec(text);
    return spec.kind === 'compare' ? spec.compare : undefined;
  } catch {
    return undefined;
  }
}

/**
 * .mlnb files: JSON that keeps cells and run ids, never results. Opening a notebook renders each cell's runs
 * (and each comparison) fresh from the store, so a reopened notebook shows what the store holds now and says
 * so when a run is gone.
 */
export class MlnbSerializer implements vscode.NotebookSerializer {
  constructor(private readonly outputs: NotebookOutputs) {}

  deserializeNotebook(content: Uint8Array): vscode.NotebookData {
    const cells = parseNotebook(new TextDecoder().decode(content), 'This .mlnb file').cells.map(toCellData);
    cells.forEach((cell, index) => {
      if (cell.kind !== vscode.NotebookCellKind.Code) return;
      const metadata = metadataOf(cell);
      if (metadata.runIds?.length || metadata.sweepId) {
        cell.outputs = this.outputs.forMetadata(metadata);
        return;
      }
      const compare = compareSpecOf(cell.value);
      if (!compare) return;
      const ref = compareOutputRef(compare, earlierCells(cells.slice(0, index).map((c) => ({ kind: c.kind, text: c.value, metadata: c.metadata }))));
      if (!ref.groups.some((g) => g.runIds.length)) return;
      cell.outputs = [this.outputs.output(this.outputs.model(ref, 'store'))];
    });
    return new vscode.NotebookData(cells);
  }

  serializeNotebook(data: vscode.NotebookData): Uint8Array {
    return new TextEncoder().encode(serializeNotebook({ cells: data.cells.map(toFileCell) }));
  }
}
