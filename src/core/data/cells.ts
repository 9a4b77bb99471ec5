import type { ColumnSchema } from './schema';
import { sqlIdentifier } from './values';

/** SELECT-list expression for showing a column: dates and times as their ISO text, everything else as read. */
export function cellExpression(column: ColumnSchema): string {
  const id = sqlIdentifier(column.name);
  return column.family === 'datetime' ? `CAST(${id} AS VARCHAR)` : id;
}
