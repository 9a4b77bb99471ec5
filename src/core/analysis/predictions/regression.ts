import type { RegressionMetrics } from '../../../protocol/diagnostics';
import type { RegressionTargets } from './columns';

const histogramBins = 20;
/** Share of residuals on each side folded into the outer histogram bins, so one outlier does not flatten the rest. */
const tailShare = 0.005;
/** Most values sorted to estimate a quantile. */
const quantileSample = 100000;

/** MAE, RMSE, R² and a residual (y_pred − y_true) histogram over the rows where both are numbers. */
export function regressionMetrics(targets: RegressionTargets): RegressionMetrics | null {
  const { yTrue, yPred } = targets;
  let n = 0;
  let sumAbs = 0;
  let sumSq = 0;
  let sumTrue = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i];
    const r = yPred[i] - t;
    if (Number.isNaN(r)) continue;
    n++;
    sumAbs += Math.abs(r);
    sumSq += r * r;
    sumTrue += t;
  }
  if (!n) return null;
  const meanTrue = sumTrue / n;
  let total = 0;
  for (let i = 0; i < yTrue.length; i++) if (!Number.isNaN(yPred[i] - yTrue[i])) total += (yTrue[i] - meanTrue) ** 2;
  return { mae: sumAbs / n, rmse: Math.sqrt(sumSq / n), r2: total ? 1 - sumSq / total : null, residualHistogram: residualHistogram(targets) };
}

function residualHistogram({ yTrue, yPred }: RegressionTargets): RegressionMetrics['residualHistogram'] {
  const residuals = sampleOf(yTrue.length, (i) => yPred[i] - yTrue[i]);
  const low = quantile(residuals, tailShare);
  const high = quantile(residuals, 1 - tailShare);
  const width = (high - low) / histogramBins || 1;
  const counts = new Float64Array(histogramBins);
  for (let i = 0; i < yTrue.length; i++) {
    const r = yPred[i] - yTrue[i];
    if (Number.isNaN(r)) continue;
    counts[Math.min(histogramBins - 1, Math.max(0, Math.floor((r - low) / width)))]++;
  }
  return Array.from(counts, (count, b) => ({ low: low + b * width, high: low + (b + 1) * width, count }));
}

/** |y_pred − y_true| above which an example counts as an error when no tolerance is given: the worst 10%. */
export function defaultTolerance({ yTrue, yPred }: RegressionTargets): number {
  return quantile(sampleOf(yTrue.length, (i) => Math.abs(yPred[i] - yTrue[i])), 0.9);
}

/** Up to quantileSample non-NaN values taken at an even stride, sorted. */
export function sampleOf(n: number, value: (i: number) => number): Float64Array {
  const stride = Math.max(1, Math.floor(n / quantileSample));
  const sample = new Float64Array(Math.ceil(n / stride));
  let size = 0;
  for (let i = 0; i < n; i += stride) {
    const v = value(i);
    if (!Number.isNaN(v)) sample[size++] = v;
  }
  return sample.subarray(0, size).sort();
}

/** Linear-interpolated quantile of sorted values (NaN when empty). */
export function quantile(sorted: Float64Array, q: number): number {
  if (!sorted.length) return Number.NaN;
  const at = (sorted.length - 1) * q;
  const below = Math.floor(at);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (at - below);
}
