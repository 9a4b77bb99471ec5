import { strict as assert } from 'node:assert';
import { DataEngine, runQuery } from './engine';
import { DataFileError, type DataProblem } from './dataErrors';
import { profileDataset } from './profile/profileDataset';
import { quickLook } from './quickLook';
import { readRows } from './rows';
import { csvText, scratchFolder } from './testing';
import { sqlString } from './values';

async function rejectsWith(promise: Promise<unknown>, problem: DataProblem, text: RegExp, location?: { line?: number; offset?: number }): Promise<DataFileError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DataFileError, `expected a DataFileError, got ${(error as Error).stack}`);
    assert.equal(error.problem, problem, error.message);
    assert.match(error.message, text);
    assert.doesNotMatch(error.message, /\n|LINE 1:|read_csv\(|\^/, 'one line, no generated SQL');
    if (location) assert.deepEqual(error.location, location);
    return error;
  }
  assert.fail(`expected ${problem}, but the file was read`);
}

/** `count` rows of three well-typed columns: the part of a file DuckDB's sniffer samples. */
function regularRows(count: number): string {
  let text = '';
  for (let i = 0; i < count; i++) text += `${i},${(i * 0.37).toFixed(2)},name${i % 13}\n`;
  return text;
}

describe('data files that are not as expected', function () {
  this.timeout(120000);
  const files = scratchFolder();
  after(() => files.remove());

  it('an empty file, a file of blank lines and a missing file each say so', async () => {
    await rejectsWith(quickLook(files.write('empty.csv', '')), 'empty', /empty.csv is empty \(0 bytes\)/);
    await rejectsWith(quickLook(files.write('blank.csv', '\n\n  \n')), 'empty', /only blank lines/);
    await rejectsWith(quickLook(files.path('nowhere.csv')), 'not-found', /does not exist/);
    await rejectsWith(quickLook(files.write('notes.txt', 'a,b\n1,2\n')), 'unsupported-format', /\.csv, \.tsv, \.jsonl, \.ndjson or \.parquet/);
  });

  it('a header without rows shows its columns but refuses to profile', async () => {
    const path = files.write('header.csv', 'age,city,label\n');
    const look = await quickLook(path);
    assert.deepEqual(look.columns.map((c) => c.name), ['age', 'city', 'label']);
    assert.deepEqual(look.rows, []);
    assert.equal(look.rowCount, 0);
    await rejectsWith(profileDataset(path), 'no-rows', /header \(age, city, label\) but no data rows/);
  });

  it('ragged rows name the line, early or far beyond the sniffed sample, and lenient reading pads them', async () => {
    await rejectsWith(quickLook(files.write('ragged.csv', 'a,b,c\n1,2,3\n4,5\n6,7,8\n')), 'ragged-rows', /Line 3 of ragged.csv has 2 fields but the header has 3/, { line: 3 });
    const late = files.write('ragged-late.csv', `a,b,c\n${regularRows(30000)}1,2,3,4\n${regularRows(10)}`);
    await rejectsWith(profileDataset(late), 'ragged-rows', /Line 30002 of ragged-late.csv has 4 fields but the header has 3/, { line: 30002 });
    const lenient = await readRows(files.write('ragged2.csv', 'a,b,c\n1,2,3\n4,5\n6,7,8\n'), { offset: 0, limit: 10, lenient: true });
    assert.deepEqual(lenient.rows, [
      [1, 2, 3],
      [4, 5, null],
      [6, 7, 8],
    ]);
    const profile = await profileDataset(late, { lenient: true });
    assert.equal(profile.rowCount, 30011);
    assert.ok(profile.notices.some((n) => /leniently/.test(n)));
  });

  it('quoted newlines stay inside their field', async () => {
    const path = files.write('quoted.csv', csvText(['id', 'note'], [[1, 'first line\nsecond line'], [2, 'plain'], [3, 'comma, and "quotes"']]));
    const page = await readRows(path, { offset: 0, limit: 10 });
    assert.deepEqual(page.rows, [
      [1, 'first line\nsecond line'],
      [2, 'plain'],
      [3, 'comma, and "quotes"'],
    ]);
    assert.equal((await profileDataset(path)).rowCount, 3);
  });

  it('a UTF-8 byte order mark does not leak into the first column name', async () => {
    const look = await quickLook(files.write('bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('id,name\n1,zoë\n')])));
    assert.deepEqual(look.columns.map((c) => c.name), ['id', 'name']);
    assert.deepEqual(look.rows, [[1, 'zoë']]);
  });

  it('Latin-1 bytes are read as Latin-1 with a notice that says where, also beyond the first 64 KB', async () => {
    const early = await quickLook(files.write('latin1.csv', Buffer.from('name,n\ncaf\xe9,1\nna\xefve,2\n', 'latin1')));
    assert.deepEqual(early.rows, [
      ['café', 1],
      ['naïve', 2],
    ]);
    assert.match(early.notices.join(' '), /not valid UTF-8 \(byte 0xE9 at offset 10, line 2\).*Latin-1/);
    const late = files.write('latin1-late.csv', Buffer.concat([Buffer.from(`a,b,c\n${regularRows(5000)}`), Buffer.from('1,2,gar\xe7on\n', 'latin1')]));
    const profile = await profileDataset(late);
    assert.equal(profile.rowCount, 5001);
    assert.ok(profile.columns[2].topValues!.values.length > 0);
    assert.match(profile.notices.join(' '), /further down than its first 64 KB.*Latin-1/);
    const page = await readRows(late, { offset: 5000, limit: 1 });
    assert.deepEqual(page.rows, [[1, 2, 'garçon']]);
  });

  it('a column whose type changes far down is read as text, with a notice naming the value and line', async () => {
    const path = files.write('mixed.csv', `a,b,c\n${regularRows(30000)}oops,1.5,x\n`);
    const profile = await profileDataset(path);
    const a = profile.columns.find((c) => c.name === 'a')!;
    assert.equal(a.type, 'VARCHAR');
    assert.equal(profile.rowCount, 30001);
    assert.match(profile.notices.join(' '), /Column "a" looked like bigint values until "oops" on line 30002: it mixes types, so it is read as text/);
    const early = await quickLook(files.write('mixed-early.csv', 'a,b\n1,x\nfoo,y\n2,z\n'));
    assert.equal(early.columns[0].type, 'VARCHAR');
    assert.deepEqual(early.rows.map((r) => r[0]), ['1', 'foo', '2']);
  });

  it('10,000 columns are read and profiled', async () => {
    const header = Array.from({ length: 10000 }, (_, i) => `c${i}`);
    const rows = Array.from({ length: 20 }, (_, r) => header.map((_, i) => (i % 2 ? (r * i) % 7 : `v${(r + i) % 3}`)));
    const path = files.write('wide.csv', csvText(header, rows));
    const look = await quickLook(path, { sampleRows: 5 });
    assert.equal(look.columns.length, 10000);
    assert.equal(look.rows[4].length, 10000);
    const profile = await profileDataset(path);
    assert.equal(profile.columnCount, 10000);
    assert.equal(profile.columns[9999].count, 20);
    assert.equal(profile.columns[1].distinct, new Set(rows.map((r) => r[1])).size);
  });

  it('a 0-byte, truncated or fake Parquet file says what is wrong and where', async () => {
    const good = files.path('good.parquet');
    const engine = await DataEngine.create();
    try {
      const connection = await engine.connect();
      await runQuery(connection, `COPY (SELECT range AS a, range * 2 AS b FROM range(50000)) TO ${sqlString(good)} (FORMAT parquet)`);
    } finally {
      engine.close();
    }
    const bytes = require('node:fs').readFileSync(good) as Buffer;
    await rejectsWith(quickLook(files.write('zero.parquet', '')), 'empty', /0 bytes/);
    await rejectsWith(quickLook(files.write('cut.parquet', bytes.subarray(0, 20000))), 'invalid-parquet', /does not end with the Parquet footer "PAR1": the file is truncated/, { offset: 19996 });
    await rejectsWith(quickLook(files.write('fake.parquet', 'a,b\n1,2\n3,4\n')), 'invalid-parquet', /does not start with the Parquet signature/, { offset: 0 });
    assert.equal((await quickLook(good)).rowCount, 50000);
  });

  it('a binary file named .csv is refused with the offset of its first zero byte', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    await rejectsWith(quickLook(files.write('image.csv', png)), 'binary', /image.csv looks like a binary file, not CSV text \(a zero byte at offset 8\)/, { offset: 8 });
  });

  it('malformed JSON lines name the line; types that change far down are read as text', async () => {
    await rejectsWith(quickLook(files.write('bad.jsonl', '{"a":1}\n{"a":2 "b":3}\n{"a":3}\n')), 'invalid-json', /Line 2 of bad.jsonl is not valid JSON/, { line: 2 });
    let text = '';
    for (let i = 0; i < 25000; i++) text += `{"a":${i},"b":"x"}\n`;
    const path = files.write('late.jsonl', `${text}{"a":"text now","b":"y"}\n`);
    const profile = await profileDataset(path);
    assert.equal(profile.rowCount, 25001);
    assert.equal(profile.columns[0].type, 'VARCHAR');
    assert.match(profile.notices.join(' '), /Column "a" mixes value types/);
  });
});
