import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { csvText, normal, scratchFolder, seededRandom } from '../testing';
import { detectDrift } from './detectDrift';
import type { DriftReport } from './types';

/** Evidently's default column tests, written independently with pandas and scipy as Evidently itself computes them. */
const evidentlyDefaults = `
import json, sys
import numpy as np, pandas as pd
from scipy import stats
from scipy.spatial import distance
ref, cur = pd.read_csv(sys.argv[1]), pd.read_csv(sys.argv[2])
out = {}
for col in ref.columns:
    r = ref[col].replace([np.inf, -np.inf], np.nan).dropna()
    c = cur[col].replace([np.inf, -np.inf], np.nan).dropna()
    numeric = pd.api.types.is_numeric_dtype(ref[col]) and pd.api.types.is_numeric_dtype(cur[col])
    n_values = pd.concat([r, c]).nunique()
    keys = list(set(r.unique()) | set(c.unique()))
    rv, cv = r.value_counts(), c.value_counts()
    if r.shape[0] <= 1000:
        test = 'ks' if numeric and n_values > 5 else ('chisquare' if n_values > 2 else 'z')
    else:
        test = 'wasserstein' if numeric and n_values > 5 else 'jensenshannon'
    if test == 'ks':
        score = stats.ks_2samp(r, c)[1]; drift = score <= 0.05
    elif test == 'chisquare':
        k = c.shape[0] / r.shape[0]
        score = stats.chisquare([cv.get(key, 0) for key in keys], [rv.get(key, 0) * k for key in keys])[1]; drift = score < 0.05
    elif test == 'z':
        if r.nunique() == 1 and c.nunique() == 1 and r.unique()[0] == c.unique()[0]:
            score = 1.0
        else:
            first = sorted(keys)[0]
            x1, x2 = (r != first).astype(int), (c != first).astype(int)
            n1, n2 = len(x1), len(x2)
            p1, p2 = x1.sum() / n1, x2.sum() / n2
            pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
            z = (p1 - p2) / np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
            score = 2 * (1 - stats.norm.cdf(abs(z)))
        drift = score < 0.05
    elif test == 'wasserstein':
        score = stats.wasserstein_distance(r, c) / max(np.std(r), 0.001); drift = score >= 0.1
    else:
        p = np.array([rv.get(key, 0) / len(r) for key in keys]); q = np.array([cv.get(key, 0) / len(c) for key in keys])
        score = distance.jensenshannon(p, q); drift = score >= 0.1
    out[col] = {'test': test, 'score': float(score), 'drift': bool(drift)}
print(json.dumps(out))
`;

function evidently(reference: string, current: string): Record<string, { test: string; score: number; drift: boolean }> {
  const result = spawnSync('/usr/bin/python3', ['-c', evidentlyDefaults, reference, current], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout);
}

function dataset(seed: number, rows: number, shift: number): string {
  const random = seededRandom(seed);
  const data = Array.from({ length: rows }, () => [
    Number(normal(random, shift, 1).toFixed(5)),
    random() < 0.05 ? null : Number(normal(random, 10, 2).toFixed(5)),
    1 + Math.floor(random() * (shift ? 3.6 : 4)),
    random() < 0.3 + shift / 3 ? 1 : 0,
    ['red', 'green', 'blue'][Math.min(2, Math.floor(random() * (3 + shift)))],
    random() < 0.5 ? 'yes' : 'no',
    `2024-01-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`,
  ]);
  return csvText(['moved', 'steady', 'rating', 'binary', 'colour', 'answer', 'day'], data);
}

