import { strict as assert } from 'node:assert';
import { formatBytes } from './format';

describe('formatBytes', () => {
  it('reads as people read sizes', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(1536), '1.5 KB');
    assert.equal(formatBytes(20 * 1024 * 1024), '20 MB');
    assert.equal(formatBytes(3 * 1024 ** 3), '3.0 GB');
  });
});
