import type { OutputNumber, RunInfo, RunsTable, TableColumn } from './outputModel';
import { compareContexts, devContexts } from './runInfo';

const lowerIsBetter = /loss|error|err$|mse|mae|rmse|perplexity|wer|cer|time|latency/i;
const higherIsBetter = /acc|f1|precision|recall|auc|score|r2|map|bleu|iou|dice/i;

export function betterDirection(key: string): 'higher' | 'lower' | null {
  if (lowerIsBetter.test(key)) return 'lower';
  if (higherIsBetter.test(key)) return 'higher';
  return null;
}

const MAX_PARAM_COLUMNS = 8;

function numeric(value: OutputNumber | null): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

/**
 * A row per run: the params that differ between the runs (all of them when none differ), then the metric's last
 * value in each context; the best row by the dev-like column (when the metric says which way is better) is marked.
 */
export function buildRunsTable(runs: RunInfo[], metric: string | null, labels?: Map<string, string>): RunsTable {
  const allKeys = [...new Set(runs.flatMap((r) => r.params.map((p) => p.key)))];
  const valueOf = (run: RunInfo, key: string) => run.params.find((p) => p.key === key)?.value ?? null;
  // A run that has not started yet has only the spec's params: a key it lacks does not make the runs differ.
  const differing = allKeys.filter((key) => new Set(runs.map((r) => valueOf(r, key)).filter((v) => v !== null)).size > 1);
  const paramKeys = (differing.length ? differing : allKeys).slice(0, MAX_PARAM_COLUMNS);
  const contexts = metric ? [...new Set(runs.flatMap((r) => r.metrics.filter((m) => m.key === metric).map((m) => m.context)))].sort(compareContexts) : [];
  const better = metric ? betterDirection(metric) : null;
  const metricColumns: TableColumn[] = contexts.map((context) => ({ key: metric!, context, label: context ? `${metric} [${context}]` : metric!, better }));
  const rows = runs.map((run) => ({
    runId: run.id,
    ...(labels?.has(run.id) ? { cellLabel: labels.get(run.id) } : {}),
    name: run.name,
    status: run.status,
    durationMs: run.durationMs,
    params: paramKeys.map((key) => valueOf(run, key)),
    metrics: metricColumns.map((c) => run.metrics.find((m) => m.key === c.key && m.context === c.context)?.value ?? null),
    best: false,
  }));
  const judged = metricColumns.findIndex((c) => devContexts.includes(c.context));
  const column = judged >= 0 ? judged : metricColumns.length - 1;
  if (better && column >= 0 && rows.length > 1) {
    const scored = rows.map((row, i) => ({ i, v: numeric(row.metrics[column]) })).filter((s): s is { i: number; v: number } => s.v !== undefined);
    const best = scored.sort((a, b) => (better === 'higher' ? b.v - a.v : a.v - b.v))[0];
    if (best) rows[best.i].best = true;
  }
  return { paramKeys, metricColumns, rows };
}
