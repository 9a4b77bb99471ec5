import { strict as assert } from 'node:assert';
import { UserError } from '../errors';
import { parseCellSpec } from './cellSpec';

describe('notebook cell specs', () => {
  it('reads a run spec in YAML, lists in params kept for a sweep', () => {
    const parsed = parseCellSpec('name: lr sweep\nscript: train.py\nparams:\n  lr: [0.1, 0.01]\n  epochs: 3\ntags: { stage: sweep }');
    assert.deepEqual(parsed, { kind: 'run', spec: { name: 'lr sweep', script: 'train.py', params: { lr: [0.1, 0.01], epochs: 3 }, tags: { stage: 'sweep' }, experiment: undefined } });
  });

  it('reads a run spec in JSON', () => {
    const parsed = parseCellSpec('{"script": "train.py", "params": {"epochs": 3}}');
    assert.equal(parsed.kind, 'run');
    assert.deepEqual(parsed.kind === 'run' && parsed.spec.params, { epochs: 3 });
  });

  it('reads a comparison: a list of cells or "all", a metric and a context', () => {
    assert.deepEqual(parseCellSpec('compare: [run1, baseline]\nmetric: accuracy\ncontext: dev'), { kind: 'compare', compare: { cells: ['run1', 'baseline'], metric: 'accuracy', context: 'dev' } });
    assert.deepEqual(parseCellSpec('compare: all'), { kind: 'compare', compare: { cells: 'all', metric: undefined, context: undefined } });
    assert.deepEqual(parseCellSpec('compare: run2'), { kind: 'compare', compare: { cells: ['run2'], metric: undefined, context: undefined } });
  });

  it('says which field is wrong and what to write', () => {
    const cases: [string, RegExp][] = [
      ['', /This cell is empty: write a run spec in YAML or JSON, e\.g\./],
      ['params: {lr: 1}', /"script" is required and must be a path, e\.g\. script: train\.py/],
      ['script: train.py\nparams: [1, 2]', /"params" must be a mapping of names to values/],
      ['script: train.py\nepoch: 3', /unknown field "epoch"; the fields are name, script, params, tags, experiment/],
      ['script: train.py\ntags: [a]', /"tags" must be a mapping/],
      ['- script: train.py', /expected a mapping of fields/],
      ['script: train.py\n  params: : x', /This cell, line \d: not valid YAML or JSON/],
      ['compare: []', /"compare" must be "all" or a list of earlier cells' ids or run names/],
      ['compare: all\nmetric: 3', /"metric" must be a metric name, e\.g\. metric: accuracy/],
      ['compare: all\nmetrics: acc', /unknown field "metrics" in a comparison; its fields are compare, metric, context/],
    ];
    for (const [text, message] of cases) assert.throws(() => parseCellSpec(text), (e: Error) => e instanceof UserError && message.test(e.message), text);
  });
});
