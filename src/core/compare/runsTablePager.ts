import type Database from 'better-sqlite3';
import { loadRunsTable } from './runsTable';
import type { RunsTableModel, SortSpec } from './viewModels';

/** What a runs table view asks for; the same query gives the same rows until the store changes. */
export interface RunsTableQuery {
  filter: string;
  sort?: SortSpec;
  /** Column ids to show; null or absent for the default set. */
  columns?: string[] | null;
}

/**
 * Pages of one runs table. loadRunsTable reads and sorts every matching run whatever the limit, so the whole
 * model of the last query is kept and each scroll is a slice; it also keeps "only columns that differ" and the
 * column types the same on every page. invalidate() when the store changes.
 */
export class RunsTablePager {
  private cached: { key: string; model: RunsTableModel } | undefined;

  constructor(private readonly db: () => Database.Database) {}

  page(query: RunsTableQuery, offset: number, limit: number): RunsTableModel {
    const model = this.full(query);
    return { ...model, offset, rows: model.rows.slice(offset, offset + limit) };
  }

  /** Every matching run: for the CSV export, "select all" and finding a run's row. */
  full(query: RunsTableQuery): RunsTableModel {
    const key = JSON.stringify([query.filter, query.sort ?? null, query.columns ?? null]);
    if (this.cached?.key !== key) this.cached = { key, model: loadRunsTable(this.db(), { filter: query.filter, sort: query.sort, columns: query.columns ?? undefined }) };
    return this.cached.model;
  }

  invalidate(): void {
    this.cached = undefined;
  }
}

export interface RunsTablePageQuery extends RunsTableQuery {
  offset: number;
  limit: number;
}
