import { strict as assert } from 'node:assert';
import { UserError } from '../errors';
import { assertScriptExists, resolveInterpreter } from './interpreter';

describe('interpreters', () => {
  it('runs Python with the chosen interpreter and other types by the map', () => {
    assert.deepEqual(resolveInterpreter('train.py', { python: '/usr/bin/python3' }), ['/usr/bin/python3']);
    assert.deepEqual(resolveInterpreter('prep.sh'), ['bash']);
    assert.deepEqual(resolveInterpreter('x.PY', { overrides: { '.py': 'node --trace-warnings' } }), ['node', '--trace-warnings']);
  });

  it('says what to set for an unknown file type or a missing interpreter', () => {
    assert.throws(() => resolveInterpreter('model.xyz'), (e: unknown) => e instanceof UserError && /mlcycle.interpreters/.test(e.message));
    assert.throws(() => resolveInterpreter('train.py', { python: '/opt/none/python9' }), /"\/opt\/none\/python9" for \.py scripts was not found.*mlcycle.pythonPath/);
  });

  it('refuses a missing script with its path', () => {
    assert.throws(() => assertScriptExists('nope.py', '/tmp'), /The script nope.py does not exist in \/tmp/);
  });
});
