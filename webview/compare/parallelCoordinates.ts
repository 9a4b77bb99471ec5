import type { AxisModel, ParallelCoordinatesModel } from '../../src/protocol/compare';
import { themeColor } from '../shared/charts';
import { el } from '../shared/dom';
import { formatNumber } from '../shared/format';

const MARGIN = { top: 34, right: 70, bottom: 26, left: 70 };

/**
 * Parallel coordinates drawn on a canvas: an axis per param (numbers on their range, log for ranges spanning decades;
 * categories spread evenly) and the chosen metric last; a line per run in its colour. Hovering a line names the run.
 */
export class ParallelCoordinates {
  readonly element: HTMLElement;
  private readonly canvas = el('canvas', { class: 'parallel-canvas', role: 'img', 'aria-label': 'Parallel coordinates of params and the chosen metric' });
  private readonly tip = el('div', { class: 'canvas-tip', role: 'tooltip' });
  private model: ParallelCoordinatesModel | undefined;
  private lines: { runId: string; points: ({ x: number; y: number } | null)[] }[] = [];
  private highlighted: string | undefined;

  constructor(private readonly colorOf: (runId: string) => string, private readonly hidden: () => ReadonlySet<string>) {
    this.element = el('div', { class: 'parallel' }, this.canvas, this.tip);
    this.canvas.addEventListener('mousemove', (event) => this.hover(event));
    this.canvas.addEventListener('mouseleave', () => this.hover(undefined));
    new ResizeObserver(() => this.draw()).observe(this.element);
  }

  show(model: ParallelCoordinatesModel): void {
    this.model = model;
    this.draw();
  }

  draw(): void {
    const model = this.model;
    const width = this.element.clientWidth;
    const height = 300;
    const ratio = window.devicePixelRatio || 1;
    this.canvas.width = width * ratio;
    this.canvas.height = height * ratio;
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    const g = this.canvas.getContext('2d');
    if (!g || !model || width === 0) return;
    g.scale(ratio, ratio);
    g.clearRect(0, 0, width, height);
    const axes = model.axes;
    const plotHeight = height - MARGIN.top - MARGIN.bottom;
    const xOf = (i: number) => MARGIN.left + (axes.length === 1 ? 0 : (i * (width - MARGIN.left - MARGIN.right)) / (axes.length - 1));
    const hidden = this.hidden();
    this.lines = model.lines.filter((l) => !hidden.has(l.runId)).map((line) => ({
      runId: line.runId,
      points: line.values.map((v, i) => (v === null ? null : { x: xOf(i), y: MARGIN.top + plotHeight * (1 - position(axes[i], v)) })),
    }));
    for (const line of this.lines) this.drawLine(g, line, line.runId === this.highlighted ? 3 : 1.5, line.runId === this.highlighted || !this.highlighted ? 1 : 0.25);
    const text = themeColor('--vscode-foreground', '#ccc');
    const muted = themeColor('--vscode-descriptionForeground', '#999');
    const axisColor = themeColor('--vscode-editorWidget-border', '#666');
    g.font = `11px ${themeColor('--vscode-font-family', 'sans-serif')}`;
    axes.forEach((axis, i) => {
      const x = xOf(i);
      g.strokeStyle = axisColor;
      g.lineWidth = 1;
      g.beginPath();
      g.moveTo(x, MARGIN.top);
      g.lineTo(x, MARGIN.top + plotHeight);
      g.stroke();
      g.textAlign = 'center';
      g.fillStyle = text;
      g.fillText(truncate(axis.label, 22), x, MARGIN.top - 16);
      g.fillStyle = muted;
      for (const [label, at] of ticks(axis)) {
        g.textAlign = i === axes.length - 1 ? 'left' : 'right';
        g.fillText(truncate(label, 12), x + (i === axes.length - 1 ? 5 : -5), MARGIN.top + plotHeight * (1 - at) + 4);
      }
    });
  }

  private drawLine(g: CanvasRenderingContext2D, line: { runId: string; points: ({ x: number; y: number } | null)[] }, width: number, alpha: number): void {
    g.strokeStyle = this.colorOf(line.runId);
    g.globalAlpha = alpha;
    g.lineWidth = width;
    g.beginPath();
    let drawing = false;
    for (const p of line.points) {
      if (!p) {
        drawing = false;
        continue;
      }
      if (drawing) g.lineTo(p.x, p.y);
      else g.moveTo(p.x, p.y);
      drawing = true;
    }
    g.stroke();
    g.globalAlpha = 1;
  }

  private hover(event: MouseEvent | undefined): void {
    let nearest: { runId: string; distance: number } | undefined;
    if (event) {
      const box = this.canvas.getBoundingClientRect();
      const [mx, my] = [event.clientX - box.left, event.clientY - box.top];
      for (const line of this.lines) {
        for (let i = 1; i < line.points.length; i++) {
          const [a, b] = [line.points[i - 1], line.points[i]];
          if (!a || !b || mx < a.x || mx > b.x) continue;
          const distance = Math.abs(a.y + ((b.y - a.y) * (mx - a.x)) / (b.x - a.x || 1) - my);
          if (distance < 6 && (!nearest || distance < nearest.distance)) nearest = { runId: line.runId, distance };
        }
      }
    }
    if (nearest?.runId === this.highlighted) return this.moveTip(event);
    this.highlighted = nearest?.runId;
    this.draw();
    const line = this.model?.lines.find((l) => l.runId === this.highlighted);
    this.tip.textContent = line ? `${line.runName}\n${line.values.map((v, i) => `${this.model!.axes[i].label}: ${valueText(this.model!.axes[i], v)}`).join('\n')}` : '';
    this.tip.classList.toggle('visible', !!line);
    this.moveTip(event);
  }

  private moveTip(event: MouseEvent | undefined): void {
    if (!event) return;
    const box = this.element.getBoundingClientRect();
    this.tip.style.left = `${Math.min(event.clientX - box.left + 12, box.width - 220)}px`;
    this.tip.style.top = `${event.clientY - box.top + 12}px`;
  }
}

/** Where a value sits on its axis, 0 (bottom) to 1 (top). */
function position(axis: AxisModel, value: number): number {
  if (axis.type === 'categorical') return axis.categories.length <= 1 ? 0.5 : value / (axis.categories.length - 1);
  const { min, max } = axis;
  if (min === null || max === null || min === max) return 0.5;
  if (axis.logSuggested) return (Math.log(value) - Math.log(min)) / (Math.log(max) - Math.log(min));
  return (value - min) / (max - min);
}

function ticks(axis: AxisModel): [string, number][] {
  if (axis.type === 'categorical') {
    const shown = axis.categories.length <= 8 ? axis.categories.map((c, i) => [c, i] as const) : axis.categories.map((c, i) => [c, i] as const).filter((_, i, all) => i % Math.ceil(all.length / 8) === 0);
    return shown.map(([label, i]) => [label, position(axis, i)]);
  }
  if (axis.min === null || axis.max === null) return [];
  if (axis.min === axis.max) return [[formatNumber(axis.min), 0.5]];
  return [[formatNumber(axis.max), 1], [formatNumber(axis.min), 0]];
}

function valueText(axis: AxisModel, value: number | null): string {
  if (value === null) return '—';
  return axis.type === 'categorical' ? axis.categories[value] : formatNumber(value);
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}
