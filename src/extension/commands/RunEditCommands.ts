import * as vscode from 'vscode';
import { parseTagAssignment } from '../../core/compare/tagInput';
import { UserError } from '../../core/errors';
import type { Store } from '../../core/store/store';
import type { StoreService } from '../store/StoreService';
import { runIdsOf, type RunTarget } from './runTargets';

/** How code (tests, other extensions) deletes without the confirmation dialog a person sees. */
export interface DeleteOptions {
  confirm?: boolean;
}

/**
 * Rename, tag, notes, delete and copy id for runs from the Runs tree (a node, or the selection) or from code (a run
 * id, with the new value as the second argument instead of asking).
 */
export class RunEditCommands implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly stores: StoreService) {
    const command = (id: string, body: (target: RunTarget, extra: unknown) => Promise<unknown>) =>
      vscode.commands.registerCommand(id, (target: RunTarget, extra: unknown) => this.guard(() => body(target, extra)));
    this.disposables.push(
      command('mlcycle.renameRun', (target, name) => this.rename(target, name)),
      command('mlcycle.tagRun', (target, tag) => this.tag(target, extra(tag))),
      command('mlcycle.editRunNotes', (target, notes) => this.editNotes(target, notes)),
      command('mlcycle.deleteRun', (target, selection) => this.delete(target, selection)),
      command('mlcycle.copyRunId', (target, selection) => this.copyIds(runIdsOf(target, selection))),
    );
  }

  private async guard(body: () => Promise<unknown>): Promise<unknown> {
    try {
      return await body();
    } catch (error) {
      void vscode.window.showErrorMessage(error instanceof UserError ? error.message : `mlcycle: ${(error as Error).message}`);
      return undefined;
    }
  }

  private oneRun(target: RunTarget, action: string): { store: Store; runId: string; name: string } {
    const [runId] = runIdsOf(target);
    if (!runId) throw new UserError(`Choose a run in the Runs view to ${action} it.`);
    const store = this.stores.require();
    return { store, runId, name: store.requireRun(runId).name };
  }

  private async rename(target: RunTarget, given: unknown): Promise<void> {
    const { store, runId, name } = this.oneRun(target, 'rename');
    const newName = typeof given === 'string' ? given : await vscode.window.showInputBox({
      title: 'Rename run', value: name, prompt: `New name for run ${runId}`,
      validateInput: (text) => (text.trim() ? undefined : 'A run name cannot be empty.'),
    });
    if (newName === undefined) return;
    store.renameRun(runId, newName);
    this.stores.notifyChanged();
  }

  private async tag(target: RunTarget, given: string | undefined): Promise<void> {
    const runIds = runIdsOf(target);
    if (!runIds.length) throw new UserError('Choose a run in the Runs view to tag it.');
    const text = given ?? await vscode.window.showInputBox({
      title: runIds.length === 1 ? 'Tag run' : `Tag ${runIds.length} runs`, prompt: 'key=value, e.g. stage=baseline', placeHolder: 'stage=baseline',
      validateInput: (input) => {
        try {
          parseTagAssignment(input);
          return undefined;
        } catch (error) {
          return (error as Error).message;
        }
      },
    });
    if (text === undefined) return;
    const { key, value } = parseTagAssignment(text);
    const store = this.stores.require();
    for (const runId of runIds) store.requireRun(runId);
    store.db.transaction(() => runIds.forEach((runId) => store.setTags(runId, { [key]: value })))();
    this.stores.notifyChanged();
  }

  private async editNotes(target: RunTarget, given: unknown): Promise<void> {
    const { store, runId, name } = this.oneRun(target, 'write notes on');
    const current = store.requireRun(runId).notes;
    const notes = typeof given === 'string' ? given : await vscode.window.showInputBox({
      title: `Notes for "${name}"`, value: current, prompt: 'One line here; the runs table\'s details pane edits longer notes.',
    });
    if (notes === undefined) return;
    store.setNotes(runId, notes);
    this.stores.notifyChanged();
  }

  private async delete(target: RunTarget, selectionOrOptions: unknown): Promise<void> {
    const options = isDeleteOptions(selectionOrOptions) ? selectionOrOptions : {};
    const runIds = runIdsOf(target, selectionOrOptions);
    if (!runIds.length) throw new UserError('Choose the runs to delete in the Runs view.');
    const store = this.stores.require();
    const runs = runIds.map((id) => store.requireRun(id));
    const going = runs.filter((r) => r.status === 'running' || r.status === 'queued');
    if (going.length) throw new UserError(`Run "${going[0].name}" is ${going[0].status}: stop it before deleting it.`);
    if (options.confirm !== false) {
      const what = runs.length === 1 ? `run "${runs[0].name}"` : `${runs.length} runs`;
      const answer = await vscode.window.showWarningMessage(
        `Delete ${what}?`,
        { modal: true, detail: 'Its metrics, params, tags, predictions and artifact files are removed from the store. This cannot be undone.' },
        'Delete',
      );
      if (answer !== 'Delete') return;
    }
    for (const run of runs) store.deleteRun(run.id);
    this.stores.notifyChanged();
  }

  private async copyIds(runIds: string[]): Promise<void> {
    if (!runIds.length) throw new UserError('Choose a run in the Runs view to copy its id.');
    await vscode.env.clipboard.writeText(runIds.join('\n'));
    void vscode.window.setStatusBarMessage(`$(copy) Copied ${runIds.length === 1 ? `run id ${runIds[0]}` : `${runIds.length} run ids`}`, 3000);
  }

  dispose(): void {
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}

function extra(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function isDeleteOptions(value: unknown): value is DeleteOptions {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'confirm' in value;
}
