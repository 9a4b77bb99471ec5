import type { BiasVarianceModel, LearningCurvesModel } from './diagnostics';

/** Everything the bias/variance view draws for one run: the split of its error and its learning curves. */
export interface BiasVarianceViewModel {
  biasVariance: BiasVarianceModel;
  curves: LearningCurvesModel;
}

export type BiasVarianceRequests = {
  /** `metric`: the logged metric that stands for error (default: accuracy, else error, else loss). */
  load: { params: { runId: string; metric?: string }; result: BiasVarianceViewModel };
  /** `text`: "0.05", "5%" or "" to clear; the experiment's baseline, stored, then the run reloaded. */
  setBaseline: { params: { runId: string; text: string; metric?: string }; result: BiasVarianceViewModel };
  openErrorAnalysis: { params: { runId: string }; result: null };
};

export type BiasVarianceNotification = { type: 'showRun'; runId: string } | { type: 'storeChanged' };

/** What the webview keeps across a reload (getState/setState); the serializer reads runId from it. */
export interface BiasVarianceState {
  runId?: string;
  metric?: string;
}
