import type { DuckDBConnection } from '@duckdb/node-api';
import { CancelledError, UserError } from '../../errors';
import { DataFileError } from '../dataErrors';
import { DataEngine, queryObjects } from '../engine';
import { DatasetSession, type OpenOptions, type Relation } from '../session';
import { toCount } from '../values';
import { buildAlerts, looksLikeIdentifier } from './alerts';
import { missingOf, newColumnWork, type ColumnWork } from './columnWork';
import { duplicatesPlan, planCorrelations, readCorrelations, rowAlias, sampledCorrelationSql } from './datasetPass';
import { statisticsFromCounts, type CountedValue } from './countStats';
import { booleanValueCounts, completeValueCountsUpTo, planHistograms, topCandidatesPlan, topCountsPlan, valueCountsPlan, valueCountsSql, type AggregatePlan } from './distributionPass';
import { exactDistinctPlan, probeFullUpTo, probePlan, probeRelation, readSummary, summaryAggregates } from './summaryPass';
import type { Alert, ColumnProfile, CorrelatedPair, DatasetProfile, LabelBalance, ProfileOptions, ProfilePhase } from './types';

/** Aggregates per query over a staged columnar table: most files in one scan, few enough to plan quickly. */
const aggregatesPerColumnarQuery = 1000;
/** Over text read in place every query re-reads the file: pack more into each. */
const aggregatesPerTextQuery = 1500;
/** Each exact DISTINCT aggregate holds its own hash table: only a few per query. */
const exactDistinctsPerQuery = 16;
/** Tables wider than this count values with histogram() maps: binding thousands of columns costs every GROUP BY milliseconds. */
const wideProfileColumns = 100;
/** GROUP BY queries sent together as one UNION ALL. */
const valueCountQueriesPerScan = 50;
const maxLabelClasses = 100;
const topValuesShown = 20;

const phaseWeights: Record<ProfilePhase, number> = { reading: 0.45, statistics: 0.25, distributions: 0.2, duplicates: 0.05, correlations: 0.05 };
const phaseMessages: Record<ProfilePhase, string> = {
  reading: 'Reading the file',
  statistics: 'Computing column statistics',
  distributions: 'Computing histograms, value counts and duplicates',
  duplicates: 'Looking for duplicate rows',
  correlations: 'Correlating numeric columns',
};

function progressReporter(options: ProfileOptions, phases: ProfilePhase[]) {
  const total = phases.reduce((sum, p) => sum + phaseWeights[p], 0);
  return (phase: ProfilePhase, within: number) => {
    if (!options.onProgress) return;
    const before = phases.slice(0, phases.indexOf(phase)).reduce((sum, p) => sum + phaseWeights[p], 0);
    options.onProgress({ phase, fraction: Math.min(1, (before + phaseWeights[phase] * Math.min(1, within)) / total), message: phaseMessages[phase] });
  };
}

/** Run plans over the relation (aliased so rows can be hashed) in as few scans as the aggregate budget allows. */
async function runPlans(
  connection: DuckDBConnection,
  relation: Relation,
  plans: AggregatePlan[],
  options: ProfileOptions,
  onFraction: (f: number) => void = () => undefined,
  maxAggregatesPerQuery = relation.rowNumber === null ? aggregatesPerTextQuery : aggregatesPerColumnarQuery,
): Promise<void> {
  const batches: AggregatePlan[][] = [];
  let current: AggregatePlan[] = [];
  let size = 0;
  for (const plan of plans.filter((p) => p.aggregates.length)) {
    if (current.length && size + plan.aggregates.length > maxAggregatesPerQuery) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(plan);
    size += plan.aggregates.length;
  }
  if (current.length) batches.push(current);
  for (const [i, batch] of batches.entries()) {
    const sql = `SELECT ${batch.flatMap((p) => p.aggregates).join(', ')} FROM ${relation.sql} AS ${rowAlias}`;
    const [row] = await queryObjects(connection, sql, { signal: options.signal, onProgress: (f) => onFraction((i + f) / batches.length) });
    for (const plan of batch) plan.read(row);
    onFraction((i + 1) / batches.length);
  }
}

