import type { Task } from '../../../protocol/diagnostics';

/** The predictions a view works on, and what counts as an error in them. */
export interface PredictionScope {
  runId: string;
  split: string;
  task: Task;
  /** Regression: |y_pred − y_true| above this is an error. */
  tolerance: number;
}

/** SQL that is true for a wrong prediction of `p` (both labels present), its values bound through `params`. */
export function errorSql(scope: PredictionScope, params: unknown[]): string {
  if (scope.task === 'classification') return '(p.y_true IS NOT NULL AND p.y_pred IS NOT NULL AND p.y_true <> p.y_pred)';
  params.push(scope.tolerance);
  return '(p.y_true IS NOT NULL AND p.y_pred IS NOT NULL AND abs(CAST(p.y_pred AS REAL) - CAST(p.y_true AS REAL)) > ?)';
}
