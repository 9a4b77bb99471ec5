import { UserError } from '../errors';

/** A run filter the user wrote that cannot be read or run; position/length (0-based, in characters) mark the offending token. */
export class QueryError extends UserError {
  constructor(
    message: string,
    readonly query: string,
    readonly position: number,
    readonly length: number,
  ) {
    super(message);
    this.name = 'QueryError';
  }
}

/** Builds a QueryError whose message ends with "at column N" (1-based), the form the CLI and the filter box show. */
export function queryError(query: string, position: number, length: number, problem: string, hint?: string): QueryError {
  const where = `at column ${position + 1}${position >= query.length ? ' (the end of the query)' : ''}`;
  return new QueryError(`${problem} ${where}${hint ? `: ${hint}` : ''}`, query, position, Math.max(1, length));
}

/**
 * The query's line holding the error with a caret line under the offending token, e.g.
 *   metrics.acc >
 *                ^
 */
export function renderQueryError(error: QueryError): string {
  const lineStart = error.query.lastIndexOf('\n', error.position - 1) + 1;
  const lineEndAt = error.query.indexOf('\n', error.position);
  const line = error.query.slice(lineStart, lineEndAt < 0 ? undefined : lineEndAt).replace(/\t/g, ' ');
  const column = error.position - lineStart;
  const width = Math.max(1, Math.min(error.length, line.length - column));
  return `${line}\n${' '.repeat(column)}${'^'.repeat(width)}`;
}

/** A query error as plain JSON for a filter box: the message, the span to underline and the caret rendering. */
export interface QueryErrorView {
  message: string;
  position: number;
  length: number;
  caret: string;
}

export function queryErrorView(error: QueryError): QueryErrorView {
  return { message: error.message, position: error.position, length: error.length, caret: renderQueryError(error) };
}
