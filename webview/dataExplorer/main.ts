import type {
  ComparisonTarget,
  DataExplorerNotification,
  DataExplorerRequests,
  ExplorerTab,
  FileProblem,
  QuickLookView,
  VersionStatusView,
  VersionView,
} from '../../src/protocol/dataExplorer';
import { clear, el } from '../shared/dom';
import { createRpcClient } from '../shared/rpc';
import { renderChanges, type ChangesStatus } from './changesView';
import { renderDrift, type DriftStatus } from './driftView';
import { formatBytes, formatCount, formatDate, formatNumber } from './format';
import { renderProfile, type ProfileStatus } from './profileView';
import { RowsGrid } from './rowsGrid';
import { saveStateNow, state, updateState } from './state';

type Task = Extract<DataExplorerNotification, { type: 'progress' }>['task'];

const rpc = createRpcClient<DataExplorerRequests, DataExplorerNotification>(onNotification);
const app = document.getElementById('app')!;

let quickLook: QuickLookView | undefined;
let profileStatus: ProfileStatus = { state: 'running' };
let driftStatus: DriftStatus = { state: 'none' };
let changesStatus: ChangesStatus = { state: 'none' };
let versionStatus: VersionStatusView | undefined;
let versionMessage: { text: string; error: boolean } | undefined;
let fileChangedOnDisk = false;
let grid: RowsGrid | undefined;
let pendingReveal: { column?: string; value: string } | undefined;
const progress = new Map<Task, { fraction: number; message: string }>();

const tabs: { id: ExplorerTab; label: string }[] = [
  { id: 'profile', label: 'Profile' },
  { id: 'rows', label: 'Rows' },
  { id: 'drift', label: 'Drift' },
  { id: 'changes', label: 'Changes' },
];

const shell = {
  title: el('h1', { class: 'file-name' }),
  facts: el('div', { class: 'file-facts muted' }),
  versionLine: el('div', { class: 'version-line' }),
  banners: el('div', { class: 'banners' }),
  progress: el('div', { class: 'progress', role: 'status' }),
  tabBar: el('nav', { class: 'tabs', role: 'tablist' }),
  panels: Object.fromEntries(tabs.map((t) => [t.id, el('div', { class: `panel panel-${t.id}`, role: 'tabpanel', id: `panel-${t.id}` })])) as unknown as Record<ExplorerTab, HTMLElement>,
};

function button(label: string, onClick: () => void, className = ''): HTMLButtonElement {
  const node = el('button', className ? { class: className } : {}, label);
  node.addEventListener('click', onClick);
  return node;
}

/** The label column: the one chosen, else one named like a label (label, target, class, y). */
function labelColumn(): string | null {
  if (state.labelColumn !== undefined) return state.labelColumn;
  const guess = quickLook?.columns.find((c) => /^(label|target|class|y|outcome)$/i.test(c.name));
  return guess?.name ?? null;
}

function idColumn(name?: string) {
  const columns = quickLook?.columns ?? [];
  if (name) return columns.find((c) => c.name === name);
  const preferred = ['id', 'example_id', 'exampleid', 'example', 'uid', '_id', 'index', 'key'];
  for (const wanted of preferred) {
    const found = columns.find((c) => c.name.toLowerCase() === wanted);
    if (found) return found;
  }
  return columns.find((c) => /(^|_)id$/i.test(c.name)) ?? columns[0];
}

// ---- opening -------------------------------------------------------------------------------------------------

async function open(reload = false): Promise<void> {
  clear(app);
  app.append(el('p', { class: 'muted opening' }, 'Opening…'));
  const result = await rpc.request('open', { lenient: state.lenient, reload });
  if (!result.ok) {
    quickLook = undefined;
    renderProblem(result.problem);
    return;
  }
  quickLook = result.quickLook;
  profileStatus = { state: 'running' };
  changesStatus = { state: 'none' };
  fileChangedOnDisk = false;
  grid = new RowsGrid({ columns: quickLook.columns, sample: quickLook.rows, fetch: (request) => rpc.request('rows', request) });
  renderShell();
  showTab(state.tab, { restoreScroll: true });
  if (pendingReveal) reveal(pendingReveal);
  void refreshVersionStatus();
  void requestProfile();
  if (state.comparison) void compare(state.comparison.target, state.comparison.swapped, { focus: false });
}

