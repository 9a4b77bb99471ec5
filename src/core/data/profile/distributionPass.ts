import { mapEntries, sqlString, toCount } from '../values';
import type { CountedValue } from './countStats';
import { columnId, epochMillis, finiteNumber, type ColumnWork } from './columnWork';
import { binningFor, histogramAggregate, readHistogram, type Binning } from './histogramSql';
import type { Histogram } from './types';

/** Columns with at most this many distinct values get exact counts of every value. */
export const completeValueCountsUpTo = 10000;
export const topValueCount = 20;

export interface AggregatePlan {
  aggregates: string[];
  read: (row: Record<string, unknown>) => void;
}

/** Second pass for one column: histograms over the range the first pass found (values, timestamps or text lengths). */
export function planHistograms(work: ColumnWork, bins: number): AggregatePlan {
  const aggregates: string[] = [];
  if (work.fewValues) return { aggregates, read: () => undefined };
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

/** The column's values as counted: finite numbers for numeric columns (NaN and ±Infinity left out), text otherwise. */
function countedValue(work: ColumnWork): string {
  return work.schema.family === 'numeric' ? finiteNumber(work) : columnId(work);
}

/**
 * Count every value of a column a sample showed to have few, by GROUP BY (cheap on a staged table): at most
 * `completeValueCountsUpTo` + 1 values come back, with the number of distinct values, so a wrong guess is noticed.
 */
export function valueCountsSql(work: ColumnWork, relation: string): string {
  const v = countedValue(work);
  const number = work.schema.family === 'numeric' ? 'v' : 'CAST(NULL AS DOUBLE)';
  return `(SELECT ${work.index} AS col, CAST(v AS VARCHAR) AS value, ${number} AS num, n, groups FROM (SELECT v, count(*) AS n, count(*) OVER () AS groups FROM (SELECT ${v} AS v FROM ${relation}) WHERE v IS NOT NULL GROUP BY v) ORDER BY n DESC, value LIMIT ${completeValueCountsUpTo + 1})`;
}

/** The same counts as one histogram() map, batched with other aggregates (wide tables, text read in place). */
export function valueCountsPlan(work: ColumnWork, store: (counted: CountedValue[], distinct: number) => void): AggregatePlan {
  const alias = `v${work.index}`;
  const numeric = work.schema.family === 'numeric';
  return {
    aggregates: [`histogram(${countedValue(work)}) AS ${alias}`],
    read: (row) => {
      const entries = mapEntries(row[alias]);
      store(entries.map(({ key, count }) => ({ value: String(key), number: numeric ? Number(key) : null, count })), entries.length);
    },
  };
}

/** Candidates for the most frequent values of a column with too many to count them all (a Space-Saving sketch). */
export function topCandidatesPlan(work: ColumnWork): AggregatePlan {
  if (work.schema.family !== 'string' || work.valueCounts) return { aggregates: [], read: () => undefined };
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
