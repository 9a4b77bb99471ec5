import type { FeatureCondition } from '../../../protocol/diagnostics';
import type { FeatureColumn } from './columns';
import { condition, formatNumber } from './conditions';
import { categoryLabel } from './features';
import { sampleOf, quantile } from './regression';

export interface Bin {
  label: string;
  conditions: FeatureCondition[];
}

export interface FeatureBins {
  feature: string;
  kind: 'numeric' | 'categorical';
  binning: 'quantile' | 'values' | 'categories';
  /** Bin index of each row. */
  codes: Uint16Array;
  bins: Bin[];
  /** Ordered bins (numeric) come first; these say where a split between bin b and b + 1 falls. */
  orderedCount: number;
  edges: number[];
  /** 'values' binning: the value of each ordered bin. */
  values: number[];
  /** 'categories' binning: the JSON text of each named category bin (the "other" bin has none). */
  categories: (string | null)[];
  /** Index of the missing bin, or -1. */
  missingBin: number;
}

/**
 * Numeric features: one bin per value when there are at most maxBins values, else maxBins equal-frequency
 * (quantile) bins with edges rounded to a readable precision. Categorical: the most frequent values, the rest
 * as "other". A missing bin comes last.
 */
export function binFeature(column: FeatureColumn, maxBins: number): FeatureBins {
  return column.kind === 'numeric' ? binNumeric(column.spec.name, column.values, maxBins) : binCategorical(column.spec.name, column.codes, column.values, maxBins);
}

function binNumeric(feature: string, values: Float64Array, maxBins: number): FeatureBins {
  const n = values.length;
  const distinct = distinctUpTo(values, maxBins);
  const codes = new Uint16Array(n);
  let missing = false;
  let edges: number[] = [];
  let binValues: number[] = [];
  let bins: Bin[];
  if (distinct) {
    binValues = distinct;
    const index = new Map(distinct.map((v, i) => [v, i]));
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (Number.isNaN(v)) missing = true;
      codes[i] = Number.isNaN(v) ? distinct.length : index.get(v)!;
    }
    bins = distinct.map((v) => {
      const c = condition({ feature, op: 'in', values: [v] });
      return { label: c.text, conditions: [c] };
    });
  } else {
    edges = quantileEdges(sampleOf(n, (i) => values[i]), maxBins);
    if (!edges.length) edges = [smallestAbove(values, sampleOf(n, (i) => values[i])[0])];
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (Number.isNaN(v)) missing = true;
      codes[i] = Number.isNaN(v) ? edges.length + 1 : upperBound(edges, v);
    }
    bins = quantileBins(feature, edges);
  }
  const orderedCount = bins.length;
  if (missing) bins.push(missingBin(feature));
  return { feature, kind: 'numeric', binning: distinct ? 'values' : 'quantile', codes, bins, orderedCount, edges, values: binValues, categories: [], missingBin: missing ? orderedCount : -1 };
}

/** The sorted distinct values when there are at most `max`, else null. */
function distinctUpTo(values: Float64Array, max: number): number[] | null {
  const seen = new Set<number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v) || seen.has(v)) continue;
    seen.add(v);
    if (seen.size > max) return null;
  }
  return [...seen].sort((a, b) => a - b);
}

/** Inner quantile edges, rounded to a step of about 1/25 of a bin's width (whole numbers for whole-number data), strictly increasing and above the minimum. */
function quantileEdges(sorted: Float64Array, maxBins: number): number[] {
  if (!sorted.length) return [];
  const min = sorted[0];
  const range = sorted[sorted.length - 1] - min;
  const wholeNumbers = sorted.every(Number.isInteger);
  const decimals = range > 0 && !wholeNumbers ? Math.max(0, -Math.floor(Math.log10(range / (maxBins * 25)))) : 0;
  const step = 10 ** -decimals;
  const edges: number[] = [];
  for (let b = 1; b < maxBins; b++) {
    const edge = Number((Math.round(quantile(sorted, b / maxBins) / step) * step).toFixed(Math.min(decimals, 100)));
    if (edge > min && (!edges.length || edge > edges[edges.length - 1])) edges.push(edge);
  }
  return edges;
}

/** When one value fills every quantile, split it from the rest: the smallest value above it (or itself). */
function smallestAbove(values: Float64Array, floor: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < values.length; i++) if (values[i] > floor && values[i] < best) best = values[i];
  return Number.isFinite(best) ? best : floor;
}

/** Number of edges ≤ v: the bin of v. */
function upperBound(edges: number[], v: number): number {
  let low = 0;
  let high = edges.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (edges[mid] <= v) low = mid + 1;
    else high = mid;
  }
  return low;
}

function quantileBins(feature: string, edges: number[]): Bin[] {
  return Array.from({ length: edges.length + 1 }, (_, b) => {
    const conditions: FeatureCondition[] = [];
    if (b > 0) conditions.push(condition({ feature, op: '>=', value: edges[b - 1] }));
    if (b < edges.length) conditions.push(condition({ feature, op: '<', value: edges[b] }));
    const label = b === 0 ? `${feature} < ${formatNumber(edges[0])}` : b === edges.length ? `${feature} ≥ ${formatNumber(edges[b - 1])}` : `${formatNumber(edges[b - 1])} ≤ ${feature} < ${formatNumber(edges[b])}`;
    return { label, conditions };
  });
}

function missingBin(feature: string): Bin {
  const c = condition({ feature, op: 'missing' });
  return { label: c.text, conditions: [c] };
}

function binCategorical(feature: string, columnCodes: Int32Array, values: string[], maxBins: number): FeatureBins {
  const counts = new Float64Array(values.length);
  let missing = false;
  for (let i = 0; i < columnCodes.length; i++) {
    if (columnCodes[i] < 0) missing = true;
    else counts[columnCodes[i]]++;
  }
  const byFrequency = values.map((_, code) => code).sort((a, b) => counts[b] - counts[a] || (categoryLabel(values[a]) < categoryLabel(values[b]) ? -1 : 1));
  const named = byFrequency.length > maxBins ? byFrequency.slice(0, maxBins - 1) : byFrequency;
  const hasOther = named.length < byFrequency.length;
  const binOf = new Uint16Array(values.length).fill(named.length);
  named.forEach((code, b) => (binOf[code] = b));
  const orderedCount = named.length + (hasOther ? 1 : 0);
  const codes = new Uint16Array(columnCodes.length);
  for (let i = 0; i < columnCodes.length; i++) codes[i] = columnCodes[i] < 0 ? orderedCount : binOf[columnCodes[i]];
  const bins: Bin[] = named.map((code) => {
    const c = condition({ feature, op: 'in', values: [values[code]] });
    return { label: c.text, conditions: [c] };
  });
  if (hasOther) {
    const c = condition({ feature, op: 'not in', values: named.map((code) => values[code]) });
    bins.push({ label: `${feature}: ${byFrequency.length - named.length} other values`, conditions: [c] });
  }
  if (missing) bins.push(missingBin(feature));
  return { feature, kind: 'categorical', binning: 'categories', codes, bins, orderedCount: 0, edges: [], values: [], categories: [...named.map((code) => values[code]), ...(hasOther ? [null] : [])], missingBin: missing ? orderedCount : -1 };
}
