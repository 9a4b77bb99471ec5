import * as vscode from 'vscode';
import { NOTEBOOK_TYPE } from '../../core/notebook/format';
import type { RunsController } from '../runs/RunsController';
import type { ExtensionServices } from '../services';
import type { StoreService } from '../store/StoreService';
import { ExperimentNotebookController } from './ExperimentNotebookController';
import { MlnbSerializer } from './MlnbSerializer';
import { NotebookCommands } from './NotebookCommands';
import { NotebookOutputs } from './NotebookOutputs';
import { RendererBridge } from './RendererBridge';

/** The experiment notebook: .mlnb files, the controller that runs their cells, the renderer's bridge and commands. */
export function registerExperimentNotebook(services: ExtensionServices, stores: StoreService, runs: RunsController): vscode.Disposable {
  const outputs = new NotebookOutputs(stores);
  return vscode.Disposable.from(
    // Outputs are read from the store, never saved: changing them does not make the file dirty.
    vscode.workspace.registerNotebookSerializer(NOTEBOOK_TYPE, new MlnbSerializer(outputs), { transientOutputs: true }),
    new ExperimentNotebookController({ runs, stores, outputs }),
    new RendererBridge(outputs),
    new NotebookCommands(services, stores, outputs),
  );
}
