import { mainMetricOf } from '../store/mainMetric';
import type { Store } from '../store/store';
import type { RunDetail } from '../store/types';
import { buildChart, metricKeys } from './chartModel';
import type { CellOutput, OutputLink, OutputRef, RunInfo, RunsTable } from './outputModel';
import { gone, readRunInfo, sweepChildren } from './runInfo';
import { buildRunsTable } from './runsTable';

export interface OutputOptions {
  /** The mlcycle.mainMetric setting: the chart's first tab and the tables' metric when the runs logged it. */
  mainMetric?: string;
  now?: number;
  source: CellOutput['source'];
}

type RunsRef = Extract<OutputRef, { kind: 'runs' }>;
type CompareRef = Extract<OutputRef, { kind: 'compare' }>;

const noStore = 'There is no mlcycle store in this workspace (yet), so these runs cannot be shown.';

function goneNote(runs: RunInfo[]): string[] {
  const missing = runs.filter((r) => !r.found).map((r) => r.id);
  if (!missing.length) return [];
  const which = missing.length === 1 ? `Run ${missing[0]} is` : `Runs ${missing.join(', ')} are`;
  return [`${which} gone: no longer in the store (deleted, or this notebook was written against another store). Run the cell again to make new runs.`];
}

function read(store: Store | undefined, runIds: string[], now: number): { infos: RunInfo[]; details: RunDetail[] } {
  const infos: RunInfo[] = [];
  const details: RunDetail[] = [];
  for (const id of runIds) {
    const { info, detail } = store ? readRunInfo(store, id, now) : { info: gone(id), detail: undefined };
    infos.push(info);
    if (detail) details.push(detail);
  }
  return { infos, details };
}

function chooseMetric(store: Store, details: RunDetail[], wanted?: string): string | null {
  const keys = metricKeys(details, null);
  if (wanted && keys.includes(wanted)) return wanted;
  for (const run of details) {
    const main = mainMetricOf(store.db, run.id)?.key;
    if (main) return main;
  }
  return keys[0] ?? null;
}

function bestRun(table: RunsTable | undefined, infos: RunInfo[]): RunInfo | undefined {
  const best = table?.rows.find((r) => r.best)?.runId;
  return infos.find((r) => r.id === best) ?? (infos.filter((r) => r.found).length === 1 ? infos.find((r) => r.found) : undefined);
}

function diagnoseLinks(run: RunInfo | undefined, prefix: string): OutputLink[] {
  if (!run?.found) return [];
  return [
    { label: `${prefix}Bias & variance`, action: 'biasVariance', runIds: [run.id] },
    { label: `${prefix}Error analysis`, action: 'errorAnalysis', runIds: [run.id] },
  ];
}

const live = (runs: RunInfo[]) => runs.some((r) => r.status === 'queued' || r.status === 'running');

/** A run cell's output: one run (summary and curves per context) or a sweep (a table of its runs, a line per run). */
export function buildRunsOutput(store: Store | undefined, ref: RunsRef, options: OutputOptions): CellOutput {
  const now = options.now ?? Date.now();
  const runIds = ref.runIds.length || !ref.sweepId || !store ? ref.runIds : sweepChildren(store, ref.sweepId);
  const { infos, details } = read(store, runIds, now);
  const sweep = ref.sweepId ? read(store, [ref.sweepId], now).infos[0] : undefined;
  const metric = store ? chooseMetric(store, details, options.mainMetric) : null;
  const chart = store ? buildChart(store, details, { main: metric }) : { metric: null, metrics: [] };
  const found = infos.filter((r) => r.found);
  const notes = store ? goneNote(sweep && !sweep.found ? [sweep, ...infos] : infos) : [noStore];
  const base = { ref, chart, notes, live: live(infos), source: options.source, readAt: now, runs: infos };
  if (!sweep && infos.length === 1) {
    const run = infos[0];
    const links: OutputLink[] = run.found
      ? [{ label: 'Open in compare view', action: 'compare', runIds: [run.id] }, ...diagnoseLinks(run, ''), { label: 'Run output', action: 'showOutput', runIds: [run.id] }]
      : [];
    return { ...base, kind: 'run', title: run.name, subtitle: [run.script, run.experiment, run.id].filter(Boolean).join(' · '), links };
  }
  const table = buildRunsTable(infos, metric);
  const best = bestRun(table, infos);
  const links: OutputLink[] = found.length ? [{ label: `Compare the ${found.length} runs`, action: 'compare', runIds: found.map((r) => r.id) }, ...diagnoseLinks(best, 'Best run: ')] : [];
  const title = sweep?.found ? sweep.name : `${infos.length} runs`;
  const subtitle = [`sweep of ${infos.length} runs`, sweep?.script ?? found[0]?.script, sweep?.id].filter(Boolean).join(' · ');
  return { ...base, kind: 'sweep', sweep, title, subtitle, table, links };
}

/** A comparison cell's output: earlier cells' runs in one table and one chart of the chosen metric. */
export function buildCompareOutput(store: Store | undefined, ref: CompareRef, options: OutputOptions): CellOutput {
  const now = options.now ?? Date.now();
  const labels = new Map<string, string>();
  const runIds: string[] = [];
  for (const group of ref.groups) {
    for (const id of group.runIds) {
      if (labels.has(id)) continue;
      labels.set(id, group.label);
      runIds.push(id);
    }
  }
  const { infos, details } = read(store, runIds, now);
  const metric = store ? chooseMetric(store, details, ref.metric ?? options.mainMetric) : null;
  const chartLabels = new Map(infos.map((r) => [r.id, ref.groups.find((g) => g.runIds.includes(r.id) && g.runIds.length > 1) ? `${labels.get(r.id)} · ${r.name}` : labels.get(r.id)!]));
  const chart = store ? buildChart(store, details, { main: metric, context: ref.context, labels: chartLabels }) : { metric: null, metrics: [] };
  const table = buildRunsTable(infos, metric, labels);
  const notes = [
    ...(store ? [] : [noStore]),
    ...ref.missing.map((m) => `No earlier run cell is called "${m}": name cells by the id shown in their output (e.g. run1) or by their run's name.`),
    ...ref.groups.filter((g) => !g.runIds.length).map((g) => `Cell "${g.label}" has not been run yet: run it, then this comparison again.`),
    ...(runIds.length || ref.groups.length ? [] : ['Nothing to compare yet: run the cells above first, then this one.']),
    ...(store ? goneNote(infos) : []),
  ];
  const found = infos.filter((r) => r.found);
  const links: OutputLink[] = found.length ? [{ label: 'Open in compare view', action: 'compare', runIds: found.map((r) => r.id) }, ...diagnoseLinks(bestRun(table, infos), 'Best run: ')] : [];
  return {
    kind: 'compare',
    ref,
    title: metric ? `Comparison of ${metric}${ref.context ? ` [${ref.context}]` : ''}` : 'Comparison',
    subtitle: `${ref.groups.length} cell${ref.groups.length === 1 ? '' : 's'}: ${ref.groups.map((g) => g.label).join(', ')} · ${infos.length} run${infos.length === 1 ? '' : 's'}`,
    runs: infos,
    table,
    chart,
    links,
    notes,
    live: live(infos),
    source: options.source,
    readAt: now,
  };
}

/** Rebuilds an output from what it refers to, as the store holds it now. */
export function rebuildOutput(store: Store | undefined, ref: OutputRef, options: OutputOptions): CellOutput {
  return ref.kind === 'runs' ? buildRunsOutput(store, ref, options) : buildCompareOutput(store, ref, options);
}
