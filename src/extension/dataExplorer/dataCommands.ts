import * as vscode from 'vscode';
import { basename } from 'node:path';
import { DataEngine, DatasetSession, formatOfPath, profileSession } from '../../core/data';
import { UserError } from '../../core/errors';
import { formatBytes } from '../../core/format';
import { findDataFiles } from '../../core/workspace/dataFiles';
import type { DatasetVersions } from './DatasetVersions';
import type { DataExplorerProvider } from './DataExplorerProvider';
import { withCancellableProgress } from './progress';

/** What the data commands are called with: a file's URI (explorer, editor title), a Datasets view element, or nothing. */
type DataCommandArg = vscode.Uri | { resourceUri?: vscode.Uri } | undefined;

/** What code (the diagnostics views, tests) passes to show one example's row in its data file. */
export interface RevealRowArgs {
  path: string;
  exampleId: string | number;
  /** The column holding the ids; by default the id-like column (id, example_id, …) or the first one. */
  column?: string;
}

/** Commands over data files: open in the Data Explorer, register a version, compare, reveal a row. */
export function registerDataCommands(explorer: DataExplorerProvider, versions: DatasetVersions, scratchDirectory: string, refreshDatasets: () => void): vscode.Disposable[] {
  const guard =
    <A extends unknown[]>(body: (...args: A) => Promise<unknown>) =>
    async (...args: A) => {
      try {
        return await body(...args);
      } catch (error) {
        void vscode.window.showErrorMessage(error instanceof UserError ? error.message : `mlcycle: ${(error as Error).message}`);
        return undefined;
      }
    };

  /** The data file a command is about: its argument, the Data Explorer in front, the text editor in front, or a pick. */
  async function targetUri(arg: DataCommandArg, title: string): Promise<vscode.Uri | undefined> {
    const given = arg instanceof vscode.Uri ? arg : arg?.resourceUri;
    if (given) return given;
    const active = explorer.activeEditor();
    if (active) return active.uri;
    const document = vscode.window.activeTextEditor?.document.uri;
    if (document?.scheme === 'file' && formatOfPath(document.fsPath)) return document;
    const root = versions.root;
    if (!root) throw new UserError('Open a folder holding data files first.');
    const files = await findDataFiles(root);
    if (!files.length) throw new UserError('This workspace has no CSV, TSV, JSON Lines or Parquet file.');
    const picked = await vscode.window.showQuickPick(
      files.map((f) => ({ label: f.path, description: formatBytes(f.size) })),
      { title, placeHolder: 'A data file of the workspace' },
    );
    return picked ? vscode.Uri.file(versions.absolute(picked.label)) : undefined;
  }

  return [
    vscode.commands.registerCommand(
      'mlcycle.openInDataExplorer',
      guard(async (arg?: DataCommandArg) => {
        const uri = await targetUri(arg, 'Open in Data Explorer');
        if (uri) await explorer.open(uri);
      }),
    ),
    vscode.commands.registerCommand(
      'mlcycle.registerDatasetVersion',
      guard(async (arg?: DataCommandArg) => {
        const uri = await targetUri(arg, 'Register Dataset Version');
        if (!uri) return undefined;
        const editor = explorer.editorFor(uri);
        const outcome = editor ? await editor.register() : await registerClosedFile(uri.fsPath, versions, scratchDirectory);
        if (outcome.state === 'done') void vscode.window.showInformationMessage(outcome.message);
        refreshDatasets();
        return outcome;
      }),
    ),
    vscode.commands.registerCommand(
      'mlcycle.compareDatasetWith',
      guard(async (arg?: DataCommandArg) => {
        const uri = await targetUri(arg, 'Compare Dataset With…');
        if (uri) (await explorer.open(uri)).requestCompare();
      }),
    ),
    vscode.commands.registerCommand('mlcycle.refreshDatasets', () => refreshDatasets()),
    vscode.commands.registerCommand('mlcycle.dataExplorer.describe', (uri: vscode.Uri) => explorer.editorFor(uri)?.describe()),
    vscode.commands.registerCommand(
      'mlcycle.showRowById',
      guard(async (args?: RevealRowArgs) => {
        if (args?.path && args.exampleId !== undefined) {
          const editor = await explorer.open(vscode.Uri.file(versions.absolute(args.path)));
          editor.revealRow(String(args.exampleId), args.column);
          return;
        }
        const editor = explorer.activeEditor();
        if (!editor) throw new UserError('Open a data file in the Data Explorer first, then show a row by its id.');
        const id = await vscode.window.showInputBox({ title: `Show a row of ${editor.fileName} by its id`, prompt: 'The value of the id column (id, example_id, … or the first column)' });
        if (id !== undefined && id.trim()) editor.revealRow(id.trim());
      }),
    ),
  ];
}

/** Register a file no Data Explorer has open: profile it on an engine of its own, register, close. */
async function registerClosedFile(path: string, versions: DatasetVersions, scratchDirectory: string) {
  const abort = new AbortController();
  return withCancellableProgress(`Registering ${basename(path)} as a dataset version`, abort, async (signal, report) => {
    const engine = await DataEngine.create({ tempDirectory: scratchDirectory });
    try {
      const session = await DatasetSession.open(path, { engine });
      const profile = await profileSession(session, { signal, onProgress: (p) => report(0.8 * p.fraction, p.message) });
      report(0.85, 'Hashing the file and storing its rows');
      return await versions.register(session, profile, signal);
    } finally {
      engine.close();
    }
  }).then((outcome) => (outcome.state === 'done' ? { state: 'done' as const, message: outcome.value } : outcome));
}
