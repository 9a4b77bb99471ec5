import type { ColumnInfo } from '../../src/protocol/runsTable';
import { clear, el } from '../shared/dom';

const groups: { kind: ColumnInfo['kind']; title: string }[] = [
  { kind: 'attribute', title: 'Run' },
  { kind: 'metric', title: 'Metrics (last, min, max)' },
  { kind: 'param', title: 'Params' },
  { kind: 'tag', title: 'Tags' },
];

/**
 * The column picker: every column the runs offer, grouped and searchable; ticking one adds it at the end of the
 * table, unticking removes it, "Default columns" goes back to the default set (null).
 */
export function columnPicker(available: ColumnInfo[], chosen: string[], onChange: (columns: string[] | null) => void, onClose: () => void): HTMLElement {
  let current = [...chosen];
  const search = el('input', { type: 'search', class: 'picker-search', placeholder: 'Find a column', 'aria-label': 'Find a column' });
  const list = el('div', { class: 'picker-list' });
  const render = () => {
    clear(list);
    const needle = search.value.trim().toLowerCase();
    for (const group of groups) {
      const columns = available.filter((c) => c.kind === group.kind && c.id !== 'name' && (!needle || c.label.toLowerCase().includes(needle) || c.id.toLowerCase().includes(needle)));
      if (!columns.length) continue;
      list.append(el('div', { class: 'picker-group' }, `${group.title} (${columns.length})`));
      for (const column of columns) {
        const box = el('input', { type: 'checkbox', 'data-column': column.id });
        box.checked = current.includes(column.id);
        box.addEventListener('change', () => {
          current = box.checked ? [...current, column.id] : current.filter((id) => id !== column.id);
          onChange(current);
        });
        list.append(el('label', { class: 'picker-item', title: column.id }, box, el('span', {}, column.label)));
      }
    }
    if (!list.firstChild) list.append(el('p', { class: 'muted' }, 'No column matches.'));
  };
  search.addEventListener('input', render);
  const reset = el('button', { class: 'secondary' }, 'Default columns');
  reset.addEventListener('click', () => {
    onChange(null);
    onClose();
  });
  const done = el('button', {}, 'Done');
  done.addEventListener('click', onClose);
  const popover = el('div', { class: 'picker', role: 'dialog', 'aria-label': 'Choose columns' }, search, list, el('div', { class: 'picker-actions' }, reset, done));
  popover.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') onClose();
  });
  render();
  queueMicrotask(() => search.focus());
  return popover;
}
