import * as vscode from 'vscode';
import { UserError } from '../../core/errors';
import { DataExplorerEditor, type ExplorerDeps } from './DataExplorerEditor';

/**
 * The Data Explorer custom editor for CSV, TSV, JSON Lines and Parquet files. VS Code revives it after a reload by
 * itself (the webview restores its own state); every open editor is known here so commands can reach it.
 */
export class DataExplorerProvider implements vscode.CustomReadonlyEditorProvider, vscode.Disposable {
  static readonly viewType = 'mlcycle.dataExplorer';
  private readonly editors = new Set<DataExplorerEditor>();
  private lastActive: DataExplorerEditor | undefined;
  private readonly created = new vscode.EventEmitter<DataExplorerEditor>();
  private readonly registration: vscode.Disposable;

  constructor(private readonly deps: ExplorerDeps) {
    this.registration = vscode.window.registerCustomEditorProvider(DataExplorerProvider.viewType, this, { supportsMultipleEditorsPerDocument: true });
  }

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => {} };
  }

  resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): void {
    const editor = new DataExplorerEditor(document.uri, panel, this.deps);
    this.editors.add(editor);
    if (panel.active) this.lastActive = editor;
    const viewState = panel.onDidChangeViewState(() => {
      if (panel.active) this.lastActive = editor;
    });
    editor.onDidDispose(() => {
      viewState.dispose();
      this.editors.delete(editor);
      if (this.lastActive === editor) this.lastActive = undefined;
    });
    this.created.fire(editor);
  }

  /** The Data Explorer in front, else the one last in front. */
  activeEditor(): DataExplorerEditor | undefined {
    return [...this.editors].find((e) => e.isActive) ?? this.lastActive;
  }

  editorFor(uri: vscode.Uri): DataExplorerEditor | undefined {
    const editors = [...this.editors].filter((e) => e.uri.toString() === uri.toString());
    return editors.find((e) => e.isActive) ?? editors[0];
  }

  /** Open `uri` in the Data Explorer (or bring its editor to the front) and return the editor. */
  async open(uri: vscode.Uri): Promise<DataExplorerEditor> {
    let stopWaiting: (editor?: DataExplorerEditor) => void = () => {};
    const appeared = new Promise<DataExplorerEditor | undefined>((resolve) => {
      const timer = setTimeout(() => stopWaiting(), 30_000);
      const listener = this.created.event((editor) => {
        if (editor.uri.toString() === uri.toString()) stopWaiting(editor);
      });
      stopWaiting = (editor?: DataExplorerEditor) => {
        clearTimeout(timer);
        listener.dispose();
        resolve(editor);
      };
    });
    await vscode.commands.executeCommand('vscode.openWith', uri, DataExplorerProvider.viewType);
    const editor = this.editorFor(uri) ?? (await appeared);
    stopWaiting();
    if (!editor) throw new UserError(`The Data Explorer did not open ${uri.fsPath}.`);
    return editor;
  }

  dispose(): void {
    this.registration.dispose();
    this.created.dispose();
    for (const editor of [...this.editors]) editor.dispose();
  }
}
