import * as vscode from 'vscode';
import { resolveStorePath } from '../core/store/location';

/** What the adapter's parts share: the extension's location, the workspace root and the store path. */
export interface ExtensionServices {
  extensionUri: vscode.Uri;
  version: string;
  workspaceRoot: string | undefined;
  storePath(): string | undefined;
}

export function createServices(context: vscode.ExtensionContext): ExtensionServices {
  const workspaceRoot = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  return {
    extensionUri: context.extensionUri,
    version: String(context.extension.packageJSON.version ?? ''),
    workspaceRoot,
    storePath() {
      if (!workspaceRoot) return undefined;
      const explicit = vscode.workspace.getConfiguration('mlcycle').get<string>('storePath') || undefined;
      return resolveStorePath(workspaceRoot, { explicit });
    },
  };
}
