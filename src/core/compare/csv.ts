import type { Cell, RunsTableModel } from './viewModels';

export interface CsvOptions {
  /** Keep only the columns whose value differs across the rows (the table's "only columns that differ"). */
  onlyDiffering?: boolean;
}

/**
 * The table as RFC 4180 CSV (CRLF line ends, fields quoted when they hold a comma, quote or line break): a header
 * of column ids (the filter language's names), the run id first so rows stay identifiable, then one line per row.
 * Times are ISO 8601 UTC; numbers print in full; a missing value is an empty field.
 */
export function runsTableToCsv(model: RunsTableModel, options: CsvOptions = {}): string {
  const differing = new Set(model.differingColumns);
  const shown = model.columns.map((column, index) => ({ column, index })).filter(({ column }) => !options.onlyDiffering || differing.has(column.id));
  const withId = !shown.some(({ column }) => column.id === 'id');
  const header = [...(withId ? ['id'] : []), ...shown.map(({ column }) => column.id)];
  const lines = [header.map(csvField).join(',')];
  for (const row of model.rows) {
    const fields = shown.map(({ column, index }) => formatCell(row.cells[index], column.valueType === 'time'));
    lines.push([...(withId ? [row.id] : []), ...fields].map(csvField).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

function formatCell(cell: Cell, isTime: boolean): string {
  if (cell === null) return '';
  if (isTime && typeof cell === 'number') return new Date(cell).toISOString();
  return String(cell);
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
