import type { AverageMetrics, ClassificationReportModel, ClassMetrics, ConfusionMatrixModel } from '../../../protocol/diagnostics';
import type { ClassificationTargets } from './columns';

export interface ClassificationResult {
  confusion: ConfusionMatrixModel;
  report: ClassificationReportModel;
  notes: string[];
}

/** Labels in scikit-learn's order: numerically when every label is a number, else by code point. */
export function sortLabels(labels: string[]): string[] {
  const numbers = labels.map((l) => (l.trim() === '' ? Number.NaN : Number(l)));
  if (numbers.every(Number.isFinite)) return labels.map((l, i) => ({ l, v: numbers[i] })).sort((a, b) => a.v - b.v || (a.l < b.l ? -1 : 1)).map((x) => x.l);
  return [...labels].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** More labels than this and the matrix keeps the most frequent ones and gathers the rest in one row and column. */
export const maxMatrixLabels = 100;
export const otherLabels = '(other labels)';

/** Confusion matrix and per-class metrics over the rows with both labels, counted on the label codes. */
export function classify(targets: ClassificationTargets): ClassificationResult {
  const k = targets.labels.length;
  const { yTrue, yPred } = targets;
  const rowSum = new Float64Array(k);
  const colSum = new Float64Array(k);
  const hits = new Float64Array(k);
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i];
    const p = yPred[i];
    if (t < 0 || p < 0) continue;
    rowSum[t]++;
    colSum[p]++;
    if (t === p) hits[t]++;
  }
  const present = targets.labels.map((label, code) => ({ label, code })).filter((l) => rowSum[l.code] + colSum[l.code] > 0);
  const codeOf = new Map(present.map((l) => [l.label, l.code]));
  const order = sortLabels(present.map((l) => l.label)).map((label) => codeOf.get(label)!);
  const classes: ClassMetrics[] = order.map((code) => ({
    label: targets.labels[code],
    precision: colSum[code] ? hits[code] / colSum[code] : null,
    recall: rowSum[code] ? hits[code] / rowSum[code] : null,
    f1: (2 * hits[code]) / (rowSum[code] + colSum[code]),
    support: rowSum[code],
    predicted: colSum[code],
  }));
  const total = classes.reduce((s, c) => s + c.support, 0);
  const correct = order.reduce((s, code) => s + hits[code], 0);
  const notes: string[] = [];
  for (const c of classes) {
    if (c.support === 0) notes.push(`class "${c.label}" is predicted ${c.predicted} times but never occurs in y_true: its recall is undefined (0 in the averages)`);
    else if (c.predicted === 0) notes.push(`class "${c.label}" is never predicted: its precision is undefined (0 in the averages)`);
  }
  notes.push(...sameNumberLabels(classes.map((c) => c.label)));
  const frequent = new Set([...order].sort((a, b) => rowSum[b] + colSum[b] - rowSum[a] - colSum[a]).slice(0, maxMatrixLabels - 1));
  const shown = order.length <= maxMatrixLabels ? order : order.filter((code) => frequent.has(code));
  if (shown.length < order.length) notes.push(`${order.length} classes: the confusion matrix shows the ${shown.length} most frequent and gathers the others as "${otherLabels}"`);
  return {
    confusion: confusionMatrix(targets, shown, order.length > shown.length, total),
    report: { classes, accuracy: total ? correct / total : 0, macro: average(classes, () => 1), weighted: average(classes, (c) => c.support) },
    notes,
  };
}

function confusionMatrix(targets: ClassificationTargets, shown: number[], withOther: boolean, total: number): ConfusionMatrixModel {
  const size = shown.length + (withOther ? 1 : 0);
  const slot = new Int32Array(targets.labels.length).fill(size - 1);
  shown.forEach((code, i) => (slot[code] = i));
  const cells = new Float64Array(size * size);
  const { yTrue, yPred } = targets;
  for (let i = 0; i < yTrue.length; i++) {
    if (yTrue[i] >= 0 && yPred[i] >= 0) cells[slot[yTrue[i]] * size + slot[yPred[i]]]++;
  }
  const counts = Array.from({ length: size }, (_, r) => Array.from(cells.subarray(r * size, (r + 1) * size)));
  const rowNormalized = counts.map((row) => {
    const sum = row.reduce((a, b) => a + b, 0);
    return row.map((c) => (sum ? c / sum : null));
  });
  return { labels: [...shown.map((code) => targets.labels[code]), ...(withOther ? [otherLabels] : [])], counts, rowNormalized, total };
}

/** scikit-learn's averages with zero_division=0: an undefined precision or recall counts as 0. */
function average(classes: ClassMetrics[], weight: (c: ClassMetrics) => number): AverageMetrics {
  const weights = classes.map(weight);
  const sum = weights.reduce((a, b) => a + b, 0);
  const mean = (value: (c: ClassMetrics) => number) => (sum ? classes.reduce((s, c, i) => s + value(c) * weights[i], 0) / sum : 0);
  return { precision: mean((c) => c.precision ?? 0), recall: mean((c) => c.recall ?? 0), f1: mean((c) => c.f1), support: classes.reduce((s, c) => s + c.support, 0) };
}

/** "1" and "1.0" are different labels as text: say so, since it usually means y_true and y_pred were logged with different types. */
function sameNumberLabels(labels: string[]): string[] {
  const byNumber = new Map<number, string[]>();
  for (const label of labels) {
    const value = label.trim() === '' ? Number.NaN : Number(label);
    if (Number.isFinite(value)) byNumber.set(value, [...(byNumber.get(value) ?? []), label]);
  }
  return [...byNumber.values()].filter((group) => group.length > 1).map((group) =>
    `labels ${group.map((g) => `"${g}"`).join(' and ')} are the same number but different text: log y_true and y_pred with one type (e.g. both int)`);
}
