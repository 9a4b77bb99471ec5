import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../errors';
import { findExampleLine } from './exampleLine';

describe('finding an example row in its dataset file', () => {
  let dir: string;
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlcycle-example-line-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the row by its id column, counting lines inside quoted fields', async () => {
    const path = file('dev.csv', 'label,text,ID\r\n3,"two\nlines, and ""quotes""",a7\r\n5,plain,b9\r\n');
    assert.deepEqual(await findExampleLine(path, 'b9'), { line: 3, matchedBy: 'id column', column: 'ID' });
    assert.deepEqual(await findExampleLine(path, 'a7'), { line: 1, matchedBy: 'id column', column: 'ID' });
  });

  it('reads a whole-number id as the row number when the file has no id column', async () => {
    const path = file('data.tsv', 'x\ty\n1\t2\n3\t4\n5\t6\n');
    assert.deepEqual(await findExampleLine(path, '2'), { line: 3, matchedBy: 'row number' });
  });

  it('finds a JSON Lines record by its id field, skipping blank lines', async () => {
    const path = file('rows.jsonl', '{"example_id": "q1", "v": 1}\n\n{"example_id": "q2", "v": 2}\n');
    assert.deepEqual(await findExampleLine(path, 'q2'), { line: 2, matchedBy: 'id column', column: 'example_id' });
  });

  it('says what is wrong when the id is not there, the file is gone or of another kind', async () => {
    const path = file('dev.csv', 'id,label\n1,2\n');
    await assert.rejects(findExampleLine(path, '99'), (e: Error) => e instanceof UserError && /no row with id = "99"/.test(e.message));
    await assert.rejects(findExampleLine(join(dir, 'gone.csv'), '1'), (e: Error) => e instanceof UserError && /is gone/.test(e.message));
    await assert.rejects(findExampleLine(file('x.parquet', ''), '1'), (e: Error) => e instanceof UserError && /CSV, TSV and JSON Lines/.test(e.message));
    await assert.rejects(findExampleLine(file('noid.csv', 'a,b\n1,2\n'), 'k'), (e: Error) => e instanceof UserError && /no id column/.test(e.message));
  });

  it('finds the example ids of examples/data/dev.csv on their own lines', async () => {
    const dev = join(__dirname, '..', '..', '..', '..', 'examples', 'data', 'dev.csv');
    const location = await findExampleLine(dev, '17');
    assert.equal(location.matchedBy, 'id column');
    assert.match(readFileSync(dev, 'utf8').split('\n')[location.line], /^17,/);
  });
});
