import type { CompareNotification, CompareOverview, CompareRequests, CompareState, XAxisMode } from '../../src/protocol/compare';
import { seriesColor } from '../shared/charts';
import { clear, el } from '../shared/dom';
import { createRpcClient } from '../shared/rpc';
import { vscodeApi } from '../shared/vscode';
import { MetricChart, type ChartOptions, type ChartRun } from './metricChart';
import { ParallelCoordinates } from './parallelCoordinates';
import { renderParamsDiff } from './paramsDiff';
import { MetricParamScatter } from './scatter';

const api = vscodeApi<CompareState>();
const state: CompareState = {
  runIds: [], hiddenRunIds: [], xAxis: 'step', smoothing: 0, logScale: false, metricFilter: '', showAllParams: false,
  parallelMetric: null, scatterParam: null, scatterMetric: null, ...api.getState(),
};
const rpc = createRpcClient<CompareRequests, CompareNotification>((n) => void onNotification(n));
const save = () => api.setState(state);
const hidden = () => new Set(state.hiddenRunIds);

let overview: (CompareOverview & { mainMetric: string | null }) | undefined;
let runs = new Map<string, ChartRun>();
let charts: MetricChart[] = [];
let paramColumns: { id: string; label: string }[] = [];

// ---- layout
const app = document.getElementById('app')!;
const heading = el('h1', { class: 'compare-title' }, 'Compare runs');
const missing = el('p', { class: 'warning missing-runs' });
const legend = el('div', { class: 'legend', role: 'group', 'aria-label': 'Runs: click to hide or show, double-click to open' });
const xAxisSelect = el('select', { class: 'x-axis', 'aria-label': 'X axis' },
  el('option', { value: 'step' }, 'Step'), el('option', { value: 'wall' }, 'Wall time'), el('option', { value: 'relative' }, 'Relative time'));
const smoothing = el('input', { type: 'range', class: 'smoothing', min: '0', max: '0.99', step: '0.01', 'aria-label': 'Smoothing' });
const smoothingValue = el('span', { class: 'smoothing-value mono' });
const logScale = el('input', { type: 'checkbox', class: 'log-scale' });
const metricFilter = el('input', { type: 'search', class: 'metric-filter', placeholder: 'Find a metric', 'aria-label': 'Find a metric' });
const chartGrid = el('div', { class: 'chart-grid' });
const paramsToggle = el('input', { type: 'checkbox', class: 'show-all-params' });
const paramsLabel = el('span', {}, 'Show every param');
const paramsBody = el('div', { class: 'params-body' });
const parallelMetric = el('select', { class: 'parallel-metric', 'aria-label': 'Metric on the last axis' });
const scatterParam = el('select', { class: 'scatter-param', 'aria-label': 'Param on x' });
const scatterMetric = el('select', { class: 'scatter-metric', 'aria-label': 'Metric on y' });
const colorOf = (runId: string) => runs.get(runId)?.color ?? seriesColor(0);
const parallel = new ParallelCoordinates(colorOf, hidden);
const scatter = new MetricParamScatter(colorOf, hidden);
const problem = el('div', { class: 'problem error', role: 'alert' });

app.append(
  el('header', { class: 'compare-head' }, heading, missing, legend),
  el('div', { class: 'controls' },
      el('label', {}, 'X axis ', xAxisSelect),
      el('label', { class: 'smoothing-control' }, 'Smoothing ', smoothing, smoothingValue),
      el('label', {}, logScale, ' Log scale'),
      metricFilter,
      el('span', { class: 'muted hint' }, 'Ctrl+wheel or shift+drag zooms, ctrl+drag pans, double-click resets')),
  problem,
  el('h2', {}, 'Metrics'),
  chartGrid,
  el('section', { class: 'params-section' },
    el('div', { class: 'section-head' }, el('h2', {}, 'Params'), el('label', { class: 'toggle' }, paramsToggle, paramsLabel)),
    paramsBody),
  el('section', { class: 'parallel-section' },
    el('div', { class: 'section-head' }, el('h2', {}, 'Parallel coordinates'), el('label', {}, 'Metric ', parallelMetric)),
    parallel.element),
  el('section', { class: 'scatter-section' },
    el('div', { class: 'section-head' }, el('h2', {}, 'Metric vs param'), el('label', {}, 'Param ', scatterParam), el('label', {}, 'Metric ', scatterMetric)),
    scatter.element),
);