function assertMatchesEvidently(report: DriftReport, expected: ReturnType<typeof evidently>): void {
  const tested = report.columns.map((c) => c.column);
  assert.deepEqual(tested, ['moved', 'steady', 'rating', 'binary', 'colour', 'answer']);
  assert.deepEqual(report.skipped.map((s) => s.column), ['day']);
  for (const column of report.columns) {
    const reference = expected[column.column];
    assert.equal(column.test, reference.test, `${column.column}: test`);
    const tolerance = Math.max(1e-9, 1e-6 * Math.abs(reference.score));
    assert.ok(Math.abs(column.score - reference.score) <= tolerance, `${column.column}: ${column.test} score ${column.score}, Evidently-style ${reference.score}`);
    assert.equal(column.drifted, reference.drift, `${column.column}: drift`);
    assert.equal(column.sampled, false);
  }
  const drifted = Object.entries(expected).filter(([name, r]) => name !== 'day' && r.drift).length;
  assert.equal(report.driftedCount, drifted);
  assert.equal(report.datasetDrift, drifted / 6 >= 0.5);
}

describe('detectDrift with Evidently defaults', function () {
  this.timeout(120000);
  const files = scratchFolder();
  after(() => files.remove());

  it('uses KS, chi-square and z-tests on a reference of at most 1,000 rows, with the same p-values as scipy', async () => {
    const reference = files.write('small-ref.csv', dataset(1, 600, 0));
    const current = files.write('small-cur.csv', dataset(2, 12000, 0.4));
    const report = await detectDrift(reference, current);
    const byColumn = Object.fromEntries(report.columns.map((c) => [c.column, c]));
    assert.equal(byColumn.moved.test, 'ks');
    assert.equal(byColumn.rating.test, 'chisquare');
    assert.equal(byColumn.rating.type, 'categorical');
    assert.equal(byColumn.binary.test, 'z');
    assertMatchesEvidently(report, evidently(reference, current));
    assert.equal(byColumn.moved.drifted, true);
    assert.match(byColumn.moved.message, /"moved" drifted: its distribution differs from the reference \(K-S test p = .* ≤ 0\.05\)/);
  });

  it('uses normed Wasserstein and Jensen-Shannon distances above 1,000 reference rows', async () => {
    const reference = files.write('big-ref.csv', dataset(3, 3000, 0));
    const current = files.write('big-cur.csv', dataset(4, 2000, 0.5));
    const report = await detectDrift(reference, current);
    const byColumn = Object.fromEntries(report.columns.map((c) => [c.column, c]));
    assert.equal(byColumn.moved.test, 'wasserstein');
    assert.equal(byColumn.rating.test, 'jensenshannon');
    assert.equal(byColumn.colour.test, 'jensenshannon');
    assertMatchesEvidently(report, evidently(reference, current));
    assert.equal(byColumn.steady.drifted, false);
  });

  it('gives overlaid histograms on the same bins for both datasets', async () => {
    const report = await detectDrift(files.path('big-ref.csv'), files.path('big-cur.csv'));
    const moved = report.columns.find((c) => c.column === 'moved')!;
    assert.equal(moved.histogram.edges!.length, 21);
    assert.equal(moved.histogram.reference.length, 20);
    assert.equal(moved.histogram.current.length, 20);
    for (const shares of [moved.histogram.reference, moved.histogram.current]) assert.ok(Math.abs(shares.reduce((a, b) => a + b, 0) - 1) < 1e-9);
    const colour = report.columns.find((c) => c.column === 'colour')!;
    assert.deepEqual([...colour.histogram.labels!].sort(), ['blue', 'green', 'red']);
    assert.ok(JSON.parse(JSON.stringify(report)));
  });

  it('declares dataset drift when at least half the columns drift, and none for the same data', async () => {
    const same = await detectDrift(files.path('big-ref.csv'), files.path('big-ref.csv'));
    assert.equal(same.driftedCount, 0);
    assert.equal(same.datasetDrift, false);
    assert.match(same.message, /^0 of 6 columns drifted \(0%\): no dataset drift/);
    const shifted = await detectDrift(files.path('small-ref.csv'), files.path('small-cur.csv'));
    assert.equal(shifted.datasetDrift, shifted.driftedCount / shifted.testedCount >= 0.5);
  });

  it('samples numeric values past the sample size and says so', async () => {
    const report = await detectDrift(files.path('big-ref.csv'), files.path('big-cur.csv'), { sampleSize: 500 });
    const moved = report.columns.find((c) => c.column === 'moved')!;
    assert.equal(moved.sampled, true);
    assert.equal(moved.drifted, true);
  });
});
