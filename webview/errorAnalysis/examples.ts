import type { ExamplePage, ExampleRow, TagSuggestion } from '../../src/protocol/diagnostics';
import type { TaggingResult } from '../../src/protocol/errorAnalysis';
import { cardTitle, number } from '../shared/diagnostics';
import { el } from '../shared/dom';
import { defaultQuery, type ViewContext } from './context';

/** Tags typed as "blurry, mislabeled" are two tags. */
function parseTags(text: string): string[] {
  return text.split(',').map((t) => t.trim()).filter(Boolean);
}

function featuresText(features: Record<string, unknown> | null): string {
  if (!features) return '';
  return Object.entries(features).map(([k, v]) => `${k} ${typeof v === 'number' ? number(v) : typeof v === 'string' ? v : JSON.stringify(v)}`).join(' · ');
}

/**
 * The examples table: one page of the examples matching the current filter, where a person tags examples (one
 * row at a time or the selected ones) and opens an example's row in its dataset.
 */
export class ExamplesView {
  readonly element = el('section', { class: 'card examples', id: 'examples' });
  private readonly suggestions = el('datalist', { id: 'tag-suggestions' });
  private readonly selected = new Set<string>();
  private message = '';
  private suggestTimer: number | undefined;
  private ticket = 0;

  constructor(private readonly ctx: ViewContext, private readonly onTagged: (result: TaggingResult) => void) {}

  setSuggestions(list: TagSuggestion[]): void {
    this.suggestions.replaceChildren(...list.map((s) => el('option', { value: s.tag })));
  }

  private query() {
    return this.ctx.state().query ?? defaultQuery();
  }

  async refresh(): Promise<void> {
    const mine = ++this.ticket;
    try {
      const page = await this.ctx.rpc.request('examples', this.query());
      if (mine === this.ticket) this.render(page);
    } catch (error) {
      if (mine === this.ticket) this.showMessage((error as Error).message, true);
    }
  }

  /** True while the person is typing a tag, so a refresh from elsewhere does not take the input away. */
  isTyping(): boolean {
    return document.activeElement instanceof HTMLInputElement && this.element.contains(document.activeElement) && document.activeElement.value !== '';
  }

  private showMessage(text: string, isError: boolean): void {
    this.message = text;
    const box = this.element.querySelector('.examples-message');
    if (box) {
      box.textContent = text;
      box.className = `examples-message ${isError ? 'error' : 'muted'}`;
    }
  }

  private async tag(method: 'addTags' | 'removeTags', exampleIds: string[], tags: string[], focusId?: string): Promise<void> {
    if (!exampleIds.length || !tags.length) return;
    try {
      const result = await this.ctx.rpc.request(method, { exampleIds, tags, query: this.query() });
      this.message = method === 'addTags' ? `Tagged ${exampleIds.length === 1 ? `example ${exampleIds[0]}` : `${exampleIds.length} examples`} with ${tags.map((t) => `"${t}"`).join(', ')}.` : '';
      this.setSuggestions(result.suggestions);
      this.render(result.page);
      this.onTagged(result);
      if (focusId !== undefined) this.rowInput(focusId)?.focus();
    } catch (error) {
      this.showMessage((error as Error).message, true);
    }
  }

  private rowInput(exampleId: string): HTMLInputElement | undefined {
    return [...this.element.querySelectorAll<HTMLInputElement>('input.tag-input')].find((i) => i.dataset.exampleId === exampleId);
  }

  private suggest(prefix: string): void {
    window.clearTimeout(this.suggestTimer);
    this.suggestTimer = window.setTimeout(() => {
      void this.ctx.rpc.request('tagSuggestions', { prefix: parseTags(prefix).pop() ?? '' }).then((list) => this.setSuggestions(list), () => undefined);
    }, 150);
  }

