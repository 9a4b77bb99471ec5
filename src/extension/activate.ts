import * as vscode from 'vscode';
import { createServices } from './services';
import { checkNativeModules, reportNativeModuleProblems } from './nativeModules';
import { OverviewPanel } from './panels/OverviewPanel';
import { DatasetsTree } from './views/DatasetsTree';

export function activate(context: vscode.ExtensionContext): void {
  const services = createServices(context);
  reportNativeModuleProblems(checkNativeModules());

  const datasets = new DatasetsTree(services.workspaceRoot);
  context.subscriptions.push(
    datasets,
    vscode.window.createTreeView('mlcycle.datasets', { treeDataProvider: datasets }),
    vscode.commands.registerCommand('mlcycle.showOverview', () => OverviewPanel.createOrShow(services)),
    OverviewPanel.registerSerializer(services),
  );
}

export function deactivate(): void {}
