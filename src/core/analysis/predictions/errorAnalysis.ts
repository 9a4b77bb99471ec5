import type Database from 'better-sqlite3';
import type {
  CategoriesModel, ClassificationReportModel, CohortModel, ConfusionMatrixModel, ErrorAnalysisModel, ErrorAnalysisOverview, ErrorTreeModel,
  ExampleFilter, ExamplePage, HeatmapModel, MissingInput, Task, TagSuggestion, WorstCohort,
} from '../../../protocol/diagnostics';
import { UserError } from '../../errors';
import { howTo } from '../hints';
import { resolveRun, type RunInfo } from '../runRef';
import { binFeature, type FeatureBins } from './binning';
import { classify, type ClassificationResult } from './classification';
import { cohortModel, heatmapModel, worstCohorts } from './cohorts';
import { loadFeatureColumns, loadPredictions, type FeatureColumn, type LoadedPredictions } from './columns';
import { formatNumber } from './conditions';
import { errorFlags, unused, wrong } from './errorFlags';
import { fitErrorTree } from './errorTree';
import { listExamples, type PageRequest } from './examples';
import { discoverFeatures } from './features';
import { defaultTolerance, regressionMetrics } from './regression';
import type { PredictionScope } from './scope';
import { addTags, categoriesTable, removeTags, tagSuggestions } from './tagging';
import { decideTask } from './task';

export interface ErrorAnalysisOptions {
  /** Default: dev, else val/validation/valid, else test, else the first split logged. */
  split?: string;
  /** Default: the run's `task` param, else what the labels look like. */
  task?: Task;
  /** Regression: |y_pred − y_true| above this is an error; default the run's `error_tolerance` param, else the worst 10%. */
  tolerance?: number;
  /** Features to analyse; default every feature logged (up to maxFeatures, by name). */
  features?: string[];
  maxFeatures?: number;
  /** Error tree depth, 1..3 (default 3). */
  treeDepth?: number;
  /** Smallest error-tree leaf; default the larger of 20 and 1% of the examples. */
  minLeafSize?: number;
}

const preferredSplits = ['dev', 'val', 'validation', 'valid', 'test'];
const cohortBins = 8;
const treeBins = 32;

/**
 * The error analysis of one split of a run's predictions: loaded once into typed columns, then every view
 * (overview, confusion matrix, per-class metrics, cohorts, heatmap, error tree) is computed from them on request
 * and kept. Examples, tags and categories are read from the store each time, so tagging shows at once.
 */
export class ErrorAnalysis {
  private classification?: ClassificationResult | null;
  private readonly binned = new Map<string, FeatureBins>();
  private readonly treeBinned = new Map<string, FeatureBins>();
  private tree?: ErrorTreeModel | null;
  private totals?: { used: number; errors: number };
  private readonly absError: Float64Array | null;

  private constructor(
    private readonly db: Database.Database,
    readonly run: RunInfo,
    private readonly splits: string[],
    readonly scope: PredictionScope,
    private readonly taskReason: string,
    private readonly data: LoadedPredictions,
    private readonly flags: Uint8Array,
    private readonly options: ErrorAnalysisOptions,
    private readonly missing: MissingInput[],
    private readonly notes: string[],
  ) {
    const targets = data.targets;
    this.absError = targets.task === 'regression' ? Float64Array.from(targets.yTrue, (t, i) => Math.abs(targets.yPred[i] - t)) : null;
  }

  /** Throws UserError for an unknown run or a bad option; a run without predictions gives an analysis that says what is missing. */
  static open(db: Database.Database, runRef: string, options: ErrorAnalysisOptions = {}): ErrorAnalysis {
    validate(options);
    const run = resolveRun(db, runRef);
    const splits = listSplits(db, run.id);
    const split = options.split ?? preferredSplits.find((s) => splits.includes(s)) ?? splits[0] ?? 'dev';
    const missing: MissingInput[] = [];
    const notes: string[] = [];
    if (!splits.length) missing.push({ what: `run ${run.name} has no predictions`, how: howTo.logPredictions });
    else if (!splits.includes(split)) missing.push({ what: `no predictions for split "${split}" in run ${run.name}`, how: `choose one of the splits it has: ${splits.join(', ')}` });
    const hasRows = splits.includes(split);
    const { task, reason } = hasRows ? decideTask(db, run.id, split, options.task) : { task: options.task ?? 'classification', reason: 'no predictions' };
    const discovered = hasRows ? discoverFeatures(db, run.id, split, { wanted: options.features, max: options.maxFeatures }) : { features: [], notes: [] };
    notes.push(...discovered.notes);
    const data = loadPredictions(db, run.id, split, hasRows ? task : null, discovered.features);
    const tolerance = data.targets.task === 'regression' ? options.tolerance ?? toleranceParam(db, run.id) ?? defaultTolerance(data.targets) : 0;
    const scope: PredictionScope = { runId: run.id, split, task, tolerance: Number.isFinite(tolerance) ? tolerance : 0 };
    return new ErrorAnalysis(db, run, splits, scope, reason, data, errorFlags(data.targets, scope.tolerance), options, missing, notes);
  }

