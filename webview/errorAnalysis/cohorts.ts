import type { CohortModel, ErrorAnalysisModel, ErrorTreeLeaf, FeatureCondition, HeatmapModel, WorstCohort } from '../../src/protocol/diagnostics';
import { Chart } from '../shared/charts';
import { cardTitle, chartColor, cssProp, number, percent } from '../shared/diagnostics';
import { el } from '../shared/dom';
import type { ViewContext } from './context';

/** Error rate by feature bin, a two-feature heatmap, the worst cohorts and the error tree's worst leaves. */
export function cohortsSection(ctx: ViewContext, model: ErrorAnalysisModel): HTMLElement {
  const features = model.overview.features.map((f) => f.name);
  const section = el('section', { class: 'card cohorts', id: 'cohorts' },
    ...cardTitle('Cohorts', 'Where the errors gather: by the value or bin of a feature, by two features at once, and by the error tree\'s leaves. Click a bar, a cell or a row to list its examples.'));
  if (!features.length) {
    section.append(el('p', { class: 'placeholder' }, 'No features were logged with the predictions, so there are no cohorts. Pass features=[{"age": 31, …}, …] to mlcycle.log_predictions.'));
    return section;
  }
  const errorRate = model.overview.errorRate ?? 0;
  const ranked = rankFeatures(model);
  if (!features.includes(ctx.state().cohortFeature ?? '')) ctx.save({ cohortFeature: ranked[0] });
  if (features.length > 1 && !(features.includes(ctx.state().heatmapX ?? '') && features.includes(ctx.state().heatmapY ?? ''))) {
    // The feature with more bins goes down the rows, where long bin labels fit.
    const bins = (name: string) => model.cohorts.find((c) => c.feature === name)?.bins.length ?? 0;
    const [rows, columns] = bins(ranked[0]) >= bins(ranked[1]) ? [ranked[0], ranked[1]] : [ranked[1], ranked[0]];
    ctx.save({ heatmapX: columns, heatmapY: rows });
  }
  section.append(
    el('div', { class: 'grid two' }, featureChart(ctx, model.cohorts, features, errorRate), heatmapBox(ctx, features, errorRate)),
    el('div', { class: 'grid two' }, worstCohortsBox(ctx, model.worstCohorts), treeLeavesBox(ctx, model.errorTree?.leaves ?? [], model.errorTree?.maxDepth, model.errorTree?.minLeafSize)));
  return section;
}

/** Features worth looking at first: those of the worst cohorts, then those cut into the most bins. */
function rankFeatures(model: ErrorAnalysisModel): string[] {
  const worst = [...new Set(model.worstCohorts.map((c) => c.feature))];
  const bins = (name: string) => model.cohorts.find((c) => c.feature === name)?.bins.length ?? 0;
  const rest = model.overview.features.map((f) => f.name).filter((f) => !worst.includes(f)).sort((a, b) => bins(b) - bins(a));
  return [...worst, ...rest];
}

function featurePicker(features: string[], value: string, label: string, onChange: (feature: string) => void): HTMLSelectElement {
  const select = el('select', { 'aria-label': label }, ...features.map((f) => el('option', { value: f }, f)));
  select.value = value;
  select.addEventListener('change', () => onChange(select.value));
  return select;
}

function conditionsLabel(conditions: FeatureCondition[]): string {
  return conditions.map((c) => c.text).join(' and ');
}

