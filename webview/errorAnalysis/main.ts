import '../shared/diagnostics.css';
import './errorAnalysis.css';
import type { ErrorAnalysisModel, ExampleFilter } from '../../src/protocol/diagnostics';
import type { ErrorAnalysisNotification, ErrorAnalysisRequests, ErrorAnalysisState } from '../../src/protocol/errorAnalysis';
import { missingBox, notesList } from '../shared/diagnostics';
import { clear, el } from '../shared/dom';
import { createRpcClient } from '../shared/rpc';
import { vscodeApi } from '../shared/vscode';
import { renderCategories } from './categories';
import { cohortsSection } from './cohorts';
import { classesCard, confusionCard } from './confusion';
import { defaultQuery, type ViewContext } from './context';
import { ExamplesView } from './examples';
import { overviewHeader, regressionSection, summaryCards } from './overview';

const api = vscodeApi<ErrorAnalysisState>();
const app = document.getElementById('app')!;
let state: ErrorAnalysisState = api.getState() ?? {};
let examples: ExamplesView | undefined;
let categories: HTMLElement | undefined;
let current: ErrorAnalysisModel | undefined;
let opening = 0;

const rpc = createRpcClient<ErrorAnalysisRequests, ErrorAnalysisNotification>((n) => {
  if (n.type === 'showRun') {
    if (n.runId !== state.runId) {
      state = { runId: n.runId };
      api.setState(state);
    }
    void open();
  } else if (n.type === 'reopened') render(n.model);
  else if (n.type === 'storeChanged') void refreshTags();
});

const ctx: ViewContext = {
  rpc,
  state: () => state,
  save(next) {
    state = { ...state, ...next };
    api.setState(state);
  },
  showExamples(filter: ExampleFilter, label?: string) {
    const query = state.query ?? defaultQuery();
    const fromCell = filter.actual !== undefined;
    ctx.save({ query: { ...query, filter, offset: 0 }, filterLabel: label, ...(fromCell ? {} : { selectedCell: null }) });
    if (!fromCell) app.querySelectorAll('.matrix td.selected').forEach((c) => c.classList.remove('selected'));
    void examples?.refresh().then(() => examples?.element.scrollIntoView({ behavior: 'smooth', block: 'start' }));
  },
  charts: [],
};

async function open(): Promise<void> {
  if (!state.runId) return;
  const mine = ++opening;
  try {
    const model = await rpc.request('open', { runId: state.runId, split: state.split });
    if (mine === opening) render(model);
  } catch (error) {
    if (mine === opening) renderError((error as Error).message);
  }
}

/** Tags changed elsewhere (the CLI, another window): the categories and the page follow, unless the person is typing. */
async function refreshTags(): Promise<void> {
  if (!current || !categories) return;
  const container = categories;
  try {
    renderCategories(ctx, container, await rpc.request('categories', {}));
    if (!examples?.isTyping()) await examples?.refresh();
  } catch {
    // the next change or a reopen shows the state; a failed background refresh has nothing to tell
  }
}

function renderError(message: string): void {
  destroyCharts();
  clear(app);
  app.append(el('h1', {}, 'Error analysis'), el('p', { class: 'error-banner', role: 'alert' }, message));
}

function destroyCharts(): void {
  ctx.charts.forEach((c) => c.destroy());
  ctx.charts.length = 0;
}

function changeSplit(split: string): void {
  ctx.save({ split, query: defaultQuery(), selectedCell: null, filterLabel: undefined });
  void open();
}

function render(model: ErrorAnalysisModel): void {
  current = model;
  destroyCharts();
  clear(app);
  const { overview } = model;
  if (!state.query) ctx.save({ query: defaultQuery() });
  app.append(
    overviewHeader(ctx, overview, changeSplit),
    missingBox(overview.missing) ?? '',
    notesList(overview.notes) ?? '',
  );
  if (!overview.counts.used) return;
  app.append(summaryCards(overview, model.categories));
  if (model.confusion && model.report) app.append(el('div', { class: 'grid matrix-and-classes' }, confusionCard(ctx, model.confusion), classesCard(model.report)));
  if (overview.regression) app.append(regressionSection(ctx, overview.regression, overview.errorDefinition));
  app.append(cohortsSection(ctx, model));
  categories = el('section', { class: 'card categories', id: 'categories' });
  examples = new ExamplesView(ctx, (result) => {
    renderCategories(ctx, categories!, result.categories);
    app.querySelector('.summary .tagged-value')?.replaceChildren(`${result.categories.taggedErrors} of ${result.categories.errors}`);
  });
  examples.setSuggestions(model.tagSuggestions);
  renderCategories(ctx, categories, model.categories);
  app.append(el('div', { class: 'grid wide-narrow' }, examples.element, categories));
  void examples.refresh();
}

if (state.runId) void open();
else app.append(el('p', { class: 'placeholder' }, 'Loading…'));
rpc.ready();

