import type { CellOutput, LinkAction } from '../../src/core/notebook/outputModel';
import type { ExtensionToRenderer, RendererToExtension } from '../../src/protocol/notebook';
import type { OutputItem, OutputRenderer, RendererContext } from './rendererApi';
import css from './style.css';
import { OutputView } from './view';

const REFRESH_MS = 2000;

interface Mounted {
  element: HTMLElement;
  view: OutputView;
  /** Counts renders: an abort from an earlier render must not tear down a later one. */
  renders: number;
  timer?: ReturnType<typeof setInterval>;
}

/**
 * The notebook renderer for mlcycle run outputs (an ES module VS Code loads into the notebook's output frame).
 * An output read from the store while its runs still go asks the extension for a fresh one every few seconds;
 * a running cell's execution replaces its output itself.
 */
export function activate(context: RendererContext): OutputRenderer {
  const style = document.createElement('style');
  style.textContent = css;
  document.head.append(style);

  const mounted = new Map<string, Mounted>();
  const waiting = new Map<number, string>();
  let nextRequest = 1;
  const send = (message: RendererToExtension) => context.postMessage?.(message);
  const sendLink = context.postMessage ? (action: LinkAction, runIds: string[]) => send({ type: 'link', action, runIds }) : undefined;

  const follow = (id: string, entry: Mounted, output: CellOutput) => {
    if (entry.timer) clearInterval(entry.timer);
    entry.timer = undefined;
    if (!output.live || output.source !== 'store' || !context.postMessage) return;
    entry.timer = setInterval(() => {
      const requestId = nextRequest++;
      waiting.set(requestId, id);
      send({ type: 'refresh', requestId, ref: output.ref });
    }, REFRESH_MS);
  };

  context.onDidReceiveMessage?.((raw) => {
    const message = raw as ExtensionToRenderer;
    const id = waiting.get(message.requestId);
    waiting.delete(message.requestId);
    const entry = id === undefined ? undefined : mounted.get(id);
    if (!entry || message.type !== 'output') return;
    entry.view.update(message.output);
    follow(id!, entry, message.output);
  });

  new MutationObserver(() => mounted.forEach((m) => m.view.themeChanged())).observe(document.body, { attributes: true, attributeFilter: ['class'] });

  const dispose = (id: string) => {
    const entry = mounted.get(id);
    if (!entry) return;
    if (entry.timer) clearInterval(entry.timer);
    entry.view.dispose();
    mounted.delete(id);
  };

  return {
    renderOutputItem(item: OutputItem, element: HTMLElement, signal: AbortSignal) {
      const output = item.json() as CellOutput;
      let entry = mounted.get(item.id);
      if (entry && entry.element !== element) {
        dispose(item.id);
        entry = undefined;
      }
      if (!entry) {
        entry = { element, view: new OutputView(sendLink), renders: 0 };
        element.replaceChildren(entry.view.root);
        mounted.set(item.id, entry);
      }
      const render = ++entry.renders;
      entry.view.update(output);
      follow(item.id, entry, output);
      const current = entry;
      signal.addEventListener('abort', () => {
        if (mounted.get(item.id) === current && current.renders === render) dispose(item.id);
      });
    },
    disposeOutputItem(id?: string) {
      if (id === undefined) [...mounted.keys()].forEach(dispose);
      else dispose(id);
    },
  };
}
