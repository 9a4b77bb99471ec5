import type { ChartMetric } from '../../src/core/notebook/outputModel';
import { Chart, seriesColor, themeColor } from '../shared/charts';

function datasets(metric: ChartMetric | undefined) {
  const longest = Math.max(0, ...(metric?.series.map((s) => s.step.length) ?? []));
  return (metric?.series ?? []).map((s) => ({
    label: s.label,
    data: s.step.map((x, i) => ({ x, y: s.value[i] })),
    borderColor: seriesColor(s.colorIndex),
    backgroundColor: seriesColor(s.colorIndex, 0.25),
    borderWidth: 2,
    pointRadius: longest > 40 ? 0 : s.step.length === 1 ? 4 : 2.5,
    pointHoverRadius: 4,
    tension: 0,
    spanGaps: false,
  }));
}

function options(metric: ChartMetric | undefined) {
  const grid = themeColor('--vscode-editorWidget-border', 'rgba(128,128,128,0.3)');
  const text = themeColor('--vscode-descriptionForeground', '#888');
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false as const,
    parsing: false as const,
    interaction: { mode: 'nearest' as const, intersect: false },
    scales: {
      x: { type: 'linear' as const, title: { display: true, text: 'step', color: text }, grid: { color: grid }, ticks: { color: text, precision: 0 } },
      y: { title: { display: true, text: metric?.key ?? '', color: text }, grid: { color: grid }, ticks: { color: text } },
    },
    plugins: {
      legend: { position: 'bottom' as const, labels: { color: themeColor('--vscode-foreground', '#ccc'), boxWidth: 12, boxHeight: 2, padding: 12 } },
      tooltip: { callbacks: { title: (items: { parsed: { x: number | null } }[]) => `step ${items[0]?.parsed.x ?? ''}` } },
    },
  };
}

/** One metric's curves; `show` swaps the data (a live update or another metric) without rebuilding the chart. */
export class MetricChart {
  private readonly chart: Chart<'line', { x: number; y: number | null }[]>;

  constructor(canvas: HTMLCanvasElement, metric: ChartMetric | undefined) {
    this.chart = new Chart(canvas, { type: 'line', data: { datasets: datasets(metric) }, options: options(metric) });
  }

  show(metric: ChartMetric | undefined): void {
    this.chart.data.datasets = datasets(metric);
    this.chart.options = options(metric);
    this.chart.update('none');
  }

  destroy(): void {
    this.chart.destroy();
  }
}
