import type { CategoriesModel, ErrorAnalysisModel, ExampleFilter, ExamplePage, HeatmapModel, TagSuggestion } from './diagnostics';

/** Which page of examples the view shows: its filter, position and order. */
export interface ExampleQuery {
  filter: ExampleFilter;
  offset: number;
  limit: number;
  order: 'example' | 'score';
}

/** After tags change: the categories table, the suggestions and the page shown, all re-read from the store. */
export interface TaggingResult {
  categories: CategoriesModel;
  suggestions: TagSuggestion[];
  page: ExamplePage;
}

export type ErrorAnalysisRequests = {
  /** Opens (or re-opens) the analysis of one split of the run's predictions; default split: dev. */
  open: { params: { runId: string; split?: string }; result: ErrorAnalysisModel };
  heatmap: { params: { x: string; y: string }; result: HeatmapModel };
  examples: { params: ExampleQuery; result: ExamplePage };
  addTags: { params: { exampleIds: string[]; tags: string[]; query: ExampleQuery }; result: TaggingResult };
  removeTags: { params: { exampleIds: string[]; tags: string[]; query: ExampleQuery }; result: TaggingResult };
  categories: { params: Record<string, never>; result: CategoriesModel };
  tagSuggestions: { params: { prefix: string }; result: TagSuggestion[] };
  /** Opens the example's row in the run's dataset for the split (mlcycle.revealDatasetRow). */
  openExample: { params: { exampleId: string }; result: null };
  openBiasVariance: { params: Record<string, never>; result: null };
};

/** showRun: open this run; storeChanged: tags may have changed elsewhere; reopened: the predictions changed. */
export type ErrorAnalysisNotification = { type: 'showRun'; runId: string } | { type: 'storeChanged' } | { type: 'reopened'; model: ErrorAnalysisModel };

/** A confusion-matrix cell the person clicked: y_true and y_pred labels. */
export interface SelectedCell {
  actual: string;
  predicted: string;
}

/** What the webview keeps across a reload (getState/setState); the serializer reads runId from it. */
export interface ErrorAnalysisState {
  runId?: string;
  split?: string;
  rowNormalized?: boolean;
  selectedCell?: SelectedCell | null;
  cohortFeature?: string;
  heatmapX?: string;
  heatmapY?: string;
  query?: ExampleQuery;
  /** A readable name for the examples filter when it came from a cohort, a heatmap cell or a tree leaf. */
  filterLabel?: string;
}
