import type { QueryErrorView, RunsTableModel, RunsTablePage, RunsTablePageQuery, RunsTableQuery, RunsTableRow } from '../../src/protocol/runsTable';

export const PAGE_SIZE = 100;

export type TableMeta = Omit<RunsTableModel, 'rows'>;

/**
 * The rows the view has fetched, by page. A new query (or a store change) keeps showing the old rows until its first
 * page arrives, so the table never flashes empty; a filter that cannot be read leaves the last good table in place.
 */
export class TableData {
  meta: TableMeta | undefined;
  applied: RunsTableQuery | undefined;
  private pages = new Map<number, RunsTableRow[]>();
  private readonly inflight = new Set<number>();
  private generation = 0;

  constructor(private readonly fetchPage: (query: RunsTablePageQuery) => Promise<RunsTablePage>, private readonly onChange: () => void) {}

  get total(): number {
    return this.meta?.total ?? 0;
  }

  row(index: number): RunsTableRow | undefined {
    return this.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  }

  /** Loads `query` starting with the page holding row `around`; resolves with the filter's error, if any. */
  async load(query: RunsTableQuery, around: number): Promise<QueryErrorView | undefined> {
    const generation = ++this.generation;
    this.inflight.clear();
    const page = Math.floor(Math.max(0, around) / PAGE_SIZE);
    const result = await this.fetchPage({ ...query, offset: page * PAGE_SIZE, limit: PAGE_SIZE });
    if (generation !== this.generation) return undefined;
    if (!result.ok) return result.error;
    const { rows, ...meta } = result.model;
    this.applied = query;
    this.meta = meta;
    this.pages = new Map([[page, rows]]);
    this.onChange();
    return undefined;
  }

  /** Fetches the pages of rows first..last not yet here. */
  ensure(first: number, last: number): void {
    if (!this.applied) return;
    const generation = this.generation;
    for (let page = Math.floor(first / PAGE_SIZE); page <= Math.floor(Math.min(last, this.total - 1) / PAGE_SIZE); page++) {
      if (this.pages.has(page) || this.inflight.has(page)) continue;
      this.inflight.add(page);
      this.fetchPage({ ...this.applied, offset: page * PAGE_SIZE, limit: PAGE_SIZE }).then(
        (result) => {
          if (generation !== this.generation) return;
          this.inflight.delete(page);
          if (!result.ok) return;
          this.pages.set(page, result.model.rows);
          this.onChange();
        },
        () => this.inflight.delete(page),
      );
    }
  }
}
