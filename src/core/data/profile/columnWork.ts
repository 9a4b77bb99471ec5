import { isFloatingType, isIntegerType, type ColumnSchema } from '../schema';
import { sqlIdentifier } from '../values';
import type { ColumnKind, Histogram } from './types';

/** Everything gathered about one column across the passes, before it becomes a ColumnProfile. */
export interface ColumnWork {
  index: number;
  schema: ColumnSchema;
  floating: boolean;
  integer: boolean;
  kind: ColumnKind;
  nonNull: number;
  nan: number;
  infinite: number;
  distinct: number;
  distinctApproximate: boolean;
  min: number | null;
  max: number | null;
  mean: number | null;
  std: number | null;
  skewness: number | null;
  quantiles: (number | null)[];
  zeros: number;
  negatives: number;
  trueCount: number;
  minText: string | null;
  maxText: string | null;
  minLength: number | null;
  maxLength: number | null;
  meanLength: number | null;
  histogram: Histogram | null;
  lengthHistogram: Histogram | null;
  /** Exact counts of every value when there are few enough, else of the most frequent ones. */
  valueCounts: { value: string; count: number }[] | null;
  valueCountsComplete: boolean;
  /** The top values were picked by a sketch (their counts are exact). */
  topApproximate: boolean;
  /** A sample showed few distinct values: every statistic comes exactly from the count of each value. */
  fewValues: boolean;
  /** Quantiles computed exactly (from value counts), whatever the file's size. */
  quantilesExact: boolean;
}

export function newColumnWork(schema: ColumnSchema, index: number): ColumnWork {
  return {
    index,
    schema,
    floating: isFloatingType(schema.type),
    integer: isIntegerType(schema.type),
    kind: schema.family === 'string' ? 'categorical' : schema.family,
    nonNull: 0,
    nan: 0,
    infinite: 0,
    distinct: 0,
    distinctApproximate: false,
    min: null,
    max: null,
    mean: null,
    std: null,
    skewness: null,
    quantiles: [],
    zeros: 0,
    negatives: 0,
    trueCount: 0,
    minText: null,
    maxText: null,
    minLength: null,
    maxLength: null,
    meanLength: null,
    histogram: null,
    lengthHistogram: null,
    valueCounts: null,
    valueCountsComplete: false,
    topApproximate: false,
    fewValues: false,
    quantilesExact: false,
  };
}

export function columnId(work: ColumnWork): string {
  return sqlIdentifier(work.schema.name);
}

/** The column as DOUBLE with NaN and ±Infinity left out, for numeric statistics. */
export function finiteNumber(work: ColumnWork): string {
  const value = `CAST(${columnId(work)} AS DOUBLE)`;
  return work.floating ? `CASE WHEN isfinite(${value}) THEN ${value} END` : value;
}

/** Datetime as epoch milliseconds. */
export function epochMillis(work: ColumnWork): string {
  return `epoch_ms(CAST(${columnId(work)} AS TIMESTAMP))`;
}

/** Missing values: NULL, and NaN in floating columns. */
export function missingOf(work: ColumnWork, rows: number): number {
  return rows - work.nonNull + work.nan;
}
