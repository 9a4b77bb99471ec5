import type { OverviewModel, OverviewToExtension, OverviewToWebview } from '../../src/protocol/overview';
import { clear, el } from '../shared/dom';
import { vscodeApi } from '../shared/vscode';

const vscode = vscodeApi<OverviewModel>();
const app = document.getElementById('app')!;

function send(message: OverviewToExtension): void {
  vscode.postMessage(message);
}

function render(model: OverviewModel): void {
  clear(app);
  const files = model.dataFiles.length
    ? el('table', { class: 'data-files' },
        el('thead', {}, el('tr', {}, el('th', {}, 'File'), el('th', {}, 'Size'))),
        el('tbody', {}, ...model.dataFiles.map((file) => {
          const link = el('span', { class: 'link', role: 'link', tabindex: '0' }, file.path);
          link.addEventListener('click', () => send({ type: 'command', command: 'openDataFile', path: file.path }));
          return el('tr', {}, el('td', {}, link), el('td', { class: 'muted' }, file.sizeLabel));
        })))
    : el('p', { class: 'muted' }, 'No CSV, TSV, JSONL or Parquet files in this workspace yet.');
  const refresh = el('button', { class: 'secondary' }, 'Refresh');
  refresh.addEventListener('click', () => send({ type: 'command', command: 'refresh' }));
  app.append(
    el('h1', {}, 'mlcycle'),
    el('p', { class: 'tagline' }, 'The ML development cycle inside VS Code: data, runs, comparison, diagnosis.'),
    el('dl', { class: 'facts' },
      el('dt', {}, 'Workspace'), el('dd', { class: 'workspace-name' }, model.workspaceName),
      el('dt', {}, 'Run store'), el('dd', { class: 'mono store-path' }, model.storePath || 'no folder open',
        el('span', { class: 'muted' }, model.storeExists ? '' : ' (created by the first run)')),
      el('dt', {}, 'Workspace trust'), el('dd', {}, model.trusted ? 'trusted: scripts can run' : 'restricted: mlcycle shows stored results but runs no script'),
      el('dt', {}, 'Version'), el('dd', {}, model.version)),
    el('h2', {}, `Data files (${model.dataFiles.length})`),
    files,
    el('p', {}, refresh),
  );
  vscode.setState(model);
}

window.addEventListener('message', (event: MessageEvent<OverviewToWebview>) => {
  if (event.data.type === 'model') render(event.data.model);
});

const saved = vscode.getState();
if (saved) render(saved);
send({ type: 'ready' });
