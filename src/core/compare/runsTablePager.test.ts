import { strict as assert } from 'node:assert';
import type Database from 'better-sqlite3';
import { QueryError } from '../query/errors';
import { RunsTablePager } from './runsTablePager';
import { createTestDatabase, seedRuns } from './testSeed';

describe('RunsTablePager', () => {
  let db: Database.Database;
  before(() => {
    db = createTestDatabase();
    seedRuns(db, Array.from({ length: 25 }, (_, i) => ({ id: `r${String(i).padStart(2, '0')}`, params: { lr: 0.1, seed: i < 24 ? 1 : 2 }, metrics: { acc: i / 25 } })));
  });
  after(() => db.close());

  it('serves pages of one sorted table, with the columns that differ judged over every matching run', () => {
    const pager = new RunsTablePager(() => db);
    const query = { filter: 'metrics.acc >= 0.2', sort: { column: 'metrics.acc', direction: 'asc' as const }, columns: ['params.lr', 'params.seed', 'metrics.acc'] };
    const first = pager.page(query, 0, 10);
    const last = pager.page(query, 10, 10);
    assert.equal(first.total, 20);
    assert.deepEqual(first.rows.map((r) => r.id), Array.from({ length: 10 }, (_, i) => `r${String(i + 5).padStart(2, '0')}`));
    assert.deepEqual([last.offset, last.rows.length, last.rows[9].id], [10, 10, 'r24']);
    assert.deepEqual(first.differingColumns, ['params.seed', 'metrics.acc'], 'seed differs only on the last page, yet the first page knows');
    assert.deepEqual(pager.page(query, 18, 10).rows.map((r) => r.id), ['r23', 'r24']);
  });

  it('reads the store again after invalidate, and refuses a bad filter with its position', () => {
    const pager = new RunsTablePager(() => db);
    assert.equal(pager.page({ filter: '' }, 0, 5).total, 25);
    seedRuns(db, [{ id: 'new' }]);
    assert.equal(pager.page({ filter: '' }, 0, 5).total, 25, 'the same query is served from the kept table');
    pager.invalidate();
    assert.equal(pager.page({ filter: '' }, 0, 5).total, 26);
    assert.throws(() => pager.page({ filter: 'metrics.acc >' }, 0, 5), (e: QueryError) => e instanceof QueryError && e.position === 13);
  });
});