  private counts(): { used: number; errors: number } {
    if (!this.totals) {
      let used = 0;
      let errors = 0;
      for (let i = 0; i < this.flags.length; i++) {
        if (this.flags[i] === unused) continue;
        used++;
        if (this.flags[i] === wrong) errors++;
      }
      this.totals = { used, errors };
    }
    return this.totals;
  }

  overview(): ErrorAnalysisOverview {
    const { used, errors } = this.counts();
    const d = this.data;
    const total = d.n;
    const notNumeric = d.targets.task === 'regression' ? d.targets.notNumeric : 0;
    const missing = [...this.missing];
    const notes = [...this.notes];
    if (total && !used) missing.push({ what: `none of the ${total} predictions has both y_true and y_pred${notNumeric ? ' as numbers' : ''}`, how: howTo.logPredictions });
    if (total && !d.features.length) missing.push({ what: 'no features logged with the predictions, so there are no cohorts or error tree', how: howTo.logPredictions, optional: true });
    if (used && d.withoutTrueLabel) notes.push(`${d.withoutTrueLabel} predictions have no y_true and are left out`);
    if (used && d.withoutPrediction) notes.push(`${d.withoutPrediction} predictions have no y_pred and are left out`);
    if (used && notNumeric) notes.push(`${notNumeric} predictions have a y_true or y_pred that is not a number and are left out`);
    if (d.scoreMissing && d.scoreMissing < total) notes.push(`${d.scoreMissing} predictions have a NaN or missing score`);
    if (d.badFeatures) notes.push(`${d.badFeatures} predictions have features that are not a valid JSON object; their features count as missing`);
    notes.push(...(this.classified()?.notes ?? []));
    const errorRate = used ? errors / used : null;
    return {
      runId: this.run.id,
      runName: this.run.name,
      experimentName: this.run.experimentName,
      split: this.scope.split,
      splits: this.splits,
      task: this.scope.task,
      taskReason: this.taskReason,
      errorDefinition: this.scope.task === 'classification' ? 'y_pred ≠ y_true' : `|y_pred − y_true| > ${formatNumber(this.scope.tolerance)}`,
      counts: { total, used, withoutTrueLabel: d.withoutTrueLabel, withoutPrediction: d.withoutPrediction, notNumeric, scoreMissing: d.scoreMissing, badFeatures: d.badFeatures },
      errors,
      errorRate,
      accuracy: this.scope.task === 'classification' && errorRate !== null ? 1 - errorRate : null,
      regression: d.targets.task === 'regression' ? regressionMetrics(d.targets) : null,
      features: d.features.map((f) => ({ name: f.spec.name, kind: f.spec.kind })),
      missing,
      notes,
    };
  }

  private classified(): ClassificationResult | null {
    if (this.classification === undefined) {
      const targets = this.data.targets;
      this.classification = targets.task === 'classification' && this.counts().used ? classify(targets) : null;
    }
    return this.classification;
  }

  confusion(): ConfusionMatrixModel | null {
    return this.classified()?.confusion ?? null;
  }

  report(): ClassificationReportModel | null {
    return this.classified()?.report ?? null;
  }

  private column(name: string): FeatureColumn {
    const loaded = this.data.features.find((f) => f.spec.name === name);
    if (loaded) return loaded;
    const found = this.data.n ? discoverFeatures(this.db, this.run.id, this.scope.split, { wanted: [name] }).features : [];
    if (!found.length) {
      const known = this.data.features.map((f) => f.spec.name);
      throw new UserError(`no feature "${name}" in the predictions of split "${this.scope.split}"${known.length ? `; features: ${known.join(', ')}` : ''}`);
    }
    const [column] = loadFeatureColumns(this.db, this.run.id, this.scope.split, found, this.data.n);
    this.data.features.push(column);
    return column;
  }

