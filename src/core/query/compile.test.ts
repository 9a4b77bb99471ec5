import { strict as assert } from 'node:assert';
import type Database from 'better-sqlite3';
import { createTestDatabase, seedRuns } from '../compare/testSeed';
import { compileRunFilter, globPattern } from './compile';

const now = 1_700_000_500_000;

describe('compileRunFilter on a real store', () => {
  let db: Database.Database;
  const matching = (query: string): string[] => {
    const { where, params } = compileRunFilter(query, { now });
    return (db.prepare(`SELECT r.id FROM runs r WHERE ${where} ORDER BY r.id`).pluck().all(...params) as string[]);
  };

  before(() => {
    db = createTestDatabase();
    seedRuns(db, [
      { id: 'r1', name: 'resnet-50', experiment: 'vision', createdAt: new Date(2024, 4, 1, 9).getTime(), startedAt: now - 600_000, endedAt: now - 300_000,
        params: { model: 'cnn', lr: 0.01, epochs: 10 }, tags: { stage: 'a', seed: '7' }, metrics: { acc: [0.5, 0.95], 'acc[dev]': 0.8 } },
      { id: 'r2', name: 'mlp_small', experiment: 'vision', status: 'failed', createdAt: new Date(2024, 4, 2, 9).getTime(),
        params: { model: 'mlp', lr: 0.1, epochs: 3 }, tags: { stage: 'b', seed: '11' }, metrics: { acc: 0.85, 'acc[dev]': [0.7, 0.75] } },
      { id: 'r3', name: 'ResNet-18', experiment: 'text', notes: 'best so far', createdAt: new Date(2024, 4, 3, 9).getTime(),
        params: { model: 'cnn', lr: '0.001' }, tags: { stage: 'c' }, metrics: { acc: [0.92, 0.91] } },
      { id: 'r4', name: '50% run', experiment: 'text', status: 'running', createdAt: new Date(2024, 4, 4, 9).getTime(), startedAt: now - 120_000, endedAt: null,
        tags: { stage: 'a' }, metrics: { acc: null, loss: [1, Infinity] } },
      { id: 'r5', name: "x'; DROP TABLE runs; --", status: 'queued', createdAt: new Date(2024, 4, 5, 9).getTime(), startedAt: null,
        rawParams: { model: 'cnn' }, params: { use_bn: true, layers: [64, 128], 'learning rate': 0.3, 'optimizer.lr': 0.2, nothing: null } },
    ]);
  });
  after(() => db.close());

  it('matches every run for an empty query', () => {
    assert.deepEqual(matching(''), ['r1', 'r2', 'r3', 'r4', 'r5']);
  });

  it('runs the issue example with the right precedence', () => {
    assert.deepEqual(matching('metrics.acc > 0.9 and (params.model = "cnn" or tags.stage in ("a", "b"))'), ['r1', 'r3']);
    assert.deepEqual(matching('metrics.acc > 0.9 and params.model = "cnn" or tags.stage in ("a", "b")'), ['r1', 'r2', 'r3', 'r4']);
    assert.deepEqual(matching('not tags.stage = "a" and metrics.acc > 0'), ['r2', 'r3']);
  });

  it('compares numbers numerically, including numbers stored as text', () => {
    assert.deepEqual(matching('params.lr < 0.05'), ['r1', 'r3']);
    assert.deepEqual(matching('params.lr >= 0.01'), ['r1', 'r2']);
    assert.deepEqual(matching('params.epochs > 9'), ['r1'], '10 > 9 numerically, though "10" < "9" as text');
    assert.deepEqual(matching('tags.seed > 9'), ['r2']);
    assert.deepEqual(matching('params.lr = 0.001'), ['r3']);
    assert.deepEqual(matching('params.lr = "0.001"'), ['r3']);
    assert.deepEqual(matching('params.epochs = "10"'), ['r1'], 'a string compares with the text of a number');
  });

  it('compares strings as text, case-sensitively', () => {
    assert.deepEqual(matching('params.model = "cnn"'), ['r1', 'r3', 'r5'], 'r5 holds cnn as non-JSON text');
    assert.deepEqual(matching("params.model != 'cnn'"), ['r2']);
    assert.deepEqual(matching('params.model = "CNN"'), []);
    assert.deepEqual(matching('name > "r"'), ['r1', 'r5']);
  });

  it('supports each comparison operator on metrics, with last, min, max and contexts', () => {
    assert.deepEqual(matching('metrics.acc = 0.85'), ['r2']);
    assert.deepEqual(matching('metrics.acc != 0.85'), ['r1', 'r3']);
    assert.deepEqual(matching('metrics.acc <= 0.91'), ['r2', 'r3']);
    assert.deepEqual(matching('metrics.acc.max >= 0.92'), ['r1', 'r3']);
    assert.deepEqual(matching('metrics.acc.min < 0.6'), ['r1']);
    assert.deepEqual(matching('metrics.acc[dev] > 0.72'), ['r1', 'r2']);
    assert.deepEqual(matching('metrics.acc[dev].min < 0.72'), ['r2']);
    assert.deepEqual(matching('metrics.loss > 1e308'), ['r4'], 'an infinite last value compares as infinite');
  });

  it('treats a missing value as not matching, so not and != differ', () => {
    assert.deepEqual(matching('params.model != "mlp"'), ['r1', 'r3', 'r5']);
    assert.deepEqual(matching('not params.model = "mlp"'), ['r1', 'r3', 'r4', 'r5']);
    assert.deepEqual(matching('metrics.acc < 2'), ['r1', 'r2', 'r3'], 'a NaN last value matches no comparison');
    assert.deepEqual(matching('duration > 0'), ['r1', 'r2', 'r3', 'r4']);
  });

  it('tests missing values with is null and is not null', () => {
    assert.deepEqual(matching('params.model is null'), ['r4']);
    assert.deepEqual(matching('params.nothing is null'), ['r1', 'r2', 'r3', 'r4', 'r5'], 'a JSON null counts as missing');
    assert.deepEqual(matching('metrics.acc is not null'), ['r1', 'r2', 'r3', 'r4'], 'a NaN metric is present');
    assert.deepEqual(matching('metrics.acc[dev] is null'), ['r3', 'r4', 'r5']);
    assert.deepEqual(matching('notes is not null'), ['r3']);
    assert.deepEqual(matching('tags.stage is null'), ['r5']);
  });

  it('supports in and not in with numbers, strings and mixed lists', () => {
    assert.deepEqual(matching('tags.stage in ("a")'), ['r1', 'r4']);
    assert.deepEqual(matching('tags.stage not in ("a", "b")'), ['r3']);
    assert.deepEqual(matching('params.epochs in (3, 10)'), ['r1', 'r2']);
    assert.deepEqual(matching('params.lr in (0.1, "0.001")'), ['r2', 'r3']);
    assert.deepEqual(matching('status in ("Failed", "running")'), ['r2', 'r4']);
    assert.deepEqual(matching('metrics.acc not in (0.95, 0.85)'), ['r3']);
  });

  it('matches like case-sensitively and ilike case-insensitively, with escapes', () => {
    assert.deepEqual(matching('name like "res%"'), ['r1']);
    assert.deepEqual(matching('name ilike "res%"'), ['r1', 'r3']);
    assert.deepEqual(matching('name like "ResNet-1_"'), ['r3']);
    assert.deepEqual(matching('name not like "%net%"'), ['r2', 'r3', 'r4', 'r5']);
    assert.deepEqual(matching('name like "50\\%%"'), ['r4'], 'an escaped % is literal');
    assert.deepEqual(matching('name like "%\\%%"'), ['r4']);
    assert.deepEqual(matching('name ilike "50\\% RUN"'), ['r4']);
    assert.deepEqual(matching('name like "mlp\\_%"'), ['r2']);
    assert.deepEqual(matching('name like "mlp[_]%"'), [], 'glob brackets in a like pattern are literal');
    assert.deepEqual(matching('params.layers like "[64,%"'), ['r5'], 'an array param matches as its JSON text');
  });

  it('matches booleans, quoted keys and dotted keys', () => {
    assert.deepEqual(matching('params.use_bn = true'), ['r5']);
    assert.deepEqual(matching('params.use_bn != false'), ['r5']);
    assert.deepEqual(matching('params.`learning rate` > 0.2'), ['r5']);
    assert.deepEqual(matching('params.optimizer.lr = 0.2'), ['r5']);
    assert.deepEqual(matching('params.layers = "[64,128]"'), ['r5']);
  });

  it('compares run attributes: experiment, status, times, duration', () => {
    assert.deepEqual(matching('experiment = "text"'), ['r3', 'r4']);
    assert.deepEqual(matching('status = "running"'), ['r4']);
    assert.deepEqual(matching('created >= "2024-05-02"'), ['r2', 'r3', 'r4', 'r5']);
    assert.deepEqual(matching('created < "2024-05-02 12:00" and created > "2024-05-01T08:59"'), ['r1', 'r2']);
    assert.deepEqual(matching(`created = ${new Date(2024, 4, 1, 9).getTime()}`), ['r1']);
    assert.deepEqual(matching('duration >= 300'), ['r1']);
    assert.deepEqual(matching('duration < 200'), ['r2', 'r3', 'r4'], 'a running run lasts until now');
    assert.deepEqual(matching('id = "r2" or ID = "r3"'), ['r2', 'r3']);
  });

  it('keeps injection attempts as data', () => {
    assert.deepEqual(matching(`name = "x'; DROP TABLE runs; --"`), ['r5']);
    assert.deepEqual(matching(`params.\`model') OR 1=1 --\` = "cnn"`), []);
    assert.deepEqual(matching(`tags.stage = "a\\" OR 1=1 --"`), []);
    assert.deepEqual(matching(`name like "%' OR '1'='1"`), []);
    const { where, params } = compileRunFilter(`name = "x'; DROP TABLE runs; --" or params.\`a'b\` = 1`);
    assert.ok(!where.includes('DROP') && !where.includes("a'b"), where);
    assert.deepEqual(params, ["x'; DROP TABLE runs; --", "a'b", 1]);
    assert.equal(db.prepare('SELECT count(*) FROM runs').pluck().get(), 5);
  });

  it('runs a chain of thousands of terms and a list of thousands of values', () => {
    const names = Array.from({ length: 3000 }, (_, i) => `"n${i}"`);
    assert.deepEqual(matching(names.map((n) => `name = ${n}`).join(' or ') + ' or name = "resnet-50"'), ['r1']);
    assert.deepEqual(matching(`name in (${names.join(', ')}, "mlp_small") and tags.stage in (${names.join(', ')}, "b")`), ['r2']);
  });

  it('translates like patterns to case-sensitive glob', () => {
    assert.equal(globPattern('a%b_c'), 'a*b?c');
    assert.equal(globPattern('*?[x]'), '[*][?][[]x]');
    assert.equal(globPattern('100\\%\\_'), '100%_');
  });
});