/** Numeric columns with at most this many distinct values show their top values (flags, ratings, encoded classes). */
const numericTopValuesUpTo = 20;
/** A numeric label gets every class counted up to this many. */
const numericLabelClassesUpTo = 100;

/** Columns whose every value is counted: few values (all statistics from the counts), text of up to 10,000 values, small numeric sets. */
function isCounted(work: ColumnWork, isLabel: boolean): boolean {
  if (work.fewValues) return true;
  if (work.schema.family === 'string') return work.distinct <= completeValueCountsUpTo;
  return work.schema.family === 'numeric' && work.distinct <= (isLabel ? numericLabelClassesUpTo : numericTopValuesUpTo);
}

/**
 * Take the counts of a column's values: all its statistics when it has few values, else its value counts and exact
 * distinct count. Returns false when a sample wrongly promised few values (more than 10,000 came back).
 */
function applyCounts(work: ColumnWork, counted: CountedValue[], distinct: number, bins: number): boolean {
  const complete = distinct <= completeValueCountsUpTo;
  if (work.fewValues) {
    if (!complete) {
      work.fewValues = false;
      return false;
    }
    statisticsFromCounts(work, counted, bins);
    return true;
  }
  work.valueCounts = counted.map((v) => ({ value: v.value, count: v.count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  work.valueCountsComplete = complete;
  work.distinct = distinct;
  work.distinctApproximate = false;
  return true;
}

/** Count values: GROUP BY several columns per query on staged narrow tables, histogram() maps in one scan on wide ones. */
async function countValues(connection: DuckDBConnection, relation: Relation, works: ColumnWork[], wide: boolean, bins: number, options: ProfileOptions): Promise<ColumnWork[]> {
  const misjudged: ColumnWork[] = [];
  const take = (work: ColumnWork, counted: CountedValue[], distinct: number) => {
    if (!applyCounts(work, counted, distinct, bins)) misjudged.push(work);
  };
  if (wide) {
    await runPlans(connection, relation, works.map((w) => valueCountsPlan(w, (counted, distinct) => take(w, counted, distinct))), options);
    return misjudged;
  }
  for (let start = 0; start < works.length; start += valueCountQueriesPerScan) {
    const batch = works.slice(start, start + valueCountQueriesPerScan);
    const rows = await queryObjects(connection, batch.map((w) => valueCountsSql(w, relation.sql)).join(' UNION ALL '), { signal: options.signal });
    for (const work of batch) {
      const mine = rows.filter((r) => Number(r.col) === work.index);
      take(work, mine.map((r) => ({ value: String(r.value), number: r.num === null ? null : Number(r.num), count: toCount(r.n) })), mine.length ? toCount(mine[0].groups) : 0);
    }
  }
  return misjudged;
}

function toColumnProfile(work: ColumnWork, rows: number, exactQuantiles: boolean, isLabel: boolean): ColumnProfile {
  const missing = missingOf(work, rows);
  const count = rows - missing;
  const profile: ColumnProfile = {
    name: work.schema.name,
    type: work.schema.type,
    ...(work.schema.sourceType ? { sourceType: work.schema.sourceType } : {}),
    kind: work.kind,
    count,
    missing,
    missingPercent: rows ? (100 * missing) / rows : 0,
    distinct: work.distinct,
    distinctApproximate: work.distinctApproximate,
  };
  if (work.schema.family === 'numeric') {
    const [p5, p25, median, p75, p95] = work.quantiles;
    profile.numeric = {
      min: work.min,
      max: work.max,
      mean: work.mean,
      std: work.std,
      p5: p5 ?? null,
      p25: p25 ?? null,
      median: median ?? null,
      p75: p75 ?? null,
      p95: p95 ?? null,
      quantilesApproximate: !(exactQuantiles || work.quantilesExact),
      skewness: work.skewness,
      zeros: work.zeros,
      negatives: work.negatives,
      infinite: work.infinite,
      histogram: work.histogram,
    };
  }
  if (work.schema.family === 'datetime') profile.datetime = { min: work.minText, max: work.maxText, histogram: work.histogram };
  if (work.schema.family === 'string') profile.text = { minLength: work.minLength, meanLength: work.meanLength, maxLength: work.maxLength, histogram: work.lengthHistogram };
  const showsValues = work.schema.family !== 'numeric' || work.distinct <= (isLabel ? numericLabelClassesUpTo : numericTopValuesUpTo);
  if (work.valueCounts && showsValues) {
    const shown = work.valueCounts.slice(0, topValuesShown);
    const listed = shown.reduce((sum, v) => sum + v.count, 0);
    profile.topValues = {
      values: shown.map((v) => ({ value: v.value, count: v.count, percent: count ? (100 * v.count) / count : 0 })),
      otherCount: Math.max(0, count - listed),
      approximate: work.topApproximate,
    };
  }
  return profile;
}

function labelBalance(work: ColumnWork, rows: number): LabelBalance | null {
  if (!work.valueCountsComplete || !work.valueCounts?.length || work.valueCounts.length > maxLabelClasses) return null;
  const labelled = work.valueCounts.reduce((sum, v) => sum + v.count, 0);
  const classes = work.valueCounts.map((v) => ({ value: v.value, count: v.count, percent: (100 * v.count) / labelled }));
  const majority = classes[0];
  const minority = classes[classes.length - 1];
  return {
    column: work.schema.name,
    classes,
    majorityPercent: majority.percent,
    minorityPercent: minority.percent,
    imbalanceRatio: majority.count / minority.count,
    missing: rows - labelled,
  };
}

/**
 * Profile every column and the dataset as a whole in a few scans of the staged table (or Parquet file): one computes
 * every per-column statistic, a second the histograms, duplicate rows and correlations, then value counts by GROUP BY.
 * Cancellable through `signal` (DuckDB is interrupted); memory stays within DuckDB's limit.
 */
export async function profileSession(session: DatasetSession, options: ProfileOptions = {}): Promise<DatasetProfile> {
  const started = performance.now();
  if (options.labelColumn !== undefined && !session.columns.some((c) => c.name === options.labelColumn)) {
    throw new UserError(`There is no column "${options.labelColumn}" to use as the label. Columns: ${session.columns.map((c) => c.name).join(', ')}.`);
  }
  return session.readWithRetries(() => computeProfile(session, options, started));
}

async function computeProfile(session: DatasetSession, options: ProfileOptions, started: number): Promise<DatasetProfile> {
  const bins = options.bins ?? 20;
  const exactUpToRows = options.exactUpToRows ?? 1_000_000;
  const threshold = options.correlationThreshold ?? 0.9;
  const staging = session.stages && session.knownRowCount === undefined;
  const report = progressReporter(options, staging ? ['reading', 'statistics', 'distributions', 'duplicates', 'correlations'] : ['statistics', 'distributions', 'duplicates', 'correlations']);
  if (staging) report('reading', 0);
  const relation = await session.relation({ signal: options.signal, onProgress: (f) => report('reading', f) });
  // Taken after staging, which retypes columns whose values change type far down the file.
  const columns = session.columns;
  const works = columns.map(newColumnWork);
  const label = works.find((w) => w.schema.name === options.labelColumn);
  const exactQuantiles = (await session.rowCount({ signal: options.signal })) <= exactUpToRows;

  return session.withConnection(async (connection) => {
    report('statistics', 0);
    const rows = await session.rowCount({ signal: options.signal });
    if (rows === 0) {
      throw new DataFileError(`${session.fileName} has a header (${columns.map((c) => c.name).join(', ')}) but no data rows: there is nothing to profile.`, 'no-rows', session.path);
    }
    const wide = relation.rowNumber === null || works.length > wideProfileColumns;
    const sample: Relation = { sql: probeRelation(relation.sql, rows), rowNumber: relation.rowNumber };
    await runPlans(connection, sample, works.map((w) => probePlan(w, rows > probeFullUpTo, completeValueCountsUpTo)), options);
    const summaries = (subset: ColumnWork[]) => subset.map((work) => ({ aggregates: summaryAggregates(work, exactQuantiles), read: (row: Record<string, unknown>) => readSummary(work, row) }));
    await runPlans(connection, relation, summaries(works), options, (f) => report('statistics', f));

    report('distributions', 0);
    works.filter((w) => w.schema.family === 'boolean').forEach(booleanValueCounts);
    const misjudged = await countValues(connection, relation, works.filter((w) => isCounted(w, w === label)), wide, bins, options);
    if (misjudged.length) await runPlans(connection, relation, summaries(misjudged), options);
    report('distributions', 0.3);
    let duplicateRows = 0;
    const correlationPlan = planCorrelations(works.filter((w) => w.schema.family === 'numeric'), rows);
    let correlations: CorrelatedPair[] = [];
    const correlationsAlong: AggregatePlan[] =
      correlationPlan.sampleRows === null ? [{ aggregates: correlationPlan.aggregates, read: (row) => (correlations = readCorrelations(correlationPlan, row, threshold)) }] : [];
    await runPlans(
      connection,
      relation,
      [...works.map((w) => planHistograms(w, bins)), ...works.map(topCandidatesPlan), duplicatesPlan((n) => (duplicateRows = n)), ...correlationsAlong],
      options,
      (f) => report('distributions', 0.3 + f * 0.6),
    );
    await runPlans(connection, relation, works.map(topCountsPlan), options, (f) => report('distributions', 0.9 + f * 0.1));
    if (rows <= exactUpToRows) {
      const estimated = works.filter((w) => w.distinctApproximate && w.schema.family !== 'boolean' && w.nonNull > 0);
      await runPlans(connection, relation, estimated.map(exactDistinctPlan), options, undefined, exactDistinctsPerQuery);
    }
    report('duplicates', 1);
    if (correlationPlan.sampleRows !== null) {
      report('correlations', 0);
      const [row] = await queryObjects(connection, sampledCorrelationSql(correlationPlan, relation.sql), { signal: options.signal, onProgress: (f) => report('correlations', f) });
      correlations = readCorrelations(correlationPlan, row, threshold);
    }
    report('correlations', 1);
    if (options.signal?.aborted) throw new CancelledError();

    const profiles = works.map((w) => toColumnProfile(w, rows, exactQuantiles, w === label));
    const balance = label ? labelBalance(label, rows) : null;
    const alerts: Alert[] = buildAlerts({ rows, columns: profiles, duplicateRows, correlations, label: balance, labelColumn: options.labelColumn });
    if (label && !balance) {
      alerts.push({
        severity: 'info',
        kind: 'label',
        column: label.schema.name,
        columns: [label.schema.name],
        message: `"${label.schema.name}" has ${label.distinctApproximate ? '≈' : ''}${label.distinct.toLocaleString('en-US')} distinct values: it looks like a regression target rather than classes, so no class balance is shown (it is shown for up to ${maxLabelClasses} classes).`,
      });
    }
    return {
      path: session.path,
      fileName: session.fileName,
      format: session.format,
      sizeBytes: session.facts.sizeBytes,
      modifiedAt: session.facts.modifiedAt,
      rowCount: rows,
      columnCount: columns.length,
      columns: profiles,
      duplicateRows,
      duplicatePercent: (100 * duplicateRows) / rows,
      constantColumns: profiles.filter((p) => p.distinct === 1 && p.count > 0).map((p) => p.name),
      highCardinalityColumns: profiles.filter((p) => p.name !== options.labelColumn && (looksLikeIdentifier(p) || p.kind === 'text' || (p.kind === 'categorical' && p.distinct > 50))).map((p) => p.name),
      correlations,
      correlationThreshold: threshold,
      correlationColumns: correlationPlan.columns.map((w) => w.schema.name),
      correlationSampleRows: correlationPlan.sampleRows,
      label: balance,
      alerts,
      notices: [...session.notices],
      exactUpToRows,
      profiledAt: new Date().toISOString(),
      elapsedMs: Math.round(performance.now() - started),
      engine: `DuckDB ${DataEngine.version}`,
    };
  });
}

/** Open `path`, profile it, close it. */
export async function profileDataset(path: string, options: ProfileOptions & OpenOptions = {}): Promise<DatasetProfile> {
  const session = await DatasetSession.open(path, options);
  try {
    return await profileSession(session, options);
  } finally {
    session.close();
  }
}
