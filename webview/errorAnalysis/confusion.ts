import type { ClassificationReportModel, ConfusionMatrixModel } from '../../src/protocol/diagnostics';
import { cardTitle, cssProp, number, percent } from '../shared/diagnostics';
import { el } from '../shared/dom';
import type { ViewContext } from './context';

/** Core gathers classes beyond the 99 most frequent into this row/column, which lists no examples. */
const otherLabels = '(other labels)';

/** The confusion matrix as a heat-coloured table: counts or row shares; a click on a cell lists its examples. */
export function confusionCard(ctx: ViewContext, matrix: ConfusionMatrixModel): HTMLElement {
  const card = el('section', { class: 'card confusion', id: 'confusion' });
  const draw = () => {
    const normalized = ctx.state().rowNormalized ?? false;
    const selected = ctx.state().selectedCell;
    const toggle = (label: string, value: boolean) => {
      const button = el('button', { class: `toggle ${normalized === value ? 'on' : ''}`, 'aria-pressed': String(normalized === value) }, label);
      button.addEventListener('click', () => {
        ctx.save({ rowNormalized: value });
        draw();
      });
      return button;
    };
    const head = el('tr', {}, el('th', { class: 'corner' }, el('span', { class: 'muted' }, 'true ↓ pred →')),
      ...matrix.labels.map((label) => el('th', { class: 'col-label', scope: 'col' }, label)),
      el('th', { class: 'num muted total', scope: 'col' }, 'total'));
    const rows = matrix.labels.map((actual, i) => {
      const rowTotal = matrix.counts[i].reduce((a, b) => a + b, 0);
      return el('tr', {}, el('th', { class: 'row-label', scope: 'row' }, actual),
        ...matrix.labels.map((predicted, j) => {
          const count = matrix.counts[i][j];
          const share = matrix.rowNormalized[i][j];
          const clickable = count > 0 && actual !== otherLabels && predicted !== otherLabels;
          const isSelected = selected?.actual === actual && selected?.predicted === predicted;
          const cell = el('td', {
            class: `cell ${i === j ? 'diagonal' : 'off'} ${count ? '' : 'zero'} ${isSelected ? 'selected' : ''} ${clickable ? 'clickable' : ''}`,
            'data-actual': actual, 'data-predicted': predicted,
            title: `actual ${actual}, predicted ${predicted}: ${count} (${percent(share)} of actual ${actual})`,
            ...(clickable ? { tabindex: '0', role: 'button' } : {}),
          }, count ? (normalized ? percent(share) : String(count)) : normalized ? '' : '0');
          // Diagonal cells show how much of a class is right, the others how much of it goes wrong: sqrt lifts small error shares into view.
          cssProp(cell, '--heat', share === null ? 0 : i === j ? share : Math.sqrt(share));
          if (clickable) {
            const pick = () => {
              ctx.save({ selectedCell: { actual, predicted } });
              draw();
              ctx.showExamples({ actual, predicted, errorsOnly: actual !== predicted }, `actual ${actual} → predicted ${predicted}`);
            };
            cell.addEventListener('click', pick);
            cell.addEventListener('keydown', (event) => {
              if (event.key === 'Enter' || event.key === ' ') {
                event.preventDefault();
                pick();
              }
            });
          }
          return cell;
        }),
        el('td', { class: 'num muted total' }, number(rowTotal)));
    });
    card.replaceChildren(
      el('div', { class: 'card-head' },
        el('div', {}, ...cardTitle('Confusion matrix', 'Rows are the true labels, columns the predictions. Click a cell to list its examples.')),
        el('div', { class: 'toggles', role: 'group', 'aria-label': 'Show counts or row shares' }, toggle('Counts', false), toggle('Row %', true))),
      el('div', { class: 'matrix-scroll' }, el('table', { class: `matrix ${normalized ? 'normalized' : 'counts'}` }, el('thead', {}, head), el('tbody', {}, ...rows))));
  };
  draw();
  return card;
}

/** Precision, recall, F1 and support per class, with the macro and weighted averages. */
export function classesCard(report: ClassificationReportModel): HTMLElement {
  const metric = (value: number | null, why: string) => el('td', { class: 'num', ...(value === null ? { title: why } : {}) }, value === null ? '–' : value.toFixed(3));
  const f1Cell = (f1: number) => cssProp(el('td', { class: 'num f1' }, el('span', { class: 'f1-bar' }), el('span', { class: 'f1-value' }, f1.toFixed(3))), '--width', `${Math.round(f1 * 100)}%`);
  const worstF1 = Math.min(...report.classes.filter((c) => c.support > 0).map((c) => c.f1));
  const rows = report.classes.map((c) => el('tr', { class: c.f1 === worstF1 && c.support > 0 ? 'worst' : '', 'data-class': c.label },
    el('th', { scope: 'row' }, c.label),
    metric(c.precision, 'never predicted'),
    metric(c.recall, 'never in y_true: the class only appears in predictions'),
    f1Cell(c.f1),
    el('td', { class: 'num' }, number(c.support)),
    el('td', { class: 'num muted' }, number(c.predicted))));
  const average = (name: string, a: ClassificationReportModel['macro']) => el('tr', { class: 'average' },
    el('th', { scope: 'row' }, name), el('td', { class: 'num' }, a.precision.toFixed(3)), el('td', { class: 'num' }, a.recall.toFixed(3)),
    el('td', { class: 'num' }, a.f1.toFixed(3)), el('td', { class: 'num' }, number(a.support)), el('td', {}));
  return el('section', { class: 'card classes', id: 'classes' },
    ...cardTitle('Per class', `Accuracy ${percent(report.accuracy)}. The class with the lowest F1 is marked; "–" is 0/0 and counts as 0 in the averages.`),
    el('div', { class: 'table-scroll' }, el('table', { class: 'data' },
      el('thead', {}, el('tr', {}, el('th', {}, 'Class'), el('th', { class: 'num' }, 'Precision'), el('th', { class: 'num' }, 'Recall'), el('th', { class: 'num' }, 'F1'), el('th', { class: 'num' }, 'Support'), el('th', { class: 'num' }, 'Predicted'))),
      el('tbody', {}, ...rows),
      el('tfoot', {}, average('macro avg', report.macro), average('weighted avg', report.weighted)))));
}
