import type { CategoriesModel } from '../../src/protocol/diagnostics';
import { cardTitle, cssProp, number, percent } from '../shared/diagnostics';
import { el } from '../shared/dom';
import type { ViewContext } from './context';

/**
 * The error categories (tags) with what fixing each is worth: its errors, their share of all errors and the
 * ceiling, the error rate left if every error in it were fixed. Most worth fixing first.
 */
export function renderCategories(ctx: ViewContext, container: HTMLElement, model: CategoriesModel): void {
  const partial = model.taggedErrors > 0 && model.taggedErrors < model.errors;
  const rows = model.rows.map((row) => {
    const tr = el('tr', { class: 'clickable category', tabindex: '0', role: 'button', title: `List the examples tagged "${row.tag}"` },
      el('th', { scope: 'row', class: 'tag-name' }, row.tag),
      el('td', { class: 'num count' }, number(row.count)),
      el('td', { class: 'num share' }, cssProp(el('span', { class: 'share-bar' }), '--width', `${Math.round(row.shareOfErrors * 100)}%`), el('span', {}, percent(row.shareOfErrors))),
      el('td', { class: 'num ceiling' }, percent(row.ceiling)),
      partial ? el('td', { class: 'num muted estimated' }, percent(row.estimatedCeiling)) : null);
    tr.dataset.tag = row.tag;
    const pick = () => ctx.showExamples({ tag: row.tag, errorsOnly: true });
    tr.addEventListener('click', pick);
    tr.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') pick();
    });
    return tr;
  });
  const reviewed = `${number(model.taggedErrors)} of ${number(model.errors)} errors tagged`;
  container.replaceChildren(
    ...cardTitle('Error categories', `Ceiling = error × (1 − share): the error left if every error in the category were fixed (now ${percent(model.errorRate)}).`),
    el('p', { class: 'reviewed' }, reviewed),
    rows.length
      ? el('table', { class: 'data categories-table' },
          el('thead', {}, el('tr', {}, el('th', {}, 'Category'), el('th', { class: 'num' }, 'Errors'), el('th', { class: 'num', title: 'Share of all errors' }, 'Share'),
            el('th', { class: 'num', title: 'The error rate if every error in this category were fixed: error × (1 − share)' }, 'Ceiling'),
            partial ? el('th', { class: 'num', title: 'If the tagged errors are a fair sample of all errors: error × (1 − count / tagged errors)' }, 'Est.') : null)),
          el('tbody', {}, ...rows))
      : el('p', { class: 'placeholder' }, 'No error is tagged yet. Tag a few misclassified examples (type a category and press Enter) to see which kind of error is worth fixing first.'),
    partial ? el('p', { class: 'help estimate-help' }, 'Est. is the ceiling if the tagged errors are a fair sample of all errors, for when you review only some of them.') : '');
}
