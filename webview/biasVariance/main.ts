import '../shared/diagnostics.css';
import './biasVariance.css';
import type { BiasVarianceNotification, BiasVarianceRequests, BiasVarianceState, BiasVarianceViewModel } from '../../src/protocol/biasVariance';
import type { BiasVarianceModel, BiasVarianceTermId, CurveSeries, DataSet, LearningCurvesModel, MissingInput } from '../../src/protocol/diagnostics';
import type { Plugin } from 'chart.js';
import { Chart } from '../shared/charts';
import { cardTitle, chartColor, cssProp, missingBox, notesList, number, percent, points } from '../shared/diagnostics';
import { clear, el } from '../shared/dom';
import { createRpcClient } from '../shared/rpc';
import { vscodeApi } from '../shared/vscode';

const api = vscodeApi<BiasVarianceState>();
const app = document.getElementById('app')!;
let state: BiasVarianceState = api.getState() ?? {};
let charts: Chart[] = [];
let loading = 0;

const rpc = createRpcClient<BiasVarianceRequests, BiasVarianceNotification>((n) => {
  if (n.type === 'showRun') {
    if (n.runId !== state.runId) saveState({ runId: n.runId, metric: undefined });
    void load();
  } else if (n.type === 'storeChanged' && !editingBaseline()) void load();
});

const setNames: Record<DataSet, string> = { train: 'Train', 'train-dev': 'Train-dev', dev: 'Dev', test: 'Test' };
const setColors: Record<DataSet, string> = { train: '--vscode-charts-blue', 'train-dev': '--vscode-charts-purple', dev: '--vscode-charts-orange', test: '--vscode-charts-green' };
const termColors: Record<BiasVarianceTermId, string> = {
  avoidableBias: '--vscode-charts-red', variance: '--vscode-charts-yellow', dataMismatch: '--vscode-charts-purple', devOverfitting: '--vscode-charts-green',
};

function saveState(next: Partial<BiasVarianceState>): void {
  state = { ...state, ...next };
  api.setState(state);
}

function editingBaseline(): boolean {
  return document.activeElement instanceof HTMLInputElement && document.activeElement.classList.contains('baseline-input');
}

async function load(): Promise<void> {
  if (!state.runId) return;
  const ticket = ++loading;
  try {
    const view = await rpc.request('load', { runId: state.runId, metric: state.metric });
    if (ticket === loading) render(view);
  } catch (error) {
    if (ticket === loading) renderError((error as Error).message);
  }
}

function renderError(message: string): void {
  destroyCharts();
  clear(app);
  app.append(el('h1', {}, 'Bias and variance'), el('p', { class: 'error-banner', role: 'alert' }, message));
}

function destroyCharts(): void {
  charts.forEach((c) => c.destroy());
  charts = [];
}

/** Numbers as the metric reads: error rates in percent, a loss as it was logged. */
function formatterOf(model: BiasVarianceModel): { value: (x: number | null) => string; gap: (x: number | null) => string } {
  return model.metric?.kind === 'loss'
    ? { value: (x) => number(x), gap: (x) => (x === null ? '–' : `${x > 0 ? '+' : ''}${number(x)}`) }
    : { value: percent, gap: points };
}

function render(view: BiasVarianceViewModel): void {
  const { biasVariance: model, curves } = view;
  destroyCharts();
  clear(app);
  app.append(
    header(model),
    missingBox(model.missing) ?? '',
    el('div', { class: 'grid two' }, errorsChartCard(model), errorsTableCard(model)),
    termsCard(model),
    verdictCard(model),
    el('div', { class: 'grid two' }, curveByStepCard(curves), curveBySizeCard(curves)),
    notesList([...model.notes, ...curves.notes.filter((n) => !model.notes.includes(n))]) ?? '',
  );
}

