import { formatNumber } from '../shared/format';

/** An axis tick label; a log axis labels only 1, 2 and 5 of each decade so its crowded minor ticks stay readable. */
export function tickLabel(value: number, log: boolean): string {
  if (log && value > 0) {
    const mantissa = value / Math.pow(10, Math.floor(Math.log10(value)));
    if (![1, 2, 5].some((k) => Math.abs(mantissa - k) < 1e-6)) return '';
  }
  return formatNumber(value);
}
