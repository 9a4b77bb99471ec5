/** The two-sample Kolmogorov–Smirnov test, two-sided, as scipy.stats.ks_2samp(method='auto') computes it. */
import { kolmogorovSurvival } from './kolmogorov';

export interface KsResult {
  statistic: number;
  pValue: number;
  method: 'exact' | 'asymptotic';
}

const maxExactSampleSize = 10000;

function greatestCommonDivisor(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** numpy's rounding (ties to even), so the effective sample size matches scipy's. */
function roundHalfToEven(x: number): number {
  const floor = Math.floor(x);
  const fraction = x - floor;
  if (fraction !== 0.5) return Math.round(x);
  return floor % 2 === 0 ? floor : floor + 1;
}

/** The largest gap between the two empirical CDFs (both samples sorted ascending). */
export function ksStatistic(sortedA: ArrayLike<number>, sortedB: ArrayLike<number>): number {
  const n1 = sortedA.length;
  const n2 = sortedB.length;
  let i = 0;
  let j = 0;
  let largest = 0;
  while (i < n1 || j < n2) {
    const value = j >= n2 || (i < n1 && sortedA[i] <= sortedB[j]) ? sortedA[i] : sortedB[j];
    while (i < n1 && sortedA[i] <= value) i++;
    while (j < n2 && sortedB[j] <= value) j++;
    largest = Math.max(largest, Math.abs(i / n1 - j / n2));
  }
  return largest;
}

/** Pr(D ≥ h/n) for equal sample sizes n: 2·Σ alternating binomial ratios, evaluated Horner-style (Hodges). */
function probabilityOutsideSquare(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let term = 1;
    for (let j = 0; j < h; j++) term = ((n - k * h - j) * term) / (n + k * h + j + 1);
    p = term * (1 - p);
  }
  return 2 * p;
}

/**
 * The share of lattice paths from (0,0) to (m,n) that leave the band |x/m − y/n| < h/lcm(m,n), computed directly
 * (not as 1 − inside) column by column over a sliding window, as Viehmann (2021) proposes for stability.
 */
function probabilityOutsideBand(m: number, n: number, g: number, h: number): number {
  if (m < n) [m, n] = [n, m];
  const mg = m / g;
  const ng = n / g;
  let minJ = 0;
  let maxJ = Math.min(Math.ceil(h / mg), n + 1);
  let currentLength = maxJ - minJ;
  const window = new Float64Array(Math.min(2 * maxJ + 2, n + 1)).fill(1);
  window.fill(0, minJ, maxJ);
  for (let i = 1; i <= m; i++) {
    const lastMinJ = minJ;
    const lastLength = currentLength;
    minJ = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxJ = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxJ <= minJ) return 1;
    let value = minJ === 0 ? 0 : 1;
    for (let jj = 0; jj < maxJ - minJ; jj++) {
      const j = jj + minJ;
      value = (window[jj + minJ - lastMinJ] * i + value * j) / (i + j);
      window[jj] = value;
    }
    currentLength = maxJ - minJ;
    if (lastLength > currentLength) window.fill(1, maxJ - minJ, maxJ - minJ + (lastLength - currentLength));
  }
  return window[maxJ - minJ - 1];
}

/** Two-sided two-sample KS test; both inputs must be sorted ascending and non-empty. */
export function ks2Sample(sortedA: ArrayLike<number>, sortedB: ArrayLike<number>): KsResult {
  const n1 = sortedA.length;
  const n2 = sortedB.length;
  if (!n1 || !n2) throw new Error('ks2Sample needs two non-empty samples');
  let d = ksStatistic(sortedA, sortedB);
  if (Math.max(n1, n2) <= maxExactSampleSize) {
    const g = greatestCommonDivisor(n1, n2);
    const lcm = (n1 / g) * n2;
    const h = Math.round(d * lcm);
    d = h / lcm;
    if (h === 0) return { statistic: d, pValue: 1, method: 'exact' };
    const p = n1 === n2 ? probabilityOutsideSquare(n1, h) : probabilityOutsideBand(n1, n2, g, h);
    if (Number.isFinite(p) && p >= 0 && p <= 1) return { statistic: d, pValue: p, method: 'exact' };
  }
  const [m, n] = n1 >= n2 ? [n1, n2] : [n2, n1];
  const effectiveN = roundHalfToEven((m * n) / (m + n));
  return { statistic: d, pValue: Math.min(1, Math.max(0, kolmogorovSurvival(effectiveN, d))), method: 'asymptotic' };
}
