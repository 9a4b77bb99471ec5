import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { MlcycleApi } from '../../src/extension/activate';
import type { ExperimentNode, RunNode, RunsTreeNode } from '../../src/extension/views/RunsTree';
import { openStore, type Store } from '../../src/core/store/store';
import { workspaceRoot } from './store';
import { waitFor } from './waitFor';

const xss = '<img src=x onerror=alert(1)>';

function experimentNamed(api: MlcycleApi, name: string): ExperimentNode | undefined {
  return (api.runsTree.getChildren() as RunsTreeNode[]).find((n): n is ExperimentNode => n.kind === 'experiment' && n.name === name);
}

function labelsUnder(api: MlcycleApi, node: RunsTreeNode): string[] {
  return api.runsTree.getChildren(node).map((child) => String(api.runsTree.getTreeItem(child).label));
}

async function closeEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

describe('the Runs view on a seeded store', function () {
  this.timeout(120_000);
  let api: MlcycleApi;
  let store: Store;
  const now = Date.now();

  before(async () => {
    // Another connection, as a training script's would be: the view learns of it through the store's data_version.
    store = openStore(join(workspaceRoot(), '.mlcycle', 'mlcycle.db'));
    const experiment = 'tree-it';
    store.createRun({ id: 'it-best', name: 'best mlp', experiment, status: 'finished', createdAt: now - 3 * 3_600_000, startedAt: now - 3 * 3_600_000, endedAt: now - 2 * 3_600_000 });
    store.logParams('it-best', { model: 'mlp', lr: 0.01 });
    store.logMetrics('it-best', [0.6, 0.8, 0.91].map((value, step) => ({ key: 'accuracy', context: 'dev', step, value })));
    store.createRun({ id: 'it-failed', name: 'broken', experiment, status: 'failed', createdAt: now - 60 * 60_000 });
    store.createRun({ id: 'it-sweep', name: 'lr sweep', experiment, status: 'running', createdAt: now - 10 * 60_000 });
    store.createRun({ id: 'it-child-1', name: 'lr=0.1', experiment, status: 'finished', parentRunId: 'it-sweep', createdAt: now - 9 * 60_000 });
    store.createRun({ id: 'it-child-2', name: 'lr=0.01', experiment, status: 'queued', parentRunId: 'it-sweep', createdAt: now - 8 * 60_000 });
    store.createRun({ id: 'it-xss', name: xss, experiment, status: 'killed', createdAt: now - 5 * 60_000 });
    store.setNotes('it-xss', '**not markdown**');
    const extension = vscode.extensions.getExtension<MlcycleApi>('mlcycle.mlcycle')!;
    api = await extension.activate();
    await vscode.commands.executeCommand('mlcycle.runs.focus');
  });

  after(async () => {
    store.close();
    await closeEditors();
  });

  it('lists experiments, then runs with status icon, main metric and age, and a sweep\'s runs under it', async () => {
    const experiment = await waitFor(() => {
      const found = experimentNamed(api, 'tree-it');
      return found?.runs.length === 4 ? found : undefined;
    }, 'the seeded experiment in the tree');
    assert.deepEqual(labelsUnder(api, experiment), [xss, 'lr sweep', 'broken', 'best mlp'], 'newest first');
    assert.equal(api.runsTree.getTreeItem(experiment).description, '4 runs');
    const [, sweep, broken, best] = experiment.runs;
    assert.deepEqual(labelsUnder(api, sweep), ['lr=0.01', 'lr=0.1']);
    assert.equal(api.runsTree.getTreeItem(sweep).collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);

    const bestItem = api.runsTree.getTreeItem(best);
    assert.equal(bestItem.description, '0.91 accuracy · 3 h ago');
    assert.match(String(bestItem.tooltip), /dev accuracy: 0\.91 \(main metric/);
    assert.equal((bestItem.iconPath as vscode.ThemeIcon).id, 'check');
    assert.equal(bestItem.contextValue, 'mlcycle.run.finished');
    assert.match(String(bestItem.tooltip), /finished · tree-it · id it-best/);
    assert.equal(best.runId, 'it-best', 'the run commands read runId from the node');
    assert.equal(((api.runsTree.getTreeItem(broken).iconPath) as vscode.ThemeIcon).id, 'error');
    const sweepIcon = api.runsTree.getTreeItem(sweep).iconPath as vscode.ThemeIcon;
    assert.equal(sweepIcon.id, 'loading~spin');
    assert.equal(((api.runsTree.getTreeItem(sweep.children[0]).iconPath) as vscode.ThemeIcon).id, 'clock');
    assert.equal(api.runsTree.getTreeItem(sweep).contextValue, 'mlcycle.run.running');
    const xssItem = api.runsTree.getTreeItem(experiment.runs[0]);
    assert.equal(typeof xssItem.tooltip, 'string', 'a tooltip is plain text, never Markdown');
    assert.match(String(xssItem.tooltip), /\*\*not markdown\*\*/);
  });

  it('shows the metric the mlcycle.mainMetric setting names', async () => {
    store.logMetrics('it-best', [{ key: 'loss', context: 'dev', step: 2, value: 0.25 }]);
    const settings = vscode.workspace.getConfiguration('mlcycle');
    await settings.update('mainMetric', 'loss', vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor(() => api.runsTree.getTreeItem(api.runsTree.nodeOf('it-best')!).description === '0.25 loss · 3 h ago', 'the loss in the description');
    } finally {
      await settings.update('mainMetric', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('shows a run another process adds, without being asked to refresh', async () => {
    assert.ok(api.runsTree.nodeOf('it-best'), 'the tree has loaded');
    store.createRun({ id: 'it-new', name: 'fresh from a script', experiment: 'tree-it', status: 'running' });
    assert.equal(api.runsTree.nodeOf('it-new'), undefined, 'the tree reloads on the store\'s change, not on every read');
    const node = await waitFor(() => api.runsTree.nodeOf('it-new'), 'the new run in the tree', 15_000);
    assert.equal(api.runsTree.getTreeItem(node).description, 'just now');
  });

  it('renames, tags and writes notes through the commands, and the store keeps them', async () => {
    const best = api.runsTree.nodeOf('it-best')!;
    await vscode.commands.executeCommand('mlcycle.renameRun', best, 'best mlp (final)');
    assert.equal(store.getRunRecord('it-best')!.name, 'best mlp (final)');
    await waitFor(() => api.runsTree.getTreeItem(api.runsTree.nodeOf('it-best')!).label === 'best mlp (final)', 'the new name in the tree');

    await vscode.commands.executeCommand('mlcycle.tagRun', best, 'stage = prod=1 ');
    assert.deepEqual(store.getRun('it-best')!.tags, { stage: 'prod=1' });
    await vscode.commands.executeCommand('mlcycle.tagRun', ['it-best', 'it-failed'], 'reviewed=yes');
    assert.equal(store.getRun('it-failed')!.tags.reviewed, 'yes');

    await vscode.commands.executeCommand('mlcycle.editRunNotes', 'it-best', 'lr 0.01 wins');
    assert.equal(store.getRunRecord('it-best')!.notes, 'lr 0.01 wins');
  });

  it('refuses a bad tag and an empty name, and stores nothing', async () => {
    await vscode.commands.executeCommand('mlcycle.tagRun', 'it-best', 'no equals sign');
    await vscode.commands.executeCommand('mlcycle.renameRun', 'it-best', '   ');
    assert.deepEqual(Object.keys(store.getRun('it-best')!.tags).sort(), ['reviewed', 'stage']);
    assert.equal(store.getRunRecord('it-best')!.name, 'best mlp (final)');
  });

  it('deletes runs with their metrics and params, but never one that is still going', async () => {
    const failed = api.runsTree.nodeOf('it-failed') as RunNode;
    const best = api.runsTree.nodeOf('it-best') as RunNode;
    await vscode.commands.executeCommand('mlcycle.deleteRun', failed, { confirm: false });
    assert.equal(store.getRunRecord('it-failed'), undefined);
    await vscode.commands.executeCommand('mlcycle.deleteRun', api.runsTree.nodeOf('it-sweep'), { confirm: false });
    assert.equal(store.getRunRecord('it-sweep')?.status, 'running', 'a running run is not deleted');
    await vscode.commands.executeCommand('mlcycle.deleteRun', best, { confirm: false });
    assert.equal(store.db.prepare("SELECT count(*) FROM metrics WHERE run_id = 'it-best'").pluck().get(), 0);
    assert.equal(store.db.prepare("SELECT count(*) FROM params WHERE run_id = 'it-best'").pluck().get(), 0);
    await waitFor(() => !api.runsTree.nodeOf('it-best') && !api.runsTree.nodeOf('it-failed'), 'the deleted runs to leave the tree');
    assert.deepEqual(labelsUnder(api, experimentNamed(api, 'tree-it')!).slice(-2), [xss, 'lr sweep']);
  });

  it('opens the runs table and the compare view from the commands', async () => {
    await vscode.commands.executeCommand('mlcycle.openRun', api.runsTree.nodeOf('it-xss'));
    const table = await waitFor(() => vscode.window.tabGroups.activeTabGroup.activeTab, 'the runs table tab');
    assert.equal(table.label, 'mlcycle Runs');
    assert.ok(table.input instanceof vscode.TabInputWebview);
    await vscode.commands.executeCommand('mlcycle.compareRuns', api.runsTree.nodeOf('it-xss'), [api.runsTree.nodeOf('it-xss'), api.runsTree.nodeOf('it-child-1'), api.runsTree.nodeOf('it-child-2')]);
    const compare = await waitFor(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label.startsWith('mlcycle Compare')), 'the compare tab');
    assert.equal(compare.label, 'mlcycle Compare (3)');
    await vscode.commands.executeCommand('mlcycle.openRunsTable');
    assert.equal(vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.label === 'mlcycle Runs').length, 1, 'one runs table per window');
  });
});
