import { strict as assert } from 'node:assert';
import type Database from 'better-sqlite3';
import { QueryError } from '../query/errors';
import { loadMetricParamScatter, loadParallelCoordinates } from './parallel';
import { createTestDatabase, seedRuns } from './testSeed';

describe('parallel coordinates and scatter models', () => {
  let db: Database.Database;
  before(() => {
    db = createTestDatabase();
    seedRuns(db, [
      { id: 'a', name: 'A', params: { lr: 0.1, model: 'mlp', depth: 3, seed: 7 }, metrics: { acc: [0.5, 0.8], 'acc[dev]': 0.7 } },
      { id: 'b', name: 'B', params: { lr: 0.001, model: 'cnn', depth: 'auto', seed: 7 }, metrics: { acc: 0.9, 'acc[dev]': 0.85 } },
      { id: 'c', name: 'C', params: { lr: 0.01, model: 'cnn', seed: 7 }, metrics: { acc: null } },
      { id: 'd', name: 'D', params: { lr: 0.05, model: 'mlp', depth: 5, seed: 7 } },
    ]);
  });
  after(() => db.close());

  it('draws an axis per varying param and the metric last, one line per run', () => {
    const model = loadParallelCoordinates(db, { runIds: ['a', 'b', 'c', 'd', 'gone'], metric: 'metrics.acc' });
    assert.deepEqual(model.axes, [
      { id: 'params.depth', label: 'depth', kind: 'param', type: 'categorical', categories: ['3', '5', 'auto'] },
      { id: 'params.lr', label: 'lr', kind: 'param', type: 'numeric', min: 0.001, max: 0.1, logSuggested: true },
      { id: 'params.model', label: 'model', kind: 'param', type: 'categorical', categories: ['cnn', 'mlp'] },
      { id: 'metrics.acc', label: 'acc', kind: 'metric', type: 'numeric', min: 0.8, max: 0.9, logSuggested: false },
    ]);
    assert.deepEqual(model.lines, [
      { runId: 'a', runName: 'A', values: [0, 0.1, 1, 0.8] },
      { runId: 'b', runName: 'B', values: [2, 0.001, 0, 0.9] },
      { runId: 'c', runName: 'C', values: [null, 0.01, 0, null] },
      { runId: 'd', runName: 'D', values: [1, 0.05, 1, null] },
    ]);
    assert.deepEqual(model.missingRunIds, ['gone']);
  });

  it('keeps constant params when asked, and exactly the params named', () => {
    const all = loadParallelCoordinates(db, { runIds: ['a', 'b'], metric: 'metrics.acc[dev]', includeConstant: true });
    assert.deepEqual(all.axes.map((a) => a.id), ['params.depth', 'params.lr', 'params.model', 'params.seed', 'metrics.acc[dev]']);
    const named = loadParallelCoordinates(db, { runIds: ['a', 'b'], metric: 'metrics.acc.max', params: ['params.seed', 'params.lr'] });
    assert.deepEqual(named.axes.map((a) => a.id), ['params.seed', 'params.lr', 'metrics.acc.max']);
    assert.deepEqual(named.lines.map((l) => l.values), [[7, 0.1, 0.8], [7, 0.001, 0.9]]);
  });

  it('places a metric against a param, leaving out runs without both values', () => {
    const scatter = loadMetricParamScatter(db, { runIds: ['a', 'b', 'c', 'd'], param: 'params.lr', metric: 'metrics.acc' });
    assert.deepEqual(scatter.points, [{ runId: 'a', runName: 'A', x: 0.1, y: 0.8 }, { runId: 'b', runName: 'B', x: 0.001, y: 0.9 }]);
    assert.deepEqual(scatter.incompleteRunIds, ['c', 'd']);
    assert.equal(scatter.x.type, 'numeric');
    const byModel = loadMetricParamScatter(db, { runIds: ['a', 'b'], param: 'params.model', metric: 'metrics.acc' });
    assert.deepEqual(byModel.x, { id: 'params.model', label: 'model', kind: 'param', type: 'categorical', categories: ['cnn', 'mlp'] });
    assert.deepEqual(byModel.points.map((p) => [p.x, p.y]), [[1, 0.8], [0, 0.9]]);
  });

  it('refuses a column it cannot read or the same column twice', () => {
    assert.throws(() => loadParallelCoordinates(db, { runIds: ['a'], metric: 'metric acc' }), QueryError);
    assert.throws(() => loadMetricParamScatter(db, { runIds: ['a'], param: 'metrics.acc', metric: 'metrics.acc' }), /two different columns/);
  });
});
