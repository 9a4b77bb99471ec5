import type { QueryErrorView, RunDetailsView, RunsTableNotification, RunsTableQuery, RunsTableRequests, RunsTableState } from '../../src/protocol/runsTable';
import { clear, el } from '../shared/dom';
import { createRpcClient } from '../shared/rpc';
import { vscodeApi } from '../shared/vscode';
import { columnPicker } from './columnPicker';
import { renderDetails } from './detailsPane';
import { TableData } from './tableData';
import { ROW_HEIGHT, TableView } from './tableView';

const api = vscodeApi<RunsTableState>();
const state: RunsTableState = { filter: '', sort: null, columns: null, onlyDiffering: false, selected: [], focusedRunId: null, scrollTop: 0, ...api.getState() };
const selected = new Set(state.selected);
let lastToggled: number | undefined;

const rpc = createRpcClient<RunsTableRequests, RunsTableNotification>((n) => void onNotification(n));
const data = new TableData((query) => rpc.request('page', query), () => render());

const save = () => api.setState({ ...state, selected: [...selected] });
const query = (): RunsTableQuery => ({ filter: state.filter, sort: state.sort ?? undefined, columns: state.columns });

// ---- layout
const app = document.getElementById('app')!;
const filterInput = el('input', { type: 'text', class: 'filter-input mono', spellcheck: 'false', 'aria-label': 'Filter runs',
  placeholder: 'Filter: metrics.acc > 0.9 and (params.model = "cnn" or tags.stage in ("a", "b"))' });
filterInput.value = state.filter;
const filterError = el('div', { class: 'filter-error', role: 'alert' });
const warnings = el('div', { class: 'filter-warnings' });
const count = el('span', { class: 'count' });
const columnsButton = el('button', { class: 'secondary', 'aria-haspopup': 'dialog' }, 'Columns…');
const differingBox = el('input', { type: 'checkbox', class: 'only-differing' });
differingBox.checked = state.onlyDiffering;
const compareButton = el('button', { class: 'compare' }, 'Compare');
const clearButton = el('button', { class: 'secondary clear-selection' }, 'Clear selection');
const exportButton = el('button', { class: 'secondary export' }, 'Export CSV');
const status = el('span', { class: 'status-message muted', role: 'status' });
const pickerSlot = el('div', { class: 'picker-slot' });
const details = el('aside', { class: 'details', 'aria-label': 'Run details' });

const view = new TableView(data, {
  sort: () => state.sort ?? data.meta?.sort ?? null,
  onlyDiffering: () => state.onlyDiffering,
  isSelected: (id) => selected.has(id),
  focusedRunId: () => state.focusedRunId,
  onSort: (column) => {
    const current = state.sort ?? data.meta?.sort;
    state.sort = { column, direction: current?.column === column && current.direction === 'asc' ? 'desc' : current?.column === column ? 'asc' : 'desc' };
    if (column === 'name' || data.meta?.columns.find((c) => c.id === column)?.valueType === 'text') state.sort.direction = current?.column === column && current.direction === 'asc' ? 'desc' : 'asc';
    void reload();
  },
  onToggle: (row, index, range) => {
    const on = !selected.has(row.id);
    const from = range && lastToggled !== undefined ? Math.min(lastToggled, index) : index;
    const to = range && lastToggled !== undefined ? Math.max(lastToggled, index) : index;
    for (let i = from; i <= to; i++) {
      const id = data.row(i)?.id;
      if (id) on ? selected.add(id) : selected.delete(id);
    }
    lastToggled = index;
    selectionChanged();
  },
  onToggleAll: () => void toggleAll(),
  onFocus: (row) => void focusRun(row.id, true),
  onScroll: (top) => {
    state.scrollTop = top;
    save();
  },
});

app.append(
  el('div', { class: 'layout' },
    el('header', { class: 'toolbar' },
      el('div', { class: 'filter-row' }, filterInput),
      filterError,
      warnings,
      el('div', { class: 'actions' },
        count,
        el('span', { class: 'picker-anchor' }, columnsButton, pickerSlot),
        el('label', { class: 'toggle' }, differingBox, 'Only columns that differ'),
        el('span', { class: 'spacer' }),
        status,
        clearButton,
        exportButton,
        compareButton)),
    el('div', { class: 'main' }, view.element, details)),
);

// ---- behaviour
let filterTimer: number | undefined;
filterInput.addEventListener('input', () => {
  clearTimeout(filterTimer);
  filterTimer = window.setTimeout(() => void applyFilter(false), 300);
});
filterInput.addEventListener('keydown', (event) => {
  if (event.key === 'Enter') {
    clearTimeout(filterTimer);
    void applyFilter(true);
  } else if (event.key === 'Escape' && filterInput.value) {
    filterInput.value = '';
    void applyFilter(false);
  }
});
differingBox.addEventListener('change', () => {
  state.onlyDiffering = differingBox.checked;
  save();
  render();
});
columnsButton.addEventListener('click', () => (pickerSlot.firstChild ? closePicker() : openPicker()));
compareButton.addEventListener('click', () => void rpc.request('compare', { runIds: [...selected] }));
clearButton.addEventListener('click', () => {
  selected.clear();
  selectionChanged();
});
exportButton.addEventListener('click', async () => {
  const saved = await rpc.request('exportCsv', { ...(data.applied ?? query()), onlyDiffering: state.onlyDiffering }).catch(showProblem);
  if (saved?.path) status.textContent = `Saved ${saved.path}`;
});
view.element.addEventListener('keydown', (event) => void onTableKey(event));

