import { promises as fs } from 'node:fs';
import { basename, extname } from 'node:path';
import { UserError } from '../errors';
import { DataFileError } from './dataErrors';
import type { DatasetFormat } from './profile/types';

export type { DatasetFormat };
export type TextEncoding = 'utf-8' | 'latin-1';

const formatsByExtension: Record<string, DatasetFormat> = { '.csv': 'csv', '.tsv': 'tsv', '.jsonl': 'jsonl', '.ndjson': 'jsonl', '.parquet': 'parquet' };

/** Extensions the engine reads, with the dot. */
export const dataFileExtensionsRead = Object.keys(formatsByExtension);

export function formatOfPath(path: string): DatasetFormat | undefined {
  return formatsByExtension[extname(path).toLowerCase()];
}

/** What a cheap look at the file's first bytes tells before DuckDB reads it. */
export interface FileFacts {
  path: string;
  format: DatasetFormat;
  sizeBytes: number;
  modifiedAt: string;
  encoding: TextEncoding;
  /** The first bytes (up to 64 KB) decoded, for text formats: header line, delimiter guesses, row estimates. */
  head: string;
  /** True when the head is the whole file. */
  headIsWholeFile: boolean;
  notices: string[];
}

const headBytes = 64 * 1024;

/** Byte offset of the first invalid UTF-8 sequence, or -1. A sequence cut off by the end of the buffer is not counted. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (!length) return i;
    if (i + length > bytes.length) return -1;
    for (let k = 1; k < length; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    if (length === 3 && ((b === 0xe0 && bytes[i + 1] < 0xa0) || (b === 0xed && bytes[i + 1] > 0x9f))) return i;
    if (length === 4 && ((b === 0xf0 && bytes[i + 1] < 0x90) || (b === 0xf4 && bytes[i + 1] > 0x8f))) return i;
    i += length;
  }
  return -1;
}

function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** Refuse what DuckDB would misread or hang on (missing, empty, binary, truncated Parquet) and pick the text encoding. */
export async function inspectFile(path: string): Promise<FileFacts> {
  const file = basename(path);
  const format = formatOfPath(path);
  if (!format) throw new DataFileError(`${file} is not a data file mlcycle reads: use .csv, .tsv, .jsonl, .ndjson or .parquet.`, 'unsupported-format', path);
  let stat;
  try {
    stat = await fs.stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DataFileError(code === 'ENOENT' ? `${path} does not exist.` : `${path} cannot be read (${code}).`, 'not-found', path);
  }
  if (stat.isDirectory()) throw new UserError(`${path} is a folder, not a data file.`);
  const facts: FileFacts = { path, format, sizeBytes: stat.size, modifiedAt: stat.mtime.toISOString(), encoding: 'utf-8', head: '', headIsWholeFile: true, notices: [] };
  if (stat.size === 0) throw new DataFileError(`${file} is empty (0 bytes): there is no header and no data.`, 'empty', path);
  const handle = await fs.open(path, 'r');
  let head: Buffer;
  let tail = Buffer.alloc(0);
  try {
    head = Buffer.alloc(Math.min(headBytes, stat.size));
    await handle.read(head, 0, head.length, 0);
    if (format === 'parquet' && stat.size >= 4) {
      tail = Buffer.alloc(4);
      await handle.read(tail, 0, 4, stat.size - 4);
    }
  } finally {
    await handle.close();
  }
  if (format === 'parquet') {
    checkParquetMagic(path, head, tail, stat.size);
    return facts;
  }
  facts.headIsWholeFile = head.length === stat.size;
  let body: Uint8Array = head;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) body = head.subarray(3);
  else if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw new DataFileError(`${file} is UTF-16 text; mlcycle reads UTF-8 (or Latin-1). Re-save it as UTF-8.`, 'encoding', path, { offset: 0 });
  }
  const zero = body.indexOf(0);
  if (zero >= 0 || controlShare(body) > 0.1) {
    const offset = zero >= 0 ? zero + (head.length - body.length) : undefined;
    throw new DataFileError(
      `${file} looks like a binary file, not ${format.toUpperCase()} text${offset !== undefined ? ` (a zero byte at offset ${offset})` : ''}. Check that it is the file you meant, or give it the extension of its real format.`,
      'binary',
      path,
      { offset },
    );
  }
  const invalid = firstInvalidUtf8(body);
  if (invalid >= 0) {
    const offset = invalid + (head.length - body.length);
    const line = lineAt(head, offset);
    if (format === 'jsonl') {
      throw new DataFileError(`Line ${line} of ${file} is not valid UTF-8 (byte 0x${head[offset].toString(16).toUpperCase()} at offset ${offset}); JSON must be UTF-8. Re-save the file as UTF-8.`, 'encoding', path, { line, offset });
    }
    facts.encoding = 'latin-1';
    facts.notices.push(
      `${file} is not valid UTF-8 (byte 0x${head[offset].toString(16).toUpperCase()} at offset ${offset}, line ${line}), so it is read as Latin-1 (ISO-8859-1). If accented letters look wrong, re-save the file as UTF-8.`,
    );
  }
  facts.head = facts.encoding === 'latin-1' ? Buffer.from(body).toString('latin1') : Buffer.from(body).toString('utf8');
  if (facts.headIsWholeFile && !facts.head.trim()) throw new DataFileError(`${file} holds only blank lines: there is no header and no data.`, 'empty', path);
  return facts;
}

/** Share of control characters other than tab, newline and carriage return: text has next to none. */
function controlShare(bytes: Uint8Array): number {
  if (!bytes.length) return 0;
  let controls = 0;
  for (const b of bytes) if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) controls++;
  return controls / bytes.length;
}

function checkParquetMagic(path: string, head: Buffer, tail: Buffer, size: number): void {
  const file = basename(path);
  if (size < 12) throw new DataFileError(`${file} is only ${size} bytes: too small to be a Parquet file (it may have been cut short while copying or writing).`, 'invalid-parquet', path, { offset: 0 });
  if (head.toString('latin1', 0, 4) !== 'PAR1') throw new DataFileError(`${file} does not start with the Parquet signature "PAR1": it is not a Parquet file.`, 'invalid-parquet', path, { offset: 0 });
  if (tail.toString('latin1') !== 'PAR1') {
    throw new DataFileError(`${file} does not end with the Parquet footer "PAR1": the file is truncated (still being written, or cut short in a copy). Write or copy it again.`, 'invalid-parquet', path, { offset: size - 4 });
  }
}
