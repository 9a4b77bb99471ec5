import type { Alert, ColumnProfile, TopValues } from '../../src/core/data/profile/types';
import type { ColumnSchema } from '../../src/protocol/dataExplorer';
import { el } from '../shared/dom';
import { histogramChart } from './charts';
import { formatCount, formatNumber, formatPercent } from './format';

const topValuesShown = 8;

function stat(label: string, value: string, title?: string): HTMLElement {
  return el('div', { class: 'stat', ...(title ? { title } : {}) }, el('span', { class: 'stat-label' }, label), el('span', { class: 'stat-value' }, value));
}

/** Top values as horizontal bars, the share of the column's values on each. */
function topValueBars(top: TopValues, count: number): HTMLElement {
  const shown = top.values.slice(0, topValuesShown);
  const rest = top.otherCount + top.values.slice(topValuesShown).reduce((sum, v) => sum + v.count, 0);
  const max = Math.max(...shown.map((v) => v.count), rest, 1);
  const row = (label: string, n: number, percent: number, muted = false) => {
    const fill = el('div', { class: 'bar-fill' });
    fill.style.width = `${(100 * n) / max}%`;
    return el(
      'div',
      { class: `bar-row${muted ? ' muted' : ''}`, title: `${label}: ${formatCount(n)} (${formatPercent(percent)})` },
      el('span', { class: 'bar-label' }, label),
      el('div', { class: 'bar-track' }, fill),
      el('span', { class: 'bar-count' }, formatPercent(percent)),
    );
  };
  return el(
    'div',
    { class: 'top-values' },
    ...shown.map((v) => row(v.value === '' ? '(empty text)' : v.value, v.count, v.percent)),
    rest > 0 ? row('(other values)', rest, count ? (100 * rest) / count : 0, true) : null,
  );
}

function kindLabel(column: ColumnProfile): string {
  return { numeric: 'number', boolean: 'boolean', datetime: 'date/time', categorical: 'category', text: 'text' }[column.kind];
}

function body(column: ColumnProfile): (HTMLElement | null)[] {
  const parts: (HTMLElement | null)[] = [];
  const numeric = column.numeric;
  if (numeric) {
    if (numeric.histogram && column.distinct > 1) parts.push(histogramChart(numeric.histogram, { integer: /INT/.test(column.type) }));
    else if (column.topValues) parts.push(topValueBars(column.topValues, column.count));
    const approx = numeric.quantilesApproximate ? ' (approx.)' : '';
    parts.push(
      el(
        'div',
        { class: 'stats-grid' },
        stat('min', formatNumber(numeric.min)),
        stat('p25', formatNumber(numeric.p25), `25th percentile${approx}`),
        stat('median', formatNumber(numeric.median), `median${approx}`),
        stat('p75', formatNumber(numeric.p75), `75th percentile${approx}`),
        stat('max', formatNumber(numeric.max)),
        stat('mean', formatNumber(numeric.mean)),
        stat('std', formatNumber(numeric.std), 'standard deviation'),
        stat('p5–p95', `${formatNumber(numeric.p5)} – ${formatNumber(numeric.p95)}`, `5th to 95th percentile${approx}`),
        stat('zeros', formatCount(numeric.zeros)),
        numeric.negatives ? stat('negative', formatCount(numeric.negatives)) : null,
        numeric.infinite ? stat('infinite', formatCount(numeric.infinite)) : null,
      ),
    );
  } else if (column.datetime) {
    if (column.datetime.histogram) parts.push(histogramChart(column.datetime.histogram));
    parts.push(el('div', { class: 'stats-grid' }, stat('from', column.datetime.min ?? '—'), stat('to', column.datetime.max ?? '—')));
  } else {
    if (column.topValues && column.kind !== 'text') parts.push(topValueBars(column.topValues, column.count));
    if (column.text) {
      if (column.kind === 'text' && column.text.histogram) parts.push(el('div', { class: 'chart-caption muted' }, 'Length in characters'), histogramChart(column.text.histogram, { integer: true }));
      parts.push(
        el(
          'div',
          { class: 'stats-grid' },
          stat('shortest', column.text.minLength === null ? '—' : `${formatCount(column.text.minLength)} ch`),
          stat('mean length', column.text.meanLength === null ? '—' : `${formatNumber(Math.round(column.text.meanLength * 10) / 10)} ch`),
          stat('longest', column.text.maxLength === null ? '—' : `${formatCount(column.text.maxLength)} ch`),
        ),
      );
    }
  }
  return parts;
}

export function severityMark(severity: Alert['severity']): HTMLElement {
  return el('span', { class: `severity severity-${severity}`, title: severity }, severity === 'critical' ? '●' : severity === 'warning' ? '▲' : 'ℹ');
}

/** One column of the profile: its type, how complete and varied it is, and its distribution. */
export function columnCard(column: ColumnProfile, alerts: Alert[], isLabel: boolean): HTMLElement {
  const distinct = `${column.distinctApproximate ? '≈' : ''}${formatCount(column.distinct)}`;
  return el(
    'section',
    { class: `column-card${isLabel ? ' is-label' : ''}`, 'data-column': column.name },
    el(
      'header',
      {},
      el('h3', { class: 'column-name', title: column.name }, column.name),
      isLabel ? el('span', { class: 'chip label-chip' }, 'label') : null,
      el('span', { class: `chip kind-${column.kind}` }, kindLabel(column)),
    ),
    el('div', { class: 'column-type muted' }, column.sourceType ? `${column.type} (from ${column.sourceType})` : column.type),
    el(
      'div',
      { class: 'stats-grid headline' },
      stat('missing', `${formatCount(column.missing)} (${formatPercent(column.missingPercent)})`),
      stat(column.distinctApproximate ? 'distinct (approx.)' : 'distinct', distinct, column.distinctApproximate ? 'HyperLogLog estimate: the file is too large for an exact count' : undefined),
    ),
    ...body(column),
    alerts.length ? el('ul', { class: 'card-alerts' }, ...alerts.map((a) => el('li', {}, severityMark(a.severity), ' ', a.message))) : null,
  );
}

/** A column known only by its schema, while the profile runs. */
export function schemaCard(column: ColumnSchema, samples: string[]): HTMLElement {
  return el(
    'section',
    { class: 'column-card pending', 'data-column': column.name },
    el('header', {}, el('h3', { class: 'column-name', title: column.name }, column.name), el('span', { class: 'chip' }, column.family)),
    el('div', { class: 'column-type muted' }, column.type),
    el('div', { class: 'samples' }, el('span', { class: 'muted' }, 'first values: '), samples.join(', ')),
    el('div', { class: 'skeleton' }),
  );
}
