import { readSeries } from '../store/series';
import type { Store } from '../store/store';
import type { RunDetail } from '../store/types';
import { compareContexts, devContexts } from './runInfo';
import type { ChartMetric, ChartModel, ChartSeries } from './outputModel';

/** Points a whole output may carry: outputs are posted to the renderer on every update, so they stay small. */
const POINT_BUDGET = 24_000;
const MIN_SERIES_POINTS = 16;
const MAX_SERIES_POINTS = 300;

interface SeriesPlan {
  run: RunDetail;
  key: string;
  context: string;
  label: string;
  colorIndex: number;
}

const fixedContextColors: Record<string, number> = { train: 0, 'train-dev': 1, dev: 2, val: 2, valid: 2, validation: 2, test: 3, '': 4 };

function contextColor(context: string, contexts: string[]): number {
  return fixedContextColors[context] ?? 5 + contexts.indexOf(context);
}

/** The context a multi-run chart shows for a run's key: the one asked for, else dev-like, else the longest series. */
function chosenContext(run: RunDetail, key: string, wanted?: string): string | undefined {
  const series = run.metrics.filter((m) => m.key === key && m.context !== 'system');
  if (wanted !== undefined && series.some((m) => m.context === wanted)) return wanted;
  return series.sort((a, b) => Number(devContexts.includes(b.context)) - Number(devContexts.includes(a.context)) || b.count - a.count || compareContexts(a.context, b.context))[0]?.context;
}

/** Every non-system metric key the runs logged, the main one first. */
export function metricKeys(runs: RunDetail[], main: string | null): string[] {
  const keys = [...new Set(runs.flatMap((r) => r.metrics.filter((m) => m.context !== 'system').map((m) => m.key)))].sort();
  return main && keys.includes(main) ? [main, ...keys.filter((k) => k !== main)] : keys;
}

/**
 * Series for every metric key, downsampled to share one point budget: one run shows each of its contexts
 * (train, dev…) as a line; several runs show one line per run in one context (dev-like unless `context` says).
 */
export function buildChart(store: Store, runs: RunDetail[], options: { main: string | null; context?: string; labels?: Map<string, string> }): ChartModel {
  const keys = metricKeys(runs, options.main);
  const single = runs.length === 1;
  const plans: SeriesPlan[] = [];
  for (const key of keys) {
    if (single) {
      const run = runs[0];
      const contexts = run.metrics.filter((m) => m.key === key && m.context !== 'system').map((m) => m.context).sort(compareContexts);
      for (const context of contexts) plans.push({ run, key, context, label: context || key, colorIndex: contextColor(context, contexts) });
    } else {
      runs.forEach((run, index) => {
        const context = chosenContext(run, key, options.context);
        if (context !== undefined) plans.push({ run, key, context, label: options.labels?.get(run.id) ?? run.name, colorIndex: index });
      });
    }
  }
  const budget = Math.max(MIN_SERIES_POINTS, Math.min(MAX_SERIES_POINTS, Math.floor(POINT_BUDGET / Math.max(1, plans.length))));
  const metrics: ChartMetric[] = keys.map((key) => ({ key, series: [], downsampled: false }));
  for (const plan of plans) {
    const points = readSeries(store, { runId: plan.run.id, key: plan.key, context: plan.context }, budget);
    const metric = metrics.find((m) => m.key === plan.key)!;
    metric.downsampled ||= points.downsampled;
    const series: ChartSeries = {
      label: plan.label,
      runId: plan.run.id,
      context: plan.context,
      colorIndex: plan.colorIndex,
      step: points.step,
      value: points.value.map((v) => (Number.isFinite(v) ? v : null)),
    };
    metric.series.push(series);
  }
  return { metric: keys[0] ?? null, metrics };
}
