import { strict as assert } from 'node:assert';
import type { BiasVarianceTerm, BiasVarianceTermId } from '../../protocol/diagnostics';
import { biasVarianceTerms, biasVarianceVerdict } from './biasVariance';

const close = (actual: number | null, expected: number) => assert.ok(actual !== null && Math.abs(actual - expected) < 1e-9, `${actual} ≠ ${expected}`);
const term = (terms: BiasVarianceTerm[], id: BiasVarianceTermId) => terms.find((t) => t.id === id)!;

describe('bias/variance formulas (Machine Learning Yearning worked examples)', () => {
  it('baseline 14%, train 15%, dev 16% → avoidable bias 1%, variance 1%, work on both', () => {
    const terms = biasVarianceTerms({ baseline: 0.14, train: 0.15, trainDev: null, dev: 0.16, test: null });
    close(term(terms, 'avoidableBias').value, 0.01);
    close(term(terms, 'variance').value, 0.01);
    assert.equal(term(terms, 'variance').formula, 'dev − train');
    assert.equal(term(terms, 'dataMismatch').value, null);
    const verdict = biasVarianceVerdict(terms);
    assert.deepEqual(verdict.focus.sort(), ['avoidableBias', 'variance']);
    assert.match(verdict.summary, /about equal/);
    assert.ok(verdict.tryNext.includes('a bigger model (more layers or units)'));
    assert.ok(verdict.tryNext.includes('more training data'));
  });

  it('train 10%, train-dev 11%, dev 20% → variance 1%, data mismatch 9%, mismatch dominates', () => {
    const terms = biasVarianceTerms({ baseline: null, train: 0.1, trainDev: 0.11, dev: 0.2, test: null });
    close(term(terms, 'variance').value, 0.01);
    assert.equal(term(terms, 'variance').formula, 'train-dev − train');
    close(term(terms, 'dataMismatch').value, 0.09);
    assert.equal(term(terms, 'avoidableBias').value, null);
    const verdict = biasVarianceVerdict(terms);
    assert.deepEqual(verdict.focus, ['dataMismatch']);
    assert.match(verdict.summary, /^Data mismatch \(9\.0 points\) is the largest gap/);
    assert.ok(verdict.tryNext.some((t) => /more like the dev data/.test(t)));
    assert.ok(verdict.tryNext.some((t) => /synthesize/.test(t)));
  });

  it('reads each term with its inputs; test above dev is overfitting to dev', () => {
    const terms = biasVarianceTerms({ baseline: 0.01, train: 0.02, trainDev: 0.03, dev: 0.04, test: 0.1 });
    const overfit = term(terms, 'devOverfitting');
    assert.deepEqual(overfit.inputs, [{ name: 'test', value: 0.1 }, { name: 'dev', value: 0.04 }]);
    close(overfit.value, 0.06);
    const verdict = biasVarianceVerdict(terms);
    assert.deepEqual(verdict.focus, ['devOverfitting']);
    assert.ok(verdict.tryNext.includes('a bigger dev set'));
  });

  it('remarks on a train error below the baseline instead of calling it a gap', () => {
    const verdict = biasVarianceVerdict(biasVarianceTerms({ baseline: 0.05, train: 0.03, trainDev: null, dev: 0.1, test: null }));
    assert.deepEqual(verdict.focus, ['variance']);
    assert.ok(verdict.remarks.some((r) => /below the baseline/.test(r)));
  });

  it('says there is not enough to split when nothing is known', () => {
    const verdict = biasVarianceVerdict(biasVarianceTerms({ baseline: null, train: null, trainDev: null, dev: null, test: null }));
    assert.deepEqual(verdict.focus, []);
    assert.match(verdict.summary, /Not enough/);
  });
});
