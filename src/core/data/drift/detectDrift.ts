import { CancelledError } from '../../errors';
import { DataEngine, type EngineOptions } from '../engine';
import { binningFor, type Binning } from '../profile/histogramSql';
import { DatasetSession } from '../session';
import { binnedCounts, sortedValues, summarize, valueCounts, type ComparedColumn, type SideSummary } from './columnData';
import { categoricalTest, numericTest, numericUniqueValuesAbove, verdict, type TestOutcome } from './evidentlyTests';
import type { ColumnDrift, DriftHistogram, DriftOptions, DriftReport } from './types';

const bins = 20;
const categoriesShown = 20;
/** Numeric columns with more distinct values than this on either side are certainly above the ≤ 5 "categorical" cut. */
const countValuesUpTo = 1000;
/** Categorical columns with more distinct values than this are identifiers or free text: comparing category shares means nothing. */
const categoriesComparedUpTo = 100_000;
export const datasetDriftShare = 0.5;

type Counts = Map<string | number, number>;

function share(counts: number[]): number[] {
  const sum = counts.reduce((a, b) => a + b, 0);
  return counts.map((c) => (sum ? c / sum : 0));
}

function categoryHistogram(reference: Counts, current: Counts): DriftHistogram {
  const combined = new Map<string | number, number>();
  for (const counts of [reference, current]) for (const [k, n] of counts) combined.set(k, (combined.get(k) ?? 0) + n);
  const top = [...combined.entries()].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0]))).slice(0, categoriesShown).map(([k]) => k);
  const rest = (counts: Counts) => {
    let other = 0;
    for (const [k, n] of counts) if (!top.includes(k)) other += n;
    return other;
  };
  const hasOther = combined.size > top.length;
  const side = (counts: Counts) => share([...top.map((k) => counts.get(k) ?? 0), ...(hasOther ? [rest(counts)] : [])]);
  return { labels: [...top.map(String), ...(hasOther ? ['(other)'] : [])], reference: side(reference), current: side(current) };
}

/** Columns in both files, each compared as numeric only when numeric in both; timestamps are not compared (as in Evidently). */
function compareColumns(reference: DatasetSession, current: DatasetSession, only?: string[]) {
  const currentByName = new Map(current.columns.map((c) => [c.name, c]));
  const compared: ComparedColumn[] = [];
  const skipped: { column: string; reason: string }[] = [];
  for (const column of reference.columns) {
    const other = currentByName.get(column.name);
    if (!other || (only && !only.includes(column.name))) continue;
    if (column.family === 'datetime' || other.family === 'datetime') {
      skipped.push({ column: column.name, reason: 'dates and times are not compared for drift (as in Evidently); compare derived features instead.' });
      continue;
    }
    compared.push({ name: column.name, numeric: column.family === 'numeric' && other.family === 'numeric', reference: column, current: other });
  }
  return {
    compared,
    skipped,
    onlyInReference: reference.columns.filter((c) => !currentByName.has(c.name)).map((c) => c.name),
    onlyInCurrent: current.columns.filter((c) => !reference.columns.some((r) => r.name === c.name)).map((c) => c.name),
  };
}

/**
 * Compare every column the two datasets share with Evidently's default test for it and report per-column drift and
 * dataset drift (at least half the tested columns drifted). Counts are exact; numeric tests read every value, or
 * uniform random samples of `sampleSize` values per dataset when a column has more (KS and Wasserstein estimates
 * then differ from the full-data values by O(1/√sampleSize)).
 */
