import { toCount, toNumber } from '../values';
import { finiteNumber, type ColumnWork } from './columnWork';
import type { CorrelatedPair } from './types';

/** Alias of the scanned relation, so a whole row can be hashed; unlike any column name a file is likely to have. */
export const rowAlias = 'mlcycle_row__';

/** Rows that repeat an earlier row: rows minus distinct 64-bit hashes of whole rows (a collision among 10⁸ rows has odds of about 1 in 4,000). */
export function duplicatesPlan(store: (duplicates: number) => void): { aggregates: string[]; read: (row: Record<string, unknown>) => void } {
  return { aggregates: [`count(*) - count(DISTINCT hash(${rowAlias})) AS duplicate_rows`], read: (row) => store(toCount(row.duplicate_rows)) };
}

export const maxCorrelationColumns = 40;
/** Rows × pairs above which correlations are computed on a random sample (each corr() costs one multiply-add per row). */
const exactCorrelationBudget = 500_000_000;

export interface CorrelationPlan {
  columns: ColumnWork[];
  /** corr() of every pair, as `expression AS alias`. */
  aggregates: string[];
  /** Rows of a random sample to compute them on, or null for every row. */
  sampleRows: number | null;
}

/** Pearson correlation of every pair among the first numeric columns that vary. */
export function planCorrelations(numeric: ColumnWork[], rows: number): CorrelationPlan {
  const columns = numeric.filter((w) => w.std !== null && w.std > 0).slice(0, maxCorrelationColumns);
  const aggregates: string[] = [];
  for (let i = 0; i < columns.length; i++) {
    for (let j = i + 1; j < columns.length; j++) aggregates.push(`corr(${finiteNumber(columns[i])}, ${finiteNumber(columns[j])}) AS r${i}_${j}`);
  }
  const sampleRows = rows * aggregates.length > exactCorrelationBudget ? Math.max(100_000, Math.floor(exactCorrelationBudget / aggregates.length)) : null;
  return { columns, aggregates, sampleRows: sampleRows !== null && sampleRows < rows ? sampleRows : null };
}

/** The sampled query, for when correlations cannot ride along with the other aggregates on every row. */
export function sampledCorrelationSql(plan: CorrelationPlan, relation: string): string {
  return `SELECT ${plan.aggregates.join(', ')} FROM (SELECT * FROM ${relation} USING SAMPLE reservoir(${plan.sampleRows} ROWS) REPEATABLE (42))`;
}

export function readCorrelations(plan: CorrelationPlan, row: Record<string, unknown>, threshold: number): CorrelatedPair[] {
  const found: CorrelatedPair[] = [];
  for (let i = 0; i < plan.columns.length; i++) {
    for (let j = i + 1; j < plan.columns.length; j++) {
      const r = toNumber(row[`r${i}_${j}`]);
      if (r !== null && Math.abs(r) >= threshold) found.push({ columnA: plan.columns[i].schema.name, columnB: plan.columns[j].schema.name, r });
    }
  }
  return found.sort((a, b) => Math.abs(b.r) - Math.abs(a.r));
}