function renderProblem(problem: FileProblem): void {
  clear(app);
  const where = [problem.line !== undefined ? `line ${formatCount(problem.line)}` : '', problem.offset !== undefined ? `byte offset ${formatCount(problem.offset)}` : ''].filter(Boolean).join(', ');
  app.append(
    el(
      'section',
      { class: 'problem-page' },
      el('h1', {}, 'mlcycle cannot show this file'),
      el('div', { class: 'problem' }, el('p', { class: 'problem-message' }, problem.message), where ? el('p', { class: 'problem-where' }, `Where: ${where}.`) : null),
      el(
        'div',
        { class: 'actions' },
        problem.canReadLeniently
          ? button('Read leniently', () => {
              updateState({ lenient: true });
              void open(true);
            })
          : null,
        button('Open as text', () => void rpc.request('openAsText', {}), 'secondary'),
        button('Try again', () => void open(true), 'secondary'),
      ),
    ),
  );
}

// ---- layout --------------------------------------------------------------------------------------------------

function renderShell(): void {
  clear(app);
  clear(shell.tabBar);
  for (const tab of tabs) {
    const node = el('button', { class: 'tab', role: 'tab', 'data-tab': tab.id, 'aria-controls': `panel-${tab.id}` }, tab.label);
    node.addEventListener('click', () => showTab(tab.id));
    shell.tabBar.append(node);
  }
  const actions = el(
    'div',
    { class: 'header-actions' },
    button('Register version', () => void register(), 'register-version'),
    button('Compare With…', () => void compare(), 'secondary compare-with'),
  );
  app.append(
    el('header', { class: 'explorer-header' }, el('div', { class: 'title-block' }, shell.title, shell.facts, shell.versionLine), actions),
    shell.banners,
    shell.progress,
    shell.tabBar,
    el('div', { class: 'panels' }, ...Object.values(shell.panels)),
  );
  for (const [id, panel] of Object.entries(shell.panels)) {
    if (id === 'rows') continue;
    panel.addEventListener('scroll', () => updateState({ pageScroll: { ...state.pageScroll, [id]: panel.scrollTop } }));
  }
  clear(shell.panels.rows);
  shell.panels.rows.append(grid!.element);
  renderHeader();
  renderBanners();
  renderProgress();
  renderProfileTab();
  renderDriftTab();
  renderChanges(shell.panels.changes, changesStatus);
}

function renderHeader(): void {
  if (!quickLook) return;
  shell.title.textContent = quickLook.fileName;
  shell.title.title = quickLook.displayPath;
  const profile = profileStatus.state === 'done' ? profileStatus.profile : undefined;
  const rows = profile ? formatCount(profile.rowCount) : quickLook.rowCount !== null ? formatCount(quickLook.rowCount) : quickLook.estimatedRowCount !== null ? `≈ ${formatNumber(quickLook.estimatedRowCount)}` : '?';
  shell.facts.textContent = `${quickLook.displayPath} · ${quickLook.format.toUpperCase()} · ${formatBytes(quickLook.sizeBytes)} · ${rows} rows · ${formatCount(quickLook.columns.length)} columns`;
  renderVersionLine();
}

function runsText(version: VersionView): string {
  return version.runs.length ? ` · used by ${version.runs.map((r) => `${r.runName} (${r.role})`).join(', ')}` : '';
}

function renderVersionLine(): void {
  clear(shell.versionLine);
  const status = versionStatus;
  let text = '';
  if (!status || status.state === 'no-store') text = 'Not registered as a dataset version yet.';
  else if (status.state === 'unregistered') text = 'Not registered as a dataset version yet.';
  else if (status.state === 'unchanged') text = `Version ${status.version.number} of ${status.versionCount} · registered ${formatDate(status.version.createdAt)}${runsText(status.version)}`;
  else text = `Changed since version ${status.latest.number} (registered ${formatDate(status.latest.createdAt)})`;
  shell.versionLine.append(el('span', { class: `version-state version-${status?.state ?? 'unknown'}` }, text));
  if (versionMessage) shell.versionLine.append(el('span', { class: versionMessage.error ? 'error version-message' : 'ok version-message' }, ` ${versionMessage.text}`));
}

