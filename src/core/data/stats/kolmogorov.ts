/**
 * The distribution of the two-sided one-sample Kolmogorov–Smirnov statistic D_n, chosen per region as
 * Simard & L'Ecuyer (2011) recommend and as scipy.stats.kstwo does: Ruben–Gambino closed forms at the extremes,
 * the Durbin matrix (Marsaglia–Tsang–Wang 2003) and Pomeranz recursions for exact values, the Pelz–Good
 * expansion for large n, and twice the one-sided Smirnov tail (Birnbaum–Tingey) where that is exact or Miller's
 * approximation. ks_2samp's asymptotic p-value is kolmogorovSurvival(round(m·n/(m+n)), d).
 */
import { logFactorial } from './special';

const scaleExponent = 128;
const scaleUp = 2 ** scaleExponent;
const scaleDown = 2 ** -scaleExponent;

const clip = (p: number) => Math.min(1, Math.max(0, p));

/** P(D⁺_n ≥ x): the one-sided Smirnov tail by the Birnbaum–Tingey sum of positive terms, in logs. */
export function smirnovSurvival(n: number, x: number): number {
  if (x <= 0) return 1;
  if (x >= 1) return 0;
  const last = Math.floor(n * (1 - x));
  const logN = logFactorial(n);
  let sum = 0;
  for (let j = 0; j <= last; j++) {
    const right = 1 - x - j / n;
    if (right <= 0 && n - j > 0) continue;
    const logTerm = logN - logFactorial(j) - logFactorial(n - j) + (j - 1) * Math.log(x + j / n) + (n - j) * Math.log(Math.max(right, Number.MIN_VALUE));
    sum += Math.exp(logTerm);
  }
  return clip(x * sum);
}

function squareMatrix(size: number): Float64Array[] {
  return Array.from({ length: size }, () => new Float64Array(size));
}

function multiply(a: Float64Array[], b: Float64Array[]): Float64Array[] {
  const size = a.length;
  const out = squareMatrix(size);
  for (let i = 0; i < size; i++) {
    const row = out[i];
    for (let k = 0; k < size; k++) {
      const aik = a[i][k];
      if (aik === 0) continue;
      const bk = b[k];
      for (let j = 0; j < size; j++) row[j] += aik * bk[j];
    }
  }
  return out;
}

/** P(D_n ≤ d) by the Durbin matrix: the k-th diagonal entry of (n!/nⁿ)·Hⁿ, rescaled to avoid overflow. */
export function kolmogorovCdfDurbin(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let factorialInverse = 1;
  for (let j = 1; j <= m; j++) {
    w[j - 1] = factorialInverse;
    factorialInverse /= j;
    v[j - 1] = (1 - h ** j) * factorialInverse;
  }
  v[m - 1] = (1 + Math.max(2 * h - 1, 0) ** m - 2 * h ** m) * factorialInverse;
  let matrix = squareMatrix(m);
  for (let i = 1; i < m; i++) for (let row = i - 1; row < m; row++) matrix[row][i] = w[row - i + 1];
  for (let row = 0; row < m; row++) matrix[row][0] = v[row];
  for (let col = 0; col < m; col++) matrix[m - 1][col] = v[m - 1 - col];

  let power = squareMatrix(m);
  for (let i = 0; i < m; i++) power[i][i] = 1;
  let exponent = 0;
  let matrixExponent = 0;
  for (let remaining = n; remaining > 0; remaining = Math.floor(remaining / 2)) {
    if (remaining % 2) {
      power = multiply(power, matrix);
      exponent += matrixExponent;
    }
    matrix = multiply(matrix, matrix);
    matrixExponent *= 2;
    if (Math.abs(matrix[k - 1][k - 1]) > scaleUp) {
      for (const row of matrix) for (let j = 0; j < m; j++) row[j] /= scaleUp;
      matrixExponent += scaleExponent;
    }
  }
  let p = power[k - 1][k - 1];
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < scaleDown) {
      p *= scaleUp;
      exponent -= scaleExponent;
    }
  }
  return clip(p * 2 ** exponent);
}

