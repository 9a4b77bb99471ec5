import { strict as assert } from 'node:assert';
import { CliError, parseArgs } from './command';

describe('cli parseArgs', () => {
  it('reads values, repeated values and boolean flags', () => {
    const parsed = parseArgs(['show', '--db=/x.db', '--param', 'a=1', '--param', 'b=2', '--json'], { valueFlags: ['db', 'param'], booleanFlags: ['json'] });
    assert.deepEqual(parsed.positional, ['show']);
    assert.deepEqual(parsed.flags.get('param'), ['a=1', 'b=2']);
    assert.deepEqual(parsed.flags.get('db'), ['/x.db']);
    assert.equal(parsed.flags.has('json'), true);
  });
  it('refuses an unknown flag and a flag without its value', () => {
    assert.throws(() => parseArgs(['--jsn'], { booleanFlags: ['json'] }), (e: unknown) => e instanceof CliError && /unknown option --jsn/.test(e.message));
    assert.throws(() => parseArgs(['--db'], { valueFlags: ['db'] }), /--db needs a value/);
  });
});
