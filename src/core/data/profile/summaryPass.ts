import { toCount, toNumber } from '../values';
import { columnId, epochMillis, finiteNumber, type ColumnWork } from './columnWork';

const quantileLevels = [0.05, 0.25, 0.5, 0.75, 0.95];

/**
 * Aggregates of the first pass for one column, as `expression AS alias`. Distinct counts are HyperLogLog estimates
 * here (exact DISTINCT aggregates each hold a hash table: hundreds in one query exhaust memory); the value counts
 * and a later pass make them exact where that is cheap.
 */
export function summaryAggregates(work: ColumnWork, exact: boolean): string[] {
  const id = columnId(work);
  const a = (name: string) => `s${work.index}_${name}`;
  const distinctOf = (expression: string) => `approx_count_distinct(${expression})`;
  const list = [`count(${id}) AS ${a('n')}`];
  if (work.fewValues) {
    if (work.floating) list.push(`count_if(isnan(CAST(${id} AS DOUBLE))) AS ${a('nan')}`, `count_if(isinf(CAST(${id} AS DOUBLE))) AS ${a('inf')}`);
    return list;
  }
  switch (work.schema.family) {
    case 'numeric': {
      const v = finiteNumber(work);
      const raw = `CAST(${id} AS DOUBLE)`;
      if (work.floating) list.push(`count_if(isnan(${raw})) AS ${a('nan')}`, `count_if(isinf(${raw})) AS ${a('inf')}`);
      list.push(
        `min(${v}) AS ${a('min')}`,
        `max(${v}) AS ${a('max')}`,
        `avg(${v}) AS ${a('mean')}`,
        `stddev_samp(${v}) AS ${a('std')}`,
        `skewness(${v}) AS ${a('skew')}`,
        `count_if(${v} = 0) AS ${a('zeros')}`,
        `count_if(${v} < 0) AS ${a('neg')}`,
        `${exact ? 'quantile_cont' : 'approx_quantile'}(${v}, [${quantileLevels.join(', ')}]) AS ${a('q')}`,
        `${distinctOf(v)} AS ${a('d')}`,
      );
      break;
    }
    case 'boolean':
      list.push(`count_if(${id}) AS ${a('t')}`);
      break;
    case 'datetime':
      list.push(
        `min(${epochMillis(work)}) AS ${a('lo')}`,
        `max(${epochMillis(work)}) AS ${a('hi')}`,
        `CAST(min(${id}) AS VARCHAR) AS ${a('lot')}`,
        `CAST(max(${id}) AS VARCHAR) AS ${a('hit')}`,
        `${distinctOf(id)} AS ${a('d')}`,
      );
      break;
    case 'string':
      list.push(`min(length(${id})) AS ${a('lmin')}`, `max(length(${id})) AS ${a('lmax')}`, `avg(length(${id})) AS ${a('lavg')}`, `${distinctOf(id)} AS ${a('d')}`);
      break;
  }
  return list;
}

/** Read the first pass's results for one column and decide whether a string column is categorical or free text. */
export function readSummary(work: ColumnWork, row: Record<string, unknown>): void {
  const get = (name: string) => row[`s${work.index}_${name}`];
  work.nonNull = toCount(get('n'));
  work.nan = toCount(get('nan'));
  work.infinite = toCount(get('inf'));
  if (work.fewValues) return;
  work.distinctApproximate = true;
  switch (work.schema.family) {
    case 'numeric': {
      work.min = toNumber(get('min'));
      work.max = toNumber(get('max'));
      work.mean = toNumber(get('mean'));
      work.std = toNumber(get('std'));
      work.skewness = toNumber(get('skew'));
      work.zeros = toCount(get('zeros'));
      work.negatives = toCount(get('neg'));
      const q = get('q');
      work.quantiles = Array.isArray(q) ? q.map(toNumber) : quantileLevels.map(() => null);
      work.distinct = toCount(get('d'));
      break;
    }
    case 'boolean':
      work.trueCount = toCount(get('t'));
      work.distinct = (work.trueCount > 0 ? 1 : 0) + (work.nonNull - work.trueCount > 0 ? 1 : 0);
      work.distinctApproximate = false;
      break;
    case 'datetime':
      work.min = toNumber(get('lo'));
      work.max = toNumber(get('hi'));
      work.minText = (get('lot') as string | null) ?? null;
      work.maxText = (get('hit') as string | null) ?? null;
      work.distinct = toCount(get('d'));
      break;
    case 'string':
      work.minLength = toNumber(get('lmin'));
      work.maxLength = toNumber(get('lmax'));
      work.meanLength = toNumber(get('lavg'));
      work.distinct = toCount(get('d'));
      work.kind = isCategorical(work.distinct, work.nonNull, work.meanLength ?? 0) ? 'categorical' : 'text';
      break;
  }
  // An estimate can exceed the number of values it estimates.
  if (work.distinct > work.nonNull) work.distinct = work.nonNull;
}

/** Up to this many rows the probe reads every row; beyond, a 2% sample. */
export const probeFullUpTo = 200_000;

/**
 * Estimate a numeric or text column's distinct values on a sample, to send columns with few of them down the exact,
 * cheaper path of counting every value. A sample can miss rare values: the counts check the guess.
 */
export function probePlan(work: ColumnWork, sampled: boolean, fewValuesUpTo: number): { aggregates: string[]; read: (row: Record<string, unknown>) => void } {
  if (work.schema.family !== 'numeric' && work.schema.family !== 'string') return { aggregates: [], read: () => undefined };
  const value = work.schema.family === 'numeric' ? finiteNumber(work) : columnId(work);
  return {
    aggregates: [`approx_count_distinct(${value}) AS p${work.index}_d`, `count(${value}) AS p${work.index}_n`],
    read: (row) => {
      const distinct = toCount(row[`p${work.index}_d`]);
      const count = toCount(row[`p${work.index}_n`]);
      // In a sample, few distinct values that each repeat often stay few in the whole file.
      work.fewValues = count > 0 && (sampled ? distinct <= fewValuesUpTo / 5 && distinct <= count / 4 : distinct <= fewValuesUpTo);
    },
  };
}

/** What the probe reads: every row of a small relation, a 2% sample of vectors of a large one. */
export function probeRelation(relation: string, rows: number): string {
  return rows > probeFullUpTo ? `(SELECT * FROM ${relation} USING SAMPLE 2 PERCENT (system))` : relation;
}

/** Exact distinct count for a column still estimated, on files small enough for it to be cheap. */
export function exactDistinctPlan(work: ColumnWork): { aggregates: string[]; read: (row: Record<string, unknown>) => void } {
  const value = work.schema.family === 'numeric' ? finiteNumber(work) : columnId(work);
  const alias = `x${work.index}`;
  return {
    aggregates: [`count(DISTINCT ${value}) AS ${alias}`],
    read: (row) => {
      work.distinct = toCount(row[alias]);
      work.distinctApproximate = false;
    },
  };
}

/** Few distinct values, few relative to the rows, or short values (codes, names, ids) make a category; long and varied values are free text. */
export function isCategorical(distinct: number, count: number, meanLength: number): boolean {
  return distinct <= 50 || (distinct <= 1000 && distinct <= count / 2) || meanLength < 20;
}