function pomeranzBounds(i: number, n: number, ll: number, ceilF: number, roundF: number): [number, number] {
  let j1: number;
  let j2: number;
  if (i === 0) {
    j1 = -ll - ceilF - 1;
    j2 = ll + ceilF - 1;
  } else {
    const half = Math.floor((i + 1) / 2);
    if ((i + 1) % 2 === 0) {
      if (half === n + 1) {
        j1 = n - ll - ceilF - 1;
        j2 = n + ll + ceilF - 1;
      } else {
        j1 = half - 1 - ll - roundF - 1;
        j2 = half + ll - 1 + ceilF - 1;
      }
    } else {
      j1 = half - 1 - ll - 1;
      j2 = half + ll + roundF - 1;
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}

/** P(D_n ≤ x) by the Pomeranz (1974) recursion: rows convolved with near-Poisson weights, rescaled as it goes. */
export function kolmogorovCdfPomeranz(n: number, x: number): number {
  const t = n * x;
  const ll = Math.floor(t);
  const f = t - ll;
  const g = Math.min(f, 1 - f);
  const ceilF = f > 0 ? 1 : 0;
  const roundF = f > 0.5 ? 1 : 0;
  const powers = 2 * (ll + 1);
  const gPower = new Float64Array(powers);
  const twoGPower = new Float64Array(powers);
  const oneMinusTwoGPower = new Float64Array(powers);
  gPower[0] = twoGPower[0] = oneMinusTwoGPower[0] = 1;
  for (let m = 1; m < powers; m++) {
    gPower[m] = (gPower[m - 1] * (g / n)) / m;
    twoGPower[m] = (twoGPower[m - 1] * ((2 * g) / n)) / m;
    oneMinusTwoGPower[m] = (oneMinusTwoGPower[m - 1] * ((1 - 2 * g) / n)) / m;
  }
  let v0 = new Float64Array(powers);
  let v1 = new Float64Array(powers);
  v1[0] = 1;
  let v0Start = 0;
  let v1Start = 0;
  let exponent = 0;
  let [j1, j2] = pomeranzBounds(0, n, ll, ceilF, roundF);
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1;
    [v0, v1] = [v1, v0];
    [v0Start, v1Start] = [v1Start, v0Start];
    v1.fill(0);
    [j1, j2] = pomeranzBounds(i, n, ll, ceilF, roundF);
    const weights = i === 1 || i === 2 * n + 1 ? gPower : i % 2 ? twoGPower : oneMinusTwoGPower;
    const length = j2 - k1 + 1;
    if (length > 0) {
      const offset = k1 - v0Start;
      const start = j1 - k1;
      const count = j2 - j1 + 1;
      let largest = 0;
      for (let out = 0; out < count; out++) {
        const index = start + out;
        let sum = 0;
        // numpy truncates slices that run past the row's end: reading those entries as zero is the same
        const lastA = Math.min(index, length - 1, v0.length - 1 - offset);
        for (let a = Math.max(0, index - length + 1, index - (weights.length - 1)); a <= lastA; a++) sum += v0[offset + a] * weights[index - a];
        v1[out] = sum;
        if (sum > largest) largest = sum;
      }
      if (largest > 0 && largest < scaleDown) {
        for (let out = 0; out < count; out++) v1[out] *= scaleUp;
        exponent -= scaleExponent;
      }
      v1Start = v0Start + j1 - k1;
    }
  }
  let answer = v1[n - v1Start];
  for (let m = 1; m <= n; m++) {
    if (Math.abs(answer) > scaleUp) {
      answer *= scaleDown;
      exponent += scaleExponent;
    }
    answer *= m;
  }
  return clip(answer * 2 ** exponent);
}

const piSquared = Math.PI ** 2;
const piFour = Math.PI ** 4;
const piSix = Math.PI ** 6;
const sqrtTwoPi = Math.sqrt(2 * Math.PI);

/** P(D_n ≤ x) by the Pelz–Good (1976) expansion in 1/√n, for large n. */
export function kolmogorovCdfPelzGood(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const z2 = z * z;
  const z3 = z2 * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const qLog = -piSquared / 8 / z2;
  if (qLog < -708) return 0;
  let q = Math.exp(qLog);
  const k1a = -z2;
  const k1b = piSquared / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * piSquared) / 4;
  const k2c = (piFour * (1 - 2 * z2)) / 16;
  const k3d = (piSix * (5 - 30 * z2)) / 64;
  const k3c = (piFour * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (piSquared * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z ** 8;
  const terms = [0, 0, 0, 0];
  const maxK = Math.ceil((16 * z) / Math.PI);
  for (let k = maxK; k > 0; k--) {
    const m = 2 * k - 1;
    const m2 = m * m;
    const m4 = m2 * m2;
    const m6 = m4 * m2;
    const qPower = q ** (8 * k);
    const coefficients = [1, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6];
    for (let i = 0; i < 4; i++) terms[i] = terms[i] * qPower + coefficients[i];
  }
  const divisors = [z, 6 * z4, 72 * z ** 7, 6480 * z ** 10];
  for (let i = 0; i < 4; i++) terms[i] = (terms[i] * q * sqrtTwoPi) / divisors[i];
  q = Math.exp(-piSquared / 2 / z2);
  let k2Extra = 0;
  let k3Extra = 0;
  const sqrt3z = Math.sqrt(3) * z;
  for (let k = maxK; k > 0; k--) {
    const k2 = k * k;
    const qPower = q ** k2;
    k2Extra += k2 * qPower;
    k3Extra += (sqrt3z + Math.PI * k) * (sqrt3z - Math.PI * k) * k2 * qPower;
  }
  terms[2] += (k2Extra * piSquared * sqrtTwoPi) / (-36 * z3);
  terms[3] += (k3Extra * piSquared * sqrtTwoPi) / (216 * z6);
  let sum = 0;
  for (let i = 0; i < 4; i++) sum += terms[i] / n ** (i / 2);
  return sum;
}

/** Stirling's series for ln(n!/nⁿ), with n·ln(n) removed up front to avoid cancellation. */
function logFactorialOverPower(n: number): number {
  const coefficients = [
    -2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3, 8.4175084175084175084e-4,
    -5.952380952380952381e-4, 7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2,
  ];
  const r = 1 / n;
  let poly = 0;
  for (const c of coefficients) poly = poly * (r * r) + c;
  return Math.log(n) / 2 - n + Math.log(2 * Math.PI) / 2 + r * poly;
}

/** P(D_n > x) for the two-sided one-sample statistic (scipy.stats.kstwo.sf). */
export function kolmogorovSurvival(n: number, x: number): number {
  if (!Number.isInteger(n) || n <= 0) return NaN;
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    let cdf: number;
    if (n <= 140) {
      cdf = 1;
      for (let i = 1; i <= n; i++) cdf *= (i / n) * (2 * t - 1);
    } else {
      cdf = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    }
    return clip(1 - cdf);
  }
  if (t >= n - 1) return clip(2 * (1 - x) ** n);
  if (x >= 0.5) return clip(2 * smirnovSurvival(n, x));
  const nxSquared = t * x;
  if (n <= 140) {
    if (nxSquared <= 0.754693) return clip(1 - kolmogorovCdfDurbin(n, x));
    if (nxSquared <= 4) return clip(1 - kolmogorovCdfPomeranz(n, x));
    return clip(2 * smirnovSurvival(n, x));
  }
  if (nxSquared >= 370) return 0;
  if (nxSquared >= 2.2) return clip(2 * smirnovSurvival(n, x));
  const cdf = n <= 100000 && n * x ** 1.5 <= 1.4 ? kolmogorovCdfDurbin(n, x) : kolmogorovCdfPelzGood(n, x);
  return clip(1 - cdf);
}
