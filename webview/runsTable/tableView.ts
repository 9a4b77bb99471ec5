import type { Cell, RunsTableRow, SortSpec, TableColumn } from '../../src/protocol/runsTable';
import { clear, el } from '../shared/dom';
import { formatDuration, formatNumber, formatTime } from '../shared/format';
import type { TableData } from './tableData';

export const ROW_HEIGHT = 26;
const OVERSCAN = 12;

export interface TableViewHost {
  sort(): SortSpec | null;
  onlyDiffering(): boolean;
  isSelected(runId: string): boolean;
  focusedRunId(): string | null;
  onSort(columnId: string): void;
  onToggle(row: RunsTableRow, index: number, range: boolean): void;
  onToggleAll(): void;
  onFocus(row: RunsTableRow, index: number): void;
  onScroll(scrollTop: number): void;
}

/**
 * A table that draws only the rows in view (plus a margin) between two spacers, so 10,000 runs scroll like 40;
 * rows not fetched yet show as placeholders while their page loads.
 */
export class TableView {
  readonly element = el('div', { class: 'viewport', tabindex: '0', role: 'grid', 'aria-label': 'Runs' });
  private readonly table = el('table', { class: 'runs' });
  private readonly colgroup = el('colgroup');
  private readonly head = el('thead');
  private readonly body = el('tbody');
  private frame = 0;

  constructor(private readonly data: TableData, private readonly host: TableViewHost) {
    this.table.append(this.colgroup, this.head, this.body);
    this.element.append(this.table);
    this.element.addEventListener('scroll', () => {
      this.host.onScroll(this.element.scrollTop);
      this.schedule();
    });
    new ResizeObserver(() => this.schedule()).observe(this.element);
  }

  /** The columns drawn after the fixed run column: the chosen ones, or only those that differ. */
  visibleColumns(): { column: TableColumn; index: number }[] {
    const meta = this.data.meta;
    if (!meta) return [];
    const differing = new Set(meta.differingColumns);
    return meta.columns
      .map((column, index) => ({ column, index }))
      .filter(({ column }) => column.id !== 'name' && (!this.host.onlyDiffering() || differing.has(column.id)));
  }

  schedule(): void {
    if (!this.frame) this.frame = requestAnimationFrame(() => this.render());
  }

  scrollToRow(index: number): void {
    const top = index * ROW_HEIGHT;
    const view = this.element.clientHeight - ROW_HEIGHT * 2;
    if (top < this.element.scrollTop || top > this.element.scrollTop + view) this.element.scrollTop = Math.max(0, top - view / 2);
    this.schedule();
  }

  render(): void {
    this.frame = 0;
    const columns = this.visibleColumns();
    this.renderHead(columns);
    const total = this.data.total;
    const headHeight = this.head.getBoundingClientRect().height;
    const first = Math.max(0, Math.floor((this.element.scrollTop - headHeight) / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(total - 1, Math.ceil((this.element.scrollTop + this.element.clientHeight) / ROW_HEIGHT) + OVERSCAN);
    this.data.ensure(first, last);
    clear(this.body);
    this.body.append(spacer(first * ROW_HEIGHT, columns.length + 2));
    for (let i = first; i <= last; i++) this.body.append(this.renderRow(i, columns));
    this.body.append(spacer(Math.max(0, total - last - 1) * ROW_HEIGHT, columns.length + 2));
    this.table.dataset.total = String(total);
  }

  private renderHead(columns: { column: TableColumn }[]): void {
    clear(this.colgroup);
    clear(this.head);
    this.colgroup.append(el('col', { class: 'col-select' }), el('col', { class: 'col-name' }), ...columns.map(({ column }) => el('col', { class: column.kind === 'attribute' ? `col-attribute col-${column.id}` : `col-${column.kind}` })));
    const all = el('input', { type: 'checkbox', 'aria-label': 'Select every run the filter keeps', title: 'Select every run the filter keeps' });
    all.addEventListener('change', () => this.host.onToggleAll());
    const row = el('tr', {}, el('th', { class: 'select' }, all), this.header('name', 'Run', 'attribute'));
    for (const { column } of columns) row.append(this.header(column.id, column.label, column.kind, column.valueType === 'number' || column.valueType === 'time'));
    this.head.append(row);
  }

  private header(id: string, label: string, kind: string, numeric = false): HTMLTableCellElement {
    const sort = this.host.sort();
    const sorted = sort?.column === id ? sort.direction : undefined;
    const th = el('th', { class: `kind-${kind}${numeric ? ' numeric' : ''}`, title: `${id}\nClick to sort`, 'data-column': id, 'aria-sort': sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none' },
      el('span', { class: 'label' }, label), sorted ? el('span', { class: 'sort-mark' }, sorted === 'asc' ? '▲' : '▼') : null);
    th.addEventListener('click', () => this.host.onSort(id));
    return th;
  }

  private renderRow(index: number, columns: { column: TableColumn; index: number }[]): HTMLTableRowElement {
    const row = this.data.row(index);
    if (!row) return el('tr', { class: 'placeholder' }, el('td', { colspan: String(columns.length + 2) }, '…'));
    const selected = this.host.isSelected(row.id);
    const box = el('input', { type: 'checkbox', 'aria-label': `Select ${row.name}` });
    box.checked = selected;
    box.addEventListener('click', (event) => {
      event.stopPropagation();
      this.host.onToggle(row, index, event.shiftKey);
    });
    const tr = el('tr', { class: `run-row${selected ? ' selected' : ''}${this.host.focusedRunId() === row.id ? ' focused' : ''}`, 'data-run-id': row.id, 'aria-selected': String(selected) },
      el('td', { class: 'select' }, box),
      el('td', { class: 'name', title: `${row.name}\n${row.id}` }, el('span', { class: `status-dot status-${row.status}`, title: row.status }), el('span', { class: 'run-name' }, row.name)));
    for (const { column, index: at } of columns) tr.append(cellElement(column, row.cells[at]));
    tr.addEventListener('click', () => this.host.onFocus(row, index));
    return tr;
  }
}

/** Heights through CSSOM: the page's CSP refuses style attributes. */
function spacer(height: number, span: number): HTMLTableRowElement {
  const row = el('tr', { class: 'spacer' }, el('td', { colspan: String(span) }));
  row.style.height = `${height}px`;
  return row;
}

function cellElement(column: TableColumn, cell: Cell): HTMLTableCellElement {
  const text = cellText(column, cell);
  const numeric = typeof cell === 'number' || (column.kind === 'metric' && cell !== null);
  const td = el('td', { class: `${numeric ? 'numeric' : ''}${cell === null ? ' missing' : ''}${column.id === 'status' ? ` status-${String(cell)}` : ''}` }, text);
  if (cell !== null) td.title = typeof cell === 'number' && column.valueType === 'time' ? new Date(cell).toISOString() : String(cell);
  return td;
}

export function cellText(column: TableColumn, cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') {
    if (column.valueType === 'time') return formatTime(cell);
    if (column.id === 'duration') return formatDuration(cell);
    return formatNumber(cell);
  }
  return String(cell);
}