function header(model: BiasVarianceModel): HTMLElement {
  const metricPicker = el('select', { 'aria-label': 'Error metric', class: 'metric-picker' });
  const keys = model.availableMetrics.map((m) => m.key);
  if (model.metric && !keys.includes(model.metric.key)) keys.unshift(model.metric.key);
  for (const key of keys) metricPicker.append(el('option', { value: key }, key));
  metricPicker.value = model.metric?.key ?? '';
  metricPicker.addEventListener('change', () => {
    saveState({ metric: metricPicker.value });
    void load();
  });
  const toErrors = el('a', { class: 'link open-error-analysis', href: '#', role: 'button' }, 'Error analysis of this run →');
  toErrors.addEventListener('click', (event) => {
    event.preventDefault();
    void rpc.request('openErrorAnalysis', { runId: model.runId });
  });
  return el('div', {},
    el('div', { class: 'view-header' }, el('h1', {}, 'Bias and variance'), el('span', { class: 'run-name' }, model.runName)),
    el('div', { class: 'subline' },
      el('span', {}, 'experiment ', el('strong', { class: 'experiment-name' }, model.experimentName)),
      keys.length ? el('label', {}, 'error metric ', metricPicker) : null,
      model.metric ? el('span', { class: 'derivation' }, model.metric.derivation) : null,
      el('span', { class: 'spacer' }),
      toErrors));
}

/** The errors as bars; the top of each bar, from the previous set's level, is coloured by the term it adds. */
function errorsChartCard(model: BiasVarianceModel): HTMLElement {
  const fmt = formatterOf(model);
  const card = el('section', { class: 'card errors-chart' }, ...cardTitle('Errors by data set', 'Each bar is an error; its coloured top is the gap from the bar before it.'));
  const levels: { label: string; value: number; color: string }[] = [];
  const comparable = model.metric?.kind !== 'loss';
  if (comparable && model.baselineError !== null) levels.push({ label: 'Baseline', value: model.baselineError, color: chartColor('--vscode-charts-foreground', 0.55) });
  for (const reading of model.errors) levels.push({ label: setNames[reading.set], value: reading.error, color: chartColor('--vscode-charts-foreground', 0.3) });
  if (!levels.length) {
    card.append(el('p', { class: 'placeholder' }, 'No errors to draw: see what is missing above.'));
    return card;
  }
  const gapOf = (label: string): { term: BiasVarianceModel['terms'][number]; from: number } | undefined => {
    const term = model.terms.find((t) => t.value !== null && t.inputs[0].name === label.toLowerCase());
    const from = term?.inputs[1].value;
    return term && from !== null && from !== undefined && levels.some((l) => l.label.toLowerCase() === term.inputs[1].name) ? { term, from } : undefined;
  };
  const gaps = levels.map((l) => gapOf(l.label));
  const canvas = el('canvas', { role: 'img', 'aria-label': `Errors: ${levels.map((l) => `${l.label} ${fmt.value(l.value)}`).join(', ')}` });
  card.append(el('div', { class: 'chart-box' }, canvas));
  charts.push(new Chart(canvas, {
    type: 'bar',
    data: {
      labels: levels.map((l) => l.label),
      datasets: [
        { label: 'error', data: levels.map((l) => l.value), backgroundColor: levels.map((l) => l.color), borderRadius: 3, grouped: false, order: 2, barPercentage: 0.6 },
        {
          label: 'gap',
          data: gaps.map((g, i) => (g ? [g.from, levels[i].value] : null)) as unknown as number[],
          // A negative gap (this set's error is below the previous one) is drawn see-through: a drop, not an addition.
          backgroundColor: gaps.map((g) => (g ? chartColor(termColors[g.term.id], (g.term.value ?? 0) < 0 ? 0.15 : 0.9) : 'transparent')),
          borderColor: gaps.map((g) => (g ? chartColor(termColors[g.term.id]) : 'transparent')),
          borderWidth: 1.5, grouped: false, order: 1, barPercentage: 0.6,
        },
      ],
    },
    plugins: [valueLabels(levels.map((l) => fmt.value(l.value)))],
    options: {
      maintainAspectRatio: false,
      layout: { padding: { top: 18 } },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            label: (item) => {
              if (item.datasetIndex === 0) return `${item.label}: ${fmt.value(levels[item.dataIndex].value)}`;
              const g = gaps[item.dataIndex];
              return g ? `${g.term.label} (${g.term.formula}): ${fmt.gap(g.term.value)}` : '';
            },
          },
        },
      },
      scales: { y: { beginAtZero: true, ticks: { callback: (v) => fmt.value(Number(v)) } }, x: { grid: { display: false } } },
    },
  }));
  return card;
}