async function applyFilter(selectToken: boolean): Promise<void> {
  state.filter = filterInput.value;
  save();
  const error = await data.load(query(), 0);
  showFilterError(error, selectToken);
  if (!error) view.element.scrollTop = 0;
}

function showFilterError(error: QueryErrorView | undefined, selectToken: boolean): void {
  clear(filterError);
  filterInput.classList.toggle('invalid', !!error);
  filterInput.setAttribute('aria-invalid', String(!!error));
  if (!error) return;
  filterError.append(el('pre', { class: 'caret' }, error.caret), el('div', { class: 'message' }, error.message));
  if (selectToken) filterInput.setSelectionRange(error.position, Math.min(filterInput.value.length, error.position + error.length));
}

async function reload(around = Math.floor(view.element.scrollTop / ROW_HEIGHT)): Promise<void> {
  save();
  showFilterError(await data.load(query(), around), false);
}

function render(): void {
  const meta = data.meta;
  if (meta) {
    count.textContent = meta.total === meta.totalInScope ? `${meta.total} runs` : `${meta.total} of ${meta.totalInScope} runs`;
    count.dataset.total = String(meta.total);
    clear(warnings);
    for (const warning of meta.warnings) warnings.append(el('div', { class: 'warning' }, warning));
  }
  selectionChanged(false);
  view.schedule();
}

function selectionChanged(redraw = true): void {
  compareButton.textContent = selected.size ? `Compare (${selected.size})` : 'Compare';
  compareButton.disabled = selected.size === 0;
  clearButton.hidden = selected.size === 0;
  save();
  if (redraw) view.schedule();
}

async function toggleAll(): Promise<void> {
  if (!data.applied) return;
  const ids = await rpc.request('allIds', data.applied);
  const all = ids.every((id) => selected.has(id));
  for (const id of ids) all ? selected.delete(id) : selected.add(id);
  selectionChanged();
}

function openPicker(): void {
  const meta = data.meta;
  if (!meta) return;
  pickerSlot.append(columnPicker(meta.availableColumns, state.columns ?? meta.columns.map((c) => c.id), (columns) => {
    state.columns = columns;
    void reload();
  }, closePicker));
  columnsButton.setAttribute('aria-expanded', 'true');
}

function closePicker(): void {
  clear(pickerSlot);
  columnsButton.setAttribute('aria-expanded', 'false');
  columnsButton.focus();
}

// ---- the focused run's details
async function focusRun(runId: string, fromRow: boolean): Promise<void> {
  state.focusedRunId = runId;
  save();
  view.schedule();
  let inTable = fromRow;
  if (!fromRow && data.applied) {
    const index = await rpc.request('rowIndex', { ...data.applied, runId });
    inTable = index >= 0;
    if (inTable) view.scrollToRow(index);
  }
  await showDetails(runId, inTable);
}

async function showDetails(runId: string, inTable: boolean): Promise<void> {
  const run = await rpc.request('runDetails', { runId }).catch(showProblem);
  if (state.focusedRunId !== runId) return;
  if (!run) return closeDetails();
  details.classList.add('open');
  renderDetails(details, run, detailsActions(run, inTable), inTable);
}

function detailsActions(run: RunDetailsView, inTable: boolean) {
  const write = async (action: Promise<null>) => {
    await action.catch(showProblem);
    await showDetails(run.id, inTable);
  };
  return {
    rename: (name: string) => write(rpc.request('rename', { runId: run.id, name })),
    setNotes: (notes: string) => write(rpc.request('setNotes', { runId: run.id, notes })),
    setTag: (key: string, value: string) => write(rpc.request('setTag', { runId: run.id, key, value })),
    deleteTag: (key: string) => write(rpc.request('deleteTag', { runId: run.id, key })),
    close: closeDetails,
  };
}

function closeDetails(): void {
  state.focusedRunId = null;
  save();
  details.classList.remove('open');
  clear(details);
  view.schedule();
}

function showProblem(error: Error): undefined {
  status.textContent = error.message;
  status.classList.add('error');
  setTimeout(() => status.classList.remove('error'), 5000);
  return undefined;
}

/** Up and down move the focused run, space selects it, enter opens its details. */
async function onTableKey(event: KeyboardEvent): Promise<void> {
  if ((event.target as HTMLElement).tagName === 'INPUT' && (event.target as HTMLInputElement).type !== 'checkbox') return;
  const index = state.focusedRunId && data.applied ? await rpc.request('rowIndex', { ...data.applied, runId: state.focusedRunId }) : -1;
  const move = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
  if (move) {
    event.preventDefault();
    const next = Math.max(0, Math.min(data.total - 1, index + move));
    const row = data.row(next);
    if (row) {
      view.scrollToRow(next);
      await focusRun(row.id, true);
    }
  } else if (event.key === ' ' && index >= 0) {
    event.preventDefault();
    const id = state.focusedRunId!;
    selected.has(id) ? selected.delete(id) : selected.add(id);
    selectionChanged();
  }
}

async function onNotification(notification: RunsTableNotification): Promise<void> {
  if (notification.type === 'storeChanged') {
    await reload();
    if (state.focusedRunId) await showDetails(state.focusedRunId, true);
  } else if (notification.type === 'setFilter') {
    filterInput.value = notification.filter;
    await applyFilter(false);
  } else if (notification.type === 'focusRun') {
    await focusRun(notification.runId, false);
  }
}

// ---- start: the last view as it was (state survives hide, show and window reloads)
void (async () => {
  rpc.ready();
  await reload(Math.floor(state.scrollTop / ROW_HEIGHT));
  view.element.scrollTop = state.scrollTop;
  if (state.focusedRunId) await showDetails(state.focusedRunId, true);
})();
