import type { Cell, RunDetailsView } from '../../src/protocol/runsTable';
import { clear, el } from '../shared/dom';
import { formatDuration, formatNumber, formatTime } from '../shared/format';

export interface DetailsActions {
  rename(name: string): Promise<void>;
  setNotes(notes: string): Promise<void>;
  setTag(key: string, value: string): Promise<void>;
  deleteTag(key: string): Promise<void>;
  close(): void;
}

/** The focused run: its facts, and its name, tags and notes to edit (stored at once). */
export function renderDetails(target: HTMLElement, run: RunDetailsView, actions: DetailsActions, inTable: boolean): void {
  clear(target);
  const close = el('button', { class: 'icon-button', title: 'Close the details', 'aria-label': 'Close the details' }, '×');
  close.addEventListener('click', actions.close);
  const parts = [
    el('div', { class: 'details-head' }, nameEditor(run, actions), close),
    el('div', { class: 'details-status' }, el('span', { class: `status-dot status-${run.status}` }), `${run.status} · ${run.experiment}`),
    inTable ? null : el('p', { class: 'muted' }, 'The filter leaves this run out of the table.'),
    facts(run),
    section('Tags', tagsEditor(run, actions)),
    section('Notes', notesEditor(run, actions)),
    run.params.length ? section(`Params (${run.params.length})`, keyValueTable(run.params.map((p) => [p.key, p.value]))) : null,
    run.metrics.length ? section(`Metrics (${run.metrics.length})`, metricsTable(run)) : null,
    run.artifacts.length ? section(`Artifacts (${run.artifacts.length})`, el('ul', { class: 'artifacts' }, ...run.artifacts.map((a) => el('li', { class: 'mono' }, a.path)))) : null,
  ];
  target.append(...parts.filter((part): part is HTMLElement => part !== null));
}

function section(title: string, body: Node): HTMLElement {
  return el('section', {}, el('h3', {}, title), body);
}

function nameEditor(run: RunDetailsView, actions: DetailsActions): HTMLElement {
  const title = el('h2', { class: 'run-title', title: 'Click to rename', tabindex: '0' }, run.name);
  const wrapper = el('div', { class: 'name-editor' }, title);
  const edit = () => {
    const input = el('input', { type: 'text', class: 'rename-input', 'aria-label': 'Run name' });
    input.value = run.name;
    const finish = async (save: boolean) => {
      if (save && input.value.trim() && input.value !== run.name) await actions.rename(input.value);
      else wrapper.replaceChildren(title);
    };
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') void finish(true);
      if (event.key === 'Escape') void finish(false);
    });
    input.addEventListener('blur', () => void finish(true));
    wrapper.replaceChildren(input);
    input.focus();
    input.select();
  };
  title.addEventListener('click', edit);
  title.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') edit();
  });
  return wrapper;
}

function facts(run: RunDetailsView): HTMLElement {
  const end = run.endedAt ?? (run.status === 'running' ? Date.now() : null);
  const rows: [string, string | null][] = [
    ['Id', run.id],
    ['Created', formatTime(run.createdAt)],
    ['Duration', run.startedAt !== null && end !== null ? formatDuration((end - run.startedAt) / 1000) : null],
    ['Script', run.script],
    ['Command', run.command.length ? run.command.join(' ') : null],
    ['Git', run.gitCommit ? `${run.gitBranch ? `${run.gitBranch} ` : ''}${run.gitCommit.slice(0, 10)}${run.gitDirty ? ' (uncommitted changes)' : ''}` : null],
    ['Exit code', run.exitCode === null ? null : String(run.exitCode)],
    ['Error', run.error],
    ['Parent run', run.parentRunId],
  ];
  return el('dl', { class: 'facts' }, ...rows.filter(([, v]) => v).flatMap(([k, v]) => [el('dt', {}, k), el('dd', { class: k === 'Id' || k === 'Command' ? 'mono' : '' }, v!)]));
}

function tagsEditor(run: RunDetailsView, actions: DetailsActions): HTMLElement {
  const list = el('div', { class: 'tags' });
  for (const tag of run.tags) {
    const remove = el('button', { class: 'icon-button', title: `Remove tag ${tag.key}`, 'aria-label': `Remove tag ${tag.key}` }, '×');
    remove.addEventListener('click', () => void actions.deleteTag(tag.key));
    list.append(el('span', { class: 'tag', 'data-tag': tag.key }, el('span', { class: 'tag-key' }, tag.key), el('span', { class: 'tag-value' }, tag.value), remove));
  }
  if (!run.tags.length) list.append(el('span', { class: 'muted' }, 'No tags.'));
  const key = el('input', { type: 'text', class: 'tag-key-input', placeholder: 'key', 'aria-label': 'Tag key' });
  const value = el('input', { type: 'text', class: 'tag-value-input', placeholder: 'value', 'aria-label': 'Tag value' });
  const add = el('button', { class: 'secondary', type: 'submit' }, 'Add tag');
  const form = el('form', { class: 'tag-form' }, key, value, add);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (key.value.trim()) void actions.setTag(key.value.trim(), value.value);
  });
  return el('div', {}, list, form);
}

function notesEditor(run: RunDetailsView, actions: DetailsActions): HTMLElement {
  const notes = el('textarea', { class: 'notes', rows: '5', placeholder: 'What did this run try? What did you learn?', 'aria-label': 'Notes' });
  notes.value = run.notes;
  const save = el('button', { class: 'secondary', disabled: '' }, 'Save notes');
  notes.addEventListener('input', () => {
    save.disabled = notes.value === run.notes;
  });
  save.addEventListener('click', () => void actions.setNotes(notes.value));
  return el('div', {}, notes, el('div', { class: 'notes-actions' }, save));
}

function keyValueTable(rows: [string, string][]): HTMLElement {
  return el('table', { class: 'kv' }, el('tbody', {}, ...rows.map(([k, v]) => el('tr', {}, el('th', {}, k), el('td', { class: 'mono' }, v)))));
}

function metricsTable(run: RunDetailsView): HTMLElement {
  const value = (cell: Cell) => (typeof cell === 'number' ? formatNumber(cell) : String(cell));
  return el('table', { class: 'kv metrics' },
    el('thead', {}, el('tr', {}, el('th', {}, 'metric'), el('th', {}, 'last'), el('th', {}, 'min'), el('th', {}, 'max'), el('th', {}, 'points'))),
    el('tbody', {}, ...run.metrics.map((m) => el('tr', {}, el('th', {}, m.context ? `${m.key} [${m.context}]` : m.key), el('td', { class: 'numeric' }, value(m.last)), el('td', { class: 'numeric' }, value(m.min)), el('td', { class: 'numeric' }, value(m.max)), el('td', { class: 'numeric' }, String(m.count))))));
}
