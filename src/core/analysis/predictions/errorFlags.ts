import type { ClassificationTargets, RegressionTargets } from './columns';

export const correct = 0;
export const wrong = 1;
/** A row without both labels (or, in regression, without two numbers): left out of every rate. */
export const unused = 2;

/** Per row: wrong when y_pred ≠ y_true (classification) or |y_pred − y_true| > tolerance (regression). */
export function errorFlags(targets: ClassificationTargets | RegressionTargets, tolerance: number): Uint8Array {
  const n = targets.yTrue.length;
  const flags = new Uint8Array(n);
  if (targets.task === 'classification') {
    const { yTrue, yPred } = targets;
    for (let i = 0; i < n; i++) flags[i] = yTrue[i] < 0 || yPred[i] < 0 ? unused : yTrue[i] === yPred[i] ? correct : wrong;
  } else {
    const { yTrue, yPred } = targets;
    for (let i = 0; i < n; i++) {
      const residual = Math.abs(yPred[i] - yTrue[i]);
      flags[i] = Number.isNaN(residual) ? unused : residual > tolerance ? wrong : correct;
    }
  }
  return flags;
}
