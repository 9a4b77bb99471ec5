/**
 * TensorBoard's smoothing, as src/core/compare/smoothing.ts's emaSmooth (webviews cannot import core code): an
 * exponential moving average debiased by 1 - weight^n, so the curve starts at the first value. A constant series is
 * returned as is; null (NaN, ±Infinity) passes through and does not move the average. 0 <= weight < 1.
 */
export function emaSmooth(values: readonly (number | null)[], weight: number): (number | null)[] {
  const smoothed: (number | null)[] = new Array(values.length);
  const constant = values.every((v) => v === values[0]);
  let average = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (constant || value === null || !Number.isFinite(value)) {
      smoothed[i] = value;
      continue;
    }
    average = average * weight + (1 - weight) * value;
    count++;
    smoothed[i] = average / (1 - Math.pow(weight, count));
  }
  return smoothed;
}
