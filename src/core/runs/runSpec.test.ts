import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRunConfigs, parseSpecText, validateRunSpec } from './runSpec';

describe('run specs', () => {
  it('reads saved configurations from mlcycle.yaml', () => {
    const root = mkdtempSync(join(tmpdir(), 'mlcycle-spec-'));
    writeFileSync(join(root, 'mlcycle.yaml'), 'runs:\n  - name: small\n    script: train.py\n    params: { lr: [0.1, 0.01], depth: 3 }\n    tags: { stage: baseline }\n');
    const configs = loadRunConfigs(root)!;
    assert.equal(configs.specs.length, 1);
    assert.deepEqual(configs.specs[0], { name: 'small', script: 'train.py', params: { lr: [0.1, 0.01], depth: 3 }, tags: { stage: 'baseline' }, experiment: undefined });
  });

  it('says which field is wrong', () => {
    assert.throws(() => validateRunSpec({ params: {} }, 'cell 2'), /cell 2: "script" is required/);
    assert.throws(() => validateRunSpec({ script: 'a.py', parms: {} }, 'cell 2'), /unknown field "parms"/);
    assert.throws(() => validateRunSpec({ script: 'a.py', params: [1] }, 'cell 2'), /"params" must be a mapping/);
    assert.throws(() => validateRunSpec('train.py', 'cell 2'), /expected a mapping/);
  });

  it('gives the line of a YAML syntax error', () => {
    assert.throws(() => parseSpecText('script: a.py\nparams: {lr: [1, 2}\n', 'cell 3'), /cell 3, line 2: not valid YAML/);
  });
});
