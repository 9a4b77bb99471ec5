import type { TooltipItem } from 'chart.js';
import type { AxisModel, ScatterModel } from '../../src/protocol/compare';
import { Chart, zoomOptions } from '../shared/charts';
import { el } from '../shared/dom';
import { formatNumber } from '../shared/format';
import { tickLabel } from './ticks';

interface ScatterPoint {
  x: number;
  y: number;
  runId: string;
  runName: string;
}

/** A metric (y) against a param (x), a point per run in its colour; a categorical param spreads its values evenly. */
export class MetricParamScatter {
  readonly element: HTMLElement;
  private readonly canvas = el('canvas', { role: 'img', 'aria-label': 'Metric against param, one point per run' });
  private readonly note = el('div', { class: 'chart-note muted' });
  private chart: Chart<'scatter', ScatterPoint[]> | undefined;
  private model: ScatterModel | undefined;

  constructor(private readonly colorOf: (runId: string) => string, private readonly hidden: () => ReadonlySet<string>) {
    this.element = el('div', {}, el('div', { class: 'chart-box' }, this.canvas), this.note);
    this.canvas.addEventListener('dblclick', () => this.chart?.resetZoom());
  }

  show(model: ScatterModel): void {
    this.model = model;
    this.draw();
  }

  draw(): void {
    const model = this.model;
    if (!model) return;
    const hidden = this.hidden();
    const points = model.points.filter((p) => !hidden.has(p.runId));
    this.note.textContent = model.incompleteRunIds.length ? `${model.incompleteRunIds.length} runs left out: they lack one of the two values` : '';
    const data = { datasets: [{ data: points, pointRadius: 5, pointHoverRadius: 7, pointBackgroundColor: points.map((p) => this.colorOf(p.runId)), pointBorderColor: points.map((p) => this.colorOf(p.runId)) }] };
    const options = {
      responsive: true,
      maintainAspectRatio: false,
      animation: false as const,
      scales: { x: axisScale(model.x), y: axisScale(model.y) },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: (items: TooltipItem<'scatter'>[]) => (items[0]?.raw as ScatterPoint | undefined)?.runName ?? '',
            label: (item: TooltipItem<'scatter'>) => {
              const p = item.raw as ScatterPoint;
              return [`${model.x.label}: ${axisValue(model.x, p.x)}`, `${model.y.label}: ${axisValue(model.y, p.y)}`];
            },
          },
        },
        zoom: { ...zoomOptions, zoom: { ...zoomOptions!.zoom, wheel: { enabled: true, modifierKey: 'ctrl' as const } } },
      },
    };
    if (!this.chart) this.chart = new Chart<'scatter', ScatterPoint[]>(this.canvas, { type: 'scatter', data, options });
    else {
      this.chart.data = data;
      this.chart.options = options;
      this.chart.update('none');
    }
  }
}

function axisScale(axis: AxisModel) {
  const base = { title: { display: true, text: axis.label } };
  if (axis.type === 'categorical') {
    return { ...base, type: 'linear' as const, min: -0.5, max: axis.categories.length - 0.5, ticks: { stepSize: 1, callback: (v: number | string) => axis.categories[Number(v)] ?? '' } };
  }
  return { ...base, type: axis.logSuggested ? ('logarithmic' as const) : ('linear' as const), ticks: { autoSkip: false, callback: (v: number | string) => tickLabel(Number(v), axis.logSuggested) } };
}

function axisValue(axis: AxisModel, value: number): string {
  return axis.type === 'categorical' ? axis.categories[value] ?? String(value) : formatNumber(value);
}
