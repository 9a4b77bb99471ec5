import { UserError } from '../errors';

/** The notebook type VS Code knows .mlnb files by. */
export const NOTEBOOK_TYPE = 'mlcycle-notebook';
export const NOTEBOOK_FORMAT_VERSION = 1;

export type NotebookCellKind = 'markdown' | 'code';

/** What the file keeps of a cell: its text and the runs it started (never a copy of their results). */
export interface NotebookFileCell {
  kind: NotebookCellKind;
  /** 'markdown', 'yaml' or 'json'. */
  language: string;
  source: string;
  /** A short name other cells use to refer to this one (a comparison cell's `compare:` list). */
  id?: string;
  /** The runs this cell started: one, or a sweep's children. */
  runIds?: string[];
  /** The sweep's parent run, when the cell started a sweep. */
  sweepId?: string;
}

export interface NotebookFile {
  cells: NotebookFileCell[];
}

/**
 * The file as git should see it: pretty-printed JSON (2 spaces, trailing newline), keys always in the same
 * order, one object per cell and one array entry per source line, so an edit changes only the lines it touched.
 */
export function serializeNotebook(notebook: NotebookFile): string {
  const cells = notebook.cells.map((cell) => {
    const out: Record<string, unknown> = { kind: cell.kind, language: cell.language };
    if (cell.id) out.id = cell.id;
    if (cell.sweepId) out.sweepId = cell.sweepId;
    if (cell.runIds?.length) out.runIds = [...cell.runIds];
    out.source = cell.source === '' ? [] : cell.source.split(/\r?\n/);
    return out;
  });
  return `${JSON.stringify({ format: NOTEBOOK_TYPE, version: NOTEBOOK_FORMAT_VERSION, cells }, null, 2)}\n`;
}

function fail(where: string, what: string): never {
  throw new UserError(`${where}: ${what}`);
}

function stringList(value: unknown, where: string, field: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) fail(where, `"${field}" must be a list of text.`);
  return value as string[];
}

function parseCell(value: unknown, where: string): NotebookFileCell {
  if (!value || typeof value !== 'object' || Array.isArray(value)) fail(where, 'a cell must be an object with "kind" and "source".');
  const cell = value as Record<string, unknown>;
  if (cell.kind !== 'markdown' && cell.kind !== 'code') fail(where, `"kind" must be "markdown" or "code", not ${JSON.stringify(cell.kind)}.`);
  const language = cell.language ?? (cell.kind === 'markdown' ? 'markdown' : 'yaml');
  if (typeof language !== 'string') fail(where, '"language" must be text, e.g. "yaml".');
  const source = typeof cell.source === 'string' ? cell.source : (stringList(cell.source ?? [], where, 'source') ?? []).join('\n');
  if (cell.id !== undefined && typeof cell.id !== 'string') fail(where, '"id" must be text.');
  if (cell.sweepId !== undefined && typeof cell.sweepId !== 'string') fail(where, '"sweepId" must be a run id.');
  const runIds = stringList(cell.runIds, where, 'runIds');
  return {
    kind: cell.kind,
    language,
    source,
    ...(cell.id ? { id: cell.id as string } : {}),
    ...(runIds?.length ? { runIds } : {}),
    ...(cell.sweepId ? { sweepId: cell.sweepId as string } : {}),
  };
}

/** Reads a .mlnb file's text; an empty file is an empty notebook. Says where and what when the file is not one. */
export function parseNotebook(text: string, fileName = 'the notebook'): NotebookFile {
  if (!text.trim()) return { cells: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    const line = position === undefined ? undefined : text.slice(0, Number(position)).split('\n').length;
    fail(`${fileName}${line ? `, line ${line}` : ''}`, `not valid JSON (${(error as Error).message}). Fix the file in a text editor ("Reopen Editor With… Text Editor") or restore it from git.`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || !Array.isArray((parsed as { cells?: unknown }).cells)) {
    fail(fileName, 'not an mlcycle notebook: expected an object with a "cells" list.');
  }
  const version = (parsed as { version?: unknown }).version;
  if (typeof version === 'number' && version > NOTEBOOK_FORMAT_VERSION) {
    fail(fileName, `written by a newer mlcycle (format version ${version}; this one reads version ${NOTEBOOK_FORMAT_VERSION}). Update the extension.`);
  }
  return { cells: (parsed as { cells: unknown[] }).cells.map((cell, i) => parseCell(cell, `${fileName}, cell ${i + 1}`)) };
}
