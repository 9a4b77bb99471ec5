import type Database from 'better-sqlite3';
import type { Field, RunAttribute } from '../query/fields';
import { sql, trusted, type SqlFragment } from '../query/sql';
import type { Cell, RunStatus, RunsTableRow } from './viewModels';

type FieldOf<K extends Field['kind']> = Extract<Field, { kind: K }>;

const extraAttributeColumns: Partial<Record<RunAttribute, string>> = {
  notes: 'r.notes', exit_code: 'r.exit_code', script: 'r.script', git_commit: 'r.git_commit', git_branch: 'r.git_branch', parent: 'r.parent_run_id',
};
const metricSeparator = '\u001f';
const aggregateIndex = { last: 0, min: 1, max: 2 } as const;

/**
 * Loads the runs matching `where` (over `runs r`) with one cell per field, in the order of `fields`, in one
 * statement: each run's params, metric summaries and tags come as one JSON object per table (json_group_object),
 * far cheaper than a row per value.
 */
export function loadRunValues(db: Database.Database, where: SqlFragment, fields: Field[], now: number): RunsTableRow[] {
  const columns = fields.map((field, index) => ({ index, field }));
  const ofKind = <K extends Field['kind']>(kind: K) => columns.filter((c): c is { index: number; field: FieldOf<K> } => c.field.kind === kind);
  const params = ofKind('param');
  const metrics = ofKind('metric');
  const tags = ofKind('tag');
  const attributes = ofKind('attribute');
  const extras = [...new Set(attributes.flatMap((c) => (extraAttributeColumns[c.field.name] ? [c.field.name] : [])))];
  const needsMinMax = metrics.some((c) => c.field.aggregate !== 'last');

  const selects: SqlFragment[] = extras.map((name) => trusted(extraAttributeColumns[name]!));
  if (params.length) {
    selects.push(sql`(SELECT json_group_object(p.key, p.value) FROM params p WHERE p.run_id = r.id${onlyKeys(trusted('p.key'), params.map((c) => c.field.key))})`);
  }
  if (metrics.length) {
    const value = trusted(needsMinMax ? 'json_array(ms.last_value, ms.min_value, ms.max_value)' : 'ms.last_value');
    const pair = trusted(`iif(ms.context = '', ms.key, ms.key || char(31) || ms.context)`);
    const pairs = metrics.map((c) => metricEntry(c.field));
    selects.push(sql`(SELECT json_group_object(${pair}, ${value}) FROM metric_summaries ms WHERE ms.run_id = r.id${onlyKeys(pair, pairs)})`);
  }
  if (tags.length) {
    selects.push(sql`(SELECT json_group_object(g.key, g.value) FROM tags g WHERE g.run_id = r.id${onlyKeys(trusted('g.key'), tags.map((c) => c.field.key))})`);
  }
  const statement = sql`SELECT r.id, r.name, r.status, r.experiment_id, e.name, r.created_at, r.started_at, r.ended_at${selects.length ? sql`, ${joinFragments(selects)}` : trusted('')}
    FROM runs r JOIN experiments e ON e.id = r.experiment_id WHERE ${where}`;
  const rows = db.prepare(statement.text).raw().all(...statement.params) as unknown[][];

  const extraIndex = new Map(extras.map((name, i) => [name, 8 + i]));
  let next = 8 + extras.length;
  const paramsAt = params.length ? next++ : -1;
  const metricsAt = metrics.length ? next++ : -1;
  const tagsAt = tags.length ? next++ : -1;

  return rows.map((row): RunsTableRow => {
    const [id, name, status, experimentId, experiment, created, started, ended] = row as [string, string, RunStatus, number, string, number, number | null, number | null];
    const end = ended ?? (status === 'running' ? now : null);
    const duration = started === null || end === null ? null : (end - started) / 1000;
    const cells: Cell[] = new Array(fields.length);
    for (const { index: at, field } of attributes) {
      const extra = extraIndex.get(field.name);
      if (extra !== undefined) cells[at] = attributeCell(row[extra]);
      else if (field.name === 'duration') cells[at] = duration;
      else if (field.name === 'experiment') cells[at] = experiment;
      else cells[at] = row[baseColumns[field.name as keyof typeof baseColumns]] as Cell;
    }
    if (paramsAt >= 0) {
      const stored = parseObject(row[paramsAt]);
      for (const { index: at, field } of params) cells[at] = paramCell(ownValue(stored, field.key) as string | undefined);
    }
    if (metricsAt >= 0) {
      const stored = parseObject(row[metricsAt]);
      for (const { index: at, field } of metrics) {
        const entry = ownValue(stored, metricEntry(field)) as number | null | (number | null)[] | undefined;
        cells[at] = entry === undefined ? null : metricCell(Array.isArray(entry) ? entry[aggregateIndex[field.aggregate]] : entry);
      }
    }
    if (tagsAt >= 0) {
      const stored = parseObject(row[tagsAt]);
      for (const { index: at, field } of tags) cells[at] = (ownValue(stored, field.key) as string | undefined) ?? null;
    }
    return { id, name, status, experiment, experimentId, created, duration, cells };
  });
}

/** Where the attributes every row carries sit in the statement's columns. */
const baseColumns = { id: 0, name: 1, status: 2, created: 5, started: 6, ended: 7 } as const;

/**
 * Restricts a run's rows to a few wanted keys; for more, reading all of the run's rows (one range of the primary key)
 * and picking in JS is faster than a seek per key.
 */
function onlyKeys(column: SqlFragment, keys: string[]): SqlFragment {
  return keys.length > 4 ? trusted('') : sql` AND ${column} IN (${joinFragments(keys.map((k) => sql`${k}`))})`;
}

function joinFragments(fragments: SqlFragment[]): SqlFragment {
  return fragments.reduce((all, f) => sql`${all}, ${f}`);
}

/**
 * A key's own value in a parsed JSON object. Keys are user text, so "constructor" or "__proto__" must not reach
 * Object.prototype; JSON holds no functions and never Object.prototype itself, which is cheaper to test than hasOwn.
 */
function ownValue(object: Record<string, unknown>, key: string): unknown {
  const value = object[key];
  return typeof value === 'function' || value === Object.prototype ? undefined : value;
}

function parseObject(json: unknown): Record<string, unknown> {
  return typeof json === 'string' ? (JSON.parse(json) as Record<string, unknown>) : {};
}

/** A run's metric summaries are keyed by name, or name and context when there is one. */
function metricEntry(field: FieldOf<'metric'>): string {
  return field.context === '' ? field.key : field.key + metricSeparator + field.context;
}

const jsonNumber = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * A param's stored JSON text as a cell. Plain strings and numbers (nearly all params) skip JSON.parse; an array or
 * object stays JSON text; text that is not JSON (another writer's) is shown as it is.
 */
function paramCell(text: string | undefined): Cell {
  if (text === undefined) return null;
  const first = text.charCodeAt(0);
  if (first === 34 && text.length > 1 && text.charCodeAt(text.length - 1) === 34 && !text.includes('\\')) return text.slice(1, -1);
  if (((first >= 48 && first <= 57) || first === 45) && jsonNumber.test(text)) return Number(text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return text;
  }
  return value === null ? null : typeof value === 'object' ? JSON.stringify(value) : (value as Cell);
}

/** JSON carries no NaN or ±Infinity, so those travel as text; a stored NULL is NaN (the store's convention). */
function metricCell(value: number | null): Cell {
  if (value === null) return 'NaN';
  return Number.isFinite(value) ? value : String(value);
}

function attributeCell(value: unknown): Cell {
  return value === '' || value === undefined ? null : (value as Cell);
}
