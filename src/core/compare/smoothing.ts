import { UserError } from '../errors';

/**
 * TensorBoard's smoothing: an exponential moving average debiased by 1 - weight^n, so the curve starts at the first
 * value instead of rising from 0. A constant series is returned as is; NaN, ±Infinity and null (the store's NaN) pass
 * through and do not move the average. weight is 0 (no smoothing) up to but not including 1.
 */
export function emaSmooth(values: ArrayLike<number | null>, weight: number): (number | null)[] {
  if (!(weight >= 0 && weight < 1)) throw new UserError(`smoothing weight must be at least 0 and below 1, not ${weight}`);
  const smoothed: (number | null)[] = new Array(values.length);
  let constant = true;
  for (let i = 1; i < values.length && constant; i++) constant = values[i] === values[0];
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