export async function detectDriftBetween(reference: DatasetSession, current: DatasetSession, options: DriftOptions = {}): Promise<DriftReport> {
  const started = performance.now();
  const { signal } = options;
  const sampleSize = options.sampleSize ?? 1_000_000;
  const progress = (fraction: number, message: string) => options.onProgress?.({ fraction, message });
  progress(0, 'Reading the reference dataset');
  const referenceRelation = await reference.relation({ signal, onProgress: (f) => progress(0.35 * f, 'Reading the reference dataset') });
  progress(0.35, 'Reading the current dataset');
  const currentRelation = await current.relation({ signal, onProgress: (f) => progress(0.35 + 0.35 * f, 'Reading the current dataset') });
  const { compared, skipped, onlyInReference, onlyInCurrent } = compareColumns(reference, current, options.columns);
  progress(0.7, 'Summarising columns');
  const referenceSummary = await summarize(reference, referenceRelation, compared, 'reference', signal);
  const currentSummary = await summarize(current, currentRelation, compared, 'current', signal);

  const results: ColumnDrift[] = [];
  const pendingNumericBins: { index: number; column: ComparedColumn; binning: Binning }[] = [];
  for (const [i, column] of compared.entries()) {
    if (signal?.aborted) throw new CancelledError();
    progress(0.75 + (0.2 * i) / Math.max(1, compared.length), `Testing "${column.name}"`);
    const ref: SideSummary = referenceSummary[i];
    const cur: SideSummary = currentSummary[i];
    if (!ref.count || !cur.count) {
      skipped.push({ column: column.name, reason: `it has no values in the ${!ref.count ? 'reference' : 'current'} dataset.` });
      continue;
    }
    let counts: { reference: Counts; current: Counts } | undefined;
    if (!column.numeric || (ref.approxDistinct <= countValuesUpTo && cur.approxDistinct <= countValuesUpTo)) {
      if (!column.numeric && Math.max(ref.approxDistinct, cur.approxDistinct) > categoriesComparedUpTo) {
        skipped.push({ column: column.name, reason: `it has about ${Math.max(ref.approxDistinct, cur.approxDistinct).toLocaleString('en-US')} distinct values: an identifier or free text, whose category shares say nothing about drift.` });
        continue;
      }
      counts = { reference: await valueCounts(reference, referenceRelation, column, 'reference', signal), current: await valueCounts(current, currentRelation, column, 'current', signal) };
    }
    const uniqueValues = counts ? new Set([...counts.reference.keys(), ...counts.current.keys()]).size : Math.max(ref.approxDistinct, cur.approxDistinct);
    const treatAsNumeric = column.numeric && uniqueValues > numericUniqueValuesAbove;
    let outcome: TestOutcome;
    let histogram: DriftHistogram;
    let sampled = false;
    if (treatAsNumeric) {
      const referenceValues = await sortedValues(reference, referenceRelation, column, 'reference', ref.count, sampleSize, signal);
      const currentValues = await sortedValues(current, currentRelation, column, 'current', cur.count, sampleSize, signal);
      sampled = ref.count > sampleSize || cur.count > sampleSize;
      outcome = numericTest(referenceValues, currentValues, ref.count, ref.stdPopulation ?? 0);
      const low = Math.min(ref.min!, cur.min!);
      const high = Math.max(ref.max!, cur.max!);
      histogram = { edges: [low, high], reference: [1], current: [1] };
      if (low < high) pendingNumericBins.push({ index: results.length, column, binning: binningFor(low, high, bins, false) });
    } else {
      outcome = categoricalTest(counts!.reference, counts!.current);
      histogram = categoryHistogram(counts!.reference, counts!.current);
    }
    results.push({
      column: column.name,
      type: treatAsNumeric ? 'numeric' : 'categorical',
      ...outcome,
      referenceCount: ref.count,
      currentCount: cur.count,
      uniqueValues,
      sampled,
      histogram,
      message: verdict(column.name, outcome),
    });
  }

  progress(0.95, 'Binning numeric columns');
  if (pendingNumericBins.length) {
    const referenceBins = await binnedCounts(reference, referenceRelation, pendingNumericBins, 'reference', signal);
    const currentBins = await binnedCounts(current, currentRelation, pendingNumericBins, 'current', signal);
    pendingNumericBins.forEach(({ index, binning }, k) => {
      const { low, high } = binning;
      results[index].histogram = {
        edges: Array.from({ length: bins + 1 }, (_, b) => (b === bins ? high : low + ((high - low) * b) / bins)),
        reference: share(referenceBins[k]),
        current: share(currentBins[k]),
      };
    });
  }

  const driftedCount = results.filter((r) => r.drifted).length;
  const testedCount = results.length;
  const driftShare = testedCount ? driftedCount / testedCount : 0;
  const datasetDrift = testedCount > 0 && driftShare >= datasetDriftShare;
  progress(1, 'Done');
  return {
    reference: { path: reference.path, rows: await reference.rowCount({ signal }) },
    current: { path: current.path, rows: await current.rowCount({ signal }) },
    columns: results,
    skipped,
    onlyInReference,
    onlyInCurrent,
    driftedCount,
    testedCount,
    driftShare,
    datasetDrift,
    datasetDriftShare,
    message: testedCount
      ? `${driftedCount} of ${testedCount} columns drifted (${Math.round(100 * driftShare)}%): ${datasetDrift ? 'the dataset has drifted (at least half the columns did); a model trained on the reference may no longer fit the current data.' : 'no dataset drift (fewer than half the columns drifted).'}`
      : 'No column could be compared: the files share no comparable columns.',
    notices: [...reference.notices.map((n) => `Reference: ${n}`), ...current.notices.map((n) => `Current: ${n}`)],
    elapsedMs: Math.round(performance.now() - started),
  };
}

/** Open both files on one engine (one memory limit for both), compare them, close them. */
export async function detectDrift(referencePath: string, currentPath: string, options: DriftOptions & EngineOptions & { lenient?: boolean } = {}): Promise<DriftReport> {
  const engine = await DataEngine.create(options);
  try {
    const reference = await DatasetSession.open(referencePath, { engine, lenient: options.lenient });
    const current = await DatasetSession.open(currentPath, { engine, lenient: options.lenient });
    return await detectDriftBetween(reference, current, options);
  } finally {
    engine.close();
  }
}
