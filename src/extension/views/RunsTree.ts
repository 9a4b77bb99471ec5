import * as vscode from 'vscode';
import { basename, dirname, relative, sep } from 'node:path';
import { loadRunListing, type RunListEntry, type RunListing } from '../../core/compare/runListing';
import { formatAge, formatDuration, formatMetricValue } from '../../core/format';
import type { StoreService } from '../store/StoreService';
import { Throttle } from '../throttle';

export interface ExperimentNode {
  kind: 'experiment';
  experimentId: number;
  name: string;
  runs: RunNode[];
}

/** A run in the tree; `runId` is what the run commands (stop, re-run, rename…) read from it. */
export interface RunNode {
  kind: 'run';
  runId: string;
  run: RunListEntry;
  parent: ExperimentNode | RunNode;
  children: RunNode[];
}

export type RunsTreeNode = ExperimentNode | RunNode;

const statusIcons: Record<RunListEntry['status'], vscode.ThemeIcon> = {
  running: new vscode.ThemeIcon('loading~spin', new vscode.ThemeColor('charts.blue')),
  finished: new vscode.ThemeIcon('check', new vscode.ThemeColor('charts.green')),
  failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('charts.red')),
  killed: new vscode.ThemeIcon('debug-stop', new vscode.ThemeColor('charts.orange')),
  queued: new vscode.ThemeIcon('clock', new vscode.ThemeColor('charts.yellow')),
};

/**
 * Experiments → runs, a sweep's runs under it. Reloaded when anyone commits to the store (StoreService watches
 * PRAGMA data_version), at most once a second; ages are redrawn each minute while the view shows.
 */
export class RunsTree implements vscode.TreeDataProvider<RunsTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RunsTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private experiments: ExperimentNode[] | undefined;
  private readonly runs = new Map<string, RunNode>();
  private readonly reload = new Throttle(1000, () => this.refresh());

  constructor(private readonly stores: StoreService, storePath: string | undefined) {
    // Until the first run creates the store there is no data_version to watch: its creation is the first change.
    const created = storePath ? vscode.workspace.createFileSystemWatcher(storeFilePattern(storePath), false, true, true) : undefined;
    if (created) this.disposables.push(created, created.onDidCreate(() => this.reload.request()));
    this.disposables.push(
      this.reload,
      stores.onDidChange(() => this.reload.request()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('mlcycle.mainMetric')) this.refresh();
      }),
    );
  }

  /** Ages move on while nothing is written: redraw them each minute, only while the view is visible. */
  watchVisibility(view: vscode.TreeView<RunsTreeNode>): void {
    let timer: NodeJS.Timeout | undefined;
    const update = () => {
      if (view.visible && !timer) timer = setInterval(() => this.changed.fire(undefined), 60_000);
      if (!view.visible && timer) timer = void clearInterval(timer);
    };
    update();
    this.disposables.push(view.onDidChangeVisibility(update), { dispose: () => clearInterval(timer) });
  }

  refresh(): void {
    this.experiments = undefined;
    this.changed.fire(undefined);
  }

  /** The run's node as last loaded, for reveal and for commands given a run id. */
  nodeOf(runId: string): RunNode | undefined {
    this.load();
    return this.runs.get(runId);
  }

  getChildren(node?: RunsTreeNode): RunsTreeNode[] {
    if (!node) return this.load();
    return node.kind === 'experiment' ? node.runs : node.children;
  }

  getParent(node: RunsTreeNode): RunsTreeNode | undefined {
    return node.kind === 'run' ? node.parent : undefined;
  }

  getTreeItem(node: RunsTreeNode): vscode.TreeItem {
    return node.kind === 'experiment' ? experimentItem(node) : runItem(node, Date.now());
  }

  private load(): ExperimentNode[] {
    if (this.experiments) return this.experiments;
    this.runs.clear();
    const store = this.stores.get();
    const listing: RunListing = store ? loadRunListing(store.db, { mainMetric: vscode.workspace.getConfiguration('mlcycle').get<string>('mainMetric') }) : { experiments: [], runs: [] };
    const experiments = new Map(listing.experiments.map((e) => [e.id, { kind: 'experiment', experimentId: e.id, name: e.name, runs: [] } as ExperimentNode]));
    for (const run of listing.runs) this.runs.set(run.id, { kind: 'run', runId: run.id, run, parent: experiments.get(run.experimentId)!, children: [] });
    for (const node of this.runs.values()) {
      const parentRun = node.run.parentRunId ? this.runs.get(node.run.parentRunId) : undefined;
      node.parent = parentRun ?? node.parent;
      (node.parent.kind === 'run' ? node.parent.children : node.parent.runs).push(node);
    }
    this.experiments = [...experiments.values()].filter((e) => e.runs.length > 0);
    return this.experiments;
  }

  dispose(): void {
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}

