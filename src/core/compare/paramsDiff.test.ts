import { strict as assert } from 'node:assert';
import type Database from 'better-sqlite3';
import { loadParamsDiff } from './paramsDiff';
import { createTestDatabase, seedRuns } from './testSeed';

describe('loadParamsDiff', () => {
  let db: Database.Database;
  before(() => {
    db = createTestDatabase();
    seedRuns(db, [
      { id: 'a', name: 'first', params: { lr: 0.1, model: 'cnn', layers: [64, 128], seed: 1 } },
      { id: 'b', name: 'second', params: { lr: 0.01, model: 'cnn', layers: [64, 128] }, rawParams: { seed: '1.0' } },
      { id: 'c', name: 'third', params: { lr: 0.1, model: 'cnn', layers: [64, 256], seed: 1, extra: true } },
    ]);
  });
  after(() => db.close());

  it('lines up every param of the runs, in the order the runs were picked, marking those that differ', () => {
    const model = loadParamsDiff(db, ['c', 'a', 'b']);
    assert.deepEqual(model.runs, [{ id: 'c', name: 'third' }, { id: 'a', name: 'first' }, { id: 'b', name: 'second' }]);
    assert.deepEqual(model.rows, [
      { key: 'extra', columnId: 'params.extra', values: [true, null, null], differs: true },
      { key: 'layers', columnId: 'params.layers', values: ['[64,256]', '[64,128]', '[64,128]'], differs: true },
      { key: 'lr', columnId: 'params.lr', values: [0.1, 0.1, 0.01], differs: true },
      { key: 'model', columnId: 'params.model', values: ['cnn', 'cnn', 'cnn'], differs: false },
      { key: 'seed', columnId: 'params.seed', values: [1, 1, 1], differs: false }, // 1.0 is the number 1
    ]);
    assert.equal(model.changedCount, 3);
  });

  it('shows nothing as changed for runs that agree, and lists runs that are gone', () => {
    const model = loadParamsDiff(db, ['a', 'gone', 'a']);
    assert.deepEqual(model.runs.map((r) => r.id), ['a']);
    assert.deepEqual(model.missingRunIds, ['gone']);
    assert.equal(model.changedCount, 0);
    assert.equal(model.rows.length, 4);
  });
});
