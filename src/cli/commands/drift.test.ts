import { strict as assert } from 'node:assert';
import { csvText, scratchFolder } from '../../core/data/testing';
import { runCaptured } from './profile.test';

describe('mlcycle drift', function () {
  this.timeout(60000);
  const files = scratchFolder();
  before(() => {
    files.write('train.csv', csvText(['x', 'colour'], Array.from({ length: 400 }, (_, i) => [i % 100, ['red', 'blue'][i % 2]])));
    files.write('live.csv', csvText(['x', 'colour'], Array.from({ length: 400 }, (_, i) => [50 + (i % 100), ['red', 'blue', 'blue'][i % 3]])));
  });
  after(() => files.remove());

  it('prints the test, score, threshold and verdict per column and the dataset verdict', async () => {
    const { code, out } = await runCaptured(['drift', 'train.csv', 'live.csv'], files.path(''));
    assert.equal(code, 0);
    assert.match(out, /column\s+type\s+test\s+score\s+threshold\s+drift/);
    assert.match(out, /\nx\s+numeric\s+K-S p_value\s+\S+\s+0\.05\s+DRIFT/);
    assert.match(out, /\ncolour\s+categorical\s+Z-test p_value\s+\S+\s+0\.05\s+DRIFT/);
    assert.match(out, /DATASET DRIFT: 2 of 2 columns drifted \(100%\)/);
  });

  it('prints JSON with --json and exits 1 on dataset drift with --fail-on-drift', async () => {
    const json = await runCaptured(['drift', 'train.csv', 'live.csv', '--json'], files.path(''));
    assert.equal(JSON.parse(json.out).datasetDrift, true);
    assert.equal((await runCaptured(['drift', 'train.csv', 'live.csv', '--fail-on-drift'], files.path(''))).code, 1);
    assert.equal((await runCaptured(['drift', 'train.csv', 'train.csv', '--fail-on-drift'], files.path(''))).code, 0);
  });

  it('explains a bad file in one line and exits 2', async () => {
    files.write('empty.csv', '');
    const { code, err } = await runCaptured(['drift', 'train.csv', 'empty.csv'], files.path(''));
    assert.equal(code, 2);
    assert.equal(err, 'mlcycle drift: empty.csv is empty (0 bytes): there is no header and no data.\n');
    assert.equal((await runCaptured(['drift', 'train.csv'], files.path(''))).code, 2);
  });
});
