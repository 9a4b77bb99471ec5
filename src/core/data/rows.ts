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
  /**
   * Each returned row's 0-based position among the file's data rows; null for a sorted or filtered page of a file
   * wider than 1,000 columns, which is read in place and cannot be numbered.
   */
  rowNumbers: number[] | null;
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
  return session.readWithRetries(() => readPage(session, query, started));
}

async function readPage(session: DatasetSession, query: RowsQuery, started: number): Promise<RowsPage> {
  const { offset, limit } = query;
  const relation = await session.rowsRelation({ signal: query.signal });
  const fileRows = await session.rowCount({ signal: query.signal });
  // Read after staging: a full read can retype a column whose values change type far down the file.
  const columns = session.columns;
  const order: string[] = [];
  if (query.orderBy) {
    const { column, direction } = query.orderBy;
    if (!columns.some((c) => c.name === column)) throw new UserError(`Cannot sort by "${column}": there is no such column. Columns: ${columns.map((c) => c.name).join(', ')}.`);
    if (direction !== 'asc' && direction !== 'desc') throw new UserError(`Sort direction must be "asc" or "desc", not "${direction}".`);
    order.push(`${sqlIdentifier(column)} ${direction.toUpperCase()} NULLS LAST`);
  }
  if (relation.rowNumber) order.push(relation.rowNumber);
  return session.withConnection(async (connection) => {
    const where = await validateWhere(connection, query.where ?? '');
    const filter = where ? `WHERE (${where})` : '';
    const select = [relation.rowNumber ? `${relation.rowNumber} AS __row` : 'NULL AS __row', ...columns.map(cellExpression)].join(', ');
    try {
      const sql = `SELECT ${select} FROM ${relation.sql} ${filter} ${order.length ? `ORDER BY ${order.join(', ')}` : ''} LIMIT ${limit} OFFSET ${offset}`;
      const raw = (await runQuery(connection, sql, { signal: query.signal })).getRowsJS();
      const totalRows = where
        ? await session.countWhere(where, async () => toCount((await runQuery(connection, `SELECT count(*) FROM ${relation.sql} ${filter}`, { signal: query.signal })).getRowsJS()[0][0]))
        : fileRows;
      const inFileOrder = !where && !query.orderBy;
      return {
        columns,
        rows: raw.map((row) => row.slice(1).map(toCell)),
        rowNumbers: relation.rowNumber ? raw.map((row) => toCount(row[0])) : inFileOrder ? raw.map((_, i) => offset + i) : null,
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
