import type { Alert, DatasetProfile, LabelBalance } from '../../src/core/data/profile/types';
import type { FileProblem, QuickLookView } from '../../src/protocol/dataExplorer';
import { clear, el } from '../shared/dom';
import { pruneCharts } from './charts';
import { columnCard, schemaCard, severityMark } from './columnCard';
import { formatCount, formatPercent, formatNumber, plural } from './format';
import { state, updateState } from './state';

/** While a profile runs again (another label column), the previous one stays on screen. */
export type ProfileStatus = { state: 'running'; previous?: DatasetProfile } | { state: 'cancelled' } | { state: 'failed'; problem: FileProblem } | { state: 'done'; profile: DatasetProfile };

function shownProfile(status: ProfileStatus): DatasetProfile | undefined {
  return status.state === 'done' ? status.profile : status.state === 'running' ? status.previous : undefined;
}

export interface ProfileViewActions {
  chooseLabel(column: string | null): void;
  profileAgain(): void;
}

const cardsPerBatch = 48;
const alertsShown = 12;
const classesShown = 20;

function fact(label: string, value: string, detail?: string, severity?: 'warning' | 'critical'): HTMLElement {
  return el('div', { class: `fact${severity ? ` fact-${severity}` : ''}` }, el('div', { class: 'fact-value' }, value), el('div', { class: 'fact-label' }, label), detail ? el('div', { class: 'fact-detail muted', title: detail }, detail) : null);
}

function names(list: string[], max = 4): string {
  return list.length > max ? `${list.slice(0, max).join(', ')} and ${list.length - max} more` : list.join(', ');
}

function datasetFacts(profile: DatasetProfile): HTMLElement {
  const cells = profile.rowCount * profile.columnCount;
  const missingCells = profile.columns.reduce((sum, c) => sum + c.missing, 0);
  const pairs = profile.correlations.map((p) => `${p.columnA} ↔ ${p.columnB} (r = ${p.r.toFixed(2)})`);
  return el(
    'div',
    { class: 'facts-grid' },
    fact('rows', formatCount(profile.rowCount)),
    fact('columns', formatCount(profile.columnCount)),
    fact('missing cells', formatPercent(cells ? (100 * missingCells) / cells : 0), `${formatCount(missingCells)} of ${formatCount(cells)}`, missingCells ? 'warning' : undefined),
    fact('duplicate rows', formatCount(profile.duplicateRows), profile.duplicateRows ? formatPercent(profile.duplicatePercent) : undefined, profile.duplicateRows ? 'warning' : undefined),
    fact('constant columns', formatCount(profile.constantColumns.length), profile.constantColumns.length ? names(profile.constantColumns) : undefined, profile.constantColumns.length ? 'warning' : undefined),
    fact('high-cardinality columns', formatCount(profile.highCardinalityColumns.length), profile.highCardinalityColumns.length ? names(profile.highCardinalityColumns) : undefined),
    fact('correlated pairs', formatCount(profile.correlations.length), pairs.length ? names(pairs, 2) : `none with |r| ≥ ${profile.correlationThreshold}`, profile.correlations.length ? 'warning' : undefined),
  );
}

function alertItem(alert: Alert): HTMLElement {
  return el('li', { class: `alert alert-${alert.severity}` }, severityMark(alert.severity), el('span', { class: 'alert-text' }, alert.message));
}

function alertsSection(alerts: Alert[]): HTMLElement {
  const list = el('ul', { class: 'alerts' });
  const showAll = (all: boolean) => {
    clear(list);
    list.append(...(all ? alerts : alerts.slice(0, alertsShown)).map(alertItem));
    if (!all && alerts.length > alertsShown) {
      const more = el('button', { class: 'link-button' }, `Show all ${formatCount(alerts.length)} alerts`);
      more.addEventListener('click', () => showAll(true));
      list.append(el('li', { class: 'more' }, more));
    }
  };
  showAll(false);
  const counts = (['critical', 'warning', 'info'] as const).map((s) => [s, alerts.filter((a) => a.severity === s).length] as const).filter(([, n]) => n);
  return el(
    'section',
    { class: 'alerts-section' },
    el('h2', {}, 'Alerts', ...counts.map(([s, n]) => el('span', { class: `count-chip severity-${s}` }, `${n} ${s}`))),
    alerts.length ? list : el('p', { class: 'muted' }, 'Nothing to report: no missing values, constant columns, duplicates or strong correlations found.'),
  );
}