  private tagInput(exampleIds: () => string[], label: string, exampleId?: string): HTMLInputElement {
    const input = el('input', { class: 'tag-input', type: 'text', list: 'tag-suggestions', placeholder: exampleId === undefined ? 'tag, another tag' : 'add tag…', 'aria-label': label, autocomplete: 'off' });
    if (exampleId !== undefined) input.dataset.exampleId = exampleId;
    input.addEventListener('input', () => this.suggest(input.value));
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && input.value.trim()) {
        event.preventDefault();
        void this.tag('addTags', exampleIds(), parseTags(input.value), exampleId);
      }
    });
    return input;
  }

  render(page: ExamplePage): void {
    const query = this.query();
    const { filter } = page;
    const chips: HTMLElement[] = [];
    const chip = (text: string, remove: () => void) => {
      const x = el('button', { class: 'chip-remove', 'aria-label': `Remove filter ${text}`, title: 'Remove this filter' }, '×');
      x.addEventListener('click', remove);
      chips.push(el('span', { class: 'chip filter-chip' }, el('span', {}, text), x));
    };
    const without = (keys: (keyof typeof filter)[], extra: Partial<{ selectedCell: null; filterLabel: undefined }> = {}) => {
      const next = { ...filter };
      for (const k of keys) delete next[k];
      this.ctx.save({ query: { ...query, filter: next, offset: 0 }, ...extra });
      void this.refresh();
    };
    if (filter.actual !== undefined || filter.predicted !== undefined) chip(`actual ${filter.actual ?? 'any'} → predicted ${filter.predicted ?? 'any'}`, () => without(['actual', 'predicted'], { selectedCell: null }));
    if (filter.conditions?.length) chip(this.ctx.state().filterLabel ?? filter.conditions.map((c) => c.text).join(' and '), () => without(['conditions'], { filterLabel: undefined }));
    if (filter.tag !== undefined) chip(`tagged "${filter.tag}"`, () => without(['tag']));

    const errorsOnly = el('input', { type: 'checkbox', class: 'errors-only' });
    errorsOnly.checked = filter.errorsOnly ?? false;
    errorsOnly.addEventListener('change', () => {
      this.ctx.save({ query: { ...query, filter: { ...filter, errorsOnly: errorsOnly.checked }, offset: 0 } });
      void this.refresh();
    });
    const order = el('select', { 'aria-label': 'Order', class: 'order' }, el('option', { value: 'example' }, 'by example id'), el('option', { value: 'score' }, 'most confident first'));
    order.value = query.order;
    order.addEventListener('change', () => {
      this.ctx.save({ query: { ...query, order: order.value as 'example' | 'score', offset: 0 } });
      void this.refresh();
    });

    const pageIds = page.rows.map((r) => r.exampleId);
    for (const id of [...this.selected]) if (!pageIds.includes(id)) this.selected.delete(id);
    const selectAll = el('input', { type: 'checkbox', 'aria-label': 'Select every example on this page' });
    selectAll.checked = pageIds.length > 0 && pageIds.every((id) => this.selected.has(id));
    selectAll.addEventListener('change', () => {
      pageIds.forEach((id) => (selectAll.checked ? this.selected.add(id) : this.selected.delete(id)));
      this.render(page);
    });

    const bulk = this.selected.size
      ? el('div', { class: 'bulk-bar' }, el('span', {}, `${this.selected.size} selected`), this.tagInput(() => [...this.selected], 'Tag the selected examples'),
          (() => {
            const b = el('button', { class: 'secondary' }, 'Clear selection');
            b.addEventListener('click', () => {
              this.selected.clear();
              this.render(page);
            });
            return b;
          })())
      : null;

    const from = page.total ? page.offset + 1 : 0;
    const to = page.offset + page.rows.length;
    const pager = el('div', { class: 'pager' },
      this.pageButton('‹ Previous', page.offset > 0, Math.max(0, page.offset - page.limit)),
      el('span', { class: 'page-range' }, `${number(from)}–${number(to)} of ${number(page.total)}`),
      this.pageButton('Next ›', to < page.total, page.offset + page.limit));

    this.element.replaceChildren(
      el('div', { class: 'card-head' },
        el('div', {}, ...cardTitle(filter.errorsOnly ? 'Misclassified examples' : 'Examples', 'Tag each error with what went wrong (free text, one or more: "blurry, mislabeled"); the categories table shows what fixing each is worth.')),
        pager),
      el('div', { class: 'toolbar' }, el('label', {}, errorsOnly, ' errors only'), el('label', {}, 'order ', order), ...chips),
      bulk ?? '',
      page.rows.length
        ? el('div', { class: 'table-scroll' }, el('table', { class: 'data examples-table' },
            el('thead', {}, el('tr', {}, el('th', { class: 'select' }, selectAll), el('th', {}, 'Example'), el('th', {}, 'Actual'), el('th', {}, 'Predicted'), el('th', { class: 'num' }, 'Score'), el('th', {}, 'Features'), el('th', {}, 'Tags'))),
            el('tbody', {}, ...page.rows.map((row) => this.row(row, page)))))
        : el('p', { class: 'placeholder' }, page.total === 0 && filter.errorsOnly && !chips.length ? 'No errors: every prediction is right.' : 'No example matches this filter.'),
      el('div', { class: `examples-message ${this.message.startsWith('Tagged') ? 'muted' : 'error'}`, role: 'status' }, this.message),
      this.suggestions);
  }

  private pageButton(label: string, enabled: boolean, offset: number): HTMLButtonElement {
    const button = el('button', { class: 'secondary page-button' }, label);
    button.disabled = !enabled;
    button.addEventListener('click', () => {
      this.ctx.save({ query: { ...this.query(), offset } });
      void this.refresh();
    });
    return button;
  }

  private row(row: ExampleRow, page: ExamplePage): HTMLElement {
    const check = el('input', { type: 'checkbox', 'aria-label': `Select example ${row.exampleId}` });
    check.checked = this.selected.has(row.exampleId);
    check.addEventListener('change', () => {
      if (check.checked) this.selected.add(row.exampleId);
      else this.selected.delete(row.exampleId);
      this.render(page);
    });
    const open = el('a', { class: 'link example-link', href: '#', role: 'button', title: 'Open in Data Explorer: the row of this example in its dataset' }, row.exampleId);
    open.addEventListener('click', (event) => {
      event.preventDefault();
      void this.ctx.rpc.request('openExample', { exampleId: row.exampleId }).catch((error: Error) => this.showMessage(error.message, true));
    });
    const tags = row.tags.map((tag) => {
      const remove = el('button', { class: 'chip-remove', 'aria-label': `Remove tag ${tag} from example ${row.exampleId}`, title: 'Remove this tag' }, '×');
      remove.addEventListener('click', () => void this.tag('removeTags', [row.exampleId], [tag]));
      return el('span', { class: 'chip tag-chip' }, el('span', { class: 'tag-text' }, tag), remove);
    });
    const tr = el('tr', { class: row.isError ? 'is-error' : 'is-right' },
      el('td', { class: 'select' }, check),
      el('td', { class: 'example-id' }, open),
      el('td', { class: 'label actual' }, row.yTrue ?? '–'),
      el('td', { class: `label predicted ${row.isError ? 'wrong' : ''}` }, row.yPred ?? '–'),
      el('td', { class: 'num score' }, row.score === null ? '–' : row.score.toFixed(3)),
      el('td', { class: 'features muted' }, featuresText(row.features)),
      el('td', { class: 'tags' }, el('div', { class: 'tag-cell' }, ...tags, this.tagInput(() => [row.exampleId], `Tag example ${row.exampleId}`, row.exampleId))));
    tr.dataset.exampleId = row.exampleId;
    return tr;
  }
}
