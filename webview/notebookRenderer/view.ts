import type { CellOutput, LinkAction, OutputLink, RunInfo, RunsTable } from '../../src/core/notebook/outputModel';
import { clear, el } from '../shared/dom';
import { MetricChart } from './chart';
import { compareContexts, formatDuration, formatValue } from './format';

export type SendLink = ((action: LinkAction, runIds: string[]) => void) | undefined;

const statusLabel: Record<RunInfo['status'], string> = { queued: 'queued', running: 'running', finished: 'finished', failed: 'failed', killed: 'stopped', gone: 'gone' };

function badge(status: RunInfo['status']): HTMLElement {
  return el('span', { class: `badge status-${status}` }, statusLabel[status]);
}

/** A sweep's or comparison's status in a few words: "2 finished · 1 running". */
function statusSummary(runs: RunInfo[]): HTMLElement {
  const counts = new Map<RunInfo['status'], number>();
  for (const run of runs) counts.set(run.status, (counts.get(run.status) ?? 0) + 1);
  if (counts.size === 1) return badge(runs[0].status);
  return el('span', { class: 'badges' }, ...[...counts].map(([status, n]) => el('span', { class: `badge status-${status}` }, `${n} ${statusLabel[status]}`)));
}

function header(output: CellOutput): HTMLElement {
  const single = output.kind === 'run' ? output.runs[0] : undefined;
  const duration = single ? formatDuration(single.durationMs) : '';
  return el('div', { class: 'header' },
    el('div', { class: 'title-line' },
      single ? badge(single.status) : statusSummary(output.runs),
      el('span', { class: 'title' }, output.title),
      output.live ? el('span', { class: 'live', title: 'updating while the run writes' }) : null,
      duration ? el('span', { class: 'duration muted' }, duration) : null),
    el('div', { class: 'subtitle muted' }, output.subtitle, output.ref.kind === 'runs' && output.ref.cellId ? ` · cell ${output.ref.cellId}` : ''));
}

function notes(output: CellOutput): HTMLElement | null {
  return output.notes.length ? el('div', { class: 'notes' }, ...output.notes.map((n) => el('div', { class: 'note' }, n))) : null;
}

function params(run: RunInfo): HTMLElement | null {
  if (!run.params.length) return null;
  return el('div', { class: 'section' },
    el('div', { class: 'section-title' }, 'Parameters'),
    el('div', { class: 'chips' }, ...run.params.map((p) => el('span', { class: 'chip' }, el('span', { class: 'chip-key' }, p.key), el('span', { class: 'chip-value' }, p.value)))));
}

/** Final values: a row per metric, a column per context (train, train-dev, dev, test…). */
function finalMetrics(run: RunInfo): HTMLElement | null {
  if (!run.metrics.length) return run.status === 'running' || run.status === 'queued' ? el('div', { class: 'section muted' }, 'No metrics logged yet.') : null;
  const contexts = [...new Set(run.metrics.map((m) => m.context))].sort(compareContexts);
  const keys = [...new Set(run.metrics.map((m) => m.key))];
  return el('div', { class: 'section' },
    el('div', { class: 'section-title' }, run.status === 'running' ? 'Latest metrics' : 'Final metrics'),
    el('table', { class: 'metrics' },
      el('thead', {}, el('tr', {}, el('th', {}, 'metric'), ...contexts.map((c) => el('th', { class: 'num' }, c || '—')))),
      el('tbody', {}, ...keys.map((key) => el('tr', {},
        el('td', {}, key),
        ...contexts.map((c) => {
          const m = run.metrics.find((x) => x.key === key && x.context === c);
          return el('td', { class: 'num mono', title: m ? `step ${m.step}` : '' }, m ? formatValue(m.value) : '');
        }))))));
}

/** Params beside the final metrics: the summary stays short enough to read with the chart above it. */
function details(run: RunInfo): HTMLElement | null {
  const parts = [params(run), finalMetrics(run)].filter((p): p is HTMLElement => p !== null);
  return parts.length ? el('div', { class: 'details' }, ...parts) : null;
}

