import type { BiasVarianceTerm, BiasVarianceTermId, BiasVarianceVerdict } from '../../protocol/diagnostics';

/** Errors as fractions; null when not logged. */
export interface ErrorLevels {
  baseline: number | null;
  train: number | null;
  trainDev: number | null;
  dev: number | null;
  test: number | null;
}

/** Subtraction without float noise: 0.15 − 0.14 reads 0.01, not 0.009999999999999995. */
function gap(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : Math.round((a - b) * 1e12) / 1e12;
}

/** Machine Learning Yearning's split of the dev error into avoidable bias, variance, data mismatch and dev overfitting. */
export function biasVarianceTerms(levels: ErrorLevels): BiasVarianceTerm[] {
  const { baseline, train, trainDev, dev, test } = levels;
  const variance: BiasVarianceTerm = trainDev !== null
    ? { id: 'variance', label: 'Variance', formula: 'train-dev − train', inputs: [{ name: 'train-dev', value: trainDev }, { name: 'train', value: train }], value: gap(trainDev, train) }
    : { id: 'variance', label: 'Variance', formula: 'dev − train', inputs: [{ name: 'dev', value: dev }, { name: 'train', value: train }], value: gap(dev, train) };
  return [
    { id: 'avoidableBias', label: 'Avoidable bias', formula: 'train − baseline', inputs: [{ name: 'train', value: train }, { name: 'baseline', value: baseline }], value: gap(train, baseline) },
    variance,
    { id: 'dataMismatch', label: 'Data mismatch', formula: 'dev − train-dev', inputs: [{ name: 'dev', value: dev }, { name: 'train-dev', value: trainDev }], value: gap(dev, trainDev) },
    { id: 'devOverfitting', label: 'Overfitting to dev', formula: 'test − dev', inputs: [{ name: 'test', value: test }, { name: 'dev', value: dev }], value: gap(test, dev) },
  ];
}

const meaning: Record<BiasVarianceTermId, string> = {
  avoidableBias: 'the model fits the training set worse than the baseline says is possible',
  variance: 'the model does worse on unseen examples than on the ones it was trained on',
  dataMismatch: 'the model does worse on dev data than on unseen data like its training data, so the two differ',
  devOverfitting: 'the model does worse on test than on dev, so the choices tuned on the dev set overfit it',
};

const advice: Record<BiasVarianceTermId, string[]> = {
  avoidableBias: ['a bigger model (more layers or units)', 'train longer or with a better optimiser', 'a better architecture or better features', 'less regularisation'],
  variance: ['more training data', 'regularisation (L2, dropout, data augmentation)', 'early stopping', 'a smaller model or fewer features'],
  dataMismatch: ['make the training data more like the dev data (collect or reweight examples like it)', 'synthesize training examples that look like dev data', 'read dev errors to see how the data differ'],
  devOverfitting: ['a bigger dev set', 'stop tuning on this dev set and keep a fresh one'],
};

const negativeRemark: Record<BiasVarianceTermId, string> = {
  avoidableBias: 'Train error is below the baseline: the baseline may be too high, or the model memorises the training set.',
  variance: 'The held-out error is below the train error: training-time regularisation (dropout, augmentation) can do this, or the held-out set is easier.',
  dataMismatch: 'Dev error is below train-dev error: the dev data looks easier than the training data.',
  devOverfitting: 'Test error is below dev error: nothing overfits the dev set.',
};

/** Terms within this fraction of the largest one are worth the same attention. */
const aboutEqual = 0.75;

export function points(fraction: number): string {
  return `${(fraction * 100).toFixed(1)} points`;
}

export function biasVarianceVerdict(terms: BiasVarianceTerm[]): BiasVarianceVerdict {
  const known = terms.filter((t) => t.value !== null) as (BiasVarianceTerm & { value: number })[];
  const remarks = known.filter((t) => t.value < 0).map((t) => negativeRemark[t.id]);
  if (!known.length) return { summary: 'Not enough errors logged to split them: see what is missing.', focus: [], tryNext: [], remarks };
  const largest = Math.max(...known.map((t) => t.value));
  if (largest <= 0) return { summary: 'No gap: every error is at or below the one before it.', focus: [], tryNext: [], remarks };
  const focus = known.filter((t) => t.value > 0 && t.value >= aboutEqual * largest).sort((a, b) => b.value - a.value);
  const named = focus.map((t) => `${t.label.toLowerCase()} (${points(t.value)})`);
  const summary = focus.length === 1
    ? `${capitalise(named[0])} is the largest gap: ${meaning[focus[0].id]}.`
    : `${capitalise(named.slice(0, -1).join(', '))} and ${named[named.length - 1]} are about equal: work on both. ${capitalise(focus.map((t) => meaning[t.id]).join('; '))}.`;
  return { summary, focus: focus.map((t) => t.id), tryNext: focus.flatMap((t) => advice[t.id]), remarks };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
