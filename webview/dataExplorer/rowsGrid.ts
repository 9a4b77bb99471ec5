import type { CellValue, ColumnSchema, RowsPageView, RowsRequest } from '../../src/protocol/dataExplorer';
import { clear, el } from '../shared/dom';
import { formatCount, plural } from './format';
import { state, updateState } from './state';

const rowHeight = 24;
const headerHeight = 30;
/** Browsers cap an element's height near 33 million pixels: past this the scroll bar maps to rows proportionally. */
const maxScrollHeight = 8_000_000;
const maxCachedPages = 40;
const fetchDelayMs = 60;

type Sort = { column: string; direction: 'asc' | 'desc' };
interface Query {
  where: string;
  sort?: Sort;
}

export interface GridSource {
  columns: ColumnSchema[];
  /** The first rows of the file, shown at once while the file is read. */
  sample: CellValue[][];
  fetch(request: RowsRequest): Promise<RowsPageView>;
}

function columnWidth(column: ColumnSchema): number {
  const byType = column.family === 'numeric' ? 96 : column.family === 'boolean' ? 72 : column.family === 'datetime' ? 170 : 150;
  return Math.min(320, Math.max(byType, column.name.length * 7.5 + 34));
}

function sqlIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function sqlText(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A filter matching rows whose `column` equals `value` as typed (numbers compared as numbers). */
export function equalsFilter(column: ColumnSchema, value: string): string {
  if (column.family === 'numeric' && value.trim() !== '' && Number.isFinite(Number(value))) return `${sqlIdentifier(column.name)} = ${Number(value)}`;
  return `CAST(${sqlIdentifier(column.name)} AS VARCHAR) = ${sqlText(value)}`;
}

function cellNode(value: CellValue, column: ColumnSchema, left: number, width: number): HTMLElement {
  const text = value === null ? 'null' : String(value);
  const cell = el('div', { class: `cell${value === null ? ' null' : ''}${column.family === 'numeric' && value !== null ? ' numeric' : ''}`, title: text.length > 2000 ? `${text.slice(0, 2000)}…` : text }, text);
  cell.style.left = `${left}px`;
  cell.style.width = `${width}px`;
  return cell;
}

/**
 * The rows of a file of any size: only the visible rows and columns are in the page, fetched a page at a time from
 * DuckDB, sorted by a header click and filtered with a SQL WHERE the engine checks (its message shown under the box).
 */
export class RowsGrid {
  readonly element: HTMLElement;
  private readonly scroller: HTMLElement;
  private readonly view: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly statusLine: HTMLElement;
  private readonly errorLine: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly widths: number[];
  private readonly offsets: number[];
  private readonly pageSize: number;
  private query: Query = { where: '' };
  private pendingQuery: Query | undefined;
  private pages = new Map<number, RowsPageView>();
  private readonly loading = new Set<number>();
  private total: number | null = null;
  private fileRows: number | null = null;
  private elapsedMs = 0;
  private rowNumberWidth = 56;
  private frame = 0;
  private fetchTimer: ReturnType<typeof setTimeout> | undefined;
  private started = false;
  private columns: ColumnSchema[];

  constructor(private readonly source: GridSource) {
    this.columns = source.columns;
    this.widths = source.columns.map(columnWidth);
    this.offsets = [0];
    for (const w of this.widths) this.offsets.push(this.offsets[this.offsets.length - 1] + w);
    this.pageSize = Math.max(25, Math.min(200, Math.round(20000 / Math.max(1, source.columns.length))));

    this.input = el('input', { type: 'text', class: 'where-input mono', placeholder: "SQL WHERE, e.g. label = 3 AND city = 'Paris'", spellcheck: 'false', 'aria-label': 'Filter rows with a SQL WHERE expression' });
    this.input.value = state.where;
    const apply = el('button', { class: 'apply-filter' }, 'Filter');
    const reset = el('button', { class: 'secondary clear-filter' }, 'Clear');
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') this.applyFilter(this.input.value);
    });
    apply.addEventListener('click', () => this.applyFilter(this.input.value));
    reset.addEventListener('click', () => {
      this.input.value = '';
      this.applyFilter('');
    });
    this.errorLine = el('div', { class: 'where-error', role: 'alert' });
    this.statusLine = el('div', { class: 'grid-status muted' });
    this.view = el('div', { class: 'grid-view' });
    this.spacer = el('div', { class: 'grid-spacer' });
    this.scroller = el('div', { class: 'grid-scroller', tabindex: '0', role: 'grid', 'aria-label': 'Rows' }, this.view, this.spacer);
    this.element = el('div', { class: 'rows-grid' }, el('div', { class: 'where-bar' }, el('span', { class: 'where-keyword mono' }, 'WHERE'), this.input, apply, reset), this.errorLine, this.statusLine, this.scroller);
    this.scroller.addEventListener('scroll', () => {
      updateState({ rowsScrollTop: this.scroller.scrollTop, rowsScrollLeft: this.scroller.scrollLeft });
      this.scheduleRender();
    });
    new ResizeObserver(() => this.scheduleRender()).observe(this.scroller);
    this.scheduleRender();
  }

  /** Load the rows for real (the first time the Rows tab is shown), with the saved filter, sort and scroll. */
  start(): void {
    if (this.started) return;
    this.started = true;
    void this.load({ where: state.where, sort: state.sort }, { restoreScroll: true });
  }

  applyFilter(where: string): void {
    this.started = true;
    void this.load({ where: where.trim(), sort: this.query.sort }, { restoreScroll: false });
  }

  /** Show the rows whose column `name` equals `value`. */
  reveal(name: string, value: string): void {
    const column = this.columns.find((c) => c.name === name);
    if (!column) return;
    this.input.value = equalsFilter(column, value);
    this.applyFilter(this.input.value);
  }

  private toggleSort(column: string): void {
    const current = this.query.sort;
    const sort: Sort | undefined = current?.column !== column ? { column, direction: 'asc' } : current.direction === 'asc' ? { column, direction: 'desc' } : undefined;
    this.started = true;
    void this.load({ where: this.query.where, sort }, { restoreScroll: false });
  }

  /** Ask for the first page of a new query; it replaces the current one only if DuckDB accepts it. */
  private async load(query: Query, options: { restoreScroll: boolean }): Promise<void> {
    this.pendingQuery = query;
    this.statusLine.textContent = query.where ? 'Filtering…' : this.total === null ? 'Reading the file…' : 'Sorting…';
    try {
      const first = options.restoreScroll ? Math.floor(state.rowsScrollTop / rowHeight) : 0;
      const page = await this.source.fetch({ offset: 0, limit: this.pageSize, where: query.where, orderBy: query.sort });
      if (this.pendingQuery !== query) return;
      this.query = query;
      this.columns = page.columns;
      this.pages = new Map([[0, page]]);
      this.loading.clear();
      this.total = page.totalRows;
      this.fileRows = page.fileRows;
      this.elapsedMs = page.elapsedMs;
      this.errorLine.textContent = '';
      this.errorLine.classList.remove('shown');
      this.pendingQuery = undefined;
      updateState({ where: query.where, sort: query.sort });
      this.layout();
      this.render();
      this.scroller.scrollTop = options.restoreScroll ? state.rowsScrollTop : 0;
      if (options.restoreScroll) this.scroller.scrollLeft = state.rowsScrollLeft;
      if (first >= this.pageSize) this.requestPages();
      this.scheduleRender();
    } catch (error) {
      if (this.pendingQuery !== query) return;
      this.pendingQuery = undefined;
      this.errorLine.textContent = (error as Error).message;
      this.errorLine.classList.add('shown');
      this.scheduleRender();
    }
  }

  private get rowCount(): number {
    return this.total ?? this.source.sample.length;
  }

  private layout(): void {
    const digits = String(Math.max(1, this.fileRows ?? this.rowCount)).length;
    this.rowNumberWidth = Math.max(48, digits * 8 + 20);
  }

  private scheduleRender(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  /** First visible row and the pixel shift of the rows (proportional mapping for very long files). */
  private firstRow(bodyHeight: number): { first: number; shift: number; virtualHeight: number } {
    const contentHeight = this.rowCount * rowHeight;
    const top = this.scroller.scrollTop;
    if (contentHeight <= maxScrollHeight) return { first: Math.floor(top / rowHeight), shift: -(top % rowHeight), virtualHeight: contentHeight };
    const maxTop = Math.max(1, headerHeight + maxScrollHeight - this.scroller.clientHeight);
    const visible = Math.floor(bodyHeight / rowHeight);
    return { first: Math.round((Math.min(top, maxTop) / maxTop) * Math.max(0, this.rowCount - visible)), shift: 0, virtualHeight: maxScrollHeight };
  }

  private render(): void {
    const width = this.scroller.clientWidth;
    const height = this.scroller.clientHeight;
    this.view.style.width = `${width}px`;
    this.view.style.height = `${height}px`;
    const bodyHeight = Math.max(0, height - headerHeight);
    const { first, shift, virtualHeight } = this.firstRow(bodyHeight);
    const totalWidth = this.rowNumberWidth + this.offsets[this.offsets.length - 1];
    this.spacer.style.height = `${Math.max(1, headerHeight + virtualHeight - height)}px`;
    this.spacer.style.width = `${totalWidth}px`;
    const left = this.scroller.scrollLeft;
    const visibleColumns: number[] = [];
    for (let i = 0; i < this.widths.length; i++) {
      if (this.offsets[i + 1] <= left) continue;
      if (this.offsets[i] >= left + width - this.rowNumberWidth) break;
      visibleColumns.push(i);
    }
    const x = (i: number) => this.rowNumberWidth + this.offsets[i] - left;
    clear(this.view);

    const header = el('div', { class: 'grid-row grid-header', role: 'row' });
    header.style.height = `${headerHeight}px`;
    for (const i of visibleColumns) {
      const column = this.columns[i];
      const sorted = this.query.sort?.column === column.name ? this.query.sort.direction : undefined;
      const cell = el(
        'div',
        { class: `cell header-cell${sorted ? ' sorted' : ''}`, role: 'columnheader', title: `${column.name} (${column.type}) — click to sort`, 'aria-sort': sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none' },
        el('span', { class: 'header-name' }, column.name),
        el('span', { class: 'sort-mark' }, sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : ''),
      );
      cell.style.left = `${x(i)}px`;
      cell.style.width = `${this.widths[i]}px`;
      cell.addEventListener('click', () => this.toggleSort(column.name));
      header.append(cell);
    }
    const corner = el('div', { class: 'cell row-number header-cell' }, '#');
    corner.style.width = `${this.rowNumberWidth}px`;
    header.append(corner);
    this.view.append(header);

    const count = Math.min(this.rowCount - first, Math.ceil(bodyHeight / rowHeight) + 1);
    let missing = false;
    for (let k = 0; k < count; k++) {
      const index = first + k;
      const row = this.rowAt(index);
      if (!row) missing = true;
      const line = el('div', { class: `grid-row${index % 2 ? ' odd' : ''}`, role: 'row' });
      line.style.top = `${headerHeight + shift + k * rowHeight}px`;
      line.style.height = `${rowHeight}px`;
      for (const i of visibleColumns) line.append(row ? cellNode(row.cells[i] ?? null, this.columns[i], x(i), this.widths[i]) : cellNode('…', this.columns[i], x(i), this.widths[i]));
      const known = row && row.number !== null;
      const number = el('div', { class: 'cell row-number', title: known ? `row ${formatCount(row.number! + 1)} of the file` : '' }, known ? formatCount(row.number! + 1) : '');
      number.style.width = `${this.rowNumberWidth}px`;
      line.append(number);
      this.view.append(line);
    }
    if (!this.rowCount) this.view.append(el('div', { class: 'grid-empty muted' }, this.query.where ? 'No row matches the filter.' : 'No rows.'));
    this.updateStatus(first, count);
    if (missing) this.requestPages();
  }

  private rowAt(index: number): { cells: CellValue[]; number: number | null } | undefined {
    if (this.total === null) return index < this.source.sample.length ? { cells: this.source.sample[index], number: index } : undefined;
    const page = this.pages.get(Math.floor(index / this.pageSize));
    const at = index - (page?.offset ?? 0);
    return page && at < page.rows.length ? { cells: page.rows[at], number: page.rowNumbers?.[at] ?? null } : undefined;
  }

  private updateStatus(first: number, count: number): void {
    if (!this.started) {
      this.statusLine.textContent = `First ${plural(this.source.sample.length, 'row')} of the file.`;
      return;
    }
    if (this.total === null || this.pendingQuery) return;
    const range = this.total ? ` · showing ${formatCount(first + 1)}–${formatCount(first + Math.max(count, 0))}` : '';
    const matching = this.query.where ? `${formatCount(this.total)} of ${plural(this.fileRows ?? 0, 'row')} match` : plural(this.total, 'row');
    const sorted = this.query.sort ? ` · sorted by ${this.query.sort.column} ${this.query.sort.direction === 'asc' ? 'ascending' : 'descending'}` : '';
    this.statusLine.textContent = `${matching}${range}${sorted} · ${this.elapsedMs} ms`;
  }

  /** Fetch the pages under the visible rows (a moment after scrolling stops moving fast). */
  private requestPages(): void {
    clearTimeout(this.fetchTimer);
    this.fetchTimer = setTimeout(() => {
      if (this.total === null) return;
      const bodyHeight = Math.max(0, this.scroller.clientHeight - headerHeight);
      const { first } = this.firstRow(bodyHeight);
      const last = Math.min(this.total - 1, first + Math.ceil(bodyHeight / rowHeight) + 1);
      for (let page = Math.floor(first / this.pageSize); page <= Math.floor(last / this.pageSize); page++) void this.fetchPage(page);
    }, fetchDelayMs);
  }

  private async fetchPage(page: number): Promise<void> {
    if (this.pages.has(page) || this.loading.has(page)) return;
    const query = this.query;
    this.loading.add(page);
    try {
      const result = await this.source.fetch({ offset: page * this.pageSize, limit: this.pageSize, where: query.where, orderBy: query.sort });
      if (this.query !== query) return;
      this.pages.set(page, result);
      this.elapsedMs = result.elapsedMs;
      this.evictFarPages(page);
      this.scheduleRender();
    } catch (error) {
      if (this.query !== query) return;
      this.errorLine.textContent = (error as Error).message;
      this.errorLine.classList.add('shown');
    } finally {
      this.loading.delete(page);
    }
  }

  private evictFarPages(near: number): void {
    if (this.pages.size <= maxCachedPages) return;
    const far = [...this.pages.keys()].sort((a, b) => Math.abs(b - near) - Math.abs(a - near));
    for (const page of far.slice(0, this.pages.size - maxCachedPages)) this.pages.delete(page);
  }
}
