/** The drift tests and distances Evidently applies by default, with scipy's definitions. */
import { chiSquareSurvival, normalCdf } from './special';

export interface TestResult {
  statistic: number;
  pValue: number;
}

/** Pearson's chi-square goodness of fit of observed counts against expected counts (scipy.stats.chisquare). */
export function chiSquareTest(observed: number[], expected: number[]): TestResult {
  let statistic = 0;
  for (let i = 0; i < observed.length; i++) {
    const diff = observed[i] - expected[i];
    statistic += expected[i] === 0 ? (diff === 0 ? NaN : Infinity) : (diff * diff) / expected[i];
  }
  return { statistic, pValue: chiSquareSurvival(statistic, observed.length - 1) };
}

/**
 * Two-sided z-test for a difference of proportions with a pooled variance: successes1 of n1 against
 * successes2 of n2. The tail is computed as 2·Φ(−|z|), which equals Evidently's 2·(1 − Φ(|z|)) without its
 * cancellation for tiny p-values.
 */
export function proportionZTest(successes1: number, n1: number, successes2: number, n2: number): TestResult {
  const p1 = successes1 / n1;
  const p2 = successes2 / n2;
  const pooled = (successes1 + successes2) / (n1 + n2);
  const z = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  return { statistic: z, pValue: 2 * normalCdf(-Math.abs(z)) };
}

/** First Wasserstein distance between two samples, both sorted ascending: ∫|U(x) − V(x)| dx (scipy.stats.wasserstein_distance). */
export function wassersteinDistance(sortedU: ArrayLike<number>, sortedV: ArrayLike<number>): number {
  const nu = sortedU.length;
  const nv = sortedV.length;
  let i = 0;
  let j = 0;
  let distance = 0;
  let previous = Math.min(sortedU[0], sortedV[0]);
  while (i < nu || j < nv) {
    const value = j >= nv || (i < nu && sortedU[i] <= sortedV[j]) ? sortedU[i] : sortedV[j];
    distance += Math.abs(i / nu - j / nv) * (value - previous);
    previous = value;
    while (i < nu && sortedU[i] <= value) i++;
    while (j < nv && sortedV[j] <= value) j++;
  }
  return distance;
}

/** Jensen–Shannon distance (natural log, the square root of the divergence) between two weight vectors (scipy.spatial.distance.jensenshannon). */
export function jensenShannonDistance(p: number[], q: number[]): number {
  const sumP = p.reduce((a, b) => a + b, 0);
  const sumQ = q.reduce((a, b) => a + b, 0);
  let divergence = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i] / sumP;
    const qi = q[i] / sumQ;
    const mi = (pi + qi) / 2;
    if (pi > 0) divergence += pi * Math.log(pi / mi);
    if (qi > 0) divergence += qi * Math.log(qi / mi);
  }
  return Math.sqrt(Math.max(0, divergence / 2));
}

/** Population standard deviation (numpy's default ddof = 0), as Evidently's normalisation uses. */
export function populationStd(values: ArrayLike<number>): number {
  const n = values.length;
  if (!n) return NaN;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i];
  mean /= n;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += (values[i] - mean) ** 2;
  return Math.sqrt(sum / n);
}
