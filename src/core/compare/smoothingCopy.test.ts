import { strict as assert } from 'node:assert';
import { emaSmooth as webviewSmooth } from '../../../webview/compare/smoothing';
import { emaSmooth } from './smoothing';

// The compare webview smooths on the slider without a round trip, with its own copy of emaSmooth.
describe('the compare webview\'s copy of emaSmooth', () => {
  it('gives exactly what core gives, gaps and constant series included', () => {
    const series: (number | null)[][] = [
      Array.from({ length: 200 }, (_, i) => Math.exp(-i / 50) + Math.sin(i) * 0.1),
      [1, null, 3, Infinity, -Infinity, 2, null],
      [5, 5, 5, 5],
      [],
    ];
    for (const values of series) {
      for (const weight of [0, 0.3, 0.6, 0.99]) assert.deepEqual(webviewSmooth(values, weight), emaSmooth(values, weight));
    }
  });
});
