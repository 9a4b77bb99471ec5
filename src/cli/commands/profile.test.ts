import { strict as assert } from 'node:assert';
import { Writable } from 'node:stream';
import { csvText, scratchFolder } from '../../core/data/testing';
import { runCli } from '../cli';

export async function runCaptured(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void) => new Writable({ write: (chunk, _encoding, done) => (append(String(chunk)), done()) });
  const code = await runCli(args, { out: sink((s) => (out += s)), err: sink((s) => (err += s)), env: {}, cwd });
  return { code, out, err };
}

describe('mlcycle profile', function () {
  this.timeout(60000);
  const files = scratchFolder();
  const rows = Array.from({ length: 300 }, (_, i) => [i, i % 10 === 0 ? null : 20 + (i % 50), i % 100 === 0 ? 'fraud' : 'ok']);
  before(() => files.write('tx.csv', csvText(['id', 'age', 'label'], rows)));
  after(() => files.remove());

  it('prints a columns table and alerts in plain words', async () => {
    const { code, out } = await runCaptured(['profile', 'tx.csv', '--label', 'label'], files.path(''));
    assert.equal(code, 0);
    assert.match(out, /^tx\.csv — CSV, .*\n300 rows × 3 columns; 0 duplicate rows/);
    assert.match(out, /column\s+type\s+kind\s+missing\s+distinct\s+summary/);
    assert.match(out, /\nage\s+BIGINT\s+numeric\s+10\.0%\s+\d+\s+mean /);
    assert.match(out, /Label "label": ok 99\.0% \(297\), fraud 1\.0% \(3\)/);
    assert.match(out, /warning\s+10\.0% of "age" is missing \(30 rows\): models that drop incomplete rows will lose them/);
  });

  it('prints the profile as JSON with --json, and fails on alerts with --fail-on', async () => {
    const { code, out } = await runCaptured(['profile', 'tx.csv', '--json'], files.path(''));
    assert.equal(code, 0);
    assert.equal(JSON.parse(out).rowCount, 300);
    assert.equal((await runCaptured(['profile', 'tx.csv', '--fail-on', 'warning'], files.path(''))).code, 1);
  });

  it('explains a bad file in one line and exits 2', async () => {
    files.write('ragged.csv', 'a,b\n1,2\n3\n');
    const { code, out, err } = await runCaptured(['profile', 'ragged.csv'], files.path(''));
    assert.equal(code, 2);
    assert.equal(out, '');
    assert.equal(err, 'mlcycle profile: Line 3 of ragged.csv has 1 field but the header has 2. Fix that line, or read the file leniently (--lenient on the command line): short rows are padded with empty values and extra fields dropped.\n');
    assert.equal((await runCaptured(['profile', 'ragged.csv', '--lenient'], files.path(''))).code, 0);
    assert.match((await runCaptured(['profile', 'missing.parquet'], files.path(''))).err, /^mlcycle profile: .*missing\.parquet does not exist\.\n$/);
    assert.equal((await runCaptured(['profile'], files.path(''))).code, 2);
    assert.equal((await runCaptured(['profile', 'tx.csv', '--label', 'nope'], files.path(''))).code, 2);
  });
});