function balanceBars(balance: LabelBalance): HTMLElement {
  const max = balance.classes[0]?.count ?? 1;
  const shown = balance.classes.slice(0, classesShown);
  return el(
    'div',
    { class: 'top-values balance' },
    ...shown.map((c) => {
      const fill = el('div', { class: 'bar-fill' });
      fill.style.width = `${(100 * c.count) / max}%`;
      return el('div', { class: 'bar-row', title: `${c.value}: ${formatCount(c.count)} rows` }, el('span', { class: 'bar-label' }, c.value), el('div', { class: 'bar-track' }, fill), el('span', { class: 'bar-count' }, `${formatPercent(c.percent)} · ${formatCount(c.count)}`));
    }),
    balance.classes.length > shown.length ? el('div', { class: 'muted' }, `and ${balance.classes.length - shown.length} smaller classes`) : null,
  );
}

function labelSection(quickLook: QuickLookView, status: ProfileStatus, labelColumn: string | null, actions: ProfileViewActions): HTMLElement {
  const select = el('select', { id: 'label-column', 'aria-label': 'Label column' }, el('option', { value: '' }, '(no label column)'), ...quickLook.columns.map((c) => el('option', { value: c.name }, c.name)));
  select.value = labelColumn ?? '';
  select.addEventListener('change', () => actions.chooseLabel(select.value || null));
  const section = el('section', { class: 'label-section' }, el('h2', {}, 'Label'), el('div', { class: 'label-picker' }, el('label', { for: 'label-column' }, 'Label column (the target a model predicts): '), select));
  if (!labelColumn) {
    section.append(el('p', { class: 'muted' }, 'Pick the column a model will predict to see its class balance.'));
    return section;
  }
  if (status.state !== 'done') {
    section.append(el('p', { class: 'muted' }, status.state === 'running' ? 'Computing the class balance…' : 'The class balance comes with the profile.'));
    return section;
  }
  const profile = status.profile;
  const labelAlerts = profile.alerts.filter((a) => (a.kind === 'imbalance' || a.kind === 'label') && a.column === labelColumn);
  if (profile.label && profile.label.column === labelColumn) {
    const balance = profile.label;
    section.append(
      el(
        'p',
        { class: 'balance-summary' },
        `${plural(balance.classes.length, 'class', 'classes')}: the largest holds ${formatPercent(balance.majorityPercent)}, the smallest ${formatPercent(balance.minorityPercent)} (ratio ${formatNumber(balance.imbalanceRatio)} : 1)`,
        balance.missing ? `; ${formatCount(balance.missing)} rows have no label` : '',
        '.',
      ),
      balanceBars(balance),
    );
  }
  if (labelAlerts.length) section.append(el('ul', { class: 'alerts' }, ...labelAlerts.map(alertItem)));
  else if (profile.label) section.append(el('p', { class: 'ok' }, '✓ No imbalance alert for these classes.'));
  return section;
}

