export type RunStatus = 'queued' | 'running' | 'finished' | 'failed' | 'killed';

export const RUN_STATUSES: readonly RunStatus[] = ['queued', 'running', 'finished', 'failed', 'killed'];
export const TERMINAL_STATUSES: readonly RunStatus[] = ['finished', 'failed', 'killed'];

export interface Experiment {
  id: number;
  name: string;
  description: string;
  baselineError: number | null;
  createdAt: number;
}

/** One row of `runs`, with JSON columns parsed. Times are milliseconds since the epoch. */
export interface RunRecord {
  id: string;
  experimentId: number;
  experiment: string;
  name: string;
  status: RunStatus;
  command: string[];
  cwd: string;
  script: string | null;
  gitCommit: string | null;
  gitBranch: string | null;
  gitDirty: boolean | null;
  environment: Record<string, string>;
  createdAt: number;
  startedAt: number | null;
  endedAt: number | null;
  exitCode: number | null;
  error: string | null;
  parentRunId: string | null;
  notes: string;
  malformedLines: number;
}

/** A series' summary: last is the most recently logged point; min/max ignore NaN (NaN when every point is NaN). */
export interface MetricSummary {
  key: string;
  context: string;
  last: number;
  lastStep: number;
  min: number;
  max: number;
  count: number;
}

export interface RunSummary extends RunRecord {
  params: Record<string, unknown>;
  tags: Record<string, string>;
  metrics: MetricSummary[];
}

export interface ArtifactRecord {
  /** Relative to the run's artifact folder, `<store dir>/artifacts/<run id>/`. */
  path: string;
  kind: string;
  sha256: string;
  size: number;
  createdAt: number;
}

export interface RunDatasetRecord {
  path: string;
  role: string;
  versionId: number;
  sha256: string;
  size: number;
  rows: number | null;
  columns: number | null;
}

export interface RunDetail extends RunSummary {
  artifacts: ArtifactRecord[];
  datasets: RunDatasetRecord[];
}

export interface NewRun {
  /** Defaults to 16 random hex characters. */
  id?: string;
  name?: string;
  /** Experiment name; created when missing. Defaults to "Default". */
  experiment?: string;
  status?: RunStatus;
  command?: string[];
  cwd?: string;
  script?: string | null;
  gitCommit?: string | null;
  gitBranch?: string | null;
  gitDirty?: boolean | null;
  environment?: Record<string, string>;
  parentRunId?: string | null;
  /** Creation time; defaults to now (an import keeps the original). */
  createdAt?: number;
  startedAt?: number | null;
  endedAt?: number | null;
}

/** A metric point to log. step defaults to the series' last step + 1 (0 for a new series); ts to now. */
export interface MetricPoint {
  key: string;
  value: number;
  step?: number;
  ts?: number;
  context?: string;
}

export interface PredictionRow {
  exampleId: string | number;
  yTrue?: unknown;
  yPred?: unknown;
  score?: number | null;
  features?: Record<string, unknown> | null;
}

export interface DatasetLink {
  path: string;
  sha256: string;
  size: number;
  role: string;
  rows?: number | null;
  columns?: number | null;
}
