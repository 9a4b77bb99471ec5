import { createReadStream, existsSync } from 'node:fs';
import { extname } from 'node:path';
import { UserError } from '../errors';

/** Where an example is in its dataset file: the 0-based line its row starts on, and how it was matched. */
export interface ExampleLocation {
  line: number;
  matchedBy: 'id column' | 'row number';
  /** The id column's name when matched by it. */
  column?: string;
}

/** Column names that hold example ids, compared case-insensitively, preferred first. */
export const idColumnNames = ['id', 'example_id', 'exampleid', 'uid', 'index'];

/**
 * The line of the row whose id column equals `exampleId` in a CSV, TSV or JSON Lines file; without an id column a
 * whole-number id is read as the 0-based row number, as log_predictions(range(n), …) would have logged it.
 */
export async function findExampleLine(path: string, exampleId: string): Promise<ExampleLocation> {
  if (!existsSync(path)) throw new UserError(`the dataset file ${path} is gone: it was moved or deleted since the run logged it`);
  const ext = extname(path).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson') return findInJsonLines(path, exampleId);
  if (ext === '.csv' || ext === '.tsv' || ext === '.txt') return findInDelimited(path, exampleId, ext === '.tsv' ? '\t' : undefined);
  throw new UserError(`mlcycle can find example rows in CSV, TSV and JSON Lines files, not in ${path}`);
}

async function findInDelimited(path: string, exampleId: string, delimiter: string | undefined): Promise<ExampleLocation> {
  let idIndex = -1;
  let column: string | undefined;
  let row = -1;
  const wantedRow = rowNumber(exampleId);
  for await (const record of delimitedRecords(path, delimiter)) {
    if (row === -1) {
      const names = record.fields.map((f) => f.trim().toLowerCase());
      const found = idColumnNames.map((n) => names.indexOf(n)).find((i) => i >= 0);
      if (found !== undefined) [idIndex, column] = [found, record.fields[found].trim()];
      else if (wantedRow === undefined) throw new UserError(`${path} has no id column (${idColumnNames.join(', ')}) and example "${exampleId}" is not a row number`);
      row = 0;
      continue;
    }
    if (idIndex >= 0 ? record.fields[idIndex]?.trim() === exampleId : row === wantedRow) {
      return idIndex >= 0 ? { line: record.line, matchedBy: 'id column', column } : { line: record.line, matchedBy: 'row number' };
    }
    row++;
  }
  throw new UserError(idIndex >= 0 ? `no row with ${column} = "${exampleId}" in ${path}: the file changed since the run, or the run logged other ids` : `${path} has fewer than ${(wantedRow ?? 0) + 1} rows`);
}

async function findInJsonLines(path: string, exampleId: string): Promise<ExampleLocation> {
  const wantedRow = rowNumber(exampleId);
  let line = 0;
  let row = 0;
  let rowMatch: ExampleLocation | undefined;
  for await (const text of physicalLines(path)) {
    if (text.trim()) {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        value = undefined;
      }
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        const entries = Object.entries(value as Record<string, unknown>);
        const id = idColumnNames.map((n) => entries.find(([k]) => k.toLowerCase() === n)).find((e) => e !== undefined);
        if (id && String(id[1]) === exampleId) return { line, matchedBy: 'id column', column: id[0] };
        if (!id && row === wantedRow) rowMatch ??= { line, matchedBy: 'row number' };
      }
      row++;
    }
    line++;
  }
  if (rowMatch) return rowMatch;
  throw new UserError(`no line with id "${exampleId}" in ${path}: the file changed since the run, or the run logged other ids`);
}

function rowNumber(exampleId: string): number | undefined {
  return /^\d+$/.test(exampleId) ? Number(exampleId) : undefined;
}

async function* physicalLines(path: string): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8' })) {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop()!;
    for (const part of parts) yield part.endsWith('\r') ? part.slice(0, -1) : part;
  }
  if (rest) yield rest;
}

/** RFC 4180 records with the 0-based line each starts on: quoted fields may hold delimiters, quotes and newlines. */
async function* delimitedRecords(path: string, delimiter?: string): AsyncGenerator<{ fields: string[]; line: number }> {
  let sep = delimiter;
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let afterQuote = false;
  let line = 0;
  let recordLine = 0;
  let pendingQuote = false;
  for await (const chunk of createReadStream(path, { encoding: 'utf8' })) {
    const text = chunk as string;
    sep ??= guessDelimiter(text);
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (pendingQuote) {
        pendingQuote = false;
        if (c === '"') {
          field += '"';
          continue;
        }
        quoted = false;
        afterQuote = true;
      }
      if (quoted) {
        if (c === '"') pendingQuote = true;
        else {
          if (c === '\n') line++;
          field += c;
        }
        continue;
      }
      if (c === '"' && field === '' && !afterQuote) {
        quoted = true;
      } else if (c === sep) {
        fields.push(field);
        field = '';
        afterQuote = false;
      } else if (c === '\n') {
        fields.push(field.endsWith('\r') ? field.slice(0, -1) : field);
        yield { fields, line: recordLine };
        fields = [];
        field = '';
        afterQuote = false;
        line++;
        recordLine = line;
      } else if (!afterQuote) {
        field += c;
      }
    }
  }
  if (field !== '' || fields.length) yield { fields: [...fields, field], line: recordLine };
}

/** The delimiter of a .csv or .txt file: whichever of , tab ; | splits its header into the most fields. */
function guessDelimiter(text: string): string {
  const end = text.indexOf('\n');
  const header = end >= 0 ? text.slice(0, end) : text;
  return [',', '\t', ';', '|'].reduce((best, d) => (header.split(d).length > header.split(best).length ? d : best), ',');
}
