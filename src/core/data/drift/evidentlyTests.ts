/**
 * Evidently's default drift tests (evidently.legacy.calculations.stattests): which test a column gets and when
 * it counts as drifted. Below 1,000 reference values: KS for numeric columns with more than 5 distinct values,
 * chi-square for more than 2 categories, else a two-proportion z-test, on p-values at 0.05 (KS drifts at p ≤ 0.05,
 * chi-square and z at p < 0.05, as Evidently writes them). Above: Wasserstein distance over the reference's
 * population std (floored at 0.001) for numeric columns, Jensen–Shannon distance (natural log) on category shares
 * otherwise, drifting at ≥ 0.1.
 */
import { ks2Sample } from '../stats/ks';
import { chiSquareTest, jensenShannonDistance, proportionZTest, wassersteinDistance } from '../stats/tests';
import type { DriftTest } from './types';

export const smallReferenceUpTo = 1000;
export const numericUniqueValuesAbove = 5;

export interface TestOutcome {
  test: DriftTest;
  testName: string;
  scoreKind: 'p-value' | 'distance';
  score: number;
  threshold: number;
  drifted: boolean;
}

type Counts = Map<string | number, number>;

function total(counts: Counts): number {
  let sum = 0;
  for (const n of counts.values()) sum += n;
  return sum;
}

function sortedKeys(reference: Counts, current: Counts): (string | number)[] {
  const keys = [...new Set([...reference.keys(), ...current.keys()])];
  return typeof keys[0] === 'number' ? keys.sort((a, b) => (a as number) - (b as number)) : keys.sort();
}

/** Tests on category counts: chi-square or z-test for a small reference, Jensen–Shannon distance for a large one. */
export function categoricalTest(reference: Counts, current: Counts): TestOutcome {
  const keys = sortedKeys(reference, current);
  const nReference = total(reference);
  const nCurrent = total(current);
  if (nReference > smallReferenceUpTo) {
    const distance = jensenShannonDistance(
      keys.map((k) => (reference.get(k) ?? 0) / nReference),
      keys.map((k) => (current.get(k) ?? 0) / nCurrent),
    );
    return { test: 'jensenshannon', testName: 'Jensen-Shannon distance', scoreKind: 'distance', score: distance, threshold: 0.1, drifted: distance >= 0.1 };
  }
  if (keys.length > 2) {
    const scale = nCurrent / nReference;
    const { pValue } = chiSquareTest(
      keys.map((k) => current.get(k) ?? 0),
      keys.map((k) => (reference.get(k) ?? 0) * scale),
    );
    return { test: 'chisquare', testName: 'chi-square p_value', scoreKind: 'p-value', score: pValue, threshold: 0.05, drifted: pValue < 0.05 };
  }
  const sameSingleValue = reference.size === 1 && current.size === 1 && [...reference.keys()][0] === [...current.keys()][0];
  let pValue = 1;
  if (!sameSingleValue) {
    // Evidently codes the first key (in sorted order) as 0 and the other as 1, and compares the shares of 1s.
    const first = keys[0];
    pValue = proportionZTest(nReference - (reference.get(first) ?? 0), nReference, nCurrent - (current.get(first) ?? 0), nCurrent).pValue;
  }
  return { test: 'z', testName: 'Z-test p_value', scoreKind: 'p-value', score: pValue, threshold: 0.05, drifted: pValue < 0.05 };
}

/** Tests on numeric values (both sorted): two-sample KS for a small reference, normed Wasserstein distance for a large one. */
export function numericTest(reference: Float64Array, current: Float64Array, referenceCount: number, referenceStdPopulation: number): TestOutcome {
  if (referenceCount <= smallReferenceUpTo) {
    const { pValue } = ks2Sample(reference, current);
    return { test: 'ks', testName: 'K-S p_value', scoreKind: 'p-value', score: pValue, threshold: 0.05, drifted: pValue <= 0.05 };
  }
  const distance = wassersteinDistance(reference, current) / Math.max(referenceStdPopulation, 0.001);
  return { test: 'wasserstein', testName: 'Wasserstein distance (normed)', scoreKind: 'distance', score: distance, threshold: 0.1, drifted: distance >= 0.1 };
}

const formatScore = (x: number) => (x === 0 ? '0' : Math.abs(x) < 0.001 ? x.toExponential(1) : x.toPrecision(2));

/** The verdict on one column in plain words. */
export function verdict(column: string, outcome: TestOutcome): string {
  const name = `"${column}"`;
  const score = formatScore(outcome.score);
  switch (outcome.test) {
    case 'ks':
      return outcome.drifted
        ? `${name} drifted: its distribution differs from the reference (K-S test p = ${score} ≤ 0.05).`
        : `${name} is stable: no significant difference in distribution (K-S test p = ${score} > 0.05).`;
    case 'chisquare':
    case 'z': {
      const test = outcome.test === 'z' ? 'z-test' : 'chi-square test';
      return outcome.drifted
        ? `${name} drifted: its category shares differ from the reference (${test} p = ${score} < 0.05).`
        : `${name} is stable: no significant change in category shares (${test} p = ${score}).`;
    }
    case 'wasserstein':
      return outcome.drifted
        ? `${name} drifted: its values moved by ${score} reference standard deviations (Wasserstein distance; drift from 0.1).`
        : `${name} is stable: its values moved by only ${score} reference standard deviations (Wasserstein distance < 0.1).`;
    case 'jensenshannon':
      return outcome.drifted
        ? `${name} drifted: its category shares changed (Jensen-Shannon distance ${score} ≥ 0.1).`
        : `${name} is stable: category shares barely changed (Jensen-Shannon distance ${score} < 0.1).`;
  }
}