/** Writes each bar's value above it, so a 0% bar still says what it is. */
function valueLabels(texts: string[]): Plugin<'bar'> {
  return {
    id: 'valueLabels',
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      const bars = chart.getDatasetMeta(0).data;
      const gapBars = chart.getDatasetMeta(1).data;
      ctx.save();
      ctx.fillStyle = chartColor('--vscode-charts-foreground');
      ctx.font = `600 12px ${getComputedStyle(document.body).getPropertyValue('--vscode-font-family') || 'sans-serif'}`;
      ctx.textAlign = 'center';
      bars.forEach((bar, i) => {
        const top = Math.min(bar.y, gapBars[i]?.y ?? bar.y);
        ctx.fillText(texts[i], bar.x, top - 6);
      });
      ctx.restore();
    },
  };
}

function errorsTableCard(model: BiasVarianceModel): HTMLElement {
  const fmt = formatterOf(model);
  const rows = model.errors.map((r) => el('tr', { 'data-set': r.set },
    el('th', { scope: 'row' }, el('span', { class: 'swatch' }), setNames[r.set]),
    el('td', { class: 'num error-value' }, fmt.value(r.error)),
    el('td', { class: 'muted source' }, `${r.key} [${r.context}] at step ${number(r.step)}`, r.rawValue !== r.error ? ` = ${number(r.rawValue)}` : '')));
  rows.forEach((row, i) => cssProp(row.querySelector('.swatch')!, '--swatch', chartColor(setColors[model.errors[i].set])));
  return el('section', { class: 'card errors-table' },
    ...cardTitle('Errors', model.metric ? `The last ${model.metric.key} logged in each data set's context; ${model.metric.derivation}.` : undefined),
    el('table', { class: 'data' },
      el('thead', {}, el('tr', {}, el('th', {}, 'Data set'), el('th', { class: 'num' }, 'Error'), el('th', {}, 'From'))),
      el('tbody', {}, ...rows)),
    baselineEditor(model));
}

/** The experiment's baseline, edited in place: "5%" or "0.05"; empty clears it. */
function baselineEditor(model: BiasVarianceModel): HTMLElement {
  const input = el('input', { class: 'baseline-input', type: 'text', placeholder: 'e.g. 5% or 0.05', 'aria-label': 'Baseline error', size: '10' });
  input.value = model.baselineError === null ? '' : `${+(model.baselineError * 100).toFixed(4)}%`;
  const save = el('button', { class: 'save-baseline' }, 'Save');
  const clearButton = el('button', { class: 'secondary clear-baseline' }, 'Clear');
  const message = el('div', { class: 'baseline-message', role: 'status' });
  const submit = async (text: string) => {
    message.textContent = 'Saving…';
    message.className = 'baseline-message muted';
    try {
      const view = await rpc.request('setBaseline', { runId: model.runId, text, metric: state.metric });
      render(view);
    } catch (error) {
      message.textContent = (error as Error).message;
      message.className = 'baseline-message error';
    }
  };
  save.addEventListener('click', () => void submit(input.value));
  clearButton.addEventListener('click', () => void submit(''));
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') void submit(input.value);
  });
  return el('div', { class: 'baseline-editor' },
    el('label', {}, el('span', { class: 'baseline-label' }, 'Baseline error'), input),
    save, model.baselineError !== null ? clearButton : null,
    el('p', { class: 'help' }, `Human-level or best-known error for experiment "${model.experimentName}"; every run of it is diagnosed against it.`),
    message);
}

