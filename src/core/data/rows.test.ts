import { strict as assert } from 'node:assert';
import { UserError } from '../errors';
import { DataEngine, runQuery } from './engine';
import { readRowsFrom } from './rows';
import { DatasetSession } from './session';
import { csvText, scratchFolder } from './testing';
import { sqlString } from './values';

describe('rows grid backend', function () {
  this.timeout(60000);
  const files = scratchFolder();
  const rows = Array.from({ length: 1000 }, (_, i) => [i, i % 7 === 0 ? null : (i * 37) % 101, ['north', 'south', 'east', 'west'][i % 4], i === 500 ? '<script>alert(1)</script>' : `note ${i}`]);
  const csv = files.write('grid.csv', csvText(['id', 'score', 'region', 'note'], rows));
  let session: DatasetSession;
  before(async () => {
    session = await DatasetSession.open(csv);
  });
  after(() => {
    session.close();
    files.remove();
  });

  it('pages through the file in order with row numbers and totals', async () => {
    const page = await readRowsFrom(session, { offset: 990, limit: 50 });
    assert.equal(page.totalRows, 1000);
    assert.equal(page.fileRows, 1000);
    assert.deepEqual(page.rowNumbers, Array.from({ length: 10 }, (_, i) => 990 + i));
    assert.deepEqual(page.rows[0], rows[990]);
    assert.deepEqual(page.columns.map((c) => c.name), ['id', 'score', 'region', 'note']);
  });

  it('returns a cell holding markup as the exact text, for the view to show as text', async () => {
    const page = await readRowsFrom(session, { offset: 500, limit: 1 });
    assert.equal(page.rows[0][3], '<script>alert(1)</script>');
  });

  it('sorts in DuckDB, missing values last, ties in file order', async () => {
    const descending = await readRowsFrom(session, { offset: 0, limit: 1000, orderBy: { column: 'score', direction: 'desc' } });
    const scores = descending.rows.map((r) => r[1]);
    const present = scores.filter((s) => s !== null) as number[];
    assert.deepEqual(present, [...present].sort((a, b) => b - a));
    assert.deepEqual(scores.slice(present.length), new Array(scores.length - present.length).fill(null));
    const firstTie = descending.rowNumbers!.slice(0, 10);
    const top = descending.rows[0][1];
    assert.deepEqual(firstTie.filter((_, i) => descending.rows[i][1] === top), [...firstTie.filter((_, i) => descending.rows[i][1] === top)].sort((a, b) => a - b));
  });

  it('filters with a WHERE pushed down to DuckDB and counts the matches', async () => {
    const page = await readRowsFrom(session, { offset: 0, limit: 5, where: "region = 'east' AND score > 50", orderBy: { column: 'id', direction: 'asc' } });
    const expected = rows.filter((r) => r[2] === 'east' && r[1] !== null && (r[1] as number) > 50);
    assert.equal(page.totalRows, expected.length);
    assert.deepEqual(page.rows, expected.slice(0, 5));
    assert.deepEqual(page.rowNumbers, expected.slice(0, 5).map((r) => r[0]));
    const withSemicolonInText = await readRowsFrom(session, { offset: 0, limit: 5, where: "note = 'a;b' OR id = 3" });
    assert.deepEqual(withSemicolonInText.rows, [rows[3]]);
  });

  it('refuses a filter that is not one expression over the row, saying why', async () => {
    const refused = async (where: string, message: RegExp) => assert.rejects(readRowsFrom(session, { offset: 0, limit: 5, where }), (e: unknown) => e instanceof UserError && message.test(e.message));
    await refused('score > > 3', /not valid SQL: syntax error at or near ">" at character 9/);
    await refused("1=1) UNION (SELECT * FROM read_csv('/etc/passwd')", /one expression over the row's columns .*not a query/);
    await refused('1=1; DROP TABLE x', /single expression.*remove the ';'/);
    await refused("id IN (SELECT 1)", /may not contain a subquery/);
    await refused('scor > 3', /Referenced column "scor" not found.*did you mean "score"/);
    await refused("score = 'high'", /cannot be applied: Could not convert string 'high'/);
    await refused('1=1) ORDER BY (id', /not a query/);
  });

  it('refuses a bad page request or sort column', async () => {
    await assert.rejects(readRowsFrom(session, { offset: -1, limit: 5 }), /offset must be a whole number/);
    await assert.rejects(readRowsFrom(session, { offset: 0, limit: 0 }), /limit must be a whole number from 1 to 10000/);
    await assert.rejects(readRowsFrom(session, { offset: 0, limit: 5, orderBy: { column: 'nope', direction: 'asc' } }), /Cannot sort by "nope": there is no such column/);
  });

  it('numbers Parquet rows by their position in the file', async () => {
    const parquet = files.path('grid.parquet');
    const engine = await DataEngine.create();
    try {
      await runQuery(await engine.connect(), `COPY (SELECT * FROM read_csv(${sqlString(csv)})) TO ${sqlString(parquet)} (FORMAT parquet)`);
    } finally {
      engine.close();
    }
    const parquetSession = await DatasetSession.open(parquet);
    try {
      const page = await readRowsFrom(parquetSession, { offset: 0, limit: 3, orderBy: { column: 'id', direction: 'desc' } });
      assert.deepEqual(page.rowNumbers, [999, 998, 997]);
      assert.deepEqual(page.rows[0], rows[999]);
      assert.equal(page.fileRows, 1000);
    } finally {
      parquetSession.close();
    }
  });
});
