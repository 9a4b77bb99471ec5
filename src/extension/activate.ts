import * as vscode from 'vscode';
import { createServices } from './services';
import { DiagnosticsCommands } from './diagnostics/DiagnosticsCommands';
import { checkNativeModules, reportNativeModuleProblems } from './nativeModules';
import { registerDataCommands } from './dataExplorer/dataCommands';
import { DataExplorerProvider } from './dataExplorer/DataExplorerProvider';
import { DatasetVersions } from './dataExplorer/DatasetVersions';
import { registerExperimentNotebook } from './notebook/registerNotebook';
import { OverviewPanel } from './panels/OverviewPanel';
import { RunsController } from './runs/RunsController';
import { StoreService } from './store/StoreService';
import { DatasetsTree } from './views/DatasetsTree';
import { RunEditCommands } from './commands/RunEditCommands';
import { RunViewCommands } from './commands/RunViewCommands';
import { RunsTree } from './views/RunsTree';

export interface MlcycleApi {
  /** The workspace's store path; tests and other extensions read the same file. */
  storePath(): string | undefined;
  /** The Runs view's data, as the tree shows it. */
  runsTree: RunsTree;
}

export function activate(context: vscode.ExtensionContext): MlcycleApi {
  const services = createServices(context);
  const problems = checkNativeModules();
  reportNativeModuleProblems(problems);

  const stores = new StoreService(() => services.storePath());
  const runsTree = new RunsTree(stores, services.storePath());
  const runsView = vscode.window.createTreeView('mlcycle.runs', { treeDataProvider: runsTree, canSelectMany: true, showCollapseAll: true });
  runsTree.watchVisibility(runsView);
  const datasetVersions = new DatasetVersions(services, stores);
  const datasets = new DatasetsTree(datasetVersions);
  const scratchDirectory = vscode.Uri.joinPath(context.globalStorageUri, 'data').fsPath;
  const dataExplorer = new DataExplorerProvider({
    extensionUri: services.extensionUri,
    scratchDirectory,
    versions: datasetVersions,
    log: (message) => console.error(message),
  });
  context.subscriptions.push(
    stores,
    datasets,
    dataExplorer,
    ...registerDataCommands(dataExplorer, datasetVersions, scratchDirectory, () => datasets.refresh()),
    vscode.window.createTreeView('mlcycle.datasets', { treeDataProvider: datasets }),
    vscode.commands.registerCommand('mlcycle.showOverview', () => OverviewPanel.createOrShow(services)),
    OverviewPanel.registerSerializer(services),
    runsTree,
    runsView,
    new RunEditCommands(stores),
    new RunViewCommands(services, stores, runsTree, runsView),
    new DiagnosticsCommands({ services, stores }),
  );
  const runs = new RunsController(services, stores);
  context.subscriptions.push(runs, registerExperimentNotebook(services, stores, runs));
  return { storePath: () => services.storePath(), runsTree };
}

export function deactivate(): void {}