function runsTable(table: RunsTable): HTMLElement {
  const cellColumn = table.rows.some((r) => r.cellLabel !== undefined);
  return el('div', { class: 'section table-wrap' },
    el('table', { class: 'runs' },
      el('thead', {},
        el('tr', {},
          ...[cellColumn ? 'cell' : null, 'run', 'status', 'duration', ...table.paramKeys].filter((h): h is string => h !== null)
            .map((h) => el('th', { rowspan: '2', class: h === 'duration' ? 'num' : table.paramKeys.includes(h) ? 'param' : '' }, h)),
          table.metricColumns.length ? el('th', { colspan: String(table.metricColumns.length), class: 'group' }, `${table.metricColumns[0].key} (last)`) : null),
        el('tr', {}, ...table.metricColumns.map((c) => el('th', { class: 'num', title: `${c.label}${c.better ? `: ${c.better} is better` : ''}` }, c.context || '—')))),
      el('tbody', {}, ...table.rows.map((row) => el('tr', { class: row.best ? 'best' : '' },
        cellColumn ? el('td', {}, row.cellLabel ?? '') : null,
        el('td', { class: 'run-name', title: row.runId }, row.best ? el('span', { class: 'star', title: 'best' }, '★ ') : null, row.name),
        el('td', {}, badge(row.status)),
        el('td', { class: 'num muted' }, formatDuration(row.durationMs)),
        ...row.params.map((v) => el('td', { class: 'mono param' }, v ?? '')),
        ...row.metrics.map((v) => el('td', { class: 'num mono' }, formatValue(v))))))));
}

function links(list: OutputLink[], send: SendLink): HTMLElement | null {
  if (!list.length || !send) return null;
  return el('div', { class: 'links' }, ...list.map((link) => {
    // A button, not an anchor: the notebook frame handles anchor clicks itself.
    const button = el('button', { class: 'link', type: 'button', title: link.runIds.length === 1 ? `run ${link.runIds[0]}` : `${link.runIds.length} runs` }, link.label);
    button.addEventListener('click', () => send(link.action, link.runIds));
    return button;
  }));
}

/**
 * One cell output on the page. Updates (a live run writing) keep the chart and the chosen metric and replace
 * the rest; text is set as text only.
 */
export class OutputView {
  readonly root = el('div', { class: 'mlcycle-output' });
  private readonly top = el('div');
  private readonly tabs = el('div', { class: 'tabs', role: 'tablist' });
  private readonly chartBox = el('div', { class: 'chart' });
  private readonly bottom = el('div');
  private chart: MetricChart | undefined;
  private metric: string | null = null;
  private output: CellOutput | undefined;

  constructor(private readonly send: SendLink) {
    this.root.append(this.top, this.tabs, this.chartBox, this.bottom);
  }

  update(output: CellOutput): void {
    this.output = output;
    const keys = output.chart.metrics.filter((m) => m.series.length).map((m) => m.key);
    if (!this.metric || !keys.includes(this.metric)) this.metric = output.chart.metric && keys.includes(output.chart.metric) ? output.chart.metric : keys[0] ?? null;
    clear(this.top);
    this.top.append(header(output), ...[notes(output)].filter((n): n is HTMLElement => n !== null));
    this.renderTabs(keys);
    this.renderChart();
    clear(this.bottom);
    const run = output.kind === 'run' ? output.runs[0] : undefined;
    const parts = run
      ? [run.error ? el('div', { class: 'run-error' }, run.error) : null, details(run)]
      : [output.table && output.table.rows.length ? runsTable(output.table) : null];
    this.bottom.append(...parts.filter((p): p is HTMLElement => p !== null), ...[links(output.links, this.send)].filter((p): p is HTMLElement => p !== null));
  }

  private renderTabs(keys: string[]): void {
    clear(this.tabs);
    this.tabs.hidden = keys.length < 2;
    for (const key of keys) {
      const tab = el('button', { class: key === this.metric ? 'tab selected' : 'tab', role: 'tab', 'aria-selected': String(key === this.metric) }, key);
      tab.addEventListener('click', () => {
        this.metric = key;
        this.renderTabs(keys);
        this.renderChart();
      });
      this.tabs.append(tab);
    }
  }

  private renderChart(): void {
    const metric = this.output?.chart.metrics.find((m) => m.key === this.metric);
    const hasData = !!metric?.series.some((s) => s.step.length);
    this.chartBox.hidden = !hasData;
    if (!hasData) return;
    if (!this.chart) {
      const canvas = el('canvas', { role: 'img', 'aria-label': `chart of ${metric!.key}` });
      this.chartBox.append(canvas);
      this.chart = new MetricChart(canvas, metric);
    } else {
      this.chart.show(metric);
    }
  }

  /** Colours come from the theme: redraw with the new ones. */
  themeChanged(): void {
    this.renderChart();
  }

  dispose(): void {
    this.chart?.destroy();
    this.chart = undefined;
  }
}
