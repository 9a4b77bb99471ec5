import * as vscode from 'vscode';
import { parseCellSpec, type CompareSpec } from '../../core/notebook/cellSpec';
import { compareOutputRef } from '../../core/notebook/compareRefs';
import { NOTEBOOK_TYPE } from '../../core/notebook/format';
import { cellLikeOf, earlierCells } from './earlierCells';
import { executeRunCell, type RunCellDeps } from './runCell';

export const CONTROLLER_ID = 'mlcycle.notebookController';

/**
 * Runs the notebook's code cells, one at a time in the order asked (run-all waits for each run to end before
 * the next cell starts). A run cell starts a run or a sweep; a comparison cell compares earlier cells' runs.
 * Interrupting a cell stops its runs.
 */
export class ExperimentNotebookController implements vscode.Disposable {
  private readonly controller = vscode.notebooks.createNotebookController(CONTROLLER_ID, NOTEBOOK_TYPE, 'mlcycle runs');
  private readonly disposables: vscode.Disposable[] = [this.controller];
  private queue: Promise<unknown> = Promise.resolve();
  private executionOrder = 0;

  constructor(private readonly deps: RunCellDeps) {
    this.controller.supportedLanguages = ['yaml', 'json'];
    this.controller.supportsExecutionOrder = true;
    this.controller.description = 'each cell a run of a training script';
    this.controller.executeHandler = (cells) => this.enqueue(cells);
    const prefer = (notebook: vscode.NotebookDocument) => {
      if (notebook.notebookType === NOTEBOOK_TYPE) this.controller.updateNotebookAffinity(notebook, vscode.NotebookControllerAffinity.Preferred);
    };
    vscode.workspace.notebookDocuments.forEach(prefer);
    this.disposables.push(vscode.workspace.onDidOpenNotebookDocument(prefer));
  }

  /** Each cell waits, pending, behind the ones asked before it. */
  private enqueue(cells: vscode.NotebookCell[]): Promise<void> {
    const runs: Promise<unknown>[] = [];
    for (const cell of cells) {
      if (cell.kind !== vscode.NotebookCellKind.Code) continue;
      let execution: vscode.NotebookCellExecution;
      try {
        execution = this.controller.createNotebookCellExecution(cell);
      } catch {
        continue; // already queued or running
      }
      this.queue = this.queue.then(() => this.execute(execution)).then(undefined, () => undefined);
      runs.push(this.queue);
    }
    return Promise.all(runs).then(() => undefined);
  }

  private async execute(execution: vscode.NotebookCellExecution): Promise<void> {
    execution.start(Date.now());
    if (execution.token.isCancellationRequested) {
      execution.end(undefined, Date.now());
      return;
    }
    execution.executionOrder = ++this.executionOrder;
    let phase = 'Invalid run spec';
    try {
      await execution.clearOutput();
      const spec = parseCellSpec(execution.cell.document.getText(), 'This cell');
      phase = spec.kind === 'run' ? 'Could not run this cell' : 'Could not compare';
      const ok = spec.kind === 'run' ? await executeRunCell(this.deps, execution, spec.spec) : await this.compare(execution, spec.compare);
      execution.end(ok, Date.now());
    } catch (error) {
      await execution.replaceOutput(this.deps.outputs.error(error, phase));
      execution.end(false, Date.now());
    }
  }

  private async compare(execution: vscode.NotebookCellExecution, spec: CompareSpec): Promise<boolean> {
    const cell = execution.cell;
    const earlier = earlierCells(cell.notebook.getCells().slice(0, cell.index).map(cellLikeOf));
    const ref = compareOutputRef(spec, earlier);
    // The output outlives this execution: the renderer keeps it fresh while a compared run still goes.
    const model = this.deps.outputs.model(ref, 'store');
    await execution.replaceOutput(this.deps.outputs.output(model));
    return !ref.missing.length && ref.groups.some((g) => g.runIds.length);
  }

  dispose(): void {
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}