function featureChart(ctx: ViewContext, cohorts: CohortModel[], features: string[], overall: number): HTMLElement {
  const box = el('div', { class: 'cohort-chart' });
  const draw = () => {
    const feature = features.includes(ctx.state().cohortFeature ?? '') ? ctx.state().cohortFeature! : features[0];
    const cohort = cohorts.find((c) => c.feature === feature);
    const canvas = el('canvas', { role: 'img', 'aria-label': `Error rate by ${feature}` });
    box.replaceChildren(
      el('div', { class: 'box-head' }, el('h3', {}, 'Error rate by ', featurePicker(features, feature, 'Feature', (f) => {
        ctx.save({ cohortFeature: f });
        draw();
      }))),
      cohort ? el('div', { class: 'chart-box' }, canvas) : el('p', { class: 'placeholder' }, `No bins for ${feature}.`),
      cohort ? el('p', { class: 'help' }, `${cohort.binning === 'quantile' ? '8 equal-frequency bins' : cohort.binning === 'values' ? 'one bar per value' : 'most frequent values'}; red bars are above the overall error rate (${percent(overall)}).`) : '');
    if (!cohort) return;
    const bins = cohort.bins;
    const chart = new Chart(canvas, {
      type: 'bar',
      data: {
        labels: bins.map((b) => b.label),
        datasets: [
          { type: 'bar', label: 'error rate', data: bins.map((b) => b.errorRate ?? 0), backgroundColor: bins.map((b) => chartColor((b.errorRate ?? 0) > overall ? '--vscode-charts-red' : '--vscode-charts-blue', 0.75)), borderRadius: 2, order: 2 },
          { type: 'line', label: 'overall', data: bins.map(() => overall), borderColor: chartColor('--vscode-charts-foreground', 0.7), borderDash: [6, 4], borderWidth: 1.5, pointRadius: 0, order: 1 },
        ],
      },
      options: {
        maintainAspectRatio: false,
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: (item) => {
                if (item.datasetIndex === 1) return `overall error rate ${percent(overall)}`;
                const b = bins[item.dataIndex];
                return [`error rate ${percent(b.errorRate)}`, `${number(b.errors)} errors of ${number(b.count)}`, `${percent(b.shareOfErrors)} of all errors`];
              },
            },
          },
        },
        scales: { y: { beginAtZero: true, ticks: { callback: (v) => percent(Number(v)) } }, x: { grid: { display: false }, ticks: { autoSkip: false, maxRotation: 40 } } },
        onClick: (_event, elements) => {
          const hit = elements.find((e) => e.datasetIndex === 0);
          if (hit) ctx.showExamples({ conditions: bins[hit.index].conditions, errorsOnly: true }, bins[hit.index].label);
        },
        onHover: (event, elements) => {
          (event.native?.target as HTMLElement | undefined)?.style.setProperty('cursor', elements.length ? 'pointer' : 'default');
        },
      },
    });
    ctx.charts.push(chart);
  };
  draw();
  return box;
}

function heatmapBox(ctx: ViewContext, features: string[], overall: number): HTMLElement {
  const box = el('div', { class: 'heatmap-box' });
  if (features.length < 2) {
    box.append(el('h3', {}, 'Two features'), el('p', { class: 'placeholder' }, 'A heatmap needs two features; the predictions have one.'));
    return box;
  }
  let ticket = 0;
  const draw = async () => {
    const x = features.includes(ctx.state().heatmapX ?? '') ? ctx.state().heatmapX! : features[0];
    const y = features.includes(ctx.state().heatmapY ?? '') && ctx.state().heatmapY !== x ? ctx.state().heatmapY! : features.find((f) => f !== x)!;
    const head = el('div', { class: 'box-head' }, el('h3', {}, 'Error rate by ',
      featurePicker(features, y, 'Rows feature', (f) => {
        ctx.save({ heatmapY: f });
        void draw();
      }), ' × ',
      featurePicker(features, x, 'Columns feature', (f) => {
        ctx.save({ heatmapX: f });
        void draw();
      })));
    box.replaceChildren(head, el('p', { class: 'placeholder' }, 'Loading…'));
    const mine = ++ticket;
    try {
      const heatmap = await ctx.rpc.request('heatmap', { x, y });
      if (mine === ticket) box.replaceChildren(head, heatmapTable(ctx, heatmap, overall));
    } catch (error) {
      if (mine === ticket) box.replaceChildren(head, el('p', { class: 'error' }, (error as Error).message));
    }
  };
  void draw();
  return box;
}

