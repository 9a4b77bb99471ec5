import { UserError } from '../errors';
import { parseSpecText, validateRunSpec, type RunSpec } from '../runs/runSpec';

/** A comparison cell: earlier cells' runs side by side. */
export interface CompareSpec {
  /** Cell ids or run names of earlier cells, or 'all' for every earlier run cell. */
  cells: string[] | 'all';
  metric?: string;
  context?: string;
}

export type CellSpec = { kind: 'run'; spec: RunSpec } | { kind: 'compare'; compare: CompareSpec };

const example = 'e.g.\n  script: train.py\n  params: { lr: [0.1, 0.01], epochs: 10 }';

function parseCompare(spec: Record<string, unknown>, where: string): CompareSpec {
  const known = new Set(['compare', 'metric', 'context']);
  const unknown = Object.keys(spec).filter((k) => !known.has(k));
  if (unknown.length) throw new UserError(`${where}: unknown field ${unknown.map((k) => `"${k}"`).join(', ')} in a comparison; its fields are compare, metric, context.`);
  const { compare, metric, context } = spec;
  const list = typeof compare === 'string' && compare !== 'all' ? [compare] : compare;
  const valid = list === 'all' || (Array.isArray(list) && list.length > 0 && list.every((c) => typeof c === 'string' || typeof c === 'number'));
  if (!valid) throw new UserError(`${where}: "compare" must be "all" or a list of earlier cells' ids or run names, e.g. compare: [run1, run2]`);
  if (metric !== undefined && (typeof metric !== 'string' || !metric)) throw new UserError(`${where}: "metric" must be a metric name, e.g. metric: accuracy`);
  if (context !== undefined && typeof context !== 'string') throw new UserError(`${where}: "context" must be a context name, e.g. context: dev`);
  return { cells: list === 'all' ? 'all' : (list as (string | number)[]).map(String), metric: metric as string | undefined, context: context as string | undefined };
}

/** A code cell's text as a run spec (lists in params make a sweep) or a comparison; says by field what is wrong. */
export function parseCellSpec(text: string, where = 'This cell'): CellSpec {
  if (!text.trim()) throw new UserError(`${where} is empty: write a run spec in YAML or JSON, ${example}`);
  const value = parseSpecText(text, where);
  if (value && typeof value === 'object' && !Array.isArray(value) && 'compare' in value) {
    return { kind: 'compare', compare: parseCompare(value as Record<string, unknown>, where) };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new UserError(`${where}: expected a mapping of fields (script, params, tags, name, experiment), ${example}`);
  return { kind: 'run', spec: validateRunSpec(value, where) };
}
