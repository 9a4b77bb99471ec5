/**
 * View models of the diagnostics views (bias/variance, learning curves, error analysis). Core builds them, the
 * CLI prints them and the webviews render them as they are: plain JSON, every rate a fraction 0..1, `null`
 * where a value cannot be computed (the model's `missing` then says why and how to log what is needed).
 */

/** Something a view needs that the run did not log, and the line of code that logs it. */
export interface MissingInput {
  what: string;
  how: string;
  /** True when the view works without it but would say more with it (train-dev, test). */
  optional?: boolean;
}

export type DataSet = 'train' | 'train-dev' | 'dev' | 'test';
export type ErrorMetricKind = 'accuracy' | 'error' | 'loss';

/** Which logged metric stands for "error" and how: error = 1 − accuracy, error as logged, or a loss as logged. */
export interface ErrorMetric {
  key: string;
  kind: ErrorMetricKind;
  /** e.g. "error = 1 − accuracy". */
  derivation: string;
  /** True when the values were logged in percent (0..100) and were divided by 100. */
  percent: boolean;
}

/** The error of one data set: the last logged value of the metric in that set's context. */
export interface ErrorReading {
  set: DataSet;
  error: number;
  /** Where it came from: metric key, context and step of the value used. */
  key: string;
  context: string;
  step: number;
  rawValue: number;
}

export type BiasVarianceTermId = 'avoidableBias' | 'variance' | 'dataMismatch' | 'devOverfitting';

export interface BiasVarianceTerm {
  id: BiasVarianceTermId;
  label: string;
  /** e.g. "train − baseline". */
  formula: string;
  inputs: { name: string; value: number | null }[];
  /** null when an input is missing. */
  value: number | null;
}

export interface BiasVarianceVerdict {
  /** Plain words: which gap dominates and what it means. */
  summary: string;
  /** The terms worth working on, largest first. */
  focus: BiasVarianceTermId[];
  tryNext: string[];
  /** Remarks on odd values (a negative gap, train error below the baseline). */
  remarks: string[];
}

export interface BiasVarianceModel {
  runId: string;
  runName: string;
  experimentName: string;
  baselineError: number | null;
  metric: ErrorMetric | null;
  /** One reading per data set that was logged, in the order train, train-dev, dev, test. */
  errors: ErrorReading[];
  terms: BiasVarianceTerm[];
  verdict: BiasVarianceVerdict;
  missing: MissingInput[];
  notes: string[];
  /** Every metric key of the run with its contexts, so a view can offer another metric (e.g. a loss). */
  availableMetrics: { key: string; contexts: string[] }[];
}

export interface CurvePoint {
  x: number;
  error: number;
  /** The run the point comes from (curves across runs). */
  runId?: string;
}

export interface CurveSeries {
  set: DataSet;
  points: CurvePoint[];
  /** True when the series was averaged into buckets of steps to fit a chart. */
  downsampled: boolean;
}

export type TrainSizeSource = 'train_size metric' | 'steps are training-set sizes' | 'runs differing in a size param';

export interface LearningCurvesModel {
  runId: string;
  runName: string;
  metric: ErrorMetric | null;
  baselineError: number | null;
  /** Error against step (epoch or iteration, as logged), train vs dev (and train-dev/test when logged). */
  byStep: CurveSeries[];
  /** Error against the number of training examples. */
  byTrainSize: { source: TrainSizeSource | null; sizeKey: string | null; series: CurveSeries[] };
  missing: MissingInput[];
  notes: string[];
}

export type Task = 'classification' | 'regression';

export interface FeatureInfo {
  name: string;
  kind: 'numeric' | 'categorical';
}

/**
 * A condition on one feature of the logged `features` object. Numeric comparisons leave out missing values
 * unless `orMissing`; `in`/`not in` compare numbers (numeric features) or JSON texts such as "\"paris\""
 * or "true" (categorical features). `text` is how a person reads it.
 */
export type FeatureCondition =
  | { feature: string; op: '<' | '<=' | '>' | '>='; value: number; orMissing?: boolean; text: string }
  | { feature: string; op: 'in' | 'not in'; values: (number | string)[]; orMissing?: boolean; text: string }
  | { feature: string; op: 'missing'; text: string };

export interface PredictionCounts {
  /** Rows logged for the split. */
  total: number;
  /** Rows with both y_true and y_pred, the ones every metric is computed over. */
  used: number;
  withoutTrueLabel: number;
  withoutPrediction: number;
  /** Regression rows whose y_true or y_pred is not a number. */
  notNumeric: number;
  /** Rows whose score is NaN or missing while other rows have one. */
  scoreMissing: number;
  /** Rows whose features are not a valid JSON object. */
  badFeatures: number;
}

export interface RegressionMetrics {
  mae: number;
  rmse: number;
  /** null when y_true is constant. */
  r2: number | null;
  /** Residual = y_pred − y_true, in equal-width bins. */
  residualHistogram: { low: number; high: number; count: number }[];
}

