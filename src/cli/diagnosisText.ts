import type { BiasVarianceModel, ErrorAnalysisModel, MissingInput } from '../protocol/diagnostics';

/** 0.1234 → "12.3%". */
export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : `${(value * 100).toFixed(1)}%`;
}

function decimal(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : value.toFixed(3);
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}

/** Columns padded to their widest cell; the columns listed in `right` are right-aligned. */
export function table(rows: string[][], right: number[] = []): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => [...(r[c] ?? '')].length)));
  return rows.map((r) => `  ${r.map((cell, c) => (right.includes(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd()}`);
}

function missingLines(missing: MissingInput[]): string[] {
  return missing.map((m) => `  ${m.optional ? 'Could also log' : 'Missing'}: ${m.what}\n    → ${m.how}`);
}

/** Text matrices wider than this point to --json instead. */
const maxTextLabels = 20;

export function biasVarianceText(model: BiasVarianceModel): string[] {
  const metric = model.metric ? `${model.metric.derivation}${model.metric.percent ? ', logged in percent' : ''}` : 'no error metric';
  const lines = [`Bias / variance (${metric}; baseline ${model.baselineError === null ? 'not set' : percent(model.baselineError)})`];
  if (model.errors.length) lines.push(...table(model.errors.map((e) => [e.set, percent(e.error), `${e.key}${e.context ? ` [${e.context}]` : ''} at step ${e.step}`]), [1]));
  if (model.metric) {
    lines.push(...table(model.terms.map((t) => [t.label, percent(t.value), `${t.formula}${t.value === null ? '' : ` = ${t.inputs.map((i) => percent(i.value)).join(' − ')}`}`]), [1]));
    lines.push(`  Verdict: ${model.verdict.summary}`);
    if (model.verdict.tryNext.length) lines.push(`  Try: ${model.verdict.tryNext.join('; ')}`);
    lines.push(...model.verdict.remarks.map((r) => `  Note: ${r}`));
  }
  lines.push(...model.notes.map((n) => `  Note: ${n}`), ...missingLines(model.missing));
  return lines;
}

export function errorAnalysisText(model: ErrorAnalysisModel): string[] {
  const o = model.overview;
  const lines = [`Error analysis · split ${o.split || '(none)'} · ${count(o.counts.total)} predictions · ${o.task} (${o.taskReason})`];
  if (o.errorRate !== null) {
    const headline = o.task === 'classification' ? `accuracy ${percent(o.accuracy)}  error ${percent(o.errorRate)}` : `MAE ${o.regression?.mae.toPrecision(4)}  RMSE ${o.regression?.rmse.toPrecision(4)}  R² ${decimal(o.regression?.r2)}  error ${percent(o.errorRate)}`;
    lines.push(`  ${headline}  (${count(o.errors)} errors of ${count(o.counts.used)}; an error is ${o.errorDefinition})`);
  }
  lines.push(...o.notes.map((n) => `  Note: ${n}`), ...missingLines(o.missing));
  if (model.report) {
    const r = model.report;
    lines.push('', 'Per class');
    lines.push(...table([
      ['class', 'precision', 'recall', 'f1', 'support'],
      ...r.classes.map((c) => [c.label, decimal(c.precision), decimal(c.recall), decimal(c.f1), count(c.support)]),
      ['macro avg', decimal(r.macro.precision), decimal(r.macro.recall), decimal(r.macro.f1), count(r.macro.support)],
      ['weighted avg', decimal(r.weighted.precision), decimal(r.weighted.recall), decimal(r.weighted.f1), count(r.weighted.support)],
    ], [1, 2, 3, 4]));
  }
  if (model.confusion) {
    const c = model.confusion;
    lines.push('', 'Confusion matrix (rows: y_true, columns: y_pred)');
    if (c.labels.length > maxTextLabels) lines.push(`  ${c.labels.length} classes: too wide for text, see --json`);
    else lines.push(...table([['', ...c.labels], ...c.labels.map((label, i) => [label, ...c.counts[i].map(count)])], c.labels.map((_, i) => i + 1)));
  }
  if (model.worstCohorts.length) {
    lines.push('', 'Worst cohorts (error rate above the overall one)');
    lines.push(...table(model.worstCohorts.map((w) => [w.label, `${percent(w.errorRate)} error`, `${count(w.count)} examples`, `${percent(w.shareOfErrors)} of errors`]), [1, 2, 3]));
  }
  if (model.errorTree && model.errorTree.leaves.length > 1) {
    lines.push('', `Error tree: worst leaves (depth ≤ ${model.errorTree.maxDepth}, leaves ≥ ${count(model.errorTree.minLeafSize)} examples)`);
    lines.push(...table(model.errorTree.leaves.slice(0, 5).map((l) => [`${percent(l.errorRate)} error`, `${count(l.size)} examples`, `${percent(l.shareOfErrors)} of errors`, l.path.join(' and ')]), [0, 1, 2]));
  }
  if (model.categories.rows.length) {
    lines.push('', `Error categories (${count(model.categories.taggedErrors)} tagged errors)`);
    lines.push(...table([['tag', 'errors', 'share', 'ceiling'], ...model.categories.rows.map((r) => [r.tag, count(r.count), percent(r.shareOfErrors), percent(r.ceiling)])], [1, 2, 3]));
  }
  return lines;
}
