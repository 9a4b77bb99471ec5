import { strict as assert } from 'node:assert';
import { UserError } from '../errors';
import { readSeries, type SeriesPoints } from './series';
import { openStore, type Store } from './store';
import { tempStorePath } from './testSupport';
import type { MetricPoint } from './types';

function seededRandom(seed: number): () => number {
  return () => (seed = (seed * 16807) % 2147483647) / 2147483647;
}

/** A noisy decaying curve with spikes at known steps and a few NaN points. */
function logCurve(store: Store, runId: string, count: number, spikes: Map<number, number>, nanSteps: Set<number>): void {
  const random = seededRandom(42);
  for (let start = 0; start < count; start += 20000) {
    const points: MetricPoint[] = [];
    for (let step = start; step < Math.min(count, start + 20000); step++) {
      const value = nanSteps.has(step) ? Number.NaN : (spikes.get(step) ?? Math.exp(-step / count) + random() * 0.05);
      points.push({ key: 'loss', context: 'train', step, ts: 1_700_000_000_000 + step * 10, value });
    }
    store.logMetrics(runId, points);
  }
}

function pointAt(series: SeriesPoints, step: number): { ts: number; value: number } | undefined {
  const i = series.step.indexOf(step);
  return i < 0 ? undefined : { ts: series.ts[i], value: series.value[i] };
}

describe('readSeries', () => {
  let store: Store;
  let runId: string;
  const count = 120_000;
  const spikes = new Map([
    [777, 9.5],
    [50_001, -3.25],
    [99_999, 12],
    [119_998, -8],
  ]);
  const nanSteps = new Set([10, 60_000]);

  before(() => {
    store = openStore(tempStorePath('series'));
    runId = store.createRun().id;
    logCurve(store, runId, count, spikes, nanSteps);
  });
  after(() => store.close());

  it('returns every point, NaN included, when the series fits the budget', () => {
    const small = store.createRun().id;
    store.logMetrics(small, [
      { key: 'acc', value: 0.5, step: 2, ts: 20 },
      { key: 'acc', value: Number.NaN, step: 1, ts: 10 },
      { key: 'acc', value: Infinity, step: 3, ts: 30 },
    ]);
    const series = readSeries(store, { runId: small, key: 'acc' }, 10);
    assert.deepEqual([series.step, series.ts, series.total, series.downsampled], [[1, 2, 3], [10, 20, 30], 3, false]);
    assert.ok(Number.isNaN(series.value[0]));
    assert.deepEqual(series.value.slice(1), [0.5, Infinity]);
  });

  for (const budget of [2000, 500, 50]) {
    it(`keeps every spike, the first and last point and stays within a budget of ${budget}`, () => {
      const series = readSeries(store.db, { runId, key: 'loss', context: 'train' }, budget);
      assert.ok(series.step.length <= budget, `${series.step.length} points`);
      assert.ok(series.step.length >= budget * 0.8, `only ${series.step.length} points for a budget of ${budget}`);
      assert.equal(series.total, count);
      assert.equal(series.downsampled, true);
      for (const [step, value] of spikes) assert.deepEqual(pointAt(series, step), { ts: 1_700_000_000_000 + step * 10, value }, `spike at ${step}`);
      assert.equal(series.step[0], 0);
      assert.equal(series.step[series.step.length - 1], count - 1);
      assert.deepEqual([...series.step].sort((a, b) => a - b), series.step);
    });
  }

  it('marks NaN buckets while the budget allows', () => {
    const series = readSeries(store, { runId, key: 'loss', context: 'train' }, 2000);
    for (const step of nanSteps) assert.ok(Number.isNaN(pointAt(series, step)?.value ?? 0), `NaN at ${step}`);
  });

  it('gives the same extremes from the points themselves when the rollups are missing', () => {
    const copy = store.createRun().id;
    logCurve(store, copy, 30_000, new Map([[12_345, 100]]), new Set());
    const withRollups = readSeries(store, { runId: copy, key: 'loss', context: 'train' }, 300);
    store.db.prepare('DELETE FROM metric_rollups WHERE run_id = ?').run(copy);
    const fromPoints = readSeries(store, { runId: copy, key: 'loss', context: 'train' }, 300);
    for (const series of [withRollups, fromPoints]) {
      assert.ok(series.step.length <= 300);
      assert.equal(pointAt(series, 12_345)?.value, 100);
      assert.equal(Math.min(...series.value), Math.min(...(store.db.prepare('SELECT value FROM metrics WHERE run_id = ?').pluck().all(copy) as number[])));
    }
  });

  it('refuses a budget too small to hold a bucket', () => {
    assert.throws(() => readSeries(store, { runId, key: 'loss', context: 'train' }, 3), (e: unknown) => e instanceof UserError && /budget of at least 8/.test(e.message));
  });

  it('returns an empty series for a key that was never logged', () => {
    assert.deepEqual(readSeries(store, { runId, key: 'nothing' }), { step: [], ts: [], value: [], total: 0, downsampled: false });
  });
});
