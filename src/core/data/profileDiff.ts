import type { ColumnProfile, DatasetProfile } from './profile/types';

export interface ProfileDiff {
  rows: { before: number; after: number; change: number; changePercent: number | null };
  columnsAdded: string[];
  columnsRemoved: string[];
  typeChanges: { column: string; before: string; after: string }[];
  /** Columns whose missing share moved by at least one percentage point. */
  missingChanges: { column: string; beforePercent: number; afterPercent: number }[];
  /** Numeric columns whose mean moved by at least a tenth of the earlier standard deviation. */
  meanShifts: { column: string; before: number; after: number; shiftInStd: number }[];
  /** Columns whose distinct count changed by at least 10%. */
  distinctChanges: { column: string; before: number; after: number }[];
  duplicateRows: { before: number; after: number };
  /** True when nothing above changed. */
  unchanged: boolean;
  /** Every change as a sentence, most structural first. */
  summary: string[];
}

const missingPointsReported = 1;
const meanShiftReported = 0.1;
const distinctChangeReported = 0.1;

const fmt = (x: number) => (Math.abs(x) >= 1000 || Number.isInteger(x) ? x.toLocaleString('en-US', { maximumFractionDigits: 2 }) : x.toPrecision(4));

/** What changed between two profiles of a dataset (e.g. two registered versions, or a version and the file now). */
export function diffProfiles(before: DatasetProfile, after: DatasetProfile): ProfileDiff {
  const beforeColumns = new Map(before.columns.map((c) => [c.name, c]));
  const afterColumns = new Map(after.columns.map((c) => [c.name, c]));
  const shared = after.columns.filter((c) => beforeColumns.has(c.name)).map((c) => [beforeColumns.get(c.name)!, c] as [ColumnProfile, ColumnProfile]);
  const diff: ProfileDiff = {
    rows: {
      before: before.rowCount,
      after: after.rowCount,
      change: after.rowCount - before.rowCount,
      changePercent: before.rowCount ? (100 * (after.rowCount - before.rowCount)) / before.rowCount : null,
    },
    columnsAdded: after.columns.filter((c) => !beforeColumns.has(c.name)).map((c) => c.name),
    columnsRemoved: before.columns.filter((c) => !afterColumns.has(c.name)).map((c) => c.name),
    typeChanges: shared.filter(([b, a]) => b.type !== a.type).map(([b, a]) => ({ column: a.name, before: b.type, after: a.type })),
    missingChanges: shared
      .filter(([b, a]) => Math.abs(a.missingPercent - b.missingPercent) >= missingPointsReported)
      .map(([b, a]) => ({ column: a.name, beforePercent: b.missingPercent, afterPercent: a.missingPercent })),
    meanShifts: shared.flatMap(([b, a]) => {
      const mb = b.numeric?.mean;
      const ma = a.numeric?.mean;
      const sd = b.numeric?.std;
      if (mb === null || mb === undefined || ma === null || ma === undefined) return [];
      const shiftInStd = sd ? (ma - mb) / sd : ma === mb ? 0 : Infinity * Math.sign(ma - mb);
      return Math.abs(shiftInStd) >= meanShiftReported ? [{ column: a.name, before: mb, after: ma, shiftInStd }] : [];
    }),
    distinctChanges: shared
      .filter(([b, a]) => Math.abs(a.distinct - b.distinct) >= Math.max(1, distinctChangeReported * b.distinct))
      .map(([b, a]) => ({ column: a.name, before: b.distinct, after: a.distinct })),
    duplicateRows: { before: before.duplicateRows, after: after.duplicateRows },
    unchanged: false,
    summary: [],
  };
  const summary = diff.summary;
  if (diff.columnsAdded.length) summary.push(`Columns added: ${diff.columnsAdded.join(', ')}.`);
  if (diff.columnsRemoved.length) summary.push(`Columns removed: ${diff.columnsRemoved.join(', ')}.`);
  for (const t of diff.typeChanges) summary.push(`"${t.column}" changed type from ${t.before} to ${t.after}.`);
  if (diff.rows.change) {
    summary.push(`Rows: ${fmt(diff.rows.before)} → ${fmt(diff.rows.after)} (${diff.rows.change > 0 ? '+' : ''}${fmt(diff.rows.change)}${diff.rows.changePercent !== null ? `, ${diff.rows.changePercent > 0 ? '+' : ''}${diff.rows.changePercent.toFixed(1)}%` : ''}).`);
  }
  for (const m of diff.missingChanges) summary.push(`"${m.column}" missing: ${m.beforePercent.toFixed(1)}% → ${m.afterPercent.toFixed(1)}%.`);
  for (const m of diff.meanShifts) summary.push(`"${m.column}" mean: ${fmt(m.before)} → ${fmt(m.after)} (${m.shiftInStd > 0 ? '+' : ''}${Number.isFinite(m.shiftInStd) ? m.shiftInStd.toFixed(2) : '∞'} standard deviations).`);
  for (const d of diff.distinctChanges) summary.push(`"${d.column}" distinct values: ${fmt(d.before)} → ${fmt(d.after)}.`);
  if (diff.duplicateRows.before !== diff.duplicateRows.after) summary.push(`Duplicate rows: ${fmt(diff.duplicateRows.before)} → ${fmt(diff.duplicateRows.after)}.`);
  diff.unchanged = summary.length === 0;
  if (diff.unchanged) summary.push('No change in rows, columns, types, missing values, means or distinct counts.');
  return diff;
}
