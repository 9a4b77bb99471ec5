import type { Alert, ColumnProfile, CorrelatedPair, LabelBalance } from './types';

const percent = (p: number) => `${p >= 10 ? p.toFixed(1) : p >= 0.1 ? p.toFixed(2) : p.toPrecision(2)}%`;
const count = (n: number) => n.toLocaleString('en-US');
const quoted = (value: string) => `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;

/** A column whose values are (nearly) all different and are not measurements: names, keys, ids. */
export function looksLikeIdentifier(column: ColumnProfile): boolean {
  const integerLike = column.kind === 'numeric' && /INT/.test(column.type);
  const stringLike = column.kind === 'categorical';
  return (integerLike || stringLike) && column.count >= 50 && column.distinct >= 0.99 * column.count;
}

function columnAlerts(column: ColumnProfile, rows: number, isLabel: boolean): Alert[] {
  const alerts: Alert[] = [];
  const name = quoted(column.name);
  const at = { column: column.name, columns: [column.name] };
  if (column.missing === rows && rows > 0) {
    return [{ severity: 'critical', kind: 'all-missing', ...at, message: `${name} is empty in every row: it carries no information; drop it.` }];
  }
  if (column.missing > 0) {
    const share = column.missingPercent;
    const severity = share >= 50 ? 'critical' : share >= 5 ? 'warning' : 'info';
    const advice = isLabel
      ? 'rows without a label cannot be used for training or evaluation; find the missing labels or drop those rows on purpose.'
      : share >= 50
        ? 'models that drop incomplete rows would lose most of the data; drop the column, or keep it with a "was missing" indicator.'
        : 'models that drop incomplete rows will lose them; impute the values (median or most frequent) or drop the column.';
    alerts.push({ severity, kind: 'missing', ...at, message: `${percent(share)} of ${name} is missing (${count(column.missing)} rows): ${advice}` });
  }
  if (column.distinct === 1 && column.count > 0 && !isLabel) {
    const value = column.topValues?.values[0]?.value ?? (column.numeric?.min !== null && column.numeric?.min !== undefined ? String(column.numeric.min) : column.datetime?.min ?? '');
    alerts.push({ severity: 'warning', kind: 'constant', ...at, message: `${name} has the same value (${quoted(value)}) in every row that has one: it cannot help a model tell rows apart; drop it.` });
  }
  if (!isLabel && looksLikeIdentifier(column)) {
    alerts.push({
      severity: 'warning',
      kind: 'identifier',
      ...at,
      message: `${name} has a different value in ${column.distinct === column.count ? 'every' : 'nearly every'} row (${column.distinctApproximate ? '≈' : ''}${count(column.distinct)} distinct): it looks like an identifier; a model can memorise rows through it, so leave it out of the features (keep it to join or split data).`,
    });
  } else if (!isLabel && column.kind === 'text') {
    alerts.push({
      severity: 'info',
      kind: 'free-text',
      ...at,
      message: `${name} looks like free text (${column.distinctApproximate ? '≈' : ''}${count(column.distinct)} distinct values, ${Math.round(column.text?.meanLength ?? 0)} characters on average): models need it turned into features (word counts, TF-IDF or embeddings); do not one-hot encode it.`,
    });
  } else if (!isLabel && column.kind === 'categorical' && column.distinct > 50) {
    alerts.push({
      severity: 'info',
      kind: 'high-cardinality',
      ...at,
      message: `${name} has ${count(column.distinct)} distinct categories: one-hot encoding makes as many columns and rare categories are learnt poorly; group rare values, or use frequency or target encoding.`,
    });
  }
  const numeric = column.numeric;
  if (numeric?.infinite) {
    alerts.push({ severity: 'warning', kind: 'infinite', ...at, message: `${name} holds ${count(numeric.infinite)} infinite values: most models fail on them; replace them or drop those rows.` });
  }
  if (numeric?.skewness !== null && numeric?.skewness !== undefined && Math.abs(numeric.skewness) > 2 && column.distinct > 20) {
    alerts.push({
      severity: 'info',
      kind: 'skewed',
      ...at,
      message: `${name} is strongly skewed (skewness ${numeric.skewness.toFixed(1)}): a few extreme values dominate its mean and scale; consider a log transform or a robust scaler, and check the extremes are real.`,
    });
  }
  return alerts;
}

function labelAlerts(label: LabelBalance): Alert[] {
  const at = { column: label.column, columns: [label.column] };
  const name = quoted(label.column);
  if (label.classes.length === 1) {
    return [{ severity: 'critical', kind: 'label', ...at, message: `${name} has a single class (${quoted(label.classes[0].value)}): there is nothing for a classifier to learn; check the file or the label column.` }];
  }
  const majority = label.classes[0];
  const minority = label.classes[label.classes.length - 1];
  if (minority.percent >= 10) return [];
  return [
    {
      severity: minority.percent < 1 ? 'critical' : 'warning',
      kind: 'imbalance',
      ...at,
      message: `${name} is ${percent(majority.percent)} ${quoted(majority.value)} and only ${percent(minority.percent)} ${quoted(minority.value)} (${count(minority.count)} rows): a model that always answers ${quoted(majority.value)} is ${percent(majority.percent)} accurate and useless; judge models by precision and recall (or F1) on the rare class, split with stratification, and consider class weights or resampling.`,
    },
  ];
}

function correlationAlert(pair: CorrelatedPair): Alert {
  const r = pair.r.toFixed(2);
  const exact = Math.abs(pair.r) > 0.9999;
  return {
    severity: 'warning',
    kind: 'correlated',
    column: pair.columnA,
    columns: [pair.columnA, pair.columnB],
    message: exact
      ? `${quoted(pair.columnA)} and ${quoted(pair.columnB)} are perfectly correlated (r = ${r}): one is a linear function of the other, so keep one; if one was derived from the target it leaks the answer.`
      : `${quoted(pair.columnA)} and ${quoted(pair.columnB)} are strongly correlated (r = ${r}): they carry nearly the same information; keep one, or expect unstable coefficients in linear models.`,
  };
}

const severityOrder = { critical: 0, warning: 1, info: 2 };

/** Every finding about the dataset, most serious first. */
export function buildAlerts(input: {
  rows: number;
  columns: ColumnProfile[];
  duplicateRows: number;
  correlations: CorrelatedPair[];
  label: LabelBalance | null;
  labelColumn?: string;
}): Alert[] {
  const alerts: Alert[] = [];
  for (const column of input.columns) alerts.push(...columnAlerts(column, input.rows, column.name === input.labelColumn));
  if (input.duplicateRows > 0) {
    alerts.push({
      severity: 'warning',
      kind: 'duplicates',
      message: `${count(input.duplicateRows)} rows (${percent((100 * input.duplicateRows) / input.rows)}) are exact copies of an earlier row: if copies land on both sides of a train/test split, test scores will be too optimistic; drop duplicates before splitting.`,
    });
  }
  for (const pair of input.correlations) alerts.push(correlationAlert(pair));
  if (input.label) alerts.push(...labelAlerts(input.label));
  return alerts.sort((a, b) => severityOrder[a.severity] - severityOrder[b.severity]);
}
