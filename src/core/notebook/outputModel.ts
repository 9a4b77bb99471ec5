// Plain-JSON models a notebook cell's output carries; the notebook renderer draws them (it imports these as types).
import type { RunStatus } from '../store/types';

/** The output item's mime type: the notebook renderer contributed in package.json draws it. */
export const RUN_OUTPUT_MIME = 'application/vnd.mlcycle.run+json';

/** A metric value in JSON: NaN and ±Infinity as text, since JSON has no such numbers. */
export type OutputNumber = number | 'NaN' | 'Infinity' | '-Infinity';

/** What an output shows, so it can be rebuilt from the store: run ids, never results. */
export type OutputRef =
  | { kind: 'runs'; runIds: string[]; sweepId?: string; cellId?: string }
  | { kind: 'compare'; groups: CompareGroup[]; metric?: string; context?: string; missing: string[] };

export interface CompareGroup {
  cellId: string;
  /** What the cell is called in the table: its id, or its run's name. */
  label: string;
  runIds: string[];
}

export interface FinalMetric {
  key: string;
  context: string;
  value: OutputNumber;
  step: number;
}

export interface RunInfo {
  id: string;
  /** False when the run is no longer in the store (deleted, or another store). */
  found: boolean;
  name: string;
  status: RunStatus | 'gone';
  script: string | null;
  experiment: string;
  startedAt: number | null;
  endedAt: number | null;
  /** Until the output was read while the run goes; null before it started. */
  durationMs: number | null;
  params: { key: string; value: string }[];
  /** The last value of each series (system metrics left out), by key then context. */
  metrics: FinalMetric[];
  error: string | null;
  /** The comparison cell this run came from. */
  cellId?: string;
}

export interface ChartSeries {
  label: string;
  runId: string;
  context: string;
  /** Stable per run (multi-run charts) or per context (one run), so colours keep across updates. */
  colorIndex: number;
  step: number[];
  /** null is NaN (a gap). */
  value: (number | null)[];
}

export interface ChartMetric {
  key: string;
  series: ChartSeries[];
  /** Some series were thinned to their per-bucket extremes. */
  downsampled: boolean;
}

export interface ChartModel {
  /** The metric shown first. */
  metric: string | null;
  metrics: ChartMetric[];
}

export interface TableColumn {
  key: string;
  context: string;
  label: string;
  /** Which way is better, guessed from the name (loss, error… lower); null when unknown. */
  better: 'higher' | 'lower' | null;
}

/** The runs of a sweep or a comparison, a row each: the params that differ and the chosen metric per context. */
export interface RunsTable {
  paramKeys: string[];
  metricColumns: TableColumn[];
  rows: {
    runId: string;
    cellLabel?: string;
    name: string;
    status: RunStatus | 'gone';
    durationMs: number | null;
    params: (string | null)[];
    metrics: (OutputNumber | null)[];
    best: boolean;
  }[];
}

export type LinkAction = 'openRun' | 'compare' | 'biasVariance' | 'errorAnalysis' | 'showOutput';

export interface OutputLink {
  label: string;
  action: LinkAction;
  runIds: string[];
}

export interface CellOutput {
  kind: 'run' | 'sweep' | 'compare';
  ref: OutputRef;
  title: string;
  subtitle: string;
  /** The sweep's parent run. */
  sweep?: RunInfo;
  runs: RunInfo[];
  table?: RunsTable;
  chart: ChartModel;
  links: OutputLink[];
  /** Things to say above the rest: runs that are gone, references that matched nothing. */
  notes: string[];
  /** Some run is queued or running. */
  live: boolean;
  /** 'execution': a running cell replaces this output itself; 'store': the renderer asks for fresh ones while live. */
  source: 'execution' | 'store';
  readAt: number;
}
