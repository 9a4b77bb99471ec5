import { strict as assert } from 'node:assert';
import { UserError } from '../errors';
import { parseTagAssignment } from './tagInput';

describe('parseTagAssignment', () => {
  it('splits at the first "=" and trims both sides', () => {
    assert.deepEqual(parseTagAssignment('stage=prod'), { key: 'stage', value: 'prod' });
    assert.deepEqual(parseTagAssignment(' note = a=b '), { key: 'note', value: 'a=b' });
    assert.deepEqual(parseTagAssignment('empty='), { key: 'empty', value: '' });
  });
  it('says how to write a tag when it cannot read one', () => {
    assert.throws(() => parseTagAssignment('stage'), (e: Error) => e instanceof UserError && /key=value/.test(e.message));
    assert.throws(() => parseTagAssignment(' =x'), /a name before/);
    assert.throws(() => parseTagAssignment(`${'k'.repeat(300)}=x`), /longer than 250/);
  });
});
