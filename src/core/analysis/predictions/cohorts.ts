import type { CohortModel, HeatmapModel, WorstCohort } from '../../../protocol/diagnostics';
import type { FeatureBins } from './binning';
import { unused, wrong } from './errorFlags';

/** Error rate per bin of one feature (empty bins left out); regression adds the mean absolute error per bin. */
export function cohortModel(fb: FeatureBins, flags: Uint8Array, absError: Float64Array | null): CohortModel {
  const k = fb.bins.length;
  const counts = new Float64Array(k);
  const errors = new Float64Array(k);
  const absSum = new Float64Array(k);
  let totalErrors = 0;
  for (let i = 0; i < flags.length; i++) {
    const flag = flags[i];
    if (flag === unused) continue;
    const b = fb.codes[i];
    counts[b]++;
    if (flag === wrong) {
      errors[b]++;
      totalErrors++;
    }
    if (absError) absSum[b] += absError[i];
  }
  const bins = fb.bins.flatMap((bin, b) => counts[b] === 0 ? [] : [{
    label: bin.label,
    conditions: bin.conditions,
    count: counts[b],
    errors: errors[b],
    errorRate: errors[b] / counts[b],
    shareOfErrors: totalErrors ? errors[b] / totalErrors : 0,
    ...(absError ? { meanAbsError: absSum[b] / counts[b] } : {}),
  }]);
  return { feature: fb.feature, kind: fb.kind, binning: fb.binning, bins };
}

/** Bins above the overall error rate with at least minSize examples, worst first. */
export function worstCohorts(cohorts: CohortModel[], overallRate: number, minSize: number, limit: number): WorstCohort[] {
  return cohorts
    .flatMap((c) => c.bins.map((bin) => ({ feature: c.feature, ...bin })))
    .filter((bin) => bin.count >= minSize && bin.errorRate !== null && bin.errorRate > overallRate)
    .sort((a, b) => b.errorRate! - a.errorRate! || b.errors - a.errors)
    .slice(0, limit);
}

/** Error rate over the bins of two features. */
export function heatmapModel(x: FeatureBins, y: FeatureBins, flags: Uint8Array): HeatmapModel {
  const kx = x.bins.length;
  const counts = new Float64Array(kx * y.bins.length);
  const errors = new Float64Array(kx * y.bins.length);
  for (let i = 0; i < flags.length; i++) {
    if (flags[i] === unused) continue;
    const cell = y.codes[i] * kx + x.codes[i];
    counts[cell]++;
    if (flags[i] === wrong) errors[cell]++;
  }
  const axis = (fb: FeatureBins) => ({ feature: fb.feature, bins: fb.bins.map((b) => ({ label: b.label, conditions: b.conditions })) });
  return {
    x: axis(x),
    y: axis(y),
    cells: y.bins.map((_, yi) => x.bins.map((__, xi) => {
      const cell = yi * kx + xi;
      return { count: counts[cell], errors: errors[cell], errorRate: counts[cell] ? errors[cell] / counts[cell] : null };
    })),
  };
}
