import { strict as assert } from 'node:assert';
import { compileRunFilter } from '../../core/query';
import { createTestDatabase, seedRuns } from '../../core/compare/testSeed';
import { filterString, runIdsOf } from './runTargets';

describe('run command targets', () => {
  it('reads a run id, a node with runId, a list, and a tree selection that includes the clicked node', () => {
    assert.deepEqual(runIdsOf('a'), ['a']);
    assert.deepEqual(runIdsOf({ runId: 'a' }), ['a']);
    assert.deepEqual(runIdsOf(['a', { runId: 'b' }, 'a']), ['a', 'b']);
    assert.deepEqual(runIdsOf({ runId: 'b' }, [{ runId: 'a' }, { runId: 'b' }]), ['a', 'b']);
    assert.deepEqual(runIdsOf({ runId: 'c' }, [{ runId: 'a' }, { runId: 'b' }]), ['c'], 'a right-click outside the selection acts on that run only');
    assert.deepEqual(runIdsOf(undefined), []);
    assert.deepEqual(runIdsOf({ runId: 'a' }, 'new name'), ['a']);
  });

  it('quotes any experiment name so the filter matches exactly it', () => {
    const db = createTestDatabase();
    const name = 'odd "exp" \\ name';
    seedRuns(db, [{ id: 'x', experiment: name }, { id: 'y', experiment: 'other' }]);
    const { where, params } = compileRunFilter(`experiment = ${filterString(name)}`);
    assert.deepEqual(db.prepare(`SELECT r.id FROM runs r WHERE ${where}`).pluck().all(...params), ['x']);
    db.close();
  });
});
