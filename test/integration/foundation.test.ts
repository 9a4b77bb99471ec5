import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { waitFor } from './waitFor';

const extensionId = 'mlcycle.mlcycle';

describe('mlcycle in a real VS Code', () => {
  it('runs in VS Code 1.100 or later and activates', async () => {
    assert.ok(/^1\.(1\d\d)\./.test(vscode.version), `VS Code version ${vscode.version}`);
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, 'the extension is installed');
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it('never activates on "*" and activates on its own views and commands', () => {
    const pkg = vscode.extensions.getExtension(extensionId)!.packageJSON;
    assert.ok(!(pkg.activationEvents ?? []).includes('*'));
  });

  it('registers every contributed command, each under the category "mlcycle"', async () => {
    const pkg = vscode.extensions.getExtension(extensionId)!.packageJSON;
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed: { command: string; category: string }[] = pkg.contributes.commands;
    assert.ok(contributed.length > 0);
    for (const command of contributed) {
      assert.equal(command.category, 'mlcycle', `${command.command} has category mlcycle`);
      assert.ok(registered.has(command.command), `${command.command} is registered`);
    }
  });

  it('contributes the mlcycle container with the Runs and Datasets views, which open', async () => {
    const pkg = vscode.extensions.getExtension(extensionId)!.packageJSON;
    assert.deepEqual(pkg.contributes.viewsContainers.activitybar.map((c: { id: string }) => c.id), ['mlcycle']);
    const views = pkg.contributes.views.mlcycle.map((v: { id: string }) => v.id);
    assert.ok(views.includes('mlcycle.runs') && views.includes('mlcycle.datasets'));
    await vscode.commands.executeCommand('workbench.view.extension.mlcycle');
    await vscode.commands.executeCommand('mlcycle.datasets.focus');
    await vscode.commands.executeCommand('mlcycle.runs.focus');
  });

  it('opens the overview panel from its command', async () => {
    await vscode.commands.executeCommand('mlcycle.showOverview');
    const tab = await waitFor(() => vscode.window.tabGroups.activeTabGroup.activeTab, 'the overview tab');
    assert.equal(tab.label, 'mlcycle Overview');
    assert.ok(tab.input instanceof vscode.TabInputWebview);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
