import type { Cell } from './viewModels';

const collator = new Intl.Collator(undefined, { numeric: true });

interface SortKey {
  /** 0 a number, 1 text, 2 NaN, 3 missing: NaN and missing stay last in both directions. */
  rank: number;
  number: number;
  text: string;
}

function sortKey(cell: Cell): SortKey {
  if (cell === null) return { rank: 3, number: 0, text: '' };
  if (typeof cell === 'number') return { rank: 0, number: cell, text: '' };
  if (cell === 'NaN') return { rank: 2, number: 0, text: '' };
  if (cell === 'Infinity' || cell === '-Infinity') return { rank: 0, number: Number(cell), text: '' };
  return { rank: 1, number: 0, text: String(cell) };
}

/**
 * Sorts by one column: numbers numerically, text naturally ("run 2" before "run 10"), a descending sort mirrors an
 * ascending one, and runs without a value (or a NaN) come last either way. Ties keep their order from `tieBreak`.
 * Metric cells 'Infinity', '-Infinity' and 'NaN' are the numbers they name.
 */
export function sortRows<T>(rows: T[], cellOf: (row: T, index: number) => Cell, direction: 'asc' | 'desc', tieBreak: (a: T, b: T) => number): T[] {
  const sign = direction === 'asc' ? 1 : -1;
  const keyed = rows.map((row, index) => ({ row, key: sortKey(cellOf(row, index)) }));
  keyed.sort((a, b) => {
    const x = a.key;
    const y = b.key;
    if (x.rank >= 2 || y.rank >= 2) return x.rank - y.rank || tieBreak(a.row, b.row);
    if (x.rank !== y.rank) return sign * (x.rank - y.rank);
    const order = x.rank === 0 ? Math.sign(x.number - y.number) || 0 : collator.compare(x.text, y.text);
    return sign * order || tieBreak(a.row, b.row);
  });
  return keyed.map((k) => k.row);
}
