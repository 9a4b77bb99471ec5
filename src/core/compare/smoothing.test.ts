import { strict as assert } from 'node:assert';
import { UserError } from '../errors';
import { emaSmooth } from './smoothing';

const close = (actual: (number | null)[], expected: (number | null)[]) => {
  assert.equal(actual.length, expected.length);
  actual.forEach((a, i) => {
    const e = expected[i];
    if (typeof a === 'number' && typeof e === 'number' && Number.isFinite(e)) assert.ok(Math.abs(a - e) < 1e-12, `at ${i}: ${a} vs ${e}`);
    else assert.ok(Object.is(a, e), `at ${i}: ${a} vs ${e}`);
  });
};

describe('emaSmooth', () => {
  it('leaves a series alone at weight 0', () => {
    close(emaSmooth([3, 1, 4, 1, 5], 0), [3, 1, 4, 1, 5]);
  });

  it('debiases, so the curve starts at the first value (TensorBoard)', () => {
    close(emaSmooth([1, 2, 3], 0.5), [1, 5 / 3, 2.125 / 0.875]);
    assert.equal(emaSmooth([10, 0, 0], 0.9)[0], 10);
  });

  it('equals the normalised exponentially weighted mean of the values so far', () => {
    const values = Array.from({ length: 50 }, (_, i) => Math.sin(i) * 10 + i);
    const weight = 0.8;
    const expected = values.map((_, n) => {
      let sum = 0;
      let norm = 0;
      for (let i = 0; i <= n; i++) {
        sum += Math.pow(weight, n - i) * values[i];
        norm += Math.pow(weight, n - i);
      }
      return sum / norm;
    });
    close(emaSmooth(values, weight), expected);
  });

  it('smooths noise toward the trend as the weight grows', () => {
    const noisy = Array.from({ length: 200 }, (_, i) => i / 100 + (i % 2 ? 0.5 : -0.5));
    const wiggle = (series: (number | null)[]) => {
      const tail = series.slice(100) as number[];
      return tail.reduce((sum, v, i) => sum + (i ? Math.abs(v - tail[i - 1]) : 0), 0);
    };
    assert.ok(wiggle(emaSmooth(noisy, 0.9)) < wiggle(emaSmooth(noisy, 0.6)));
    assert.ok(wiggle(emaSmooth(noisy, 0.6)) < wiggle(noisy));
  });

  it('passes NaN, infinities and nulls through without moving the average', () => {
    close(emaSmooth([1, NaN, null, Infinity, 3], 0.5), [1, NaN, null, Infinity, 1.75 / 0.75]);
  });

  it('returns a constant series unchanged, and an empty one empty', () => {
    close(emaSmooth([0.3, 0.3, 0.3], 0.99), [0.3, 0.3, 0.3]);
    assert.deepEqual(emaSmooth([], 0.5), []);
    close(emaSmooth(new Float64Array([2, 4]), 0.5), [2, (0.5 + 2) / 0.75]);
  });

  it('refuses a weight outside [0, 1)', () => {
    for (const weight of [1, -0.1, NaN, 2]) assert.throws(() => emaSmooth([1, 2], weight), (e: unknown) => e instanceof UserError && /at least 0 and below 1/.test(e.message));
  });
});
