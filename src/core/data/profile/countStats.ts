import type { ColumnWork } from './columnWork';
import { binningFor } from './histogramSql';
import { isCategorical } from './summaryPass';
import type { Histogram } from './types';

const quantileLevels = [0.05, 0.25, 0.5, 0.75, 0.95];

/** One distinct value of a column with how often it occurs; `number` is set for numeric columns. */
export interface CountedValue {
  value: string;
  number: number | null;
  count: number;
}

/** The value at 0-based rank `rank` of the sorted values, read from sorted (value, count) pairs. */
function valueAtRank(sorted: { number: number; count: number }[], rank: number): number {
  let seen = 0;
  for (const v of sorted) {
    seen += v.count;
    if (rank < seen) return v.number;
  }
  return sorted[sorted.length - 1].number;
}

/** Equal-width (or per-integer) histogram of weighted values, binned exactly as the SQL histograms are. */
function weightedHistogram(pairs: { number: number; count: number }[], low: number, high: number, bins: number, integerValued: boolean): Histogram {
  const binning = binningFor(low, high, bins, integerValued);
  if (low === high) return { edges: [low, high], counts: [pairs.reduce((s, p) => s + p.count, 0)] };
  const binCount = binning.perInteger ? high - low + 1 : bins;
  const width = (high - low) / bins;
  const counts = new Array<number>(binCount).fill(0);
  for (const { number, count } of pairs) counts[binning.perInteger ? number - low : Math.min(bins - 1, Math.floor((number - low) / width))] += count;
  const edges = Array.from({ length: binCount + 1 }, (_, i) => (binning.perInteger ? low + i : i === binCount ? high : low + ((high - low) * i) / bins));
  return { edges, counts };
}

/**
 * Every statistic of a column with few distinct values, exactly, from the count of each value: cheaper than the
 * aggregates and sketches a column of many values needs, and exact (quantiles included) however many rows there are.
 */
export function statisticsFromCounts(work: ColumnWork, counted: CountedValue[], bins: number): void {
  const n = counted.reduce((sum, v) => sum + v.count, 0);
  work.distinct = counted.length;
  work.distinctApproximate = false;
  work.valueCounts = counted.map((v) => ({ value: v.value, count: v.count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  work.valueCountsComplete = true;
  work.quantilesExact = true;
  if (!n) return;
  if (work.schema.family === 'numeric') {
    const pairs = counted.map((v) => ({ number: v.number as number, count: v.count })).sort((a, b) => a.number - b.number);
    const mean = pairs.reduce((sum, p) => sum + p.number * p.count, 0) / n;
    let m2 = 0;
    let m3 = 0;
    for (const { number, count } of pairs) {
      const d = number - mean;
      m2 += count * d * d;
      m3 += count * d * d * d;
    }
    work.min = pairs[0].number;
    work.max = pairs[pairs.length - 1].number;
    work.mean = mean;
    work.std = n > 1 ? Math.sqrt(m2 / (n - 1)) : null;
    work.skewness = n > 2 && m2 > 0 ? ((Math.sqrt(n * (n - 1)) / (n - 2)) * (m3 / n)) / (m2 / n) ** 1.5 : null;
    work.zeros = pairs.filter((p) => p.number === 0).reduce((sum, p) => sum + p.count, 0);
    work.negatives = pairs.filter((p) => p.number < 0).reduce((sum, p) => sum + p.count, 0);
    work.quantiles = quantileLevels.map((q) => {
      const position = q * (n - 1);
      const below = Math.floor(position);
      const low = valueAtRank(pairs, below);
      return below + 1 < n ? low + (position - below) * (valueAtRank(pairs, below + 1) - low) : low;
    });
    work.histogram = weightedHistogram(pairs, work.min, work.max, bins, work.integer);
  } else {
    const lengths = counted.map((v) => ({ number: [...v.value].length, count: v.count }));
    work.minLength = Math.min(...lengths.map((l) => l.number));
    work.maxLength = Math.max(...lengths.map((l) => l.number));
    work.meanLength = lengths.reduce((sum, l) => sum + l.number * l.count, 0) / n;
    work.kind = isCategorical(work.distinct, n, work.meanLength) ? 'categorical' : 'text';
    if (work.kind === 'text') work.lengthHistogram = weightedHistogram(lengths, work.minLength, work.maxLength, bins, true);
  }
}
