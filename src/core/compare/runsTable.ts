import type Database from 'better-sqlite3';
import { UserError } from '../errors';
import { filterToSql } from '../query/compile';
import { fieldToText, type Field } from '../query/fields';
import { parseFieldName, parseRunFilter } from '../query/parser';
import { sql } from '../query/sql';
import { columnInfo, defaultFields, loadAvailableFields, valueTypeOf } from './columns';
import { filterWarnings } from './filterWarnings';
import { loadRunValues } from './runValues';
import { sortRows } from './sortRows';
import type { RunsTableModel, RunsTableRow, SortSpec } from './viewModels';

export interface RunsTableOptions {
  /** A run filter (docs/QUERY.md); empty for every run. */
  filter?: string;
  /** Any column id, shown or not; newest first by default. */
  sort?: SortSpec;
  /** Column ids to show; by default the main attributes, every metric's last value, every param and tag. */
  columns?: string[];
  offset?: number;
  limit?: number;
  experimentId?: number;
  /** The clock a running run's duration is measured to, in ms. */
  now?: number;
}

const newestFirst: SortSpec = { column: 'created', direction: 'desc' };

/**
 * The runs table: the runs matching a filter with the chosen columns, sorted by any column. Throws QueryError
 * (a UserError) for a filter, column or sort it cannot read; queryErrorView() turns that into what a filter box shows.
 */
export function loadRunsTable(db: Database.Database, options: RunsTableOptions = {}): RunsTableModel {
  const now = options.now ?? Date.now();
  const filter = options.filter ?? '';
  const offset = checkCount(options.offset ?? 0, 'offset');
  const limit = options.limit === undefined ? Infinity : checkCount(options.limit, 'limit');
  const requestedSort = options.sort ?? newestFirst;
  if (requestedSort.direction !== 'asc' && requestedSort.direction !== 'desc') throw new UserError(`sort direction must be "asc" or "desc", not "${String(requestedSort.direction)}"`);

  const expr = parseRunFilter(filter);
  let where = filterToSql(expr, filter, { now });
  if (options.experimentId !== undefined) where = sql`${where} AND r.experiment_id = ${options.experimentId}`;
  const available = loadAvailableFields(db, options.experimentId);
  const chosen = uniqueFields(options.columns ? options.columns.map(parseFieldName) : defaultFields(available));
  const ids = chosen.map(fieldToText);
  const sortField = parseFieldName(requestedSort.column);
  const sort: SortSpec = { column: fieldToText(sortField), direction: requestedSort.direction };
  const sortAt = ids.includes(sort.column) ? ids.indexOf(sort.column) : chosen.length;

  const runs = loadRunValues(db, where, sortAt < chosen.length ? chosen : [...chosen, sortField], now);
  const rows = sortRows(runs, (run) => run.cells[sortAt], sort.direction, newestThenId).slice(offset, offset + limit);
  if (sortAt === chosen.length) for (const row of rows) row.cells.pop();

  return {
    filter,
    availableColumns: available.map(columnInfo),
    columns: chosen.map((field, i) => ({ ...columnInfo(field), valueType: valueTypeOf(field, rows, i) })),
    sort,
    rows,
    total: runs.length,
    totalInScope: countRuns(db, options.experimentId),
    offset,
    differingColumns: ids.filter((_, i) => rows.some((row) => row.cells[i] !== rows[0].cells[i])),
    warnings: filterWarnings(expr, available),
  };
}

function newestThenId(a: RunsTableRow, b: RunsTableRow): number {
  return b.created - a.created || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function uniqueFields(fields: Field[]): Field[] {
  const seen = new Set<string>();
  return fields.filter((f) => !seen.has(fieldToText(f)) && seen.add(fieldToText(f)));
}

function countRuns(db: Database.Database, experimentId: number | undefined): number {
  return experimentId === undefined
    ? (db.prepare('SELECT count(*) FROM runs').pluck().get() as number)
    : (db.prepare('SELECT count(*) FROM runs WHERE experiment_id = ?').pluck().get(experimentId) as number);
}

function checkCount(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0) throw new UserError(`${name} must be a whole number of runs, 0 or more, not ${value}`);
  return value;
}
