import * as vscode from 'vscode';
import { parseCellSpec } from '../../core/notebook/cellSpec';
import type { EarlierCell } from '../../core/notebook/compareRefs';
import { metadataOf } from './cellMetadata';

/** A cell as both a document's cell and a file's cell data can describe it. */
export interface CellLike {
  kind: vscode.NotebookCellKind;
  text: string;
  metadata?: Record<string, unknown>;
}

/** The run cells a comparison can name: each with its id, its spec's name and the runs it made. */
export function earlierCells(cells: CellLike[]): EarlierCell[] {
  return cells.filter((c) => c.kind === vscode.NotebookCellKind.Code).flatMap((cell) => {
    let name: string | undefined;
    try {
      const spec = parseCellSpec(cell.text);
      if (spec.kind !== 'run') return [];
      name = spec.spec.name;
    } catch {
      // a cell with a bad spec can still be named by its id when it ran before
    }
    const { id, runIds = [] } = metadataOf(cell);
    return [{ ...(id ? { id } : {}), ...(name ? { name } : {}), runIds }];
  });
}

export function cellLikeOf(cell: vscode.NotebookCell): CellLike {
  return { kind: cell.kind, text: cell.document.getText(), metadata: cell.metadata };
}
