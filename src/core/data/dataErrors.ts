import { basename } from 'node:path';
import { UserError } from '../errors';

/** What is wrong with a data file, so the editor can offer the matching way out (e.g. "open leniently"). */
export type DataProblem =
  | 'not-found'
  | 'unsupported-format'
  | 'empty'
  | 'no-rows'
  | 'binary'
  | 'encoding'
  | 'ragged-rows'
  | 'unterminated-quote'
  | 'line-too-long'
  | 'unreadable-csv'
  | 'invalid-json'
  | 'mixed-types'
  | 'invalid-parquet'
  | 'out-of-memory'
  | 'unreadable';

/** A data file DuckDB cannot read as it is; `line` (1-based) or `offset` (bytes) point at the place when known. */
export class DataFileError extends UserError {
  constructor(
    message: string,
    readonly problem: DataProblem,
    readonly path: string,
    readonly location: { line?: number; offset?: number } = {},
  ) {
    super(message);
    this.name = 'DataFileError';
  }
}

/** DuckDB's message without its "LINE 1: … ^" excerpt of our generated SQL, its hints and its dump of reader settings. */
export function duckMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const kept: string[] = [];
  for (const line of text.split('\n')) {
    if (/^LINE \d+:/.test(line) || /^\s*\^\s*$/.test(line) || /^\s*(\*|Possible (Solution|fixes))/.test(line) || /^\s{2}\w[\w ]* = /.test(line)) break;
    if (line.trim()) kept.push(line.trim());
  }
  return kept.join(' ').replace(/^(Invalid Input|Conversion|IO|Binder|Parser|Catalog|Out of Memory|INTERRUPT) Error: /, '');
}

/** A column DuckDB guessed the type of from a sample, contradicted further down. */
export interface ConversionFailure {
  column: string;
  value: string;
  type: string;
  line?: number;
}

export function conversionFailure(error: unknown): ConversionFailure | undefined {
  const text = error instanceof Error ? error.message : String(error);
  const csv = /Error when converting column "((?:[^"]|"")*)"\. Could not convert string "(.*)" to '(\w+)'/.exec(text);
  if (csv) return { column: csv[1].replace(/""/g, '"'), value: csv[2], type: csv[3], line: lineOf(text) };
  return undefined;
}

/** A line whose number of fields differs from the header's. */
export function raggedRowsError(path: string, line: number | undefined, fields: number, expected: number): DataFileError {
  return new DataFileError(
    `${line ? `Line ${line} of ${basename(path)}` : basename(path)} has ${fields} field${fields === 1 ? '' : 's'} but the header has ${expected}. Fix that line, or read the file leniently (--lenient on the command line): short rows are padded with empty values and extra fields dropped.`,
    'ragged-rows',
    path,
    { line },
  );
}

/** DuckDB's report of a JSON line that does not parse: the line it names and what it says. */
export function malformedJson(error: unknown): { line: number; detail: string } | undefined {
  const match = /Malformed JSON in file .*?, at byte \d+ in line (\d+): (.*?)\.?\s*$/m.exec(error instanceof Error ? error.message : String(error));
  return match ? { line: Number(match[1]), detail: match[2].trim() } : undefined;
}

export function malformedJsonError(path: string, line: number, detail: string): DataFileError {
  return new DataFileError(`Line ${line} of ${basename(path)} is not valid JSON (${detail}). Each line must be one JSON object.`, 'invalid-json', path, { line });
}

export function isJsonTransformError(error: unknown): boolean {
  return /JSON transform error/.test(error instanceof Error ? error.message : String(error));
}

export function isInvalidUnicode(error: unknown): boolean {
  return /Invalid unicode/i.test(error instanceof Error ? error.message : String(error));
}

function lineOf(text: string): number | undefined {
  const match = /CSV Error on Line: (\d+)/.exec(text) ?? /in line (\d+)/.exec(text);
  return match ? Number(match[1]) : undefined;
}

/** Turn DuckDB's complaint about reading `path` into a message that says what is wrong and what to do. */
export function dataFileError(error: unknown, path: string, memoryLimit?: string): Error {
  if (error instanceof UserError) return error;
  const text = error instanceof Error ? error.message : String(error);
  const file = basename(path);
  const line = lineOf(text);
  const at = line ? `Line ${line} of ${file}` : file;
  const columns = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(text);
  if (columns) return raggedRowsError(path, line, Number(columns[2]), Number(columns[1]));
  if (/unterminated quote/i.test(text)) {
    return new DataFileError(`${at} opens a quote (") that is never closed, so the rest of the file would be one field. Close or remove that quote.`, 'unterminated-quote', path, { line });
  }
  const lineSize = /Maximum line size of (\d+) bytes exceeded/.exec(text);
  if (lineSize) {
    return new DataFileError(`${at} is longer than ${lineSize[1]} bytes: this is probably not a line-oriented text file, or a quote is never closed.`, 'line-too-long', path, { line });
  }
  if (isInvalidUnicode(error)) {
    return new DataFileError(`${at} is not valid UTF-8 text. Re-save the file as UTF-8.`, 'encoding', path, { line });
  }
  const conversion = conversionFailure(error);
  if (conversion) {
    return new DataFileError(
      `${at}: column "${conversion.column}" holds "${conversion.value}", which is not a ${conversion.type.toLowerCase()} like the values above it. Fix the value or make the column text.`,
      'mixed-types',
      path,
      { line: conversion.line },
    );
  }
  const json = malformedJson(error);
  if (json) return malformedJsonError(path, json.line, json.detail);
  if (isJsonTransformError(error)) {
    return new DataFileError(`${at}: ${duckMessage(error).replace(/^.*?: /, '')}. The records do not share one structure.`, 'invalid-json', path, { line });
  }
  if (/too small to be a Parquet file|No magic bytes found|Invalid Parquet|parquet/i.test(text) && /\.parquet$/i.test(path)) {
    return new DataFileError(`${file} is not a readable Parquet file (${duckMessage(error)}): it may be truncated — still being written or cut short in a copy — or not Parquet at all.`, 'invalid-parquet', path);
  }
  if (/sniffing file|detect the CSV parsing dialect/.test(text)) {
    return new DataFileError(`Could not work out how ${file} is laid out (delimiter, quotes, header). Check that it is a delimited text file with the same number of fields on every line.`, 'unreadable-csv', path);
  }
  if (/Out of Memory Error/.test(text)) {
    return new DataFileError(`Reading ${file} needed more than the ${memoryLimit ?? 'configured'} memory limit even after spilling to disk. Raise the memory limit or free disk space in the temp folder.`, 'out-of-memory', path);
  }
  if (/No files found|Cannot open file|No such file/i.test(text)) {
    return new DataFileError(`${file} cannot be opened: ${duckMessage(error)}`, 'not-found', path);
  }
  if (/^(Invalid Input|IO|Conversion) Error/.test(text)) return new DataFileError(`${file} could not be read: ${duckMessage(error)}`, 'unreadable', path, { line });
  return error instanceof Error ? error : new Error(text);
}