function columnsSection(quickLook: QuickLookView, status: ProfileStatus, labelColumn: string | null): HTMLElement {
  const search = el('input', { type: 'search', class: 'column-search', placeholder: 'Filter columns by name', 'aria-label': 'Filter columns by name' });
  search.value = state.columnFilter;
  const cards = el('div', { class: 'column-cards' });
  const profile = shownProfile(status);
  const profiled = new Map((profile?.columns ?? []).map((c) => [c.name, c]));
  const alertsByColumn = new Map<string, Alert[]>();
  for (const alert of profile?.alerts ?? []) {
    if (!alert.column || alert.kind === 'imbalance' || alert.kind === 'label') continue;
    alertsByColumn.set(alert.column, [...(alertsByColumn.get(alert.column) ?? []), alert]);
  }
  const render = () => {
    clear(cards);
    const needle = state.columnFilter.trim().toLowerCase();
    const columns = quickLook.columns.map((c) => ({ schema: c, profile: profiled.get(c.name) })).filter((c) => !needle || c.schema.name.toLowerCase().includes(needle));
    let shown = 0;
    const more = el('button', { class: 'secondary more-columns' });
    const showMore = () => {
      more.remove();
      for (const column of columns.slice(shown, shown + cardsPerBatch)) {
        cards.append(
          column.profile
            ? columnCard(column.profile, alertsByColumn.get(column.schema.name) ?? [], column.schema.name === labelColumn)
            : schemaCard(column.schema, sampleValues(quickLook, quickLook.columns.indexOf(column.schema))),
        );
      }
      shown += cardsPerBatch;
      if (shown < columns.length) {
        more.textContent = `Show ${Math.min(cardsPerBatch, columns.length - shown)} more of ${formatCount(columns.length - shown)} remaining columns`;
        cards.append(more);
      }
    };
    more.addEventListener('click', showMore);
    showMore();
    if (!columns.length) cards.append(el('p', { class: 'muted' }, `No column name contains "${state.columnFilter}".`));
    pruneCharts();
  };
  search.addEventListener('input', () => {
    updateState({ columnFilter: search.value });
    render();
  });
  render();
  return el('section', { class: 'columns-section' }, el('div', { class: 'section-head' }, el('h2', {}, `Columns (${formatCount(quickLook.columns.length)})`), search), cards);
}

function sampleValues(quickLook: QuickLookView, index: number): string[] {
  const values: string[] = [];
  for (const row of quickLook.rows) {
    const cell = row[index];
    if (cell === null || cell === '') continue;
    values.push(String(cell).slice(0, 24));
    if (values.length === 5) break;
  }
  return values;
}

function statusLine(status: ProfileStatus, actions: ProfileViewActions): HTMLElement | null {
  if (status.state === 'done') {
    const p = status.profile;
    return el('p', { class: 'muted profile-meta' }, `Profiled ${formatCount(p.rowCount)} rows in ${(p.elapsedMs / 1000).toFixed(1)} s with ${p.engine}${p.rowCount > p.exactUpToRows ? '; distinct counts and quantiles of this large file are approximate' : ''}.`);
  }
  if (status.state === 'running') return el('p', { class: 'muted' }, status.previous ? 'Profiling again with the new label column…' : 'Profiling the whole file… the schema and first values are below meanwhile.');
  const again = el('button', {}, 'Profile again');
  again.addEventListener('click', () => actions.profileAgain());
  if (status.state === 'cancelled') return el('div', { class: 'notice' }, el('span', {}, 'The profile was cancelled. '), again);
  const where = [status.problem.line ? `line ${formatCount(status.problem.line)}` : '', status.problem.offset !== undefined ? `byte offset ${formatCount(status.problem.offset)}` : ''].filter(Boolean).join(', ');
  return el('div', { class: 'problem inline-problem' }, el('strong', {}, 'The profile failed. '), el('span', { class: 'problem-message' }, status.problem.message), where ? el('span', { class: 'muted' }, ` (${where})`) : null, ' ', again);
}

/** The Profile tab: dataset facts, the label's class balance, the alerts in plain words and a card per column. */
export function renderProfile(container: HTMLElement, quickLook: QuickLookView, status: ProfileStatus, labelColumn: string | null, actions: ProfileViewActions): void {
  clear(container);
  const profile = shownProfile(status);
  container.append(
    ...[
      statusLine(status, actions),
      profile ? datasetFacts(profile) : null,
      labelSection(quickLook, status, labelColumn, actions),
      profile ? alertsSection(profile.alerts.filter((a) => !((a.kind === 'imbalance' || a.kind === 'label') && a.column === labelColumn))) : null,
      columnsSection(quickLook, status, labelColumn),
    ].filter((n): n is HTMLElement => n !== null),
  );
  pruneCharts();
}
