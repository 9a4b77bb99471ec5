import type { DriftHistogram } from '../../src/core/data/drift/types';
import type { Histogram } from '../../src/core/data/profile/types';
import { Chart, themeColor } from '../shared/charts';
import { el } from '../shared/dom';
import { formatCount, formatNumber } from './format';

const live = new Set<Chart>();

/** A colour of the theme with an alpha: VS Code gives chart colours as #rrggbb(aa) or rgb(a). */
export function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{3,8})$/i.exec(color.trim());
  if (hex) {
    let digits = hex[1];
    if (digits.length <= 4) digits = [...digits].map((d) => d + d).join('');
    const [r, g, b] = [0, 2, 4].map((i) => parseInt(digits.slice(i, i + 2), 16));
    return `rgba(${r}, ${g}, ${b}, ${alpha})`;
  }
  const rgb = /^rgba?\(([^,]+),([^,]+),([^,)]+)/.exec(color.trim());
  return rgb ? `rgba(${rgb[1]},${rgb[2]},${rgb[3]}, ${alpha})` : color;
}

export const referenceColor = () => themeColor('--vscode-charts-blue', '#3794ff');
export const currentColor = () => themeColor('--vscode-charts-orange', '#d18616');

const observer = new IntersectionObserver(
  (entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      observer.unobserve(entry.target);
      const build = pending.get(entry.target);
      pending.delete(entry.target);
      build?.();
    }
  },
  { rootMargin: '300px' },
);
const pending = new WeakMap<Element, () => void>();

/** A chart built only when its box scrolls into view: a file with thousands of columns stays responsive. */
export function lazyChart(className: string, build: (canvas: HTMLCanvasElement) => Chart): HTMLElement {
  const canvas = el('canvas');
  const box = el('div', { class: `chart ${className}` }, canvas);
  pending.set(box, () => live.add(build(canvas)));
  observer.observe(box);
  return box;
}

/** Destroy the charts whose canvas left the page (after a section is rendered again). */
export function pruneCharts(): void {
  for (const chart of live) {
    if (!chart.canvas.isConnected) {
      chart.destroy();
      live.delete(chart);
    }
  }
}

function binLabels(histogram: Histogram, integer: boolean): string[] {
  const { edges, edgeLabels } = histogram;
  return histogram.counts.map((_, i) => {
    if (edgeLabels) return `${edgeLabels[i]} – ${edgeLabels[i + 1]}`;
    if (integer && edges[i + 1] - edges[i] <= 1) return formatNumber(edges[i]);
    return `${formatNumber(edges[i])} – ${formatNumber(edges[i + 1])}`;
  });
}

const compactAxis = { ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 4, font: { size: 10 } }, grid: { display: false } };

/** A column's histogram: bars over its bins, the bin range and count on hover. */
export function histogramChart(histogram: Histogram, options: { integer?: boolean; color?: string } = {}): HTMLElement {
  return lazyChart('histogram', (canvas) => {
    const color = options.color ?? referenceColor();
    const labels = binLabels(histogram, options.integer ?? false);
    return new Chart(canvas, {
      type: 'bar',
      data: { labels, datasets: [{ data: histogram.counts, backgroundColor: withAlpha(color, 0.7), hoverBackgroundColor: color, barPercentage: 1, categoryPercentage: 0.96 }] },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { display: false }, tooltip: { callbacks: { label: (item) => `${formatCount(item.parsed.y ?? 0)} rows` } } },
        scales: {
          x: { ...compactAxis, ticks: { ...compactAxis.ticks, callback: (_v, i) => (histogram.edgeLabels ? histogram.edgeLabels[i] : formatNumber(histogram.edges[i])) } },
          y: { beginAtZero: true, ticks: { maxTicksLimit: 3, font: { size: 10 }, callback: (v) => formatNumber(Number(v)) } },
        },
      },
    });
  });
}

/** Reference and current distributions over the same bins (or categories), drawn over each other. */
export function overlaidChart(histogram: DriftHistogram, referenceLabel: string, currentLabel: string): HTMLElement {
  return lazyChart('drift-histogram', (canvas) => {
    const numeric = !!histogram.edges;
    const labels = numeric ? histogram.reference.map((_, i) => `${formatNumber(histogram.edges![i])} – ${formatNumber(histogram.edges![i + 1])}`) : histogram.labels ?? [];
    const bar = (label: string, data: number[], color: string) => ({
      label,
      data: data.map((share) => share * 100),
      backgroundColor: withAlpha(color, numeric ? 0.45 : 0.7),
      borderColor: color,
      borderWidth: numeric ? 1 : 0,
      barPercentage: 1,
      categoryPercentage: numeric ? 1 : 0.8,
      maxBarThickness: numeric ? undefined : 28,
      grouped: !numeric,
    });
    return new Chart(canvas, {
      type: 'bar',
      data: { labels, datasets: [bar(referenceLabel, histogram.reference, referenceColor()), bar(currentLabel, histogram.current, currentColor())] },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        plugins: { legend: { display: false }, tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${formatNumber(item.parsed.y ?? 0)}%` } } },
        scales: {
          x: { ...compactAxis, stacked: false, ticks: { ...compactAxis.ticks, callback: (_v, i) => (numeric ? formatNumber(histogram.edges![i]) : labels[i]) } },
          y: { beginAtZero: true, ticks: { maxTicksLimit: 3, font: { size: 10 }, callback: (v) => `${v}%` } },
        },
      },
    });
  });
}
