import { join } from 'node:path';
import * as vscode from 'vscode';
import Database from 'better-sqlite3';

export function workspaceRoot(): string {
  return vscode.workspace.workspaceFolders![0].uri.fsPath;
}

/** The store the extension writes, opened as the CLI or a notebook would open it to read. */
export function openStoreReadOnly(): Database.Database {
  return new Database(join(workspaceRoot(), '.mlcycle', 'mlcycle.db'), { fileMustExist: true, timeout: 10_000 });
}

export function runStatus(db: Database.Database, runId: string): string | undefined {
  return (db.prepare('SELECT status FROM runs WHERE id = ?').get(runId) as { status: string } | undefined)?.status;
}
