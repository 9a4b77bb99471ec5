import type { ExampleFilter } from '../../src/protocol/diagnostics';
import type { ErrorAnalysisNotification, ErrorAnalysisRequests, ErrorAnalysisState, ExampleQuery } from '../../src/protocol/errorAnalysis';
import type { Chart } from '../shared/charts';
import type { createRpcClient } from '../shared/rpc';

export type ErrorAnalysisRpc = ReturnType<typeof createRpcClient<ErrorAnalysisRequests, ErrorAnalysisNotification>>;

/** What the parts of the view share: the protocol, the kept state and the one examples list every click feeds. */
export interface ViewContext {
  rpc: ErrorAnalysisRpc;
  state(): ErrorAnalysisState;
  save(next: Partial<ErrorAnalysisState>): void;
  /** Lists the examples matching `filter` (named by `label`) in the examples table and scrolls to it. */
  showExamples(filter: ExampleFilter, label?: string): void;
  /** Charts of the current render, destroyed before the next. */
  charts: Chart[];
}

export const pageSize = 20;

export function defaultQuery(): ExampleQuery {
  return { filter: { errorsOnly: true }, offset: 0, limit: pageSize, order: 'example' };
}
