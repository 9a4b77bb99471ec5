import type { DuckDBConnection } from '@duckdb/node-api';
import { UserError } from '../errors';
import { duckMessage } from './dataErrors';
import { runQuery } from './engine';
import { sqlString } from './values';

const prefix = 'SELECT * FROM data WHERE (';
const suffix = ')';

interface ParsedSelect {
  error?: boolean;
  error_message?: string;
  position?: string;
  statements?: { node: Record<string, unknown> }[];
}

/** Parse `SELECT * FROM data WHERE (<text>)` with DuckDB's own parser, without running anything. */
async function parse(connection: DuckDBConnection, text: string): Promise<ParsedSelect> {
  const reader = await runQuery(connection, `SELECT json_serialize_sql(${sqlString(`${prefix}${text}${suffix}`)}) AS tree`);
  return JSON.parse(String(reader.getRowsJS()[0][0])) as ParsedSelect;
}

/** The parse tree without positions, so two parses can be compared for shape. */
function withoutLocations(node: unknown): unknown {
  return JSON.parse(JSON.stringify(node, (key, value) => (key === 'query_location' ? undefined : value)));
}

function containsSubquery(node: unknown): boolean {
  if (!node || typeof node !== 'object') return false;
  if ((node as { class?: string }).class === 'SUBQUERY') return true;
  return Object.values(node as object).some(containsSubquery);
}

/**
 * Check that a filter typed by a person is one SQL expression over the row and nothing else: it must parse inside
 * `WHERE (…)` into the same statement shape as a trivial filter (no second statement, no UNION, ORDER or LIMIT
 * smuggled past the parenthesis) and hold no subquery (which could read other tables or files).
 */
export async function validateWhere(connection: DuckDBConnection, where: string): Promise<string> {
  const text = where.trim();
  if (!text) return '';
  if (text.includes(';')) {
    // A ';' inside a string literal is fine; the parse below tells them apart.
    const parsed = await parse(connection, text);
    if (parsed.error || (parsed.statements?.length ?? 0) !== 1) throw new UserError(`The filter must be a single expression such as age > 30 AND city = 'Paris'; remove the ';'.`);
  }
  const parsed = await parse(connection, text);
  if (parsed.error) {
    const position = parsed.position !== undefined ? Number(parsed.position) - prefix.length : undefined;
    const where = position !== undefined && position >= 0 && position <= text.length ? ` at character ${position + 1} ("${text.slice(position, position + 12)}")` : '';
    throw new UserError(`The filter is not valid SQL: ${parsed.error_message}${where}. Write an expression such as age > 30 AND city = 'Paris'.`);
  }
  const statements = parsed.statements ?? [];
  const reference = await parse(connection, 'TRUE');
  const node = statements[0]?.node ?? {};
  const shape = withoutLocations({ ...node, where_clause: null });
  const expected = withoutLocations({ ...reference.statements![0].node, where_clause: null });
  if (statements.length !== 1 || JSON.stringify(shape) !== JSON.stringify(expected)) {
    throw new UserError(`The filter must be one expression over the row's columns (like age > 30 AND city = 'Paris'), not a query: no UNION, ORDER BY, LIMIT or unbalanced parentheses.`);
  }
  if (containsSubquery(node.where_clause)) throw new UserError('The filter may not contain a subquery (SELECT …): use an expression over the row\'s columns only.');
  return text;
}

/** DuckDB's complaint about a filter that parsed but cannot run (unknown column, wrong types), in the person's terms. */
export function filterError(error: unknown, where: string): UserError {
  const message = duckMessage(error).replace(/ Candidate bindings: /, '; did you mean ').replace(/LINE \d+:.*$/, '');
  return new UserError(`The filter "${where}" cannot be applied: ${message}${/did you mean/.test(message) ? '?' : ''}`);
}
