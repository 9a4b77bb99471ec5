import type Database from 'better-sqlite3';
import { fieldToText, type Field } from '../query/fields';
import { loadSelectedRuns, paramKeysOf } from './selectedRuns';
import type { Cell } from './viewModels';

export interface ParamsDiffRow {
  key: string;
  /** The column id (`params.lr`), to add the param to the table or a filter. */
  columnId: string;
  /** One per run of ParamsDiffModel.runs; null where the run has no such param. */
  values: Cell[];
  /** Not the same in every run (a missing value differs from any value). */
  differs: boolean;
}

/** Every param of the runs side by side: the view shows rows with `differs` by default and all rows on a toggle. */
export interface ParamsDiffModel {
  runs: { id: string; name: string }[];
  /** Asked-for runs the store no longer has (deleted since they were selected). */
  missingRunIds: string[];
  rows: ParamsDiffRow[];
  changedCount: number;
}

export function loadParamsDiff(db: Database.Database, runIds: string[]): ParamsDiffModel {
  const keys = paramKeysOf(db, runIds);
  const fields = keys.map((key): Field => ({ kind: 'param', key }));
  const { runs, missingRunIds } = loadSelectedRuns(db, runIds, fields);
  const rows = keys.map((key, i): ParamsDiffRow => {
    const values = runs.map((run) => run.cells[i]);
    return { key, columnId: fieldToText(fields[i]), values, differs: values.some((v) => v !== values[0]) };
  });
  return { runs: runs.map(({ id, name }) => ({ id, name })), missingRunIds, rows, changedCount: rows.filter((r) => r.differs).length };
}
