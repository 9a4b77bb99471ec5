import * as vscode from 'vscode';
import { findDataFiles, type DataFile } from '../../core/workspace/dataFiles';
import { formatBytes } from '../../core/format';


/** The workspace's data files; refreshed when one is created or deleted. */
export class DatasetsTree implements vscode.TreeDataProvider<DataFile>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly root: string | undefined) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.{csv,tsv,jsonl,ndjson,parquet}', false, true, false);
    this.disposables.push(watcher, watcher.onDidCreate(() => this.changed.fire()), watcher.onDidDelete(() => this.changed.fire()));
  }

  async getChildren(element?: DataFile): Promise<DataFile[]> {
    if (element || !this.root) return [];
    return findDataFiles(this.root);
  }

  getTreeItem(file: DataFile): vscode.TreeItem {
    const item = new vscode.TreeItem(file.path, vscode.TreeItemCollapsibleState.None);
    item.description = formatBytes(file.size);
    item.resourceUri = vscode.Uri.joinPath(vscode.Uri.file(this.root!), file.path);
    item.command = { command: 'vscode.open', title: 'Open', arguments: [item.resourceUri] };
    item.contextValue = 'mlcycle.dataFile';
    return item;
  }

  dispose(): void {
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}