function syncControls(): void {
  xAxisSelect.value = state.xAxis;
  smoothing.value = String(state.smoothing);
  smoothingValue.textContent = state.smoothing.toFixed(2);
  logScale.checked = state.logScale;
  metricFilter.value = state.metricFilter;
  paramsToggle.checked = state.showAllParams;
}

xAxisSelect.addEventListener('change', () => optionsChanged(() => (state.xAxis = xAxisSelect.value as XAxisMode)));
smoothing.addEventListener('input', () => optionsChanged(() => (state.smoothing = Number(smoothing.value))));
logScale.addEventListener('change', () => optionsChanged(() => (state.logScale = logScale.checked)));
metricFilter.addEventListener('input', () => {
  state.metricFilter = metricFilter.value;
  save();
  filterCharts();
});
paramsToggle.addEventListener('change', () => {
  state.showAllParams = paramsToggle.checked;
  save();
  void loadParams();
});
parallelMetric.addEventListener('change', () => {
  state.parallelMetric = parallelMetric.value;
  save();
  void loadParallel();
});
for (const select of [scatterParam, scatterMetric]) {
  select.addEventListener('change', () => {
    state.scatterParam = scatterParam.value;
    state.scatterMetric = scatterMetric.value;
    save();
    void loadScatter();
  });
}

function optionsChanged(change: () => void): void {
  change();
  syncControls();
  save();
  for (const chart of charts) chart.redraw();
}

const chartOptions = (): ChartOptions => ({ xAxis: state.xAxis, smoothing: state.smoothing, logScale: state.logScale, hidden: hidden(), runOf: (id) => runs.get(id) });

// Charts load when they scroll into view: 40 metrics of 100 runs cost nothing until looked at.
const inView = new Set<Element>();
const onScreen = new IntersectionObserver((entries) => {
  for (const entry of entries) {
    if (entry.isIntersecting) inView.add(entry.target);
    else inView.delete(entry.target);
    const chart = charts.find((c) => c.card === entry.target);
    if (entry.isIntersecting && chart && !chart.loaded) void loadChart(chart);
  }
}, { rootMargin: '300px' });

async function loadChart(chart: MetricChart): Promise<void> {
  chart.loaded = true;
  const model = await rpc.request('series', { runIds: state.runIds, key: chart.metric.key, context: chart.metric.context }).catch(showProblem);
  if (model && charts.includes(chart)) chart.show(model);
}

// ---- the runs and everything about them
async function loadAll(): Promise<void> {
  if (!state.runIds.length) {
    heading.textContent = 'Compare runs';
    clear(chartGrid);
    chartGrid.append(el('p', { class: 'muted' }, 'Select runs in the runs table or the Runs view and choose Compare.'));
    return;
  }
  const next = await rpc.request('overview', { runIds: state.runIds }).catch(showProblem);
  if (!next) return;
  overview = next;
  runs = new Map(next.runs.map((run) => {
    const index = state.runIds.indexOf(run.id);
    return [run.id, { id: run.id, name: run.name, startedAt: run.startedAt, color: seriesColor(index), fadedColor: seriesColor(index, 0.25) }];
  }));
  heading.textContent = `Compare ${next.runs.length} run${next.runs.length === 1 ? '' : 's'}`;
  missing.textContent = next.missingRunIds.length ? `${next.missingRunIds.length} of the chosen runs are no longer in the store.` : '';
  renderLegend();
  const sameMetrics = charts.length === next.metrics.length && charts.every((c, i) => c.metric.columnId === next.metrics[i].columnId);
  if (sameMetrics) refreshCharts();
  else renderCharts();
  fillMetricSelects();
  await loadParams();
  await Promise.all([loadParallel(), loadScatter()]);
}

