import { mapEntries, sqlString, toCount } from '../values';
import { columnId, epochMillis, finiteNumber, type ColumnWork } from './columnWork';
import { binningFor, histogramAggregate, readHistogram, type Binning } from './histogramSql';
import type { Histogram } from './types';

/** Columns with at most this many distinct values get exact counts of every value. */
export const completeValueCountsUpTo = 10000;
export const topValueCount = 20;
/** Numeric columns with at most this many distinct values also get value counts (flags, ratings, encoded classes). */
const numericValueCountsUpTo = 20;
/** A numeric label gets every class counted up to this many. */
const numericLabelClassesUpTo = 100;

export interface AggregatePlan {
  aggregates: string[];
  read: (row: Record<string, unknown>) => void;
}

/** Second pass for one column: histograms over the range the first pass found (values, timestamps or text lengths). */
export function planHistograms(work: ColumnWork, bins: number): AggregatePlan {
  const aggregates: string[] = [];
  const readers: ((row: Record<string, unknown>) => void)[] = [];
  const add = (expression: string, binning: Binning, count: number, store: (h: Histogram) => void) => {
    const alias = `h${work.index}_${aggregates.length}`;
    const aggregate = histogramAggregate(expression, binning, alias);
    if (aggregate) aggregates.push(aggregate);
    readers.push((row) => store(readHistogram(aggregate ? row[alias] : undefined, binning, count)));
  };
  const { min, max } = work;
  switch (work.schema.family) {
    case 'numeric':
      if (min !== null && max !== null) add(finiteNumber(work), binningFor(min, max, bins, work.integer), work.nonNull - work.nan - work.infinite, (h) => (work.histogram = h));
      break;
    case 'datetime':
      if (min !== null && max !== null) {
        const dateOnly = work.schema.type === 'DATE';
        add(epochMillis(work), binningFor(min, max, bins, false), work.nonNull, (h) => {
          work.histogram = { ...h, edgeLabels: h.edges.map((ms) => new Date(ms).toISOString().slice(0, dateOnly ? 10 : undefined)) };
        });
      }
      break;
    case 'string':
      if (work.kind === 'text' && work.minLength !== null && work.maxLength !== null) {
        add(`length(${columnId(work)})`, binningFor(work.minLength, work.maxLength, bins, true), work.nonNull, (h) => (work.lengthHistogram = h));
      }
      break;
  }
  return { aggregates, read: (row) => readers.forEach((read) => read(row)) };
}

/** The expression whose values are counted, or null when the column gets no value counts (continuous numbers, timestamps). */
function countedValue(work: ColumnWork, isLabel: boolean): string | null {
  if (work.schema.family === 'string') return columnId(work);
  if (work.schema.family === 'numeric' && work.distinct <= (isLabel ? numericLabelClassesUpTo : numericValueCountsUpTo) && work.nonNull > 0) return finiteNumber(work);
  return null;
}

/** Exact counts of every value by GROUP BY (far cheaper than a histogram() map on a staged columnar table); null when the column gets none. */
export function valueCountsSql(work: ColumnWork, relation: string, isLabel: boolean): string | null {
  const value = countedValue(work, isLabel);
  if (!value || work.distinct > completeValueCountsUpTo) return null;
  return `(SELECT ${work.index} AS col, CAST(${value} AS VARCHAR) AS value, count(*) AS n FROM ${relation} WHERE ${value} IS NOT NULL GROUP BY ALL)`;
}

/** Every value's count: the distinct count becomes exact. */
export function readValueCounts(work: ColumnWork, counts: { value: unknown; count: number }[]): void {
  work.valueCounts = counts.map((c) => ({ value: String(c.value), count: c.count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  work.valueCountsComplete = true;
  work.distinct = work.valueCounts.length;
  work.distinctApproximate = false;
}

/**
 * Value counts as histogram() maps batched into the same scan as other aggregates: for text read in place, where every
 * extra query re-reads the file, and for wide tables, where every query pays to bind thousands of columns.
 */
export function valueCountsPlan(work: ColumnWork, isLabel: boolean): AggregatePlan {
  const value = countedValue(work, isLabel);
  if (!value || work.distinct > completeValueCountsUpTo) return { aggregates: [], read: () => undefined };
  const alias = `v${work.index}`;
  return {
    aggregates: [`histogram(${value}) AS ${alias}`],
    read: (row) => readValueCounts(work, mapEntries(row[alias]).map(({ key, count }) => ({ value: key, count }))),
  };
}

/** Candidates for the most frequent values of a column with too many to count them all (a Space-Saving sketch). */
export function topCandidatesPlan(work: ColumnWork): AggregatePlan {
  if (work.schema.family !== 'string' || work.distinct <= completeValueCountsUpTo) return { aggregates: [], read: () => undefined };
  const alias = `k${work.index}`;
  return {
    aggregates: [`approx_top_k(${columnId(work)}, ${topValueCount}) AS ${alias}`],
    read: (row) => {
      const values = Array.isArray(row[alias]) ? (row[alias] as unknown[]).map(String) : [];
      work.valueCounts = values.map((value) => ({ value, count: 0 }));
      work.topApproximate = true;
    },
  };
}

/** Exact counts of the sketch's candidates, most frequent first. */
export function topCountsPlan(work: ColumnWork): AggregatePlan {
  if (!work.topApproximate || !work.valueCounts) return { aggregates: [], read: () => undefined };
  const candidates = work.valueCounts;
  return {
    aggregates: candidates.map((c, i) => `count_if(${columnId(work)} = ${sqlString(c.value)}) AS t${work.index}_${i}`),
    read: (row) => {
      work.valueCounts = candidates.map((c, i) => ({ value: c.value, count: toCount(row[`t${work.index}_${i}`]) })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
    },
  };
}

/** Booleans need no query: the first pass counted the trues. */
export function booleanValueCounts(work: ColumnWork): void {
  work.valueCounts = [
    { value: 'true', count: work.trueCount },
    { value: 'false', count: work.nonNull - work.trueCount },
  ]
    .filter((v) => v.count > 0)
    .sort((a, b) => b.count - a.count);
  work.valueCountsComplete = true;
}
