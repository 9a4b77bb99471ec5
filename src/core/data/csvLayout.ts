import type { DuckDBConnection } from '@duckdb/node-api';
import { isInvalidUnicode, raggedRowsError, type DataFileError } from './dataErrors';
import { queryObjects } from './engine';
import type { FileFacts, TextEncoding } from './fileCheck';
import { sqlString } from './values';

/** How a delimited text file is laid out, as DuckDB's sniffer found it, made explicit so later reads skip sniffing. */
export interface CsvLayout {
  delimiter: string;
  quote: string;
  escape: string;
  header: boolean;
  skipRows: number;
  comment: string;
  columns: { name: string; type: string }[];
  dateFormat?: string;
  timestampFormat?: string;
  encoding: TextEncoding;
  /** Pad short rows with NULLs and drop extra fields instead of refusing the file. */
  lenient: boolean;
}

const delimiterCandidates = [',', ';', '\t', '|'];

/** Files with more columns than this are wide: DuckDB's default 32 MB read buffers per thread, times a buffer per column, exceed a 1 GB limit. */
export const wideFileColumns = 1000;

/** A read buffer that keeps a wide file's per-column allocations within memory: 8 MB at 10,000 columns, never under 2 MB. */
function wideBufferSize(columns: number): number {
  return Math.max(2 << 20, Math.min(32 << 20, Math.floor(((8 << 20) * 10000) / columns)));
}

/** Fields per record in `text` (RFC 4180 quoting, so quoted delimiters and newlines stay inside their field). */
export function* csvRecords(text: string, delimiter: string, quote = '"'): Generator<{ line: number; fields: number }> {
  let line = 1;
  let recordLine = 1;
  let fields = 1;
  let inQuotes = false;
  let empty = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuotes) {
      if (c === quote) {
        if (text[i + 1] === quote) i++;
        else inQuotes = false;
      } else if (c === '\n') line++;
      continue;
    }
    if (c === quote) {
      inQuotes = true;
      empty = false;
    } else if (c === delimiter) {
      fields++;
      empty = false;
    } else if (c === '\n') {
      if (!empty) yield { line: recordLine, fields };
      line++;
      recordLine = line;
      fields = 1;
      empty = true;
    } else if (c !== '\r') empty = false;
  }
}

/** The first record whose field count differs from the header's, within `text` (the file's head). */
export function findRaggedLine(text: string, delimiter: string, quote = '"'): { line: number; fields: number; expected: number } | undefined {
  let expected: number | undefined;
  // The last record of a head may be cut in the middle: never judge it.
  const complete = text.slice(0, Math.max(0, text.lastIndexOf('\n') + 1));
  for (const record of csvRecords(complete, delimiter, quote)) {
    if (expected === undefined) expected = record.fields;
    else if (record.fields !== expected) return { line: record.line, fields: record.fields, expected };
  }
  return undefined;
}

/** The candidate delimiter seen most often outside quotes on the first line, or undefined when none appears. */
export function guessDelimiter(head: string): string | undefined {
  const firstLine = head.split('\n', 1)[0];
  let best: string | undefined;
  let bestCount = 0;
  for (const candidate of delimiterCandidates) {
    let count = 0;
    let inQuotes = false;
    for (const c of firstLine) {
      if (c === '"') inQuotes = !inQuotes;
      else if (c === candidate && !inQuotes) count++;
    }
    if (count > bestCount) [best, bestCount] = [candidate, count];
  }
  return best;
}

function readerOptions(layout: Pick<CsvLayout, 'encoding' | 'lenient'>, delimiter?: string): string[] {
  const options: string[] = [];
  if (delimiter) options.push(`delim=${sqlString(delimiter)}`);
  if (layout.encoding !== 'utf-8') options.push(`encoding=${sqlString(layout.encoding)}`);
  if (layout.lenient) options.push('null_padding=true', 'strict_mode=false');
  return options;
}

