import type { DatasetSession, Relation } from '../session';
import { queryObjects, runQuery } from '../engine';
import { isFloatingType, type ColumnSchema } from '../schema';
import { sqlIdentifier, toCount, toNumber } from '../values';
import { binningFor, histogramAggregate, readHistogram, type Binning } from '../profile/histogramSql';

/** How a column's values are read for comparison on both sides. */
export interface ComparedColumn {
  name: string;
  numeric: boolean;
  reference: ColumnSchema;
  current: ColumnSchema;
}

export interface SideSummary {
  count: number;
  approxDistinct: number;
  min: number | null;
  max: number | null;
  stdPopulation: number | null;
}

/** The column's values as compared: finite DOUBLE for numeric columns (NaN, ±Infinity → NULL), text otherwise. */
export function valueExpression(schema: ColumnSchema, numeric: boolean): string {
  const id = sqlIdentifier(schema.name);
  if (!numeric) return `CAST(${id} AS VARCHAR)`;
  const value = `CAST(${id} AS DOUBLE)`;
  return isFloatingType(schema.type) ? `CASE WHEN isfinite(${value}) THEN ${value} END` : value;
}

/** One scan per dataset: counts, distinct estimates, range and spread of every compared column. */
export async function summarize(session: DatasetSession, relation: Relation, columns: ComparedColumn[], side: 'reference' | 'current', signal?: AbortSignal): Promise<SideSummary[]> {
  if (!columns.length) return [];
  const aggregates = columns.flatMap((c, i) => {
    const v = valueExpression(c[side], c.numeric);
    const list = [`count(${v}) AS n${i}`, `approx_count_distinct(${v}) AS d${i}`];
    if (c.numeric) list.push(`min(${v}) AS lo${i}`, `max(${v}) AS hi${i}`, `stddev_pop(${v}) AS sd${i}`);
    return list;
  });
  const [row] = await session.withConnection((c) => queryObjects(c, `SELECT ${aggregates.join(', ')} FROM ${relation.sql}`, { signal }));
  return columns.map((_, i) => ({
    count: toCount(row[`n${i}`]),
    approxDistinct: toCount(row[`d${i}`]),
    min: toNumber(row[`lo${i}`]),
    max: toNumber(row[`hi${i}`]),
    stdPopulation: toNumber(row[`sd${i}`]),
  }));
}

/** Exact count of every value (numbers keep their numeric value as the key). */
export async function valueCounts(session: DatasetSession, relation: Relation, column: ComparedColumn, side: 'reference' | 'current', signal?: AbortSignal): Promise<Map<string | number, number>> {
  const v = valueExpression(column[side], column.numeric);
  const rows = await session.withConnection((c) => queryObjects(c, `SELECT ${v} AS value, count(*) AS n FROM ${relation.sql} WHERE ${v} IS NOT NULL GROUP BY ALL`, { signal }));
  return new Map(rows.map((r) => [column.numeric ? (toNumber(r.value) as number) : String(r.value), toCount(r.n)]));
}

/** The column's finite values sorted ascending; a uniform random sample of `sampleSize` when there are more. */
export async function sortedValues(session: DatasetSession, relation: Relation, column: ComparedColumn, side: 'reference' | 'current', count: number, sampleSize: number, signal?: AbortSignal): Promise<Float64Array> {
  const v = valueExpression(column[side], true);
  const values = `SELECT ${v} AS v FROM ${relation.sql} WHERE ${v} IS NOT NULL`;
  const sql = count > sampleSize ? `SELECT v FROM (${values}) USING SAMPLE reservoir(${sampleSize} ROWS) REPEATABLE (42)` : values;
  const reader = await session.withConnection((c) => runQuery(c, sql, { signal }));
  return Float64Array.from(reader.getColumnsJS()[0] as number[]).sort();
}

/** Counts per shared bin for every numeric column, in one scan of the dataset. */
export async function binnedCounts(session: DatasetSession, relation: Relation, columns: { column: ComparedColumn; binning: Binning }[], side: 'reference' | 'current', signal?: AbortSignal): Promise<number[][]> {
  const aggregates = columns.map(({ column, binning }, i) => histogramAggregate(valueExpression(column[side], true), binning, `h${i}`));
  const present = aggregates.filter((a): a is string => a !== null);
  const row = present.length ? (await session.withConnection((c) => queryObjects(c, `SELECT ${present.join(', ')} FROM ${relation.sql}`, { signal })))[0] : {};
  return columns.map(({ binning }, i) => readHistogram(aggregates[i] ? row[`h${i}`] : undefined, binning, 0).counts);
}

export { binningFor };