/** Inside the workspace a workspace-relative pattern, which sees the file appear even before its folder exists. */
function storeFilePattern(storePath: string): vscode.RelativePattern {
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(storePath));
  return folder
    ? new vscode.RelativePattern(folder, relative(folder.uri.fsPath, storePath).split(sep).join('/'))
    : new vscode.RelativePattern(vscode.Uri.file(dirname(storePath)), basename(storePath));
}

function experimentItem(node: ExperimentNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Expanded);
  item.id = `experiment:${node.experimentId}`;
  item.iconPath = new vscode.ThemeIcon('beaker');
  item.description = `${node.runs.length} run${node.runs.length === 1 ? '' : 's'}`;
  item.tooltip = `Experiment ${node.name}`;
  item.contextValue = 'mlcycle.experiment';
  return item;
}

function runItem(node: RunNode, now: number): vscode.TreeItem {
  const { run } = node;
  const item = new vscode.TreeItem(run.name, node.children.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = `run:${run.id}`;
  item.iconPath = statusIcons[run.status];
  const metric = run.mainMetric ? `${metricName(run.mainMetric)} ${formatMetricValue(run.mainMetric.value)}` : '';
  // The value first and dev (the usual main context) unsaid: a narrow side bar still shows the number.
  const shortMetric = run.mainMetric ? `${formatMetricValue(run.mainMetric.value)} ${run.mainMetric.context === 'dev' ? run.mainMetric.key : metricName(run.mainMetric)}` : '';
  item.description = [shortMetric, formatAge(run.createdAt, now)].filter(Boolean).join(' · ');
  item.tooltip = runTooltip(node, now);
  item.contextValue = `mlcycle.run.${run.status}`;
  item.accessibilityInformation = { label: `${run.name}, ${run.status}${metric ? `, ${metric}` : ''}` };
  return item;
}

function metricName(metric: NonNullable<RunListEntry['mainMetric']>): string {
  return metric.context ? `${metric.context} ${metric.key}` : metric.key;
}

/** Plain text (never Markdown): a run's name or notes are shown as written. */
function runTooltip(node: RunNode, now: number): string {
  const { run } = node;
  const end = run.endedAt ?? (run.status === 'running' ? now : null);
  const lines = [
    run.name,
    `${run.status} · ${run.experiment} · id ${run.id}`,
    `created ${new Date(run.createdAt).toLocaleString()}${run.startedAt !== null && end !== null ? ` · ran ${formatDuration((end - run.startedAt) / 1000)}` : ''}`,
  ];
  if (run.mainMetric) lines.push(`${metricName(run.mainMetric)}: ${formatMetricValue(run.mainMetric.value)} (main metric; set mlcycle.mainMetric to choose it)`);
  if (node.children.length) lines.push(`${node.children.length} runs under it`);
  if (run.notes) lines.push('', run.notes.length > 300 ? `${run.notes.slice(0, 300)}…` : run.notes);
  return lines.join('\n');
}
