import type Database from 'better-sqlite3';
import { fieldLabel, fieldToText, metricAggregates, runAttributes, type Field, type RunAttribute } from '../query/fields';
import type { Cell, ColumnInfo, ColumnValueType } from './viewModels';

/** Attribute columns a new table shows first. */
export const defaultAttributeColumns: RunAttribute[] = ['name', 'status', 'experiment', 'created', 'duration'];

export function columnInfo(field: Field): ColumnInfo {
  const info: ColumnInfo = { id: fieldToText(field), label: fieldLabel(field), kind: field.kind, key: field.kind === 'attribute' ? field.name : field.key };
  if (field.kind === 'metric') {
    info.context = field.context;
    info.aggregate = field.aggregate;
  }
  return info;
}

/** The keys runs in scope have logged, as fields: run attributes, metrics (each with last, min, max), params, tags. */
export function loadAvailableFields(db: Database.Database, experimentId?: number): Field[] {
  const metricKeys = distinctKeys(db, 'metric_summaries', ['key', 'context'], experimentId);
  return [
    ...Object.keys(runAttributes).map((name): Field => ({ kind: 'attribute', name: name as RunAttribute })),
    ...metricKeys.flatMap(([key, context]) => metricAggregates.map((aggregate): Field => ({ kind: 'metric', key, context, aggregate }))),
    ...distinctKeys(db, 'params', ['key'], experimentId).map(([key]): Field => ({ kind: 'param', key })),
    ...distinctKeys(db, 'tags', ['key'], experimentId).map(([key]): Field => ({ kind: 'tag', key })),
  ];
}

/**
 * The distinct key (or key, context) values of a table in sorted order, by skipping along its key index (migration 2)
 * one seek per distinct value: a few dozen seeks instead of reading every row of a 10,000-run store.
 */
function distinctKeys(db: Database.Database, table: 'params' | 'tags' | 'metric_summaries', columns: string[], experimentId?: number): string[][] {
  const list = columns.join(', ');
  const inScope = experimentId === undefined ? '' : ' AND EXISTS (SELECT 1 FROM runs r WHERE r.id = t.run_id AND r.experiment_id = ?)';
  const scope = experimentId === undefined ? [] : [experimentId];
  const first = db.prepare(`SELECT ${list} FROM ${table} t WHERE 1${inScope} ORDER BY ${list} LIMIT 1`).raw();
  // After (k, c): the next c under the same k, else the next k. SQLite seeks on each form; a row-value (k, c) > (?, ?) would scan all of k.
  const after = columns.map((column, i) => {
    const equal = columns.slice(0, i).map((c) => `${c} = ? AND `).join('');
    return db.prepare(`SELECT ${list} FROM ${table} t WHERE ${equal}${column} > ?${inScope} ORDER BY ${list} LIMIT 1`).raw();
  });
  const next = (previous: string[]): string[] | undefined => {
    for (let i = columns.length - 1; i >= 0; i--) {
      const row = after[i].get(...previous.slice(0, i + 1), ...scope) as string[] | undefined;
      if (row) return row;
    }
    return undefined;
  };
  const found: string[][] = [];
  for (let row = first.get(...scope) as string[] | undefined; row; row = next(row)) found.push(row);
  return found;
}

/** The columns a table shows before anyone picks: the main attributes, every metric's last value, every param and tag. */
export function defaultFields(available: Field[]): Field[] {
  return [
    ...defaultAttributeColumns.map((name): Field => ({ kind: 'attribute', name })),
    ...available.filter((f) => (f.kind === 'metric' && f.aggregate === 'last') || f.kind === 'param' || f.kind === 'tag'),
  ];
}

const numberSeen = 1;
const textSeen = 2;
const booleanSeen = 4;

export function valueTypeOf(field: Field, rows: { cells: Cell[] }[], index: number): ColumnValueType {
  if (field.kind === 'attribute' && runAttributes[field.name].type === 'time') return 'time';
  let seen = 0;
  for (const { cells } of rows) {
    const cell = cells[index];
    if (cell === null) continue;
    // Non-finite metrics travel as the strings 'NaN', 'Infinity', '-Infinity' but are numbers.
    if (typeof cell === 'number' || field.kind === 'metric') seen |= numberSeen;
    else seen |= typeof cell === 'boolean' ? booleanSeen : textSeen;
  }
  if (seen === 0) return 'empty';
  if (seen === numberSeen) return 'number';
  if (seen === textSeen) return 'text';
  return seen === booleanSeen ? 'boolean' : 'mixed';
}
