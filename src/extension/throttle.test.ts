import { strict as assert } from 'node:assert';
import { Throttle } from './throttle';

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('Throttle (store change → view reload)', () => {
  it('acts at once, then once more at the end of the interval however many requests came meanwhile', async () => {
    const times: number[] = [];
    const throttle = new Throttle(80, () => times.push(Date.now()));
    const start = Date.now();
    for (let i = 0; i < 20; i++) throttle.request();
    assert.equal(times.length, 1, 'the first request acts at once');
    await until(() => times.length === 2);
    assert.ok(times[1] - start >= 75, `the burst's trailing reload came after ${times[1] - start} ms`);
    throttle.dispose();
  });
});
