import { UserError } from '../errors';
import { cellExpression } from './cells';
import { runQuery } from './engine';
import type { ColumnSchema } from './schema';
import { DatasetSession, type OpenOptions } from './session';
import { sqlIdentifier, toCell, toCount, type CellValue } from './values';
import { filterError, validateWhere } from './whereFilter';

export interface RowsQuery {
  /** Index of the first matching row to return (0-based). */
  offset: number;
  /** Rows to return, 1…10,000. */
  limit: number;
  orderBy?: { column: string; direction: 'asc' | 'desc' };
  /** A SQL expression typed by a person, e.g. `age > 30 AND city = 'Paris'`; checked to be one expression only. */
  where?: string;
  signal?: AbortSignal;
}

export interface RowsPage {
  columns: ColumnSchema[];
  /** One array of cells per row, in `columns` order. */
  rows: CellValue[][];
  /** Each returned row's 0-based position among the file's data rows. */
  rowNumbers: number[];
  offset: number;
  /** Rows matching the filter (all rows without one). */
  totalRows: number;
  /** Data rows in the file. */
  fileRows: number;
  where: string;
  elapsedMs: number;
}

const maxPageRows = 10000;

/** A page of rows for a virtualized grid: sorted and filtered by DuckDB, whatever the file size. */
export async function readRowsFrom(session: DatasetSession, query: RowsQuery): Promise<RowsPage> {
  const started = performance.now();
  const { offset, limit } = query;
  if (!Number.isInteger(offset) || offset < 0) throw new UserError(`offset must be a whole number ≥ 0, not ${offset}.`);
  if (!Number.isInteger(limit) || limit < 1 || limit > maxPageRows) throw new UserError(`limit must be a whole number from 1 to ${maxPageRows}, not ${limit}.`);
  const columns = session.columns;
  let order = '';
  if (query.orderBy) {
    const { column, direction } = query.orderBy;
    if (!columns.some((c) => c.name === column)) throw new UserError(`Cannot sort by "${column}": there is no such column. Columns: ${columns.map((c) => c.name).join(', ')}.`);
    if (direction !== 'asc' && direction !== 'desc') throw new UserError(`Sort direction must be "asc" or "desc", not "${direction}".`);
    order = `${sqlIdentifier(column)} ${direction.toUpperCase()} NULLS LAST, `;
  }
  const relation = await session.rowsRelation({ signal: query.signal });
  const fileRows = await session.rowCount({ signal: query.signal });
  return session.withConnection(async (connection) => {
    const where = await validateWhere(connection, query.where ?? '');
    const filter = where ? `WHERE (${where})` : '';
    const select = [`${relation.rowNumber} AS __row`, ...columns.map(cellExpression)].join(', ');
    try {
      const reader = await runQuery(connection, `SELECT ${select} FROM ${relation.sql} ${filter} ORDER BY ${order}${relation.rowNumber} LIMIT ${limit} OFFSET ${offset}`, { signal: query.signal });
      const raw = reader.getRowsJS();
      const totalRows = where
        ? toCount((await runQuery(connection, `SELECT count(*) FROM ${relation.sql} ${filter}`, { signal: query.signal })).getRowsJS()[0][0])
        : fileRows;
      return {
        columns,
        rows: raw.map((row) => row.slice(1).map(toCell)),
        rowNumbers: raw.map((row) => toCount(row[0])),
        offset,
        totalRows,
        fileRows,
        where,
        elapsedMs: Math.round(performance.now() - started),
      };
    } catch (error) {
      if (where && /^(Binder|Conversion|Invalid Input|Parser) Error/.test((error as Error).message ?? '')) throw filterError(error, where);
      throw error;
    }
  });
}

/** One page of rows from a file (opens and closes a session: for repeated paging keep a DatasetSession open). */
export async function readRows(path: string, query: RowsQuery & OpenOptions): Promise<RowsPage> {
  const session = await DatasetSession.open(path, query);
  try {
    return await readRowsFrom(session, query);
  } finally {
    session.close();
  }
}
