import type { OutputNumber } from '../../src/core/notebook/outputModel';

export function formatValue(value: OutputNumber | null): string {
  if (value === null) return '—';
  if (typeof value === 'string') return value;
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 1e5 || Math.abs(value) < 1e-3 ? value.toExponential(3) : String(Number(value.toPrecision(4)));
}

export function formatDuration(ms: number | null): string {
  if (ms === null) return '';
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

const contextOrder = ['train', 'train-dev', 'dev', 'val', 'valid', 'validation', 'test', ''];

export function compareContexts(a: string, b: string): number {
  const rank = (c: string) => (contextOrder.includes(c) ? contextOrder.indexOf(c) : contextOrder.length);
  return rank(a) - rank(b) || a.localeCompare(b);
}
