import { strict as assert } from 'node:assert';
import { resolveStorePath } from './location';

describe('resolveStorePath', () => {
  it('defaults to .mlcycle/mlcycle.db in the workspace', () => {
    assert.equal(resolveStorePath('/ws', { env: {} }), '/ws/.mlcycle/mlcycle.db');
  });
  it('takes MLCYCLE_DB over the default and an explicit path over both', () => {
    assert.equal(resolveStorePath('/ws', { env: { MLCYCLE_DB: '/data/runs.db' } }), '/data/runs.db');
    assert.equal(resolveStorePath('/ws', { env: { MLCYCLE_DB: 'rel.db' } }), '/ws/rel.db');
    assert.equal(resolveStorePath('/ws', { explicit: '/x.db', env: { MLCYCLE_DB: '/data/runs.db' } }), '/x.db');
  });
});
