import { mapEntries } from '../values';
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

/**
 * Exact value counts by GROUP BY (far cheaper than a histogram() map on columnar data): every value when there are
 * few, else the top 20. Null when the column gets none.
 */
export function valueCountsSql(work: ColumnWork, relation: string, isLabel: boolean): string | null {
  const value = countedValue(work, isLabel);
  if (!value) return null;
  const limit = work.distinct <= completeValueCountsUpTo ? '' : ` LIMIT ${topValueCount}`;
  return `(SELECT ${work.index} AS col, CAST(${value} AS VARCHAR) AS value, count(*) AS n FROM ${relation} WHERE ${value} IS NOT NULL GROUP BY ALL ORDER BY n DESC, value${limit})`;
}

export function readValueCounts(work: ColumnWork, counts: { value: unknown; count: number }[]): void {
  work.valueCounts = counts.map((c) => ({ value: String(c.value), count: c.count }));
  work.valueCountsComplete = work.distinct <= completeValueCountsUpTo;
  if (work.valueCountsComplete) {
    work.distinct = work.valueCounts.length;
    work.distinctApproximate = false;
  }
}

/**
 * Value counts as histogram() maps batched into few scans, for files read in place where every query re-reads the
 * text (wide files); only for columns with few enough distinct values to hold as a map.
 */
export function valueCountsPlan(work: ColumnWork, isLabel: boolean): AggregatePlan {
  const value = countedValue(work, isLabel);
  if (!value || work.distinct > completeValueCountsUpTo) return { aggregates: [], read: () => undefined };
  const alias = `v${work.index}`;
  return {
    aggregates: [`histogram(${value}) AS ${alias}`],
    read: (row) => {
      const counts = mapEntries(row[alias]).map(({ key, count }) => ({ value: key, count }));
      readValueCounts(work, counts.sort((a, b) => b.count - a.count || String(a.value).localeCompare(String(b.value))));
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
