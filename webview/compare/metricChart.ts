import type { ChartDataset, TooltipItem } from 'chart.js';
import type { CompareMetric, MetricSeriesModel, XAxisMode } from '../../src/protocol/compare';
import { Chart, themeColor, zoomOptions } from '../shared/charts';
import { el } from '../shared/dom';
import { formatDuration, formatNumber, formatTime } from '../shared/format';
import { emaSmooth } from './smoothing';
import { tickLabel } from './ticks';

export interface ChartRun {
  id: string;
  name: string;
  color: string;
  fadedColor: string;
  startedAt: number;
}

export interface ChartOptions {
  xAxis: XAxisMode;
  smoothing: number;
  logScale: boolean;
  hidden: ReadonlySet<string>;
  runOf(runId: string): ChartRun | undefined;
}

interface Point {
  x: number;
  y: number | null;
  step: number;
  raw: number | null;
}

const axisTitles: Record<XAxisMode, string> = { step: 'step', wall: 'wall time', relative: 'time since the run started' };

/**
 * One metric (key + context) of every compared run: a line per run, smoothed on the slider (the raw line fades
 * behind), step / wall / relative time on x, log scale, zoom (ctrl+wheel, shift+drag) and pan (ctrl+drag); a
 * double-click resets. The series is fetched when the card first scrolls into view.
 */
export class MetricChart {
  readonly card: HTMLElement;
  private readonly canvas = el('canvas', { role: 'img' });
  private readonly note = el('div', { class: 'chart-note muted' });
  private chart: Chart<'line', Point[]> | undefined;
  private model: MetricSeriesModel | undefined;
  /** The axes the chart's options were built for: other changes keep the options, and so the zoom. */
  private axesKey = '';
  loaded = false;

  constructor(readonly metric: CompareMetric, private readonly options: () => ChartOptions) {
    this.canvas.setAttribute('aria-label', `${metric.label} of the compared runs`);
    this.card = el('section', { class: 'chart-card', 'data-metric': metric.columnId },
      el('h3', { class: 'chart-title', title: metric.columnId }, metric.label),
      el('div', { class: 'chart-box' }, this.canvas),
      this.note);
    this.canvas.addEventListener('dblclick', () => this.chart?.resetZoom());
  }

  show(model: MetricSeriesModel): void {
    this.model = model;
    this.loaded = true;
    const sampled = model.series.filter((s) => s.downsampled).length;
    this.note.textContent = sampled ? `${sampled} of ${model.series.length} series downsampled (every min and max kept)` : '';
    this.redraw();
  }

  /** Rebuilds the lines from the loaded series with the current options (smoothing, axis, hidden runs). */
  redraw(): void {
    if (!this.model) return;
    const options = this.options();
    const datasets = this.datasets(options);
    this.card.dataset.smoothing = String(options.smoothing);
    this.card.dataset.series = String(this.model.series.filter((s) => !options.hidden.has(s.runId)).length);
    const axesKey = `${options.xAxis}/${options.logScale}`;
    if (!this.chart) {
      this.chart = new Chart(this.canvas, { type: 'line', data: { datasets }, options: this.chartOptions() });
    } else {
      this.chart.data.datasets = datasets;
      if (axesKey !== this.axesKey) this.chart.options = this.chartOptions();
      this.chart.update('none');
    }
    this.axesKey = axesKey;
  }

  private datasets(options: ChartOptions): ChartDataset<'line', Point[]>[] {
    const datasets: ChartDataset<'line', Point[]>[] = [];
    const smooth = options.smoothing > 0;
    for (const series of this.model!.series) {
      const run = options.runOf(series.runId);
      if (!run || options.hidden.has(series.runId)) continue;
      const x = options.xAxis === 'step' ? series.step : options.xAxis === 'wall' ? series.ts : series.ts.map((t) => (t - run.startedAt) / 1000);
      const ys = smooth ? emaSmooth(series.value, options.smoothing) : series.value;
      const points = (values: (number | null)[]): Point[] => values.map((y, i) => ({ x: x[i], y, step: series.step[i], raw: series.value[i] }));
      const line = { parsing: false, normalized: true, pointRadius: 0, pointHitRadius: 4, borderWidth: 1.5, spanGaps: false, tension: 0 } as const;
      datasets.push({ ...line, label: run.name, data: points(ys), borderColor: run.color, backgroundColor: run.color, order: 0, ...{ runId: run.id } });
      if (smooth) datasets.push({ ...line, label: run.name, data: points(series.value), borderColor: run.fadedColor, backgroundColor: run.fadedColor, borderWidth: 1, order: 1, ...{ runId: run.id, rawLine: true } });
    }
    return datasets;
  }

  /** Callbacks read the options when called, so smoothing and hidden runs need no new options. */
  private chartOptions() {
    const options = this.options();
    const tickX = (value: number | string) => {
      const n = Number(value);
      return options.xAxis === 'wall' ? formatTime(n) : options.xAxis === 'relative' ? formatDuration(n) : formatNumber(n);
    };
    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: false as const,
      interaction: { mode: 'nearest' as const, intersect: false, axis: 'xy' as const },
      scales: {
        x: { type: 'linear' as const, title: { display: true, text: axisTitles[options.xAxis] }, ticks: { callback: tickX, maxRotation: 0, autoSkipPadding: 16 } },
        y: { type: options.logScale ? ('logarithmic' as const) : ('linear' as const), ticks: { callback: (v: number | string) => tickLabel(Number(v), options.logScale) } },
      },
      plugins: {
        legend: { display: false },
        decimation: { enabled: false },
        tooltip: {
          filter: (item: TooltipItem<'line'>) => !(item.dataset as { rawLine?: boolean }).rawLine,
          backgroundColor: themeColor('--vscode-editorHoverWidget-background', '#252526'),
          titleColor: themeColor('--vscode-editorHoverWidget-foreground', '#ccc'),
          bodyColor: themeColor('--vscode-editorHoverWidget-foreground', '#ccc'),
          borderColor: themeColor('--vscode-editorHoverWidget-border', '#454545'),
          borderWidth: 1,
          callbacks: {
            title: (items: TooltipItem<'line'>[]) => items[0]?.dataset.label ?? '',
            label: (item: TooltipItem<'line'>) => {
              const point = item.raw as Point;
              const smoothed = this.options().smoothing > 0 && point.y !== null ? ` (smoothed ${formatNumber(point.y)})` : '';
              const time = options.xAxis === 'step' ? '' : ` · ${tickX(point.x)}`;
              return `step ${point.step}${time} · ${point.raw === null ? 'NaN' : formatNumber(point.raw)}${smoothed}`;
            },
          },
        },
        zoom: { ...zoomOptions, zoom: { ...zoomOptions!.zoom, wheel: { enabled: true, modifierKey: 'ctrl' as const } } },
      },
    };
  }

  destroy(): void {
    this.chart?.destroy();
    this.chart = undefined;
  }
}
