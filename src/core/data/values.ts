/** Turning DuckDB's JS values into plain JSON that a webview can show as is. */

/** A grid cell: text, a number, a boolean or missing. Temporal and nested values arrive as text. */
export type CellValue = string | number | boolean | null;

/** BigInt → number when exact, else its digits; Date → ISO text; NaN and ±Infinity → their names (JSON has none). */
export function toCell(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  return JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? v.toString() : v));
}

/** A statistic as a finite number, or null when DuckDB had none (no values, NaN, ±Infinity). */
export function toNumber(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n = typeof value === 'bigint' ? Number(value) : typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

/** A count as a number (DuckDB returns BIGINT counts). */
export function toCount(value: unknown): number {
  return toNumber(value) ?? 0;
}

/** Keys of a DuckDB MAP (as getRowObjectsJS returns it: [{key, value}]) with their counts. */
export function mapEntries(value: unknown): { key: unknown; count: number }[] {
  if (!Array.isArray(value)) return [];
  return value.map((entry: { key: unknown; value: unknown }) => ({ key: entry.key, count: toCount(entry.value) }));
}

/** SQL text literal. */
export function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** SQL identifier, quoted so any column name works. */
export function sqlIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
