import type { ColumnDrift } from '../../src/core/data/drift/types';
import type { DriftResult } from '../../src/protocol/dataExplorer';
import { clear, el } from '../shared/dom';
import { currentColor, overlaidChart, pruneCharts, referenceColor } from './charts';
import { formatCount, formatScore, plural } from './format';
import { state, updateState } from './state';

export type DriftStatus = { state: 'none' } | { state: 'running' } | DriftResult;

export interface DriftActions {
  pick(): void;
  swap(): void;
  rerun(): void;
}

function legendSwatch(color: string): HTMLElement {
  const swatch = el('span', { class: 'swatch' });
  swatch.style.background = color;
  return swatch;
}

function columnRow(column: ColumnDrift, referenceLabel: string, currentLabel: string): HTMLElement {
  const comparison = column.scoreKind === 'p-value' ? `drift when ≤ ${column.threshold}` : `drift when ≥ ${column.threshold}`;
  return el(
    'tr',
    { class: column.drifted ? 'drifted' : '', 'data-column': column.column },
    el('td', { class: 'drift-column' }, el('div', { class: 'column-name', title: column.column }, column.column), el('div', { class: 'muted' }, `${column.type} · ${formatCount(column.uniqueValues)} distinct${column.sampled ? ' · sampled' : ''}`)),
    el('td', {}, column.testName),
    el('td', { class: 'numeric' }, formatScore(column.score)),
    el('td', { class: 'numeric muted', title: comparison }, `${column.scoreKind === 'p-value' ? '≤' : '≥'} ${column.threshold}`),
    el('td', {}, el('span', { class: `chip ${column.drifted ? 'chip-drift' : 'chip-ok'}`, title: column.message }, column.drifted ? 'drift' : 'no drift')),
    el('td', { class: 'drift-chart-cell' }, overlaidChart(column.histogram, referenceLabel, currentLabel)),
  );
}

/** The Drift tab: per column the test, its score against the threshold, the verdict and both distributions. */
export function renderDrift(container: HTMLElement, status: DriftStatus, actions: DriftActions): void {
  clear(container);
  const pick = el('button', { class: 'compare-with' }, 'Compare With…');
  pick.addEventListener('click', () => actions.pick());
  if (status.state === 'none') {
    container.append(
      el(
        'div',
        { class: 'empty-state' },
        el('h2', {}, 'Has the data drifted?'),
        el('p', { class: 'muted' }, 'Compare this file with another data file of the workspace (say, new data against the training set) or with a registered version of it. Each column is tested the way Evidently does by default; the dataset drifts when at least half of its columns do.'),
        pick,
      ),
    );
    return;
  }
  if (status.state === 'running') {
    container.append(el('p', { class: 'muted' }, 'Comparing the two datasets… (cancel from the progress notification)'));
    return;
  }
  if (status.state === 'cancelled' || status.state === 'failed') {
    const again = el('button', { class: 'secondary' }, 'Try again');
    again.addEventListener('click', () => actions.rerun());
    container.append(
      status.state === 'failed' ? el('div', { class: 'problem inline-problem' }, el('strong', {}, 'The comparison failed. '), el('span', { class: 'problem-message' }, status.message)) : el('p', { class: 'muted' }, 'The comparison was cancelled.'),
      el('div', { class: 'actions' }, pick, state.comparison ? again : null),
    );
    return;
  }
  const { report, referenceLabel, currentLabel } = status;
  const swap = el('button', { class: 'secondary' }, 'Swap reference and current');
  swap.addEventListener('click', () => actions.swap());
  const only = el('input', { type: 'checkbox', id: 'only-drifted' });
  only.checked = state.onlyDrifted;
  const body = el('tbody');
  const fill = () => {
    clear(body);
    const columns = state.onlyDrifted ? report.columns.filter((c) => c.drifted) : report.columns;
    body.append(...columns.map((c) => columnRow(c, referenceLabel, currentLabel)));
    if (!columns.length) body.append(el('tr', {}, el('td', { colspan: '6', class: 'muted' }, 'No column drifted.')));
    pruneCharts();
  };
  only.addEventListener('change', () => {
    updateState({ onlyDrifted: only.checked });
    fill();
  });
  fill();
  container.append(
    el(
      'div',
      { class: 'drift-view' },
      el(
        'div',
        { class: `verdict ${report.datasetDrift ? 'verdict-drift' : 'verdict-ok'}` },
        el('div', { class: 'verdict-title' }, report.datasetDrift ? 'Dataset drift' : 'No dataset drift'),
        el('div', {}, report.message),
      ),
      el(
        'div',
        { class: 'drift-sides' },
        el('span', {}, legendSwatch(referenceColor()), el('strong', {}, 'Reference '), referenceLabel, el('span', { class: 'muted' }, ` (${plural(report.reference.rows, 'row')})`)),
        el('span', {}, legendSwatch(currentColor()), el('strong', {}, 'Current '), currentLabel, el('span', { class: 'muted' }, ` (${plural(report.current.rows, 'row')})`)),
      ),
      el('div', { class: 'actions' }, pick, swap, el('label', { class: 'checkbox', for: 'only-drifted' }, only, ' Only drifted columns')),
      el(
        'table',
        { class: 'drift-table' },
        el('thead', {}, el('tr', {}, el('th', {}, 'Column'), el('th', {}, 'Test'), el('th', {}, 'Score'), el('th', {}, 'Threshold'), el('th', {}, 'Drift'), el('th', {}, 'Reference vs current'))),
        body,
      ),
      report.skipped.length ? el('section', {}, el('h3', {}, 'Not tested'), el('ul', { class: 'plain' }, ...report.skipped.map((s) => el('li', {}, el('strong', {}, s.column), `: ${s.reason}`)))) : null,
      report.onlyInReference.length ? el('p', { class: 'muted' }, `Only in the reference: ${report.onlyInReference.join(', ')}.`) : null,
      report.onlyInCurrent.length ? el('p', { class: 'muted' }, `Only in the current data: ${report.onlyInCurrent.join(', ')}.`) : null,
      ...report.notices.map((n) => el('p', { class: 'notice' }, n)),
      el('p', { class: 'muted' }, `Compared in ${(report.elapsedMs / 1000).toFixed(1)} s. Up to 1,000 reference rows: Kolmogorov–Smirnov, chi-square or a proportion z-test (drift at p ≤ 0.05); above: Wasserstein distance in reference standard deviations or Jensen–Shannon distance (drift at ≥ 0.1).`),
    ),
  );
  pruneCharts();
}