function renderLegend(): void {
  clear(legend);
  const off = hidden();
  for (const run of overview?.runs ?? []) {
    const swatch = el('span', { class: 'swatch' });
    swatch.style.background = runs.get(run.id)!.color;
    const chip = el('button', { class: `legend-item${off.has(run.id) ? ' off' : ''}`, 'data-run-id': run.id, 'aria-pressed': String(!off.has(run.id)), title: `${run.name}\n${run.status} · ${run.experiment} · ${run.id}\nClick to hide or show; double-click to open it in the runs table` },
      swatch, el('span', { class: 'legend-name' }, run.name));
    chip.addEventListener('click', () => {
      state.hiddenRunIds = off.has(run.id) ? state.hiddenRunIds.filter((id) => id !== run.id) : [...state.hiddenRunIds, run.id];
      save();
      renderLegend();
      for (const chart of charts) chart.redraw();
      parallel.draw();
      scatter.draw();
    });
    chip.addEventListener('dblclick', () => void rpc.request('openRun', { runId: run.id }));
    legend.append(chip);
  }
}

function renderCharts(): void {
  for (const chart of charts) chart.destroy();
  onScreen.disconnect();
  inView.clear();
  clear(chartGrid);
  charts = (overview?.metrics ?? []).map((metric) => new MetricChart(metric, chartOptions));
  if (!charts.length) chartGrid.append(el('p', { class: 'muted' }, 'These runs logged no metrics yet.'));
  for (const chart of charts) {
    chartGrid.append(chart.card);
    onScreen.observe(chart.card);
  }
  filterCharts();
}

/** New data for the same metrics: charts in view reload in place (keeping their zoom), the others when next seen. */
function refreshCharts(): void {
  for (const chart of charts) {
    chart.loaded = false;
    if (inView.has(chart.card)) void loadChart(chart);
  }
}

function filterCharts(): void {
  const needle = state.metricFilter.trim().toLowerCase();
  for (const chart of charts) chart.card.hidden = !!needle && !chart.metric.label.toLowerCase().includes(needle);
}

function fillMetricSelects(): void {
  const metrics = (overview?.metrics ?? []).filter((m) => m.context !== 'system');
  const fill = (select: HTMLSelectElement, chosen: string | null) => {
    clear(select);
    for (const m of metrics) select.append(el('option', { value: m.columnId }, m.label));
    select.value = chosen && metrics.some((m) => m.columnId === chosen) ? chosen : overview?.mainMetric ?? metrics[0]?.columnId ?? '';
  };
  fill(parallelMetric, state.parallelMetric);
  fill(scatterMetric, state.scatterMetric);
}

async function loadParams(): Promise<void> {
  const model = await rpc.request('paramsDiff', { runIds: state.runIds }).catch(showProblem);
  if (!model) return;
  paramsLabel.textContent = `Show every param (${model.changedCount} of ${model.rows.length} differ)`;
  clear(paramsBody);
  paramsBody.append(renderParamsDiff(model, state.showAllParams, colorOf));
  paramColumns = model.rows.map((r) => ({ id: r.columnId, label: r.key }));
  const differing = model.rows.find((r) => r.differs)?.columnId;
  clear(scatterParam);
  for (const p of paramColumns) scatterParam.append(el('option', { value: p.id }, p.label));
  scatterParam.value = state.scatterParam && paramColumns.some((p) => p.id === state.scatterParam) ? state.scatterParam : differing ?? paramColumns[0]?.id ?? '';
}

async function loadParallel(): Promise<void> {
  if (!parallelMetric.value) return;
  const model = await rpc.request('parallel', { runIds: state.runIds, metric: parallelMetric.value }).catch(showProblem);
  if (model) parallel.show(model);
}

async function loadScatter(): Promise<void> {
  if (!scatterParam.value || !scatterMetric.value) return;
  const model = await rpc.request('scatter', { runIds: state.runIds, param: scatterParam.value, metric: scatterMetric.value }).catch(showProblem);
  if (model) scatter.show(model);
}

function showProblem(error: Error): undefined {
  problem.textContent = error.message;
  return undefined;
}

async function onNotification(notification: CompareNotification): Promise<void> {
  problem.textContent = '';
  if (notification.type === 'showRuns') {
    state.runIds = notification.runIds;
    state.hiddenRunIds = state.hiddenRunIds.filter((id) => notification.runIds.includes(id));
    save();
  }
  await loadAll();
}

syncControls();
rpc.ready();
void loadAll();
