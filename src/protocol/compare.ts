import type { CompareOverview, MetricSeriesModel } from '../core/compare/metricSeries';
import type { ParallelCoordinatesModel, ScatterModel } from '../core/compare/parallel';
import type { ParamsDiffModel } from '../core/compare/paramsDiff';

export type { AxisModel } from '../core/compare/parallel';
export type { CompareMetric, CompareRun, RunSeries } from '../core/compare/metricSeries';
export type { Cell } from '../core/compare/viewModels';
export type { CompareOverview, MetricSeriesModel, ParallelCoordinatesModel, ParamsDiffModel, ScatterModel };

export type CompareRequests = {
  /** The runs and their metrics; `mainMetric` is the column id of the metric to offer first (the setting, else a dev metric). */
  overview: { params: { runIds: string[] }; result: CompareOverview & { mainMetric: string | null } };
  series: { params: { runIds: string[]; key: string; context: string }; result: MetricSeriesModel };
  paramsDiff: { params: { runIds: string[] }; result: ParamsDiffModel };
  parallel: { params: { runIds: string[]; metric: string }; result: ParallelCoordinatesModel };
  scatter: { params: { runIds: string[]; param: string; metric: string }; result: ScatterModel };
  /** Opens the runs table on this run. */
  openRun: { params: { runId: string }; result: null };
};

export type CompareNotification = { type: 'showRuns'; runIds: string[] } | { type: 'storeChanged' };

export type XAxisMode = 'step' | 'wall' | 'relative';

/** What the panel keeps across hide, show and window reloads (webview state). */
export interface CompareState {
  runIds: string[];
  /** Runs switched off in the legend: hidden in every chart. */
  hiddenRunIds: string[];
  xAxis: XAxisMode;
  /** EMA weight, 0 (none) to 0.99. */
  smoothing: number;
  logScale: boolean;
  /** Only metrics whose name contains this text are charted. */
  metricFilter: string;
  showAllParams: boolean;
  parallelMetric: string | null;
  scatterParam: string | null;
  scatterMetric: string | null;
}
