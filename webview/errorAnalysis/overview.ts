import type { CategoriesModel, ErrorAnalysisOverview, RegressionMetrics } from '../../src/protocol/diagnostics';
import { Chart } from '../shared/charts';
import { cardTitle, chartColor, number, percent } from '../shared/diagnostics';
import { el } from '../shared/dom';
import type { ViewContext } from './context';

/** Title, run, split picker and what counts as an error. */
export function overviewHeader(ctx: ViewContext, overview: ErrorAnalysisOverview, onSplit: (split: string) => void): HTMLElement {
  const split = overview.splits.length > 1
    ? (() => {
        const select = el('select', { 'aria-label': 'Split', class: 'split-picker' }, ...overview.splits.map((s) => el('option', { value: s }, s || '(no name)')));
        select.value = overview.split;
        select.addEventListener('change', () => onSplit(select.value));
        return el('label', {}, 'split ', select);
      })()
    : el('span', {}, 'split ', el('strong', {}, overview.split));
  const toBiasVariance = el('a', { class: 'link open-bias-variance', href: '#', role: 'button' }, 'Bias and variance of this run →');
  toBiasVariance.addEventListener('click', (event) => {
    event.preventDefault();
    void ctx.rpc.request('openBiasVariance', {});
  });
  return el('div', {},
    el('div', { class: 'view-header' }, el('h1', {}, 'Error analysis'), el('span', { class: 'run-name' }, overview.runName)),
    el('div', { class: 'subline' },
      el('span', {}, 'experiment ', el('strong', {}, overview.experimentName)),
      split,
      el('span', {}, `${number(overview.counts.total)} predictions`),
      overview.counts.total ? el('span', { class: 'task', title: overview.taskReason }, overview.task) : null,
      overview.counts.total ? el('span', { class: 'error-definition' }, `an error is ${overview.errorDefinition}`) : null,
      el('span', { class: 'spacer' }),
      toBiasVariance));
}

function metricCard(label: string, value: string, detail: string, extraClass = ''): HTMLElement {
  return el('div', { class: `metric ${extraClass}` }, el('div', { class: 'metric-label' }, label), el('div', { class: 'metric-value' }, value), el('div', { class: 'metric-detail muted' }, detail));
}

/** The headline numbers: accuracy or regression errors, how many errors, how many of them are tagged. */
export function summaryCards(overview: ErrorAnalysisOverview, categories: CategoriesModel): HTMLElement {
  const left = overview.counts.total - overview.counts.used;
  const tagged = metricCard('Errors tagged', `${categories.taggedErrors} of ${categories.errors}`, 'reviewed and given a category', 'tagged');
  tagged.querySelector('.metric-value')!.classList.add('tagged-value');
  const cards = overview.regression
    ? [
        metricCard('MAE', number(overview.regression.mae), 'mean absolute error'),
        metricCard('RMSE', number(overview.regression.rmse), 'root mean squared error'),
        metricCard('R²', number(overview.regression.r2), overview.regression.r2 === null ? 'y_true is constant' : 'share of variance explained'),
        metricCard('Error rate', percent(overview.errorRate), `${number(overview.errors)} of ${number(overview.counts.used)} beyond the tolerance`),
      ]
    : [
        metricCard('Accuracy', percent(overview.accuracy), `${number(overview.counts.used - overview.errors)} of ${number(overview.counts.used)} right`),
        metricCard('Error rate', percent(overview.errorRate), `${number(overview.errors)} errors`, 'error-rate'),
      ];
  return el('div', { class: 'summary' }, ...cards, tagged, left ? metricCard('Left out', number(left), 'rows without a label or prediction') : null);
}

/** Regression: residuals (y_pred − y_true) in equal-width bins. */
export function regressionSection(ctx: ViewContext, metrics: RegressionMetrics, errorDefinition: string): HTMLElement {
  const canvas = el('canvas', { role: 'img', 'aria-label': 'Residual histogram' });
  const bins = metrics.residualHistogram;
  ctx.charts.push(new Chart(canvas, {
    type: 'bar',
    data: {
      labels: bins.map((b) => number((b.low + b.high) / 2)),
      datasets: [{ label: 'examples', data: bins.map((b) => b.count), backgroundColor: bins.map((b) => chartColor(b.low < 0 && b.high > 0 ? '--vscode-charts-green' : '--vscode-charts-blue', 0.75)), barPercentage: 1, categoryPercentage: 1 }],
    },
    options: {
      maintainAspectRatio: false,
      plugins: { legend: { display: false }, tooltip: { callbacks: { title: (items) => `${number(bins[items[0].dataIndex].low)} to ${number(bins[items[0].dataIndex].high)}` } } },
      scales: { x: { title: { display: true, text: 'residual (y_pred − y_true)' }, grid: { display: false } }, y: { beginAtZero: true, title: { display: true, text: 'examples' } } },
    },
  }));
  return el('section', { class: 'card regression' },
    ...cardTitle('Residuals', `How far predictions land from the truth; the outer bins also hold the 0.5% tails. An error is ${errorDefinition}.`),
    el('div', { class: 'chart-box' }, canvas));
}
