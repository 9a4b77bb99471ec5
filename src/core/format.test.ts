import { strict as assert } from 'node:assert';
import { formatAge, formatBytes, formatDuration, formatMetricValue } from './format';

describe('formatBytes', () => {
  it('reads as people read sizes', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(1536), '1.5 KB');
    assert.equal(formatBytes(20 * 1024 * 1024), '20 MB');
    assert.equal(formatBytes(3 * 1024 ** 3), '3.0 GB');
  });
});

describe('formatAge, formatDuration, formatMetricValue', () => {
  const now = Date.UTC(2024, 4, 31, 12);
  it('says how long ago in the unit a person would', () => {
    assert.equal(formatAge(now - 10_000, now), 'just now');
    assert.equal(formatAge(now - 5 * 60_000, now), '5 min ago');
    assert.equal(formatAge(now - 3 * 3_600_000, now), '3 h ago');
    assert.equal(formatAge(now - 2 * 86_400_000, now), '2 d ago');
    assert.equal(formatAge(Date.UTC(2024, 0, 2), now), '2024-01-02');
    assert.equal(formatAge(now + 5000, now), 'just now', 'a clock a little ahead is not the future');
  });
  it('formats durations and metric values compactly', () => {
    assert.deepEqual([formatDuration(3.25), formatDuration(42), formatDuration(83), formatDuration(7260), formatDuration(-1)], ['3.3s', '42s', '1m 23s', '2h 1m', '']);
    assert.deepEqual([0.912345, 12, 0.00001234, 1234567.8, null, Infinity, 0].map(formatMetricValue), ['0.9123', '12', '1.23e-5', '1.23e+6', 'NaN', 'Infinity', '0']);
  });
});