function termsCard(model: BiasVarianceModel): HTMLElement {
  const fmt = formatterOf(model);
  const focus = new Set(model.verdict.focus);
  const largest = Math.max(...model.terms.map((t) => Math.abs(t.value ?? 0)), 1e-12);
  const rows = model.terms.map((term) => {
    const known = term.inputs.every((i) => i.value !== null);
    const bar = cssProp(el('span', { class: 'term-bar' }), '--width', `${Math.round((Math.abs(term.value ?? 0) / largest) * 100)}%`);
    cssProp(bar, '--swatch', chartColor(termColors[term.id]));
    const row = el('tr', { class: `term ${focus.has(term.id) ? 'focus' : ''} ${term.value !== null && term.value < 0 ? 'negative' : ''}`, 'data-term': term.id },
      el('th', { scope: 'row' }, el('span', { class: 'swatch' }), term.label, focus.has(term.id) ? el('span', { class: 'badge' }, 'work on this') : null),
      el('td', { class: 'formula mono' }, term.formula),
      el('td', { class: 'computation mono' }, known ? `${fmt.value(term.inputs[0].value)} − ${fmt.value(term.inputs[1].value)}`
        : term.id === 'avoidableBias' && model.metric?.kind === 'loss' ? 'a loss is not compared with the baseline'
        : `needs ${term.inputs.filter((i) => i.value === null).map((i) => i.name).join(' and ')}`),
      el('td', { class: 'num term-value' }, fmt.gap(term.value)),
      el('td', { class: 'bar-cell' }, term.value !== null ? bar : null));
    cssProp(row.querySelector('.swatch')!, '--swatch', chartColor(termColors[term.id]));
    return row;
  });
  return el('section', { class: 'card terms' },
    ...cardTitle('Where the error comes from', 'Machine Learning Yearning\'s split of the error; each term is the gap between two data sets.'),
    el('table', { class: 'data' },
      el('thead', {}, el('tr', {}, el('th', {}, 'Term'), el('th', {}, 'Formula'), el('th', {}, 'Numbers'), el('th', { class: 'num' }, 'Value'), el('th', {}, ''))),
      el('tbody', {}, ...rows)));
}

function verdictCard(model: BiasVarianceModel): HTMLElement {
  const { verdict } = model;
  return el('section', { class: 'card verdict' },
    el('h2', {}, 'Verdict'),
    el('p', { class: 'summary' }, verdict.summary),
    verdict.tryNext.length ? el('div', { class: 'try-next' }, el('h3', {}, 'What to try'), el('ul', {}, ...verdict.tryNext.map((t) => el('li', {}, t)))) : null,
    verdict.remarks.length ? el('ul', { class: 'remarks' }, ...verdict.remarks.map((r) => el('li', {}, r))) : null);
}

function curveByStepCard(curves: LearningCurvesModel): HTMLElement {
  const card = el('section', { class: 'card curve-by-step' }, ...cardTitle('Error by epoch', 'Train against dev as training goes on: a widening gap is variance, a high floor is bias.'));
  if (curves.byStep.some((s) => s.points.length)) card.append(curveChart(curves, curves.byStep, 'step (epoch)'));
  else if (curves.metric && !curves.byStep.length && curves.byTrainSize.source === 'steps are training-set sizes') {
    card.append(el('p', { class: 'placeholder' }, 'This run logged one point per training-set size (tag curve=train_size), so it has no curve against epochs.'));
  } else card.append(missingBox(curves.missing.filter((m) => !m.optional), 'Nothing to draw') ?? el('p', { class: 'placeholder' }, 'No error was logged per step.'));
  return card;
}

