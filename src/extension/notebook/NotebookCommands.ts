import { relative } from 'node:path';
import * as vscode from 'vscode';
import { UserError } from '../../core/errors';
import { NOTEBOOK_TYPE } from '../../core/notebook/format';
import { sweepChildren } from '../../core/notebook/runInfo';
import { documentRunCells, experimentTemplate } from '../../core/notebook/template';
import { loadRunConfigs } from '../../core/runs/runSpec';
import type { ExtensionServices } from '../services';
import type { StoreService } from '../store/StoreService';
import { toCellData } from './cellMetadata';
import type { NotebookOutputs } from './NotebookOutputs';

/** What "Add Run to Notebook" may be given: a run id or anything carrying runId (a Runs tree item), and from code the notebook. */
export type AddRunTarget = string | { runId?: unknown } | undefined;

export interface AddedRun {
  notebook: vscode.Uri;
  /** Index of the run cell that documents the run. */
  cellIndex: number;
}

function runIdOf(target: AddRunTarget): string | undefined {
  if (typeof target === 'string') return target.trim() || undefined;
  return typeof target?.runId === 'string' && target.runId.trim() ? target.runId.trim() : undefined;
}

/** "New Experiment Notebook" and "Add Run to Notebook". */
export class NotebookCommands implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly services: ExtensionServices, private readonly stores: StoreService, private readonly outputs: NotebookOutputs) {
    this.disposables = [
      vscode.commands.registerCommand('mlcycle.newExperimentNotebook', () => guard(() => this.newNotebook())),
      vscode.commands.registerCommand('mlcycle.addRunToNotebook', (target?: AddRunTarget, options?: { notebook?: vscode.Uri }) => guard(() => this.addRun(target, options?.notebook))),
    ];
  }

  /** The script the template runs: the first saved configuration's, else train.py. */
  private templateScript(): string {
    const root = this.services.workspaceRoot;
    if (!root) return 'train.py';
    try {
      const saved = loadRunConfigs(root)?.specs[0]?.script;
      if (saved) return saved;
    } catch {
      // a broken mlcycle.yaml is reported where it is used; the template still opens
    }
    return 'train.py';
  }

  async newNotebook(): Promise<vscode.NotebookDocument> {
    const data = new vscode.NotebookData(experimentTemplate(this.templateScript()).map(toCellData));
    const notebook = await vscode.workspace.openNotebookDocument(NOTEBOOK_TYPE, data);
    await vscode.window.showNotebookDocument(notebook);
    return notebook;
  }

  private async pickRun(): Promise<string | undefined> {
    const runs = this.stores.get()?.listRuns({ limit: 500 }) ?? [];
    if (!runs.length) throw new UserError('There are no runs in this workspace yet: run a training script first ("mlcycle: Run Training Script…").');
    const picked = await vscode.window.showQuickPick(
      runs.map((run) => ({ label: run.name, description: `${run.status} · ${new Date(run.createdAt).toLocaleString()}`, detail: run.id, runId: run.id })),
      { title: 'mlcycle: Add Run to Notebook', placeHolder: 'Which run? (newest first)', matchOnDetail: true },
    );
    return picked?.runId;
  }

  /** The active mlcycle notebook, else the one a person picks among the open ones and the workspace's .mlnb files. */
  private async pickNotebook(): Promise<vscode.NotebookDocument | 'new' | undefined> {
    const active = vscode.window.activeNotebookEditor?.notebook;
    if (active?.notebookType === NOTEBOOK_TYPE) return active;
    const open = vscode.workspace.notebookDocuments.filter((n) => n.notebookType === NOTEBOOK_TYPE);
    const files = (await vscode.workspace.findFiles('**/*.mlnb', '**/node_modules/**', 200)).filter((f) => !open.some((n) => n.uri.toString() === f.toString()));
    type Pick = vscode.QuickPickItem & { notebook?: vscode.NotebookDocument; file?: vscode.Uri };
    const root = this.services.workspaceRoot;
    const items: Pick[] = [
      ...open.map((notebook) => ({ label: notebook.isUntitled ? notebook.uri.path : relative(root ?? '', notebook.uri.fsPath), description: 'open', notebook })),
      ...files.map((file) => ({ label: relative(root ?? '', file.fsPath), file })),
      { label: '$(new-file) New experiment notebook' },
    ];
    if (items.length === 1) return 'new';
    const picked = await vscode.window.showQuickPick(items, { title: 'mlcycle: Add Run to Notebook', placeHolder: 'Which notebook?' });
    if (!picked) return undefined;
    if (picked.notebook) return picked.notebook;
    if (picked.file) return vscode.workspace.openNotebookDocument(picked.file);
    return 'new';
  }

  async addRun(target: AddRunTarget, notebookUri?: vscode.Uri): Promise<AddedRun | undefined> {
    const runId = runIdOf(target) ?? (await this.pickRun());
    if (!runId) return undefined;
    const store = this.stores.get();
    const run = store?.getRun(runId);
    if (!store || !run) throw new UserError(`Run ${runId} is not in the store, so there is nothing to add. Pick a run from the Runs view.`);
    const cells = documentRunCells(run, sweepChildren(store, run.id)).map(toCellData);
    for (const cell of cells) if (cell.kind === vscode.NotebookCellKind.Code) cell.outputs = this.outputs.forMetadata(cell.metadata ?? {});
    const chosen = notebookUri ? await vscode.workspace.openNotebookDocument(notebookUri) : await this.pickNotebook();
    if (!chosen) return undefined;
    let notebook: vscode.NotebookDocument;
    if (chosen === 'new') {
      notebook = await vscode.workspace.openNotebookDocument(NOTEBOOK_TYPE, new vscode.NotebookData(cells));
    } else {
      notebook = chosen;
      const edit = new vscode.WorkspaceEdit();
      edit.set(notebook.uri, [vscode.NotebookEdit.insertCells(notebook.cellCount, cells)]);
      if (!(await vscode.workspace.applyEdit(edit))) throw new UserError(`Could not add the run to ${notebook.uri.fsPath}: the notebook refused the edit (is it read-only?).`);
    }
    const cellIndex = notebook.cellCount - 1;
    const editor = await vscode.window.showNotebookDocument(notebook);
    editor.revealRange(new vscode.NotebookRange(cellIndex - 1, cellIndex + 1), vscode.NotebookEditorRevealType.InCenterIfOutsideViewport);
    return { notebook: notebook.uri, cellIndex };
  }

  dispose(): void {
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}

async function guard<T>(body: () => Promise<T>): Promise<T | undefined> {
  try {
    return await body();
  } catch (error) {
    void vscode.window.showErrorMessage(error instanceof UserError ? error.message : `mlcycle: ${(error as Error).message}`);
    return undefined;
  }
}

