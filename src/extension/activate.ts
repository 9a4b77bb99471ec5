import * as vscode from 'vscode';
import { createServices } from './services';
import { checkNativeModules, reportNativeModuleProblems } from './nativeModules';
import { registerExperimentNotebook } from './notebook/registerNotebook';
import { OverviewPanel } from './panels/OverviewPanel';
import { RunsController } from './runs/RunsController';
import { StoreService } from './store/StoreService';
import { DatasetsTree } from './views/DatasetsTree';

export interface MlcycleApi {
  /** The workspace's store path; tests and other extensions read the same file. */
  storePath(): string | undefined;
}

export function activate(context: vscode.ExtensionContext): MlcycleApi {
  const services = createServices(context);
  const problems = checkNativeModules();
  reportNativeModuleProblems(problems);

  const stores = new StoreService(() => services.storePath());
  const datasets = new DatasetsTree(services.workspaceRoot);
  context.subscriptions.push(
    stores,
    datasets,
    vscode.window.createTreeView('mlcycle.datasets', { treeDataProvider: datasets }),
    vscode.commands.registerCommand('mlcycle.showOverview', () => OverviewPanel.createOrShow(services)),
    OverviewPanel.registerSerializer(services),
  );
  const runs = new RunsController(services, stores);
  context.subscriptions.push(runs, registerExperimentNotebook(services, stores, runs));
  return { storePath: () => services.storePath() };
}

export function deactivate(): void {}
