import { mapEntries } from '../values';
import type { Histogram } from './types';

/** How to bin one expression: equal-width bins over [low, high], or one bin per integer when the range is small. */
export interface Binning {
  low: number;
  high: number;
  bins: number;
  perInteger: boolean;
}

export function binningFor(low: number, high: number, bins: number, integerValued: boolean): Binning {
  return { low, high, bins, perInteger: integerValued && high - low + 1 <= bins };
}

const literal = (n: number) => `CAST(${String(n)} AS DOUBLE)`;

/** histogram() over bin indices, or null when every value is the same (one bin, no query needed). */
export function histogramAggregate(expression: string, binning: Binning, alias: string): string | null {
  const { low, high, bins, perInteger } = binning;
  if (low === high) return null;
  const index = perInteger
    ? `CAST(${expression} - ${literal(low)} AS INTEGER)`
    : // least() skips NULLs, so a missing value must be kept NULL explicitly or it would land in the last bin.
      `CASE WHEN ${expression} IS NULL THEN NULL ELSE least(CAST(floor((${expression} - ${literal(low)}) / ${literal((high - low) / bins)}) AS INTEGER), ${bins - 1}) END`;
  return `histogram(${index}) AS ${alias}`;
}

/** Edges and counts from the bin-index map histogram() returned (`value` undefined when low = high). */
export function readHistogram(value: unknown, binning: Binning, count: number): Histogram {
  const { low, high, bins, perInteger } = binning;
  if (low === high) return { edges: [low, high], counts: [count] };
  const binCount = perInteger ? high - low + 1 : bins;
  const counts = new Array<number>(binCount).fill(0);
  for (const { key, count: n } of mapEntries(value)) {
    const index = Number(key);
    if (index >= 0 && index < binCount) counts[index] += n;
  }
  const edges = perInteger
    ? Array.from({ length: binCount + 1 }, (_, i) => low + i)
    : Array.from({ length: binCount + 1 }, (_, i) => (i === binCount ? high : low + ((high - low) * i) / bins));
  return { edges, counts };
}