function heatmapTable(ctx: ViewContext, heatmap: HeatmapModel, overall: number): HTMLElement {
  const worst = Math.max(overall * 2, ...heatmap.cells.flat().map((c) => c.errorRate ?? 0), 1e-9);
  const rows = heatmap.y.bins.map((yBin, yi) => el('tr', {}, el('th', { scope: 'row', class: 'row-label' }, yBin.label),
    ...heatmap.x.bins.map((xBin, xi) => {
      const cell = heatmap.cells[yi][xi];
      const td = el('td', {
        class: `cell ${cell.count ? 'clickable' : 'zero'}`,
        title: `${yBin.label}, ${xBin.label}: ${cell.count ? `${percent(cell.errorRate)} error (${cell.errors} of ${cell.count})` : 'no examples'}`,
        ...(cell.count ? { tabindex: '0', role: 'button' } : {}),
      }, cell.count ? percent(cell.errorRate) : '');
      cssProp(td, '--heat', cell.errorRate === null ? 0 : Math.min(1, cell.errorRate / worst));
      if (cell.count) {
        const pick = () => ctx.showExamples({ conditions: [...yBin.conditions, ...xBin.conditions], errorsOnly: true }, `${yBin.label}, ${xBin.label}`);
        td.addEventListener('click', pick);
        td.addEventListener('keydown', (event) => {
          if (event.key === 'Enter') pick();
        });
      }
      return td;
    })));
  return el('div', { class: 'matrix-scroll' }, el('table', { class: 'matrix heatmap' },
    el('thead', {}, el('tr', {}, el('th', { class: 'corner muted' }, `${heatmap.y.feature} ↓  ${heatmap.x.feature} →`), ...heatmap.x.bins.map((b) => el('th', { class: 'col-label', scope: 'col' }, b.label)))),
    el('tbody', {}, ...rows)));
}

function shareBar(share: number): HTMLElement {
  return cssProp(el('span', { class: 'share-bar' }), '--width', `${Math.round(share * 100)}%`);
}

function worstCohortsBox(ctx: ViewContext, worst: WorstCohort[]): HTMLElement {
  const rows = worst.map((c) => {
    const row = el('tr', { class: 'clickable', tabindex: '0', role: 'button' },
      el('td', {}, c.label), el('td', { class: 'num' }, number(c.count)), el('td', { class: 'num' }, percent(c.errorRate)),
      el('td', { class: 'num share' }, shareBar(c.shareOfErrors), el('span', {}, percent(c.shareOfErrors))));
    row.addEventListener('click', () => ctx.showExamples({ conditions: c.conditions, errorsOnly: true }, c.label));
    return row;
  });
  return el('div', { class: 'worst-cohorts' }, el('h3', {}, 'Worst cohorts'),
    rows.length
      ? el('table', { class: 'data' }, el('thead', {}, el('tr', {}, el('th', {}, 'Cohort'), el('th', { class: 'num' }, 'Size'), el('th', { class: 'num' }, 'Error rate'), el('th', { class: 'num' }, 'Share of errors'))), el('tbody', {}, ...rows))
      : el('p', { class: 'placeholder' }, 'No feature bin has an error rate above the overall one.'));
}

function treeLeavesBox(ctx: ViewContext, leaves: ErrorTreeLeaf[], depth?: number, minLeaf?: number): HTMLElement {
  const shown = leaves.filter((l) => l.errors > 0).slice(0, 6);
  const rows = shown.map((leaf) => {
    const text = leaf.path.length ? leaf.path.join(' and ') : 'all examples';
    const row = el('tr', { class: 'clickable', tabindex: '0', role: 'button' },
      el('td', { class: 'conditions' }, text), el('td', { class: 'num' }, number(leaf.size)), el('td', { class: 'num' }, percent(leaf.errorRate)),
      el('td', { class: 'num share' }, shareBar(leaf.shareOfErrors), el('span', {}, percent(leaf.shareOfErrors))));
    row.addEventListener('click', () => ctx.showExamples({ conditions: leaf.conditions, errorsOnly: true }, conditionsLabel(leaf.conditions) || 'all examples'));
    return row;
  });
  return el('div', { class: 'tree-leaves' }, el('h3', {}, 'Error tree: worst leaves'),
    el('p', { class: 'help' }, depth ? `A decision tree (depth ≤ ${depth}, leaves ≥ ${minLeaf} examples) fitted to "this prediction is wrong".` : ''),
    rows.length
      ? el('table', { class: 'data' }, el('thead', {}, el('tr', {}, el('th', {}, 'Conditions'), el('th', { class: 'num' }, 'Size'), el('th', { class: 'num' }, 'Error rate'), el('th', { class: 'num' }, 'Share of errors'))), el('tbody', {}, ...rows))
      : el('p', { class: 'placeholder' }, 'No leaf holds an error.'));
}
