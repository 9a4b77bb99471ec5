import { strict as assert } from 'node:assert';
import { UserError } from '../errors';
import { expandGrid, paramsToArgs, parseParams, splitParamText } from './params';

describe('run parameters', () => {
  it('keeps quoted spaces, quotes and non-ASCII text intact', () => {
    assert.deepEqual(parseParams(`name="my first run" note='it\\'s "fine"' city=Zürich 名前=テスト`), {
      name: 'my first run',
      note: `it's "fine"`,
      city: 'Zürich',
      名前: 'テスト',
    });
  });

  it('types numbers, booleans, null and JSON lists', () => {
    assert.deepEqual(parseParams('lr=0.01 epochs=10 big=1e-3 neg=-2 flag=true none=null layers=[64, 32] tags=["a b","c"]'), {
      lr: 0.01, epochs: 10, big: 0.001, neg: -2, flag: true, none: null, layers: [64, 32], tags: ['a b', 'c'],
    });
  });

  it('reads unquoted lists of words', () => {
    assert.deepEqual(parseParams('model=[cnn,mlp]'), { model: ['cnn', 'mlp'] });
  });

  it('refuses a token without =, a bad key and an unclosed quote, saying what to type', () => {
    assert.throws(() => parseParams('lr 0.1'), (e: unknown) => e instanceof UserError && /"lr" is not a key=value pair/.test(e.message));
    assert.throws(() => parseParams('1x=2'), /not a valid parameter name/);
    assert.throws(() => parseParams('name="open'), /quote \(\"\) is not closed/);
    assert.throws(() => parseParams('lr=[0.1,0.2'), /bracket is not closed/);
  });

  it('splits on any whitespace but not inside brackets', () => {
    assert.deepEqual(splitParamText('  a=1\tb=[1, 2]\n c=3 '), ['a=1', 'b=[1, 2]', 'c=3']);
  });

  it('expands lists into the cartesian grid of runs', () => {
    const grid = expandGrid({ lr: [0.1, 0.01], depth: [3, 5], seed: 1 });
    assert.equal(grid.length, 4);
    assert.deepEqual(grid[0], { lr: 0.1, depth: 3, seed: 1 });
    assert.deepEqual(grid[3], { lr: 0.01, depth: 5, seed: 1 });
    assert.deepEqual(expandGrid({ lr: 0.1 }), [{ lr: 0.1 }]);
    assert.throws(() => expandGrid({ lr: [] }), /list for "lr" is empty/);
  });

  it('passes parameters to scripts as separate arguments, never one shell string', () => {
    assert.deepEqual(paramsToArgs({ name: 'my run', lr: 0.1, layers: [1, 2] }), ['--name', 'my run', '--lr', '0.1', '--layers', '[1,2]']);
  });
});
