import * as vscode from 'vscode';
import type { LinkAction, OutputRef } from '../../core/notebook/outputModel';
import type { ExtensionToRenderer, RendererToExtension } from '../../protocol/notebook';
import { linkedCommands, runLinkedCommand } from './linkedCommands';
import type { NotebookOutputs } from './NotebookOutputs';

/** The notebook renderer's id in package.json (contributes.notebookRenderer). */
export const RENDERER_ID = 'mlcycle.runRenderer';

const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');

function isRef(value: unknown): value is OutputRef {
  const ref = value as OutputRef | undefined;
  if (ref?.kind === 'runs') return isStringList(ref.runIds);
  return ref?.kind === 'compare' && Array.isArray(ref.groups) && ref.groups.every((g) => isStringList(g?.runIds) && typeof g.label === 'string') && isStringList(ref.missing);
}

/** Answers the renderer: fresh outputs from the store (for outputs that were read while a run went on), and link clicks. */
export class RendererBridge implements vscode.Disposable {
  private readonly messaging = vscode.notebooks.createRendererMessaging(RENDERER_ID);
  private readonly subscription: vscode.Disposable;

  constructor(private readonly outputs: NotebookOutputs) {
    this.subscription = this.messaging.onDidReceiveMessage(({ editor, message }) => void this.handle(editor, message as RendererToExtension));
  }

  private async handle(editor: vscode.NotebookEditor, message: RendererToExtension): Promise<void> {
    if (message?.type === 'link' && Object.hasOwn(linkedCommands, message.action) && isStringList(message.runIds)) {
      await runLinkedCommand(message.action as LinkAction, message.runIds);
    } else if (message?.type === 'refresh' && typeof message.requestId === 'number' && isRef(message.ref)) {
      let reply: ExtensionToRenderer;
      try {
        reply = { type: 'output', requestId: message.requestId, output: this.outputs.model(message.ref, 'store') };
      } catch (error) {
        reply = { type: 'outputFailed', requestId: message.requestId, message: (error as Error).message };
      }
      await this.messaging.postMessage(reply, editor);
    }
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
