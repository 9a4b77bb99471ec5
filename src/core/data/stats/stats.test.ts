import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { ks2Sample } from './ks';
import { kolmogorovSurvival, smirnovSurvival } from './kolmogorov';
import { chiSquareSurvival, normalCdf } from './special';
import { chiSquareTest, jensenShannonDistance, populationStd, proportionZTest, wassersteinDistance } from './tests';

/** Reference values from scipy, computed independently by /usr/bin/python3 for the same inputs. */
function scipy(script: string, input: unknown): any {
  const result = spawnSync('/usr/bin/python3', ['-c', `import json, sys\nimport numpy as np\nfrom scipy import stats, special\nfrom scipy.spatial import distance\ndata = json.load(sys.stdin)\n${script}`], {
    input: JSON.stringify(input),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`python failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normalSample(random: () => number, n: number, mean = 0, sd = 1): number[] {
  return Array.from({ length: n }, () => mean + sd * Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random()));
}

const sorted = (values: number[]) => Float64Array.from(values).sort();

function assertClose(actual: number, expected: number, label: string, relative = 1e-7, absolute = 1e-12): void {
  if (Number.isNaN(expected)) return assert.ok(Number.isNaN(actual), `${label}: expected NaN, got ${actual}`);
  const tolerance = Math.max(absolute, relative * Math.abs(expected));
  assert.ok(Math.abs(actual - expected) <= tolerance, `${label}: got ${actual}, scipy says ${expected}`);
}

describe('drift statistics against scipy', function () {
  this.timeout(120000);

  it('kolmogorov two-sided survival matches scipy.stats.kstwo.sf in every region of (n, d)', () => {
    const cases: [number, number][] = [];
    for (const n of [1, 2, 3, 5, 10, 37, 100, 140, 141, 250, 500, 1000, 4999]) {
      for (const d of [0.001, 0.01, 0.03, 0.05, 0.08, 0.1, 0.15, 0.2, 0.3, 0.45, 0.5, 0.7, 0.95]) cases.push([n, d]);
      cases.push([n, 0.75 / n], [n, 1 / n], [n, 1 - 0.5 / n]);
    }
    const expected: number[] = scipy('print(json.dumps([float(stats.kstwo.sf(d, n)) for n, d in data]))', cases);
    cases.forEach(([n, d], i) => assertClose(kolmogorovSurvival(n, d), expected[i], `kstwo.sf(${d}, ${n})`, 1e-6, 1e-13));
  });

  it('one-sided Smirnov survival matches scipy.special.smirnov', () => {
    const cases: [number, number][] = [];
    for (const n of [1, 4, 20, 141, 700, 3000]) for (const d of [0.02, 0.1, 0.25, 0.5, 0.8]) cases.push([n, d]);
    const expected: number[] = scipy('print(json.dumps([float(special.smirnov(n, d)) for n, d in data]))', cases);
    cases.forEach(([n, d], i) => assertClose(smirnovSurvival(n, d), expected[i], `smirnov(${n}, ${d})`, 1e-9, 1e-15));
  });

  it('ks_2samp statistic and p-value match scipy for exact, unequal, tied and asymptotic cases', () => {
    const random = seeded(7);
    const cases = [
      [normalSample(random, 40), normalSample(random, 40, 0.5)],
      [normalSample(random, 300), normalSample(random, 457, 0.1)],
      [normalSample(random, 1000), normalSample(random, 1000, 0.05, 1.2)],
      [normalSample(random, 800), normalSample(random, 20000, 0.02)],
      [normalSample(random, 12), normalSample(random, 7, 3)],
      [Array.from({ length: 200 }, () => Math.floor(random() * 8)), Array.from({ length: 350 }, () => Math.floor(random() * 9))],
      [normalSample(random, 1001), normalSample(random, 1001, 0.08)],
    ];
    const expected: [number, number][] = scipy('print(json.dumps([[float(r.statistic), float(r.pvalue)] for r in (stats.ks_2samp(a, b) for a, b in data)]))', cases);
    cases.forEach(([a, b], i) => {
      const result = ks2Sample(sorted(a), sorted(b));
      assertClose(result.statistic, expected[i][0], `case ${i} statistic`, 1e-12);
      assertClose(result.pValue, expected[i][1], `case ${i} p-value (${result.method})`, 1e-6, 1e-14);
    });
  });

  it('chi-square, proportion z-test, normal CDF and chi-square tail match scipy', () => {
    const observed = [120, 85, 40, 3, 52];
    const reference = [100, 90, 50, 10, 45];
    const total = observed.reduce((a, b) => a + b, 0) / reference.reduce((a, b) => a + b, 0);
    const expectedCounts = reference.map((c) => c * total);
    const [chi, chiP, z, zP, cdfs, tails] = scipy(
      `r = stats.chisquare(data['obs'], data['exp'])
n1, n2, s1, s2 = 400, 650, 130, 250
p1, p2 = s1 / n1, s2 / n2
P = (p1 * n1 + p2 * n2) / (n1 + n2)
z = (p1 - p2) / np.sqrt(P * (1 - P) * (1 / n1 + 1 / n2))
print(json.dumps([float(r.statistic), float(r.pvalue), float(z), float(2 * (1 - stats.norm.cdf(abs(z)))),
  [float(stats.norm.cdf(x)) for x in [-8, -3.2, -1, 0, 0.4, 2.5]], [float(stats.chi2.sf(x, k)) for x, k in [[0.5, 1], [3, 2], [40, 4], [200, 30], [1e-3, 7]]]]))`,
      { obs: observed, exp: expectedCounts },
    );
    const chiResult = chiSquareTest(observed, expectedCounts);
    assertClose(chiResult.statistic, chi, 'chi-square statistic', 1e-12);
    assertClose(chiResult.pValue, chiP, 'chi-square p-value', 1e-9);
    const zResult = proportionZTest(130, 400, 250, 650);
    assertClose(zResult.statistic, z, 'z statistic', 1e-12);
    assertClose(zResult.pValue, zP, 'z-test p-value', 1e-9);
    [-8, -3.2, -1, 0, 0.4, 2.5].forEach((x, i) => assertClose(normalCdf(x), cdfs[i], `norm.cdf(${x})`, 1e-10, 1e-300));
    [[0.5, 1], [3, 2], [40, 4], [200, 30], [1e-3, 7]].forEach(([x, k], i) => assertClose(chiSquareSurvival(x, k), tails[i], `chi2.sf(${x}, ${k})`, 1e-10));
  });

  it('Wasserstein distance, Jensen-Shannon distance and population std match scipy and numpy', () => {
    const random = seeded(11);
    const u = normalSample(random, 500, 1, 2);
    const v = [...normalSample(random, 800, 1.4, 2.5), 1, 1, 1];
    const p = [10, 0, 35, 7, 48];
    const q = [12, 5, 30, 0, 53];
    const [w, js, std] = scipy(
      'print(json.dumps([float(stats.wasserstein_distance(data["u"], data["v"])), float(distance.jensenshannon(data["p"], data["q"])), float(np.std(data["u"]))]))',
      { u, v, p, q },
    );
    assertClose(wassersteinDistance(sorted(u), sorted(v)), w, 'wasserstein', 1e-10);
    assertClose(jensenShannonDistance(p, q), js, 'jensen-shannon', 1e-10);
    assertClose(populationStd(u), std, 'std', 1e-12);
  });
});
