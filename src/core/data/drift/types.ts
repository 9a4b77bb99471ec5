/** Drift between a reference dataset and a current one, as plain JSON a webview shows as is. */

export type DriftTest = 'ks' | 'chisquare' | 'z' | 'wasserstein' | 'jensenshannon';

export interface DriftHistogram {
  /** Numeric columns: bins + 1 edges, the same for both datasets. */
  edges?: number[];
  /** Categorical columns: the categories shown (the 20 most frequent over both datasets, then "(other)"). */
  labels?: string[];
  /** Share of each dataset's non-missing values in each bin, 0…1. */
  reference: number[];
  current: number[];
}

export interface ColumnDrift {
  column: string;
  /** How the column was compared: numeric columns with at most 5 distinct values count as categorical. */
  type: 'numeric' | 'categorical';
  test: DriftTest;
  /** Evidently's name for the test, e.g. "K-S p_value". */
  testName: string;
  /** p-values drift when small, distances when large. */
  scoreKind: 'p-value' | 'distance';
  score: number;
  threshold: number;
  drifted: boolean;
  /** Non-missing values compared on each side (NaN and ±Infinity dropped, as Evidently does). */
  referenceCount: number;
  currentCount: number;
  /** Distinct values over both datasets together. */
  uniqueValues: number;
  /** True when the score was computed on random samples of the values (see DriftOptions.sampleSize). */
  sampled: boolean;
  histogram: DriftHistogram;
  /** The verdict in plain words. */
  message: string;
}

export interface DriftReport {
  reference: { path: string; rows: number };
  current: { path: string; rows: number };
  columns: ColumnDrift[];
  /** Columns present in both files that were not tested, and why. */
  skipped: { column: string; reason: string }[];
  /** Columns present in only one of the files. */
  onlyInReference: string[];
  onlyInCurrent: string[];
  driftedCount: number;
  testedCount: number;
  driftShare: number;
  /** Dataset drift: at least `datasetDriftShare` of the tested columns drifted. */
  datasetDrift: boolean;
  datasetDriftShare: number;
  message: string;
  notices: string[];
  elapsedMs: number;
}

export interface DriftOptions {
  signal?: AbortSignal;
  onProgress?: (progress: { fraction: number; message: string }) => void;
  /** Numeric tests use at most this many values per dataset, drawn at random beyond it (default 1,000,000). */
  sampleSize?: number;
  /** Compare only these columns. */
  columns?: string[];
}
