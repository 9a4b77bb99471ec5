import type { Store } from '../store/store';
import type { RunDetail } from '../store/types';
import type { FinalMetric, OutputNumber, RunInfo } from './outputModel';

export function outputNumber(value: number): OutputNumber {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return value;
}

export function paramText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const contextOrder = ['train', 'train-dev', 'dev', 'val', 'valid', 'validation', 'test', ''];

/** train, train-dev, dev, test, then the rest by name: the order a person reads a bias/variance story in. */
export function compareContexts(a: string, b: string): number {
  const rank = (c: string) => (contextOrder.includes(c) ? contextOrder.indexOf(c) : contextOrder.length);
  return rank(a) - rank(b) || a.localeCompare(b);
}

export const devContexts = ['dev', 'val', 'valid', 'validation'];

export function gone(runId: string): RunInfo {
  return { id: runId, found: false, name: runId, status: 'gone', script: null, experiment: '', startedAt: null, endedAt: null, durationMs: null, params: [], metrics: [], error: null };
}

export function runInfoOf(run: RunDetail, now: number): RunInfo {
  const metrics: FinalMetric[] = run.metrics
    .filter((m) => m.context !== 'system')
    .sort((a, b) => a.key.localeCompare(b.key) || compareContexts(a.context, b.context))
    .map((m) => ({ key: m.key, context: m.context, value: outputNumber(m.last), step: m.lastStep }));
  const end = run.endedAt ?? (run.status === 'running' ? now : null);
  return {
    id: run.id,
    found: true,
    name: run.name,
    status: run.status,
    script: run.script,
    experiment: run.experiment,
    startedAt: run.startedAt,
    endedAt: run.endedAt,
    durationMs: run.startedAt !== null && end !== null ? Math.max(0, end - run.startedAt) : null,
    params: Object.entries(run.params).map(([key, value]) => ({ key, value: paramText(value) })),
    metrics,
    error: run.error,
  };
}

/** The run as it is in the store now, or a "gone" placeholder. */
export function readRunInfo(store: Store, runId: string, now = Date.now()): { info: RunInfo; detail?: RunDetail } {
  const detail = store.getRun(runId);
  return detail ? { info: runInfoOf(detail, now), detail } : { info: gone(runId) };
}

/** The child runs of a sweep, oldest first. */
export function sweepChildren(store: Store, parentId: string): string[] {
  return store.db.prepare('SELECT id FROM runs WHERE parent_run_id = ? ORDER BY created_at, rowid').pluck().all(parentId) as string[];
}
