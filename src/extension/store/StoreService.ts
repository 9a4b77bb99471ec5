import * as vscode from 'vscode';
import { UserError } from '../../core/errors';
import { openStore, type Store } from '../../core/store/store';
import { watchStore, type StoreWatch } from '../../core/store/watch';

/**
 * The workspace's one store connection, opened on first use (a bad file is reported once, never altered), and
 * an event for every commit made by anyone else: a script, the CLI, another window.
 */
export class StoreService implements vscode.Disposable {
  private store: Store | undefined;
  private watch: StoreWatch | undefined;
  private reportedError: string | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly resolvePath: () => string | undefined) {}

  /** The store, creating the file when `create` is set; undefined when there is none yet or it cannot be used. */
  get(options: { create?: boolean } = {}): Store | undefined {
    if (this.store?.db.open) return this.store;
    const path = this.resolvePath();
    if (!path) return undefined;
    try {
      this.store = openStore(path, { mustExist: !options.create });
    } catch (error) {
      if (error instanceof UserError && /no mlcycle store at/.test(error.message)) return undefined;
      this.report(error);
      return undefined;
    }
    this.watch = watchStore(this.store.db, this.store.path, () => this.changed.fire());
    return this.store;
  }

  /** Like get({ create: true }), but says why when the store cannot be used. */
  require(): Store {
    const store = this.get({ create: true });
    if (!store) throw new UserError(this.reportedError ?? 'Open a folder first: mlcycle keeps its runs in the workspace.');
    return store;
  }

  /** Our own writes do not change data_version for this connection, so views are told directly. */
  notifyChanged(): void {
    this.changed.fire();
  }

  private report(error: unknown): void {
    const message = error instanceof UserError ? error.message : `mlcycle could not open its store: ${(error as Error).message}`;
    this.reportedError = message;
    void vscode.window.showErrorMessage(message);
  }

  dispose(): void {
    this.watch?.close();
    this.store?.close();
    this.changed.dispose();
  }
}
