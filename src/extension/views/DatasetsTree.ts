import * as vscode from 'vscode';
import { findDataFiles, type DataFile } from '../../core/workspace/dataFiles';
import type { FileVersion } from '../../core/workspace/datasetVersions';
import { formatBytes } from '../../core/format';
import { versionDate, type DatasetVersions } from '../dataExplorer/DatasetVersions';

/** Tree elements carry their file's URI: commands run from the view's menus receive the element itself. */
type DatasetNode = { kind: 'file'; file: DataFile; resourceUri: vscode.Uri; versions: FileVersion[] } | { kind: 'version'; file: DataFile; resourceUri: vscode.Uri; version: FileVersion };

const viewType = 'mlcycle.dataExplorer';

/** The workspace's data files and, under each, its registered versions and the runs that used them. */
export class DatasetsTree implements vscode.TreeDataProvider<DatasetNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly versions: DatasetVersions) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.{csv,tsv,jsonl,ndjson,parquet}', false, true, false);
    let timer: NodeJS.Timeout | undefined;
    // The store commits on every logged metric: refresh once per burst.
    const storeChanged = () => {
      clearTimeout(timer);
      timer = setTimeout(() => this.refresh(), 500);
    };
    this.disposables.push(watcher, watcher.onDidCreate(() => this.refresh()), watcher.onDidDelete(() => this.refresh()), versions.onDidChange(storeChanged), { dispose: () => clearTimeout(timer) });
  }

  refresh(): void {
    this.changed.fire();
  }

  async getChildren(element?: DatasetNode): Promise<DatasetNode[]> {
    if (element?.kind === 'file') return element.versions.map((version) => ({ kind: 'version', file: element.file, resourceUri: element.resourceUri, version }));
    const root = this.versions.root;
    if (element || !root) return [];
    const files = await findDataFiles(root);
    const versions = this.versions.versionsOf(files.map((f) => f.path));
    return files.map((file) => ({ kind: 'file', file, resourceUri: vscode.Uri.file(this.versions.absolute(file.path)), versions: versions.get(file.path) ?? [] }));
  }

  getTreeItem(node: DatasetNode): vscode.TreeItem {
    const uri = node.resourceUri;
    const open = { command: 'vscode.openWith', title: 'Open in Data Explorer', arguments: [uri, viewType] };
    if (node.kind === 'file') {
      const item = new vscode.TreeItem(node.file.path, node.versions.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
      const count = node.versions.length;
      item.description = `${formatBytes(node.file.size)}${count ? ` · ${count} version${count === 1 ? '' : 's'}` : ''}`;
      item.resourceUri = uri;
      item.command = open;
      item.contextValue = 'mlcycle.dataFile';
      return item;
    }
    const { version } = node;
    const item = new vscode.TreeItem(`v${version.number}`, vscode.TreeItemCollapsibleState.None);
    const runs = version.runs.map((r) => `${r.runName} (${r.role})`);
    item.description = [version.rows !== null ? `${version.rows.toLocaleString('en-US')} rows` : undefined, versionDate(version.createdAt), runs.length ? `used by ${runs.join(', ')}` : undefined]
      .filter(Boolean)
      .join(' · ');
    item.tooltip = new vscode.MarkdownString(
      [
        `**${node.file.path} v${version.number}**`,
        `sha256 \`${version.sha256}\``,
        `${formatBytes(version.size)}${version.rows !== null ? `, ${version.rows.toLocaleString('en-US')} rows × ${version.columns} columns` : ''}`,
        version.hasProfile ? `Registered ${versionDate(version.createdAt)} with its profile` : `Logged by a run ${versionDate(version.createdAt)} (hash only)`,
        ...(runs.length ? [`Used by ${runs.join(', ')}`] : []),
      ].join('\n\n'),
    );
    item.iconPath = new vscode.ThemeIcon(version.hasProfile ? 'history' : 'references');
    item.command = open;
    item.contextValue = 'mlcycle.datasetVersion';
    return item;
  }

  dispose(): void {
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}
