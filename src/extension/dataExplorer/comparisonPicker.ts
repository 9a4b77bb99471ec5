import * as vscode from 'vscode';
import { formatBytes } from '../../core/format';
import { dataFileExtensions, findDataFiles } from '../../core/workspace/dataFiles';
import type { ComparisonTarget } from '../../protocol/dataExplorer';
import { versionDate, type DatasetVersions } from './DatasetVersions';

interface TargetItem extends vscode.QuickPickItem {
  target?: ComparisonTarget;
  browse?: boolean;
}

/** Ask what to compare `path` with: another data file of the workspace, a registered version, or any file on disk. */
export async function pickComparison(path: string, versions: DatasetVersions): Promise<ComparisonTarget | undefined> {
  const ownKey = versions.keyOf(path);
  const files = versions.root ? await findDataFiles(versions.root) : [];
  const items: TargetItem[] = [];
  const others = files.filter((f) => f.path !== ownKey);
  if (others.length) items.push({ label: 'Workspace files', kind: vscode.QuickPickItemKind.Separator });
  for (const file of others) items.push({ label: file.path, description: formatBytes(file.size), iconPath: new vscode.ThemeIcon('file'), target: { kind: 'file', path: versions.absolute(file.path) } });
  const keys = [ownKey, ...others.map((f) => f.path)];
  const versionItems: TargetItem[] = [];
  for (const [key, list] of versions.versionsOf(keys)) {
    for (const version of list) {
      if (!versions.snapshotOf(version.sha256)) continue;
      versionItems.push({
        label: `${key} v${version.number}`,
        description: `${version.rows?.toLocaleString('en-US') ?? '?'} rows · registered ${versionDate(version.createdAt)}`,
        detail: key === ownKey ? 'a version of this file' : undefined,
        iconPath: new vscode.ThemeIcon('history'),
        target: { kind: 'version', versionId: version.id },
      });
    }
  }
  if (versionItems.length) items.push({ label: 'Registered versions', kind: vscode.QuickPickItemKind.Separator }, ...versionItems);
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator }, { label: 'Choose a file…', iconPath: new vscode.ThemeIcon('folder-opened'), browse: true });
  const picked = await vscode.window.showQuickPick(items, { title: `Compare ${ownKey} with…`, placeHolder: 'Another data file or a registered version', matchOnDescription: true });
  if (!picked?.browse) return picked?.target;
  const chosen = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: 'Compare',
    filters: { 'Data files': dataFileExtensions.map((e) => e.slice(1)) },
  });
  return chosen?.[0] ? { kind: 'file', path: chosen[0].fsPath } : undefined;
}
