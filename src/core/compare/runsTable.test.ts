import { strict as assert } from 'node:assert';
import type Database from 'better-sqlite3';
import { UserError } from '../errors';
import { QueryError } from '../query/errors';
import { loadRunsTable } from './runsTable';
import { createTestDatabase, seedRuns } from './testSeed';
import type { Cell, RunsTableModel } from './viewModels';

const t0 = 1_714_550_400_000;
const now = t0 + 3_600_000;
const xss = '<img src=x onerror=alert(1)>';

/** The cells of one column, by run id, in row order. */
function column(model: RunsTableModel, id: string): [string, Cell][] {
  const at = model.columns.findIndex((c) => c.id === id);
  assert.ok(at >= 0, `no column ${id} in ${model.columns.map((c) => c.id).join(', ')}`);
  return model.rows.map((row) => [row.id, row.cells[at]]);
}

describe('loadRunsTable', () => {
  let db: Database.Database;
  let text: number;
  before(() => {
    db = createTestDatabase();
    seedRuns(db, [
      { id: 'r1', name: 'run 2', experiment: 'vision', createdAt: t0, startedAt: t0, endedAt: t0 + 90_000,
        params: { model: 'cnn', lr: 0.01, layers: [64, 128] }, metrics: { acc: [0.5, 0.9], 'acc[dev]': [0.6, 0.8] }, tags: { stage: 'a' } },
      { id: 'r2', name: 'run 10', experiment: 'vision', createdAt: t0 + 1000,
        params: { model: 'mlp', lr: 0.1 }, metrics: { acc: [0.7, 0.95] }, tags: { stage: 'b' } },
      { id: 'r3', name: xss, experiment: 'vision', status: 'failed', createdAt: t0 + 2000,
        params: { model: 'cnn', lr: 0.001 }, metrics: { acc: [0.4, null] } },
      { id: 'r4', name: 'text run', experiment: 'text', createdAt: t0 + 3000, notes: 'hello',
        params: { model: 'cnn', lr: '0.05', 'learning rate': 1 }, rawParams: { raw: 'not json' }, metrics: { loss: [1, Infinity] } },
      { id: 'r5', name: 'fresh', experiment: 'text', status: 'running', createdAt: t0 + 4000, startedAt: now - 30_000, endedAt: null },
    ]);
    text = db.prepare("SELECT id FROM experiments WHERE name = 'text'").pluck().get() as number;
  });
  after(() => db.close());

  it('offers every attribute, metric aggregate, param and tag as a column, and shows a default set', () => {
    const model = loadRunsTable(db, { now });
    const available = model.availableColumns.map((c) => c.id);
    assert.deepEqual(available.filter((id) => !/^(metrics|params|tags)\./.test(id)).slice(0, 5), ['id', 'name', 'status', 'experiment', 'created']);
    assert.deepEqual(available.filter((id) => id.startsWith('metrics.')), [
      'metrics.acc', 'metrics.acc.min', 'metrics.acc.max', 'metrics.acc[dev]', 'metrics.acc[dev].min', 'metrics.acc[dev].max', 'metrics.loss', 'metrics.loss.min', 'metrics.loss.max',
    ]);
    assert.deepEqual(available.filter((id) => id.startsWith('params.') || id.startsWith('tags.')), ['params.layers', 'params.`learning rate`', 'params.lr', 'params.model', 'params.raw', 'tags.stage']);
    assert.deepEqual(model.columns.map((c) => c.id), [
      'name', 'status', 'experiment', 'created', 'duration', 'metrics.acc', 'metrics.acc[dev]', 'metrics.loss',
      'params.layers', 'params.`learning rate`', 'params.lr', 'params.model', 'params.raw', 'tags.stage',
    ]);
    const acc = model.availableColumns.find((c) => c.id === 'metrics.acc[dev].min');
    assert.deepEqual(acc, { id: 'metrics.acc[dev].min', label: 'acc [dev] (min)', kind: 'metric', key: 'acc', context: 'dev', aggregate: 'min' });
  });

  it('lists runs newest first with identity, duration and cells as stored', () => {
    const model = loadRunsTable(db, { now });
    assert.deepEqual(model.rows.map((r) => r.id), ['r5', 'r4', 'r3', 'r2', 'r1']);
    assert.equal(model.total, 5);
    assert.equal(model.totalInScope, 5);
    const r1 = model.rows[4];
    assert.deepEqual({ ...r1, cells: undefined }, { id: 'r1', name: 'run 2', status: 'finished', experiment: 'vision', experimentId: r1.experimentId, created: t0, duration: 90, cells: undefined });
    assert.equal(model.rows[0].duration, 30, 'a running run lasts until now');
    assert.deepEqual(column(model, 'metrics.acc'), [['r5', null], ['r4', null], ['r3', 'NaN'], ['r2', 0.95], ['r1', 0.9]]);
    assert.deepEqual(column(model, 'metrics.loss'), [['r5', null], ['r4', 'Infinity'], ['r3', null], ['r2', null], ['r1', null]]);
    assert.deepEqual(column(model, 'params.lr').map(([, v]) => v), [null, '0.05', 0.001, 0.1, 0.01]);
    assert.deepEqual(column(model, 'params.layers')[4], ['r1', '[64,128]']);
    assert.deepEqual(column(model, 'params.raw')[1], ['r4', 'not json']);
    assert.deepEqual(column(model, 'name')[2], ['r3', xss], 'a name is text, kept exactly');
  });

  it('shows chosen columns in the order asked, including min/max and attributes', () => {
    const model = loadRunsTable(db, { now, columns: ['metrics.acc.min', 'metrics.acc[dev].max', 'notes', 'name', 'metrics.acc.min'], sort: { column: 'name', direction: 'asc' } });
    assert.deepEqual(model.columns.map((c) => c.id), ['metrics.acc.min', 'metrics.acc[dev].max', 'notes', 'name']);
    assert.deepEqual(model.rows.map((r) => r.cells), [
      [0.4, null, null, xss],
      [null, null, null, 'fresh'],
      [0.5, 0.8, null, 'run 2'],
      [0.7, null, null, 'run 10'],
      [null, null, 'hello', 'text run'],
    ]);
  });

  it('sorts by any column, numbers numerically, missing and NaN last both ways', () => {
    const ids = (column: string, direction: 'asc' | 'desc') => loadRunsTable(db, { now, sort: { column, direction } }).rows.map((r) => r.id);
    assert.deepEqual(ids('metrics.acc', 'asc'), ['r1', 'r2', 'r3', 'r5', 'r4'], 'NaN, then missing (newest first)');
    assert.deepEqual(ids('metrics.acc', 'desc'), ['r2', 'r1', 'r3', 'r5', 'r4']);
    assert.deepEqual(ids('params.lr', 'asc'), ['r3', 'r1', 'r2', 'r4', 'r5'], 'numbers before text, missing last');
    assert.deepEqual(ids('params.lr', 'desc'), ['r4', 'r2', 'r1', 'r3', 'r5']);
    assert.deepEqual(ids('metrics.acc.min', 'desc'), ['r2', 'r1', 'r3', 'r5', 'r4']);
    assert.deepEqual(ids('metrics.loss', 'desc'), ['r4', 'r5', 'r3', 'r2', 'r1'], 'Infinity is a number');
  });

  it('sorts text naturally and by a column that is not shown', () => {
    const model = loadRunsTable(db, { now, columns: ['name'], sort: { column: 'metrics.acc[dev].max', direction: 'asc' } });
    assert.deepEqual(model.rows.map((r) => r.cells), [['run 2'], ['fresh'], ['text run'], [xss], ['run 10']]);
    assert.deepEqual(model.sort, { column: 'metrics.acc[dev].max', direction: 'asc' });
    const byName = loadRunsTable(db, { now, filter: 'experiment = "vision"', sort: { column: 'name', direction: 'asc' } });
    assert.deepEqual(byName.rows.map((r) => r.name), [xss, 'run 2', 'run 10']);
  });

  it('filters, counts, scopes to an experiment, and pages', () => {
    const filtered = loadRunsTable(db, { now, filter: 'params.model = "cnn"' });
    assert.deepEqual(filtered.rows.map((r) => r.id), ['r4', 'r3', 'r1']);
    assert.deepEqual([filtered.total, filtered.totalInScope, filtered.filter], [3, 5, 'params.model = "cnn"']);
    const page = loadRunsTable(db, { now, offset: 1, limit: 2 });
    assert.deepEqual([page.rows.map((r) => r.id), page.total, page.offset], [['r4', 'r3'], 5, 1]);
    const scoped = loadRunsTable(db, { now, experimentId: text });
    assert.deepEqual(scoped.rows.map((r) => r.id), ['r5', 'r4']);
    assert.equal(scoped.totalInScope, 2);
    assert.deepEqual(scoped.availableColumns.filter((c) => c.kind !== 'attribute').map((c) => c.id), [
      'metrics.loss', 'metrics.loss.min', 'metrics.loss.max', 'params.`learning rate`', 'params.lr', 'params.model', 'params.raw',
    ]);
  });

  it('names the columns whose value differs across the rows shown', () => {
    const model = loadRunsTable(db, { now, filter: 'params.model = "cnn" and experiment = "vision"', columns: ['name', 'params.model', 'params.lr', 'tags.stage', 'metrics.loss'] });
    assert.deepEqual(model.differingColumns, ['name', 'params.lr', 'tags.stage'], 'stage: one run has it, one not');
    assert.deepEqual(loadRunsTable(db, { now, filter: 'id = "r1"' }).differingColumns, []);
  });

  it('reports what each column holds', () => {
    const model = loadRunsTable(db, { now, columns: ['created', 'duration', 'metrics.acc', 'params.lr', 'params.model', 'params.layers', 'tags.stage', 'notes', 'metrics.nothing'] });
    assert.deepEqual(model.columns.map((c) => c.valueType), ['time', 'number', 'number', 'mixed', 'text', 'text', 'text', 'text', 'empty']);
  });

  it('warns about filter terms that can match no run', () => {
    const model = loadRunsTable(db, { now, filter: 'metrics.acc[train] > 0.5 or params.modle = "cnn" or metrics.acc > 0 or tags.stage = "a" or metrics.los < 1' });
    assert.deepEqual(model.warnings, [
      'metrics.acc[train] matches no run: acc is logged as metrics.acc, metrics.acc[dev]',
      "params.modle matches no run: no run here has the param 'modle'; did you mean 'model'?",
      "metrics.los matches no run: no run here has the metric 'los'; did you mean 'loss'?",
    ]);
    assert.deepEqual(loadRunsTable(db, { now, filter: 'metrics.acc.max > 0.5' }).warnings, []);
  });

  it('reads keys named like Object.prototype members as plain keys', () => {
    const own = createTestDatabase();
    seedRuns(own, [{ id: 'p1', params: { __proto__x: 1 }, rawParams: { ['__proto__']: '"proto"' }, tags: { constructor: 'built' } }, { id: 'p2', params: { a: 1, b: 2, c: 3, d: 4, e: 5 } }]);
    const model = loadRunsTable(own, { columns: ['params.__proto__', 'params.constructor', 'params.toString', 'tags.constructor', 'tags.__proto__', 'tags.hasOwnProperty'], sort: { column: 'id', direction: 'asc' } });
    assert.deepEqual(model.rows.map((r) => r.cells), [['proto', null, null, 'built', null, null], [null, null, null, null, null, null]]);
    own.close();
  });

  it('refuses a bad filter, column, sort or page with a UserError', () => {
    assert.throws(() => loadRunsTable(db, { filter: 'metrics.acc >' }), (e: unknown) => e instanceof QueryError && /expected a value after '>'/.test(e.message));
    assert.throws(() => loadRunsTable(db, { columns: ['params.lr', 'parms.x'] }), (e: unknown) => e instanceof QueryError && /unknown field prefix 'parms'/.test(e.message));
    assert.throws(() => loadRunsTable(db, { sort: { column: 'metrics.', direction: 'asc' } }), QueryError);
    assert.throws(() => loadRunsTable(db, { sort: { column: 'name', direction: 'up' as 'asc' } }), (e: unknown) => e instanceof UserError && /"asc" or "desc"/.test(e.message));
    assert.throws(() => loadRunsTable(db, { limit: -1 }), /limit must be a whole number/);
  });
});
