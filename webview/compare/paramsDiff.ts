import type { Cell, ParamsDiffModel } from '../../src/protocol/compare';
import { el } from '../shared/dom';
import { formatNumber } from '../shared/format';

/** Params side by side, a column per run: the changed ones by default, every one with `showAll`. */
export function renderParamsDiff(model: ParamsDiffModel, showAll: boolean, colorOf: (runId: string) => string): HTMLElement {
  const rows = model.rows.filter((r) => showAll || r.differs);
  if (!model.rows.length) return el('p', { class: 'muted' }, 'These runs logged no params.');
  if (!rows.length) return el('p', { class: 'muted' }, `All ${model.rows.length} params are the same in every run.`);
  const swatch = (runId: string) => {
    const s = el('span', { class: 'swatch' });
    s.style.background = colorOf(runId);
    return s;
  };
  return el('div', { class: 'diff-scroll' },
    el('table', { class: 'params-diff' },
      el('thead', {}, el('tr', {}, el('th', { class: 'param-key' }, 'param'), ...model.runs.map((run) => el('th', { title: `${run.name}\n${run.id}` }, swatch(run.id), el('span', { class: 'run-label' }, run.name))))),
      el('tbody', {}, ...rows.map((row) => el('tr', { class: row.differs ? 'differs' : 'same', 'data-param': row.key },
        el('th', { class: 'param-key', title: row.columnId }, row.key),
        ...row.values.map((value) => el('td', { class: value === null ? 'missing' : typeof value === 'number' ? 'numeric' : '', title: value === null ? 'not logged' : String(value) }, cellText(value))))))));
}

function cellText(cell: Cell): string {
  if (cell === null) return '—';
  return typeof cell === 'number' ? formatNumber(cell) : String(cell);
}