export interface ErrorAnalysisOverview {
  runId: string;
  runName: string;
  experimentName: string;
  split: string;
  splits: string[];
  task: Task;
  /** Why the task was chosen: an option, the run's `task` param, or what the labels look like. */
  taskReason: string;
  /** What counts as an error: "y_pred ≠ y_true" or "|y_pred − y_true| > 2.5". */
  errorDefinition: string;
  counts: PredictionCounts;
  errors: number;
  /** Errors / used; null without usable rows. */
  errorRate: number | null;
  accuracy: number | null;
  regression: RegressionMetrics | null;
  features: FeatureInfo[];
  missing: MissingInput[];
  notes: string[];
}

export interface ConfusionMatrixModel {
  /** Sorted (numerically when every label is a number); rows are y_true, columns y_pred. */
  labels: string[];
  counts: number[][];
  /** Each row divided by its total; null for a label that never occurs in y_true. */
  rowNormalized: (number | null)[][];
  total: number;
}

export interface ClassMetrics {
  label: string;
  /** null when the class is never predicted (0/0). */
  precision: number | null;
  /** null when the class never occurs in y_true (0/0). */
  recall: number | null;
  f1: number;
  /** Occurrences in y_true. */
  support: number;
  predicted: number;
}

export interface AverageMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface ClassificationReportModel {
  classes: ClassMetrics[];
  accuracy: number;
  /** Like scikit-learn's classification_report with zero_division=0: an undefined precision or recall counts as 0. */
  macro: AverageMetrics;
  weighted: AverageMetrics;
}

export interface CohortBin {
  label: string;
  conditions: FeatureCondition[];
  count: number;
  errors: number;
  errorRate: number | null;
  /** This bin's errors / all errors. */
  shareOfErrors: number;
  /** Regression only: mean |y_pred − y_true| in the bin. */
  meanAbsError?: number | null;
}

export interface CohortModel {
  feature: string;
  kind: 'numeric' | 'categorical';
  /** quantile: 8 equal-frequency bins; values: one bin per value (≤ 8 numbers); categories: most frequent values, the rest as "other". */
  binning: 'quantile' | 'values' | 'categories';
  bins: CohortBin[];
}

export interface WorstCohort extends CohortBin {
  feature: string;
}

export interface HeatmapModel {
  x: { feature: string; bins: { label: string; conditions: FeatureCondition[] }[] };
  y: { feature: string; bins: { label: string; conditions: FeatureCondition[] }[] };
  /** cells[yIndex][xIndex]. */
  cells: { count: number; errors: number; errorRate: number | null }[][];
}

export interface ErrorTreeNode {
  /** The conditions from the root to this node. */
  conditions: FeatureCondition[];
  size: number;
  errors: number;
  errorRate: number;
  shareOfErrors: number;
  /** Both present or both absent; left satisfies the split's condition, right its complement. */
  left?: ErrorTreeNode;
  right?: ErrorTreeNode;
}

export interface ErrorTreeLeaf {
  /** The path as conditions a person reads, root first. */
  path: string[];
  conditions: FeatureCondition[];
  size: number;
  errors: number;
  errorRate: number;
  shareOfErrors: number;
}

export interface ErrorTreeModel {
  criterion: 'gini';
  maxDepth: number;
  minLeafSize: number;
  errorRate: number;
  root: ErrorTreeNode;
  /** Worst first: highest error rate, then most errors. */
  leaves: ErrorTreeLeaf[];
}

/** Which examples to list; every part is optional and they combine with AND. */
export interface ExampleFilter {
  errorsOnly?: boolean;
  /** A confusion-matrix cell: y_true and y_pred labels. */
  actual?: string;
  predicted?: string;
  conditions?: FeatureCondition[];
  tag?: string;
}

export interface ExampleRow {
  exampleId: string;
  yTrue: string | null;
  yPred: string | null;
  score: number | null;
  isError: boolean;
  features: Record<string, unknown> | null;
  tags: string[];
}

export interface ExamplePage {
  filter: ExampleFilter;
  total: number;
  offset: number;
  limit: number;
  rows: ExampleRow[];
}

export interface CategoryRow {
  tag: string;
  /** Errors carrying this tag. */
  count: number;
  /** count / all errors. */
  shareOfErrors: number;
  /** The error rate if every error with this tag were fixed: error × (1 − shareOfErrors). */
  ceiling: number;
  /** count / errors carrying any tag: the share when the tagged errors are a fair sample of all errors. */
  shareOfTagged: number;
  /** error × (1 − shareOfTagged). */
  estimatedCeiling: number;
}

export interface CategoriesModel {
  errorRate: number | null;
  errors: number;
  taggedErrors: number;
  /** Most worth fixing first. */
  rows: CategoryRow[];
}

export interface TagSuggestion {
  tag: string;
  lastUsed: number;
}

/** Everything the error-analysis view shows when it opens. */
export interface ErrorAnalysisModel {
  overview: ErrorAnalysisOverview;
  confusion: ConfusionMatrixModel | null;
  report: ClassificationReportModel | null;
  cohorts: CohortModel[];
  worstCohorts: WorstCohort[];
  errorTree: ErrorTreeModel | null;
  categories: CategoriesModel;
  tagSuggestions: TagSuggestion[];
}
