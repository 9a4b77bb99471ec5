import { toCount, toNumber } from '../values';
import { finiteNumber, type ColumnWork } from './columnWork';
import type { CorrelatedPair } from './types';

/** Rows that repeat an earlier row: rows minus distinct 64-bit row hashes (a collision among 10⁸ rows has odds ~1e-4). */
export function duplicatesSql(relation: string): string {
  return `SELECT count(*) - count(DISTINCT hash(data)) AS duplicates FROM ${relation} AS data`;
}

export function readDuplicates(row: Record<string, unknown>): number {
  return toCount(row.duplicates);
}

export const maxCorrelationColumns = 40;
/** Rows × pairs above which correlations are computed on a random sample (each corr() costs one multiply-add per row). */
const exactCorrelationBudget = 500_000_000;

export interface CorrelationPlan {
  columns: ColumnWork[];
  sql: string | null;
  sampleRows: number | null;
}

/** Pearson correlation of every pair among the first numeric columns that vary. */
export function planCorrelations(numeric: ColumnWork[], relation: string, rows: number): CorrelationPlan {
  const columns = numeric.filter((w) => w.std !== null && w.std > 0).slice(0, maxCorrelationColumns);
  const pairs: string[] = [];
  for (let i = 0; i < columns.length; i++) {
    for (let j = i + 1; j < columns.length; j++) pairs.push(`corr(${finiteNumber(columns[i])}, ${finiteNumber(columns[j])}) AS r${i}_${j}`);
  }
  if (!pairs.length) return { columns, sql: null, sampleRows: null };
  const sampleRows = rows * pairs.length > exactCorrelationBudget ? Math.max(100_000, Math.floor(exactCorrelationBudget / pairs.length)) : null;
  const from = sampleRows && sampleRows < rows ? `(SELECT * FROM ${relation} USING SAMPLE reservoir(${sampleRows} ROWS) REPEATABLE (42))` : relation;
  return { columns, sql: `SELECT ${pairs.join(', ')} FROM ${from}`, sampleRows: sampleRows && sampleRows < rows ? sampleRows : null };
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
