import type Database from 'better-sqlite3';
import { UserError } from '../errors';
import { fieldLabel, fieldToText, type Field } from '../query/fields';
import { parseFieldName } from '../query/parser';
import { loadSelectedRuns, paramKeysOf } from './selectedRuns';
import type { Cell, ColumnKind } from './viewModels';

/** A chart axis: numbers on a range, or categories placed by index (values on a line are the category's index). */
export type AxisModel = { id: string; label: string; kind: ColumnKind } & (
  | { type: 'numeric'; min: number | null; max: number | null; /** Positive values spanning two or more decades, like learning rates. */ logSuggested: boolean }
  | { type: 'categorical'; categories: string[] }
);

export interface ParallelCoordinatesModel {
  /** The params, then the chosen metric last. */
  axes: AxisModel[];
  /** One per run; values[i] belongs to axes[i]: a number, a category index, or null when the run has no plottable value. */
  lines: { runId: string; runName: string; values: (number | null)[] }[];
  missingRunIds: string[];
}

export interface ParallelCoordinatesOptions {
  runIds: string[];
  /** The last axis: a column id such as `metrics.acc` or `metrics.loss[dev].min`. */
  metric: string;
  /** Param column ids for the other axes, all kept; by default every param of the runs that is not the same in all of them. */
  params?: string[];
  /** Keep params that are the same in every run (they draw one flat bundle); off by default. */
  includeConstant?: boolean;
}

export function loadParallelCoordinates(db: Database.Database, options: ParallelCoordinatesOptions): ParallelCoordinatesModel {
  const metric = parseFieldName(options.metric);
  const params = options.params ? options.params.map(parseFieldName) : paramKeysOf(db, options.runIds).map((key): Field => ({ kind: 'param', key }));
  const { runs, missingRunIds } = loadSelectedRuns(db, options.runIds, [...params, metric]);
  const columns = [...params, metric].map((field, i) => ({ field, cells: runs.map((run) => run.cells[i]) }));
  const dropConstant = !options.params && !options.includeConstant;
  const kept = columns.filter(({ cells }, i) => i === params.length || !dropConstant || !isConstant(cells));
  const plotted = kept.map(({ field, cells }) => plotAxis(field, cells));
  return {
    axes: plotted.map((p) => p.axis),
    lines: runs.map((run, r) => ({ runId: run.id, runName: run.name, values: plotted.map((p) => p.values[r]) })),
    missingRunIds,
  };
}

export interface ScatterModel {
  x: AxisModel;
  y: AxisModel;
  /** Runs with a plottable value on both axes. */
  points: { runId: string; runName: string; x: number; y: number }[];
  /** Runs left out because one of the two values is missing or not finite. */
  incompleteRunIds: string[];
  missingRunIds: string[];
}

/** A metric (y) against a param (x), one point per run; a categorical param places points at category indexes. */
export function loadMetricParamScatter(db: Database.Database, options: { runIds: string[]; param: string; metric: string }): ScatterModel {
  const param = parseFieldName(options.param);
  const metric = parseFieldName(options.metric);
  if (fieldToText(param) === fieldToText(metric)) throw new UserError(`pick two different columns for the scatter, not ${options.param} twice`);
  const { runs, missingRunIds } = loadSelectedRuns(db, options.runIds, [param, metric]);
  const x = plotAxis(param, runs.map((run) => run.cells[0]));
  const y = plotAxis(metric, runs.map((run) => run.cells[1]));
  const points: ScatterModel['points'] = [];
  const incompleteRunIds: string[] = [];
  runs.forEach((run, i) => {
    const [px, py] = [x.values[i], y.values[i]];
    if (px === null || py === null) incompleteRunIds.push(run.id);
    else points.push({ runId: run.id, runName: run.name, x: px, y: py });
  });
  return { x: x.axis, y: y.axis, points, incompleteRunIds, missingRunIds };
}

const collator = new Intl.Collator(undefined, { numeric: true });

/** Numeric when every present value is a number (NaN and ±Infinity count as missing: no chart can place them), else categorical. */
function plotAxis(field: Field, cells: Cell[]): { axis: AxisModel; values: (number | null)[] } {
  const base = { id: fieldToText(field), label: fieldLabel(field), kind: field.kind };
  const present = cells.filter((c): c is Exclude<Cell, null> => c !== null && !(field.kind === 'metric' && typeof c === 'string'));
  if (present.every((c) => typeof c === 'number')) {
    let min: number | null = null;
    let max: number | null = null;
    for (const n of present as number[]) {
      if (min === null || n < min) min = n;
      if (max === null || n > max) max = n;
    }
    const logSuggested = min !== null && max !== null && min > 0 && max / min >= 100;
    return { axis: { ...base, type: 'numeric', min, max, logSuggested }, values: cells.map((c) => (typeof c === 'number' ? c : null)) };
  }
  const categories = [...new Set(present.map(String))].sort(collator.compare);
  const index = new Map(categories.map((c, i) => [c, i]));
  return { axis: { ...base, type: 'categorical', categories }, values: cells.map((c) => (c === null ? null : (index.get(String(c)) ?? null))) };
}

function isConstant(cells: Cell[]): boolean {
  return cells.every((c) => c === cells[0]);
}
