import type { ChangesResult } from '../../src/protocol/dataExplorer';
import { clear, el } from '../shared/dom';
import { formatCount, formatDate, formatNumber, formatPercent } from './format';

export type ChangesStatus = { state: 'none' } | { state: 'running' } | ChangesResult;

function table(caption: string, head: string[], rows: string[][]): HTMLElement | null {
  if (!rows.length) return null;
  return el(
    'section',
    {},
    el('h3', {}, caption),
    el('table', { class: 'changes-table' }, el('thead', {}, el('tr', {}, ...head.map((h) => el('th', {}, h)))), el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((c) => el('td', {}, c)))))),
  );
}

/** The Changes tab: what changed between the file's last registered version and the file now. */
export function renderChanges(container: HTMLElement, status: ChangesStatus): void {
  clear(container);
  if (status.state === 'none') {
    container.append(el('p', { class: 'muted' }, 'When the file changes after a version was registered, "Show what changed" compares their profiles here.'));
    return;
  }
  if (status.state === 'running') {
    container.append(el('p', { class: 'muted' }, 'Comparing the profiles…'));
    return;
  }
  if (status.state === 'cancelled' || status.state === 'unavailable') {
    container.append(el('p', { class: 'notice' }, status.state === 'cancelled' ? 'Cancelled.' : status.message));
    return;
  }
  const { diff, before, fileName } = status;
  const rowsChange = diff.rows.change;
  container.append(
    el(
      'div',
      { class: 'changes-view' },
      el('h2', {}, `${fileName} now, compared with version ${before.number}`),
      el('p', { class: 'muted' }, `Version ${before.number} was registered ${formatDate(before.createdAt)} (sha256 ${before.sha256.slice(0, 12)}).`),
      el('ul', { class: 'changes-summary' }, ...diff.summary.map((line) => el('li', {}, line))),
      el(
        'div',
        { class: 'facts-grid' },
        el('div', { class: 'fact' }, el('div', { class: 'fact-value' }, `${rowsChange > 0 ? '+' : ''}${formatCount(rowsChange)}`), el('div', { class: 'fact-label' }, 'rows'), el('div', { class: 'fact-detail muted' }, `${formatCount(diff.rows.before)} → ${formatCount(diff.rows.after)}`)),
        el('div', { class: 'fact' }, el('div', { class: 'fact-value' }, `+${diff.columnsAdded.length} / −${diff.columnsRemoved.length}`), el('div', { class: 'fact-label' }, 'columns added / removed')),
        el('div', { class: 'fact' }, el('div', { class: 'fact-value' }, formatCount(diff.typeChanges.length)), el('div', { class: 'fact-label' }, 'type changes')),
        el('div', { class: 'fact' }, el('div', { class: 'fact-value' }, formatCount(diff.meanShifts.length)), el('div', { class: 'fact-label' }, 'mean shifts')),
      ),
      table('Columns added', ['Column'], diff.columnsAdded.map((c) => [c])),
      table('Columns removed', ['Column'], diff.columnsRemoved.map((c) => [c])),
      table('Type changes', ['Column', 'Before', 'Now'], diff.typeChanges.map((t) => [t.column, t.before, t.after])),
      table('Missing values', ['Column', 'Before', 'Now'], diff.missingChanges.map((m) => [m.column, formatPercent(m.beforePercent), formatPercent(m.afterPercent)])),
      table(
        'Mean shifts',
        ['Column', 'Before', 'Now', 'Shift'],
        diff.meanShifts.map((m) => [m.column, formatNumber(m.before), formatNumber(m.after), `${m.shiftInStd > 0 ? '+' : ''}${Number.isFinite(m.shiftInStd) ? m.shiftInStd.toFixed(2) : '∞'} std`]),
      ),
      table('Distinct values', ['Column', 'Before', 'Now'], diff.distinctChanges.map((d) => [d.column, formatCount(d.before), formatCount(d.after)])),
    ),
  );
}