function renderBanners(): void {
  clear(shell.banners);
  if (fileChangedOnDisk) {
    shell.banners.append(el('div', { class: 'banner banner-info' }, el('span', {}, `${quickLook?.fileName ?? 'The file'} changed on disk since it was opened.`), button('Reload', () => void open(true))));
  }
  if (versionStatus?.state === 'changed') {
    const { latest, matchesOlder } = versionStatus;
    shell.banners.append(
      el(
        'div',
        { class: 'banner banner-warning file-version-changed' },
        el(
          'span',
          {},
          el('strong', {}, 'This file changed since its last registered version. '),
          `Its content is not version ${latest.number} (registered ${formatDate(latest.createdAt)}${runsText(latest)})${matchesOlder ? `; it matches the older version ${matchesOlder.number}` : ''}. Models trained on version ${latest.number} may not match this data.`,
        ),
        button('Show what changed', () => void showChanges(), 'show-changes'),
        button('Register this version', () => void register(), 'secondary'),
      ),
    );
  }
  const notices = new Set([...(quickLook?.notices ?? []), ...(profileStatus.state === 'done' ? profileStatus.profile.notices : [])]);
  for (const notice of notices) shell.banners.append(el('div', { class: 'banner banner-info notice' }, notice));
  if (state.lenient) shell.banners.append(el('div', { class: 'banner banner-info' }, 'Read leniently: short rows are padded with empty values and extra fields dropped.'));
}

function renderProgress(): void {
  clear(shell.progress);
  const latest = [...progress.values()].pop();
  shell.progress.classList.toggle('active', !!latest);
  if (!latest) return;
  const fill = el('div', { class: 'progress-fill' });
  fill.style.width = `${Math.round(latest.fraction * 100)}%`;
  shell.progress.append(el('div', { class: 'progress-track' }, fill), el('span', { class: 'progress-text muted' }, `${latest.message}… ${Math.round(latest.fraction * 100)}%`));
}

function showTab(tab: ExplorerTab, options: { restoreScroll?: boolean } = {}): void {
  const previous = state.tab;
  updateState({ tab });
  for (const node of shell.tabBar.querySelectorAll<HTMLElement>('.tab')) {
    const selected = node.dataset.tab === tab;
    node.classList.toggle('selected', selected);
    node.setAttribute('aria-selected', String(selected));
  }
  for (const [id, panel] of Object.entries(shell.panels)) panel.classList.toggle('shown', id === tab);
  if (tab === 'rows') grid?.start();
  else if (options.restoreScroll || previous !== tab) shell.panels[tab].scrollTop = state.pageScroll[tab] ?? 0;
}

// ---- profile -------------------------------------------------------------------------------------------------

function renderProfileTab(): void {
  if (!quickLook) return;
  const scroll = shell.panels.profile.scrollTop;
  renderProfile(shell.panels.profile, quickLook, profileStatus, labelColumn(), {
    chooseLabel: (column) => {
      updateState({ labelColumn: column });
      void requestProfile();
    },
    profileAgain: () => void requestProfile(),
  });
  shell.panels.profile.scrollTop = scroll || (state.tab === 'profile' ? state.pageScroll.profile ?? 0 : 0);
}

let profiled: Promise<void> = Promise.resolve();

function requestProfile(): Promise<void> {
  profiled = (async () => {
    const label = labelColumn();
    const previous = profileStatus.state === 'done' ? profileStatus.profile : profileStatus.state === 'running' ? profileStatus.previous : undefined;
    profileStatus = { state: 'running', previous };
    renderProfileTab();
    const result = await rpc.request('profile', { labelColumn: label ?? undefined });
    if (label !== labelColumn()) return;
    profileStatus = result;
    renderHeader();
    renderBanners();
    renderProfileTab();
  })();
  return profiled;
}

// ---- versions ------------------------------------------------------------------------------------------------

async function refreshVersionStatus(): Promise<void> {
  try {
    versionStatus = await rpc.request('versionStatus', {});
  } catch (error) {
    showVersionMessage({ text: (error as Error).message, error: true });
  }
  renderVersionLine();
  renderBanners();
}