function curveBySizeCard(curves: LearningCurvesModel): HTMLElement {
  const card = el('section', { class: 'card curve-by-size' }, ...cardTitle('Error by training-set size', 'If dev error still falls as data grows, more data will help; if train and dev meet above the baseline, it will not.'));
  const { series, source } = curves.byTrainSize;
  if (series.some((s) => s.points.length)) {
    card.append(curveChart(curves, series, 'training examples'));
    if (source) card.append(el('p', { class: 'help source' }, sizeSourceText(curves)));
  } else {
    const hint: MissingInput[] = curves.missing.filter((m) => m.optional);
    card.append(missingBox(hint.length ? hint : [{ what: 'no training-set sizes logged', how: 'mlcycle.log_metric("train_size", n, step=step) beside the accuracy' }], 'No curve against training-set size') ?? '');
  }
  return card;
}

function sizeSourceText(curves: LearningCurvesModel): string {
  const { source, sizeKey, series } = curves.byTrainSize;
  const otherRun = series.flatMap((s) => s.points).find((p) => p.runId && p.runId !== curves.runId);
  if (source === 'steps are training-set sizes') return otherRun ? 'From this run\'s learning-curve run (tagged curve=train_size and curve_of=this run).' : 'This run\'s steps are training-set sizes (tagged curve=train_size).';
  if (source === 'train_size metric') return 'Sizes from the train_size metric logged at the same steps.';
  return `One point per run of this experiment that differs only in ${sizeKey}.`;
}

function curveChart(curves: LearningCurvesModel, series: CurveSeries[], xTitle: string): HTMLElement {
  const isLoss = curves.metric?.kind === 'loss';
  const value = isLoss ? (x: number) => number(x) : (x: number) => percent(x);
  const xs = series.flatMap((s) => s.points.map((p) => p.x));
  const [minX, maxX] = [Math.min(...xs), Math.max(...xs)];
  const datasets = series.map((s) => ({
    label: `${setNames[s.set]}${s.downsampled ? ' (averaged)' : ''}`,
    data: s.points.map((p) => ({ x: p.x, y: p.error })),
    borderColor: chartColor(setColors[s.set]),
    backgroundColor: chartColor(setColors[s.set]),
    pointRadius: s.points.length > 60 ? 0 : 3,
    borderWidth: 2,
    tension: 0.15,
  }));
  if (!isLoss && curves.baselineError !== null) {
    datasets.push({
      label: 'Baseline', data: [{ x: minX, y: curves.baselineError }, { x: maxX, y: curves.baselineError }],
      borderColor: chartColor('--vscode-charts-foreground', 0.8), backgroundColor: chartColor('--vscode-charts-foreground', 0.8),
      pointRadius: 0, borderWidth: 1.5, tension: 0, ...{ borderDash: [6, 4] },
    });
  }
  const canvas = el('canvas', { role: 'img', 'aria-label': `${curves.metric?.key ?? 'error'} against ${xTitle}` });
  charts.push(new Chart(canvas, {
    type: 'line',
    data: { datasets },
    options: {
      maintainAspectRatio: false,
      parsing: false,
      interaction: { mode: 'nearest', intersect: false },
      plugins: {
        legend: { position: 'bottom', labels: { boxWidth: 14, boxHeight: 2 } },
        tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${value(item.parsed.y ?? NaN)} at ${number(item.parsed.x)}` } },
      },
      scales: {
        x: { type: 'linear', title: { display: true, text: xTitle }, ticks: { precision: 0 } },
        y: { beginAtZero: true, title: { display: true, text: isLoss ? curves.metric!.key : 'error' }, ticks: { callback: (v) => value(Number(v)) } },
      },
    },
  }));
  return el('div', { class: 'chart-box' }, canvas);
}

if (state.runId) void load();
else app.append(el('p', { class: 'placeholder' }, 'Loading…'));
rpc.ready();