  private bins(name: string, cache: Map<string, FeatureBins>, maxBins: number): FeatureBins {
    let fb = cache.get(name);
    if (!fb) {
      fb = binFeature(this.column(name), maxBins);
      cache.set(name, fb);
    }
    return fb;
  }

  /** Error rate by value or bin of one feature. */
  cohort(feature: string): CohortModel {
    return cohortModel(this.bins(feature, this.binned, cohortBins), this.flags, this.absError);
  }

  cohorts(): CohortModel[] {
    return this.data.features.map((f) => this.cohort(f.spec.name));
  }

  /** The bins with the highest error rate above the overall one, among bins no smaller than the tree's leaves. */
  worstCohorts(limit = 5): WorstCohort[] {
    const { used, errors } = this.counts();
    return used ? worstCohorts(this.cohorts(), errors / used, this.minLeafSize(used), limit) : [];
  }

  heatmap(x: string, y: string): HeatmapModel {
    return heatmapModel(this.bins(x, this.binned, cohortBins), this.bins(y, this.binned, cohortBins), this.flags);
  }

  errorTree(): ErrorTreeModel | null {
    if (this.tree === undefined) {
      const { used } = this.counts();
      const features = this.data.features.map((f) => this.bins(f.spec.name, this.treeBinned, treeBins));
      this.tree = used ? fitErrorTree(features, this.flags, { maxDepth: this.options.treeDepth ?? 3, minLeafSize: this.minLeafSize(used) }) : null;
    }
    return this.tree;
  }

  private minLeafSize(used: number): number {
    return this.options.minLeafSize ?? Math.max(20, Math.ceil(used * 0.01));
  }

  examples(filter: ExampleFilter, page?: PageRequest): ExamplePage {
    return listExamples(this.db, this.scope, filter, page);
  }

  addTags(exampleIds: string[], tags: string[]): void {
    addTags(this.db, this.scope, exampleIds, tags);
  }

  removeTags(exampleIds: string[], tags: string[]): number {
    return removeTags(this.db, this.scope, exampleIds, tags);
  }

  categories(): CategoriesModel {
    return categoriesTable(this.db, this.scope, this.counts());
  }

  tagSuggestions(prefix = ''): TagSuggestion[] {
    return tagSuggestions(this.db, prefix);
  }

  /** Everything the view shows when it opens. */
  model(): ErrorAnalysisModel {
    return {
      overview: this.overview(),
      confusion: this.confusion(),
      report: this.report(),
      cohorts: this.cohorts(),
      worstCohorts: this.worstCohorts(),
      errorTree: this.errorTree(),
      categories: this.categories(),
      tagSuggestions: this.tagSuggestions(),
    };
  }
}

function validate(options: ErrorAnalysisOptions): void {
  if (options.task !== undefined && options.task !== 'classification' && options.task !== 'regression') throw new UserError(`task "${options.task}" is neither classification nor regression`);
  if (options.tolerance !== undefined && !(Number.isFinite(options.tolerance) && options.tolerance >= 0)) throw new UserError(`tolerance ${options.tolerance} must be a number ≥ 0`);
  if (options.treeDepth !== undefined && !(Number.isInteger(options.treeDepth) && options.treeDepth >= 1 && options.treeDepth <= 3)) throw new UserError(`error tree depth ${options.treeDepth} must be 1, 2 or 3`);
  if (options.minLeafSize !== undefined && !(Number.isInteger(options.minLeafSize) && options.minLeafSize >= 1)) throw new UserError(`minimum leaf size ${options.minLeafSize} must be a whole number ≥ 1`);
}

/** The splits of a run, one index seek each instead of a scan of every prediction. */
function listSplits(db: Database.Database, runId: string): string[] {
  const next = db.prepare('SELECT split FROM predictions WHERE run_id = ? AND split > ? ORDER BY split LIMIT 1').pluck();
  const splits: string[] = [];
  for (let split = next.get(runId, '') as string | undefined; split !== undefined; split = next.get(runId, split) as string | undefined) splits.push(split);
  const empty = db.prepare("SELECT 1 FROM predictions WHERE run_id = ? AND split = ''").pluck().get(runId);
  return empty ? ['', ...splits] : splits;
}

function toleranceParam(db: Database.Database, runId: string): number | undefined {
  const text = db.prepare("SELECT value FROM params WHERE run_id = ? AND key = 'error_tolerance'").pluck().get(runId) as string | undefined;
  const value = text === undefined ? Number.NaN : Number(text);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}
