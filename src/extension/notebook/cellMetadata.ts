import * as vscode from 'vscode';
import type { NotebookFileCell } from '../../core/notebook/format';

/** What a cell keeps in its metadata (and the file): its id and the runs it started. */
export interface RunCellMetadata {
  id?: string;
  runIds?: string[];
  sweepId?: string;
}

export function metadataOf(cell: { metadata?: Record<string, unknown> }): RunCellMetadata {
  const m = cell.metadata ?? {};
  return {
    ...(typeof m.id === 'string' ? { id: m.id } : {}),
    ...(Array.isArray(m.runIds) ? { runIds: m.runIds.filter((id): id is string => typeof id === 'string') } : {}),
    ...(typeof m.sweepId === 'string' ? { sweepId: m.sweepId } : {}),
  };
}

export function toCellData(cell: NotebookFileCell): vscode.NotebookCellData {
  const data = new vscode.NotebookCellData(cell.kind === 'markdown' ? vscode.NotebookCellKind.Markup : vscode.NotebookCellKind.Code, cell.source, cell.language);
  const metadata: RunCellMetadata = { ...(cell.id ? { id: cell.id } : {}), ...(cell.runIds ? { runIds: cell.runIds } : {}), ...(cell.sweepId ? { sweepId: cell.sweepId } : {}) };
  if (Object.keys(metadata).length) data.metadata = metadata as Record<string, unknown>;
  return data;
}

export function toFileCell(cell: vscode.NotebookCellData): NotebookFileCell {
  const markdown = cell.kind === vscode.NotebookCellKind.Markup;
  return { kind: markdown ? 'markdown' : 'code', language: markdown ? 'markdown' : cell.languageId, source: cell.value, ...metadataOf(cell) };
}

/** The next free `runN` id in the notebook: short, so a comparison cell can name it. */
export function nextCellId(notebook: vscode.NotebookDocument): string {
  const taken = new Set(notebook.getCells().map((c) => metadataOf(c).id));
  let n = 1;
  while (taken.has(`run${n}`)) n++;
  return `run${n}`;
}