let versionMessageTimer: ReturnType<typeof setTimeout> | undefined;

/** A word after registering: an error stays, a confirmation fades once the version line says it. */
function showVersionMessage(message: { text: string; error: boolean } | undefined): void {
  versionMessage = message;
  clearTimeout(versionMessageTimer);
  if (message && !message.error) versionMessageTimer = setTimeout(() => showVersionMessage(undefined), 6000);
  renderVersionLine();
}

async function register(): Promise<void> {
  showVersionMessage(undefined);
  // A version is the file as it is now: read it afresh first if it changed since it was opened.
  if (fileChangedOnDisk) await open(true);
  try {
    const result = await rpc.request('register', {});
    if (result.state === 'done') showVersionMessage({ text: result.message, error: false });
  } catch (error) {
    showVersionMessage({ text: (error as Error).message, error: true });
  }
  await refreshVersionStatus();
}

async function showChanges(): Promise<void> {
  // What changed is the file now against the version: read it afresh first if it changed since it was opened.
  if (fileChangedOnDisk) await open(true);
  changesStatus = { state: 'running' };
  renderChanges(shell.panels.changes, changesStatus);
  showTab('changes');
  try {
    await profiled;
    changesStatus = await rpc.request('changes', {});
  } catch (error) {
    changesStatus = { state: 'unavailable', message: (error as Error).message };
  }
  renderChanges(shell.panels.changes, changesStatus);
}

// ---- drift ---------------------------------------------------------------------------------------------------

function renderDriftTab(): void {
  renderDrift(shell.panels.drift, driftStatus, {
    pick: () => void compare(),
    swap: () => {
      if (state.comparison) void compare(state.comparison.target, !state.comparison.swapped);
    },
    rerun: () => {
      if (state.comparison) void compare(state.comparison.target, state.comparison.swapped);
    },
  });
}

/** Compare with `target` (or the one the person picks); the Drift tab shows the report. */
async function compare(target?: ComparisonTarget, swapped = false, options: { focus: boolean } = { focus: true }): Promise<void> {
  if (target) {
    driftStatus = { state: 'running' };
    renderDriftTab();
    if (options.focus) showTab('drift');
  }
  let result;
  try {
    result = await rpc.request('compare', { target, swapped });
  } catch (error) {
    result = { state: 'failed' as const, message: (error as Error).message };
  }
  if (!result) {
    if (driftStatus.state === 'running') driftStatus = { state: 'none' };
    renderDriftTab();
    return;
  }
  driftStatus = result;
  if (result.state === 'done') updateState({ comparison: { target: result.target, swapped: result.swapped } });
  renderDriftTab();
  if (options.focus) showTab('drift');
}

// ---- messages from the extension -----------------------------------------------------------------------------

function reveal(request: { column?: string; value: string }): void {
  const column = idColumn(request.column);
  if (!grid || !column) {
    pendingReveal = request;
    return;
  }
  pendingReveal = undefined;
  grid.reveal(column.name, request.value);
  showTab('rows');
}

function onNotification(message: DataExplorerNotification): void {
  switch (message.type) {
    case 'progress':
      progress.delete(message.task);
      progress.set(message.task, { fraction: message.fraction, message: message.message });
      if (message.task === 'drift' && driftStatus.state !== 'running') {
        driftStatus = { state: 'running' };
        renderDriftTab();
      }
      renderProgress();
      break;
    case 'progressDone':
      progress.delete(message.task);
      renderProgress();
      break;
    case 'profile':
      profileStatus = { state: 'done', profile: message.profile };
      renderHeader();
      renderBanners();
      renderProfileTab();
      break;
    case 'revealRow':
      reveal(message);
      break;
    case 'versionsChanged':
      void refreshVersionStatus();
      break;
    case 'compareRequested':
      void compare();
      break;
    case 'fileChangedOnDisk':
      // A file that could not be read is tried again at once: the person is probably fixing it.
      if (!quickLook) {
        void open(true);
        break;
      }
      fileChangedOnDisk = true;
      renderBanners();
      break;
  }
}

window.addEventListener('beforeunload', saveStateNow);
rpc.ready();
void open();
