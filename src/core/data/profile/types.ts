/** The profile of a dataset, as plain JSON a webview shows as is. */

/** A data file's format; declared here, in a types-only file, so webviews can import the profile types. */
export type DatasetFormat = 'csv' | 'tsv' | 'jsonl' | 'parquet';

/** How a column is profiled: strings split into categories (few distinct values) and free text. */
export type ColumnKind = 'numeric' | 'boolean' | 'datetime' | 'categorical' | 'text';

export interface Histogram {
  /** bins + 1 ascending edges; for datetime columns, epoch milliseconds. The last bin includes its upper edge. */
  edges: number[];
  counts: number[];
  /** Datetime columns only: the edges as ISO text. */
  edgeLabels?: string[];
}

export interface ValueCount {
  value: string;
  count: number;
  /** Share of the column's non-missing values, 0…100. */
  percent: number;
}

export interface TopValues {
  /** Most frequent first (at most 20). */
  values: ValueCount[];
  /** Non-missing values outside `values`. */
  otherCount: number;
  /**
   * True for columns with over 10,000 distinct values, whose top values are picked by an approximate top-k sketch
   * (the counts shown are still exact).
   */
  approximate: boolean;
}

export interface NumericStats {
  min: number | null;
  max: number | null;
  mean: number | null;
  std: number | null;
  p5: number | null;
  p25: number | null;
  median: number | null;
  p75: number | null;
  p95: number | null;
  /** True on large files, where quantiles come from a t-digest sketch. */
  quantilesApproximate: boolean;
  skewness: number | null;
  zeros: number;
  negatives: number;
  /** ±Infinity values (floating columns); they are left out of the statistics above. */
  infinite: number;
  histogram: Histogram | null;
}

export interface DatetimeStats {
  min: string | null;
  max: string | null;
  histogram: Histogram | null;
}

export interface TextLengthStats {
  minLength: number | null;
  meanLength: number | null;
  maxLength: number | null;
  /** Distribution of lengths in characters. */
  histogram: Histogram | null;
}

export interface ColumnProfile {
  name: string;
  /** DuckDB type the column is read as. */
  type: string;
  /** Type in the file when it differs (e.g. a STRUCT read as JSON text). */
  sourceType?: string;
  kind: ColumnKind;
  /** Non-missing values. */
  count: number;
  /** NULLs, empty fields and NaN. */
  missing: number;
  missingPercent: number;
  distinct: number;
  /** True when `distinct` is a HyperLogLog estimate (large files, many distinct values). */
  distinctApproximate: boolean;
  numeric?: NumericStats;
  datetime?: DatetimeStats;
  text?: TextLengthStats;
  topValues?: TopValues;
}

export interface CorrelatedPair {
  columnA: string;
  columnB: string;
  /** Pearson correlation. */
  r: number;
}

export interface LabelBalance {
  column: string;
  /** Every class, biggest first. */
  classes: ValueCount[];
  majorityPercent: number;
  minorityPercent: number;
  /** Majority count divided by minority count. */
  imbalanceRatio: number;
  /** Rows whose label is missing. */
  missing: number;
}

export type AlertSeverity = 'info' | 'warning' | 'critical';

export type AlertKind =
  | 'missing'
  | 'all-missing'
  | 'constant'
  | 'identifier'
  | 'high-cardinality'
  | 'free-text'
  | 'duplicates'
  | 'correlated'
  | 'imbalance'
  | 'label'
  | 'skewed'
  | 'infinite';

/** A finding, with what it means for the person and what to do, in plain words. */
export interface Alert {
  severity: AlertSeverity;
  kind: AlertKind;
  /** The column concerned, when there is one. */
  column?: string;
  /** Every column concerned (two for a correlated pair). */
  columns?: string[];
  message: string;
}

export interface DatasetProfile {
  path: string;
  fileName: string;
  format: DatasetFormat;
  sizeBytes: number;
  modifiedAt: string;
  rowCount: number;
  columnCount: number;
  columns: ColumnProfile[];
  /** Rows that repeat an earlier row exactly. */
  duplicateRows: number;
  duplicatePercent: number;
  /** Columns with a single distinct value. */
  constantColumns: string[];
  /** Identifier-like and high-cardinality string columns. */
  highCardinalityColumns: string[];
  /** Numeric pairs with |r| ≥ correlationThreshold, strongest first. */
  correlations: CorrelatedPair[];
  correlationThreshold: number;
  /** Numeric columns compared pairwise (the first 40 non-constant ones). */
  correlationColumns: string[];
  /** Rows of the random sample correlations were computed on, or null when computed on every row. */
  correlationSampleRows: number | null;
  label: LabelBalance | null;
  alerts: Alert[];
  /** How the file was read (encoding fallback, columns read as text, lenient reading). */
  notices: string[];
  /** Files up to this many rows get exact distinct counts and quantiles. */
  exactUpToRows: number;
  profiledAt: string;
  elapsedMs: number;
  engine: string;
}

export type ProfilePhase = 'reading' | 'statistics' | 'distributions' | 'duplicates' | 'correlations';

export interface ProfileProgress {
  phase: ProfilePhase;
  /** Overall progress, 0…1. */
  fraction: number;
  message: string;
}

export interface ProfileOptions {
  /** Column whose class balance to report (a classification target). */
  labelColumn?: string;
  signal?: AbortSignal;
  onProgress?: (progress: ProfileProgress) => void;
  /** Up to this many rows, distinct counts and quantiles are exact (default 1,000,000). */
  exactUpToRows?: number;
  /** Histogram bins (default 20). */
  bins?: number;
  /** |r| from which a numeric pair is reported as strongly correlated (default 0.9). */
  correlationThreshold?: number;
}
