import type { CompareSpec } from './cellSpec';
import type { CompareGroup, OutputRef } from './outputModel';

/** What a comparison needs to know of an earlier cell. */
export interface EarlierCell {
  id?: string;
  /** The run spec's name, when the cell has one. */
  name?: string;
  runIds: string[];
}

/**
 * The earlier cells a comparison names (by cell id or run name; 'all' takes every earlier cell that ran), in
 * notebook order, and the names that matched none.
 */
export function resolveCompare(spec: CompareSpec, earlier: EarlierCell[]): { groups: CompareGroup[]; missing: string[] } {
  const group = (c: EarlierCell, index: number): CompareGroup => {
    const label = c.name ?? c.id ?? `cell ${index + 1}`;
    return { cellId: c.id ?? label, label, runIds: c.runIds };
  };
  if (spec.cells === 'all') return { groups: earlier.map(group).filter((g) => g.runIds.length), missing: [] };
  const missing: string[] = [];
  const chosen = new Set<EarlierCell>();
  for (const reference of spec.cells) {
    const cell = earlier.find((c) => c.id === reference) ?? earlier.find((c) => c.name === reference);
    if (cell) chosen.add(cell);
    else missing.push(reference);
  }
  const groups = earlier.map(group).filter((_, i) => chosen.has(earlier[i]));
  return { groups, missing };
}

/** What a comparison cell's output refers to: the resolved groups, so it can be rebuilt without the notebook. */
export function compareOutputRef(spec: CompareSpec, earlier: EarlierCell[]): Extract<OutputRef, { kind: 'compare' }> {
  const { groups, missing } = resolveCompare(spec, earlier);
  return { kind: 'compare', groups, missing, ...(spec.metric ? { metric: spec.metric } : {}), ...(spec.context !== undefined ? { context: spec.context } : {}) };
}