interface SniffRow {
  Delimiter: string;
  Quote: string;
  Escape: string;
  Comment: string;
  SkipRows: unknown;
  HasHeader: boolean;
  Columns: { name: string; type: string }[];
  DateFormat: string | null;
  TimestampFormat: string | null;
}

async function sniff(connection: DuckDBConnection, facts: FileFacts, lenient: boolean, delimiter?: string): Promise<SniffRow> {
  const options = readerOptions({ encoding: facts.encoding, lenient }, delimiter);
  const [row] = await queryObjects(connection, `SELECT * FROM sniff_csv(${[sqlString(facts.path), ...options].join(', ')})`);
  return row as unknown as SniffRow;
}

function raggedError(facts: FileFacts, delimiter: string): DataFileError | undefined {
  const ragged = findRaggedLine(facts.head, delimiter);
  return ragged ? raggedRowsError(facts.path, ragged.line, ragged.fields, ragged.expected) : undefined;
}

/**
 * Ask DuckDB's sniffer for the layout. A sniffer that gives up, or settles on a single column although the header
 * line holds delimiters, is usually looking at rows of unequal length: say which line, from the file's head.
 */
export async function detectCsvLayout(connection: DuckDBConnection, facts: FileFacts, lenient: boolean): Promise<CsvLayout> {
  const fixedDelimiter = facts.format === 'tsv' ? '\t' : undefined;
  const guessed = fixedDelimiter ?? guessDelimiter(facts.head) ?? ',';
  let row: SniffRow;
  try {
    row = await sniff(connection, facts, lenient, fixedDelimiter);
    if (row.Columns.length === 1 && guessDelimiter(facts.head) && row.Delimiter !== guessed) row = await sniff(connection, facts, lenient, guessed);
  } catch (error) {
    if (!lenient && !isInvalidUnicode(error)) {
      const ragged = raggedError(facts, guessed);
      if (ragged) throw ragged;
    }
    // Untranslated, so the session can adapt (e.g. fall back to Latin-1) before it explains.
    throw error;
  }
  const quote = row.Quote === '(empty)' || !row.Quote ? '"' : row.Quote;
  const escape = row.Escape === '(empty)' || !row.Escape ? (quote === '"' ? '"' : '') : row.Escape;
  return {
    delimiter: row.Delimiter,
    quote,
    escape,
    header: row.HasHeader,
    skipRows: Number(row.SkipRows ?? 0),
    comment: row.Comment === '(empty)' ? '' : row.Comment,
    columns: row.Columns.map((c) => ({ name: c.name, type: c.type })),
    dateFormat: row.DateFormat ?? undefined,
    timestampFormat: row.TimestampFormat ?? undefined,
    encoding: facts.encoding,
    lenient,
  };
}

/** read_csv(...) with every setting explicit; `textColumns` are read as VARCHAR whatever the sniffer guessed. */
export function csvReaderSql(path: string, layout: CsvLayout, textColumns: ReadonlySet<string>): string {
  const columns = layout.columns.map((c) => `${sqlString(c.name)}: ${sqlString(textColumns.has(c.name) ? 'VARCHAR' : c.type)}`).join(', ');
  const options = [
    sqlString(path),
    'auto_detect=false',
    `delim=${sqlString(layout.delimiter)}`,
    `quote=${sqlString(layout.quote)}`,
    `escape=${sqlString(layout.escape)}`,
    `header=${layout.header}`,
    `skip=${layout.skipRows}`,
    `comment=${sqlString(layout.comment)}`,
    `columns={${columns}}`,
    ...(layout.dateFormat ? [`dateformat=${sqlString(layout.dateFormat)}`] : []),
    ...(layout.timestampFormat ? [`timestampformat=${sqlString(layout.timestampFormat)}`] : []),
    ...readerOptions(layout),
    ...(layout.columns.length > wideFileColumns ? [`buffer_size=${wideBufferSize(layout.columns.length)}`] : []),
  ];
  return `read_csv(${options.join(', ')})`;
}

