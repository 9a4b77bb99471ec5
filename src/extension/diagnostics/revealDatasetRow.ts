import * as vscode from 'vscode';
import { isAbsolute, join } from 'node:path';
import { findExampleLine } from '../../core/analysis/exampleLine';
import { UserError } from '../../core/errors';

/** What mlcycle.revealDatasetRow is given: the dataset file and the example id whose row to show. */
export interface DatasetRowTarget {
  path: string;
  exampleId: string;
}

/** Opens the dataset file and selects the row of the example; returns the 0-based line. */
export async function revealDatasetRow(target: DatasetRowTarget, workspaceRoot: string | undefined): Promise<{ path: string; line: number }> {
  if (typeof target?.path !== 'string' || !target.path || typeof target.exampleId !== 'string') {
    throw new UserError('mlcycle.revealDatasetRow needs { path, exampleId }: the dataset file and the example id to show');
  }
  const path = isAbsolute(target.path) || !workspaceRoot ? target.path : join(workspaceRoot, target.path);
  const { line } = await findExampleLine(path, target.exampleId);
  const selection = new vscode.Range(line, 0, line, 0);
  await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(path), { selection, preview: false } satisfies vscode.TextDocumentShowOptions);
  const editor = vscode.window.activeTextEditor;
  if (editor?.document.uri.fsPath === path) {
    editor.selection = new vscode.Selection(line, 0, line, editor.document.lineAt(line).text.length);
    editor.revealRange(selection, vscode.TextEditorRevealType.InCenter);
  }
  return { path, line };
}
