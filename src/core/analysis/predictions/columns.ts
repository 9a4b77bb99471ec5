import type Database from 'better-sqlite3';
import type { Task } from '../../../protocol/diagnostics';
import type { FeatureSpec } from './features';

export interface NumericColumn {
  spec: FeatureSpec;
  kind: 'numeric';
  /** NaN where missing or not a number. */
  values: Float64Array;
}

export interface CategoricalColumn {
  spec: FeatureSpec;
  kind: 'categorical';
  /** Index into `values`; -1 where missing. */
  codes: Int32Array;
  /** JSON texts as SQLite writes them ("\"paris\"", "true", "3"). */
  values: string[];
}

export type FeatureColumn = NumericColumn | CategoricalColumn;

export interface ClassificationTargets {
  task: 'classification';
  /** Raw label text by code. */
  labels: string[];
  /** Label codes; -1 where NULL. */
  yTrue: Int32Array;
  yPred: Int32Array;
}

export interface RegressionTargets {
  task: 'regression';
  /** NaN where NULL or not a number. */
  yTrue: Float64Array;
  yPred: Float64Array;
  /** Rows whose y_true or y_pred is text that is not a number. */
  notNumeric: number;
}

export interface LoadedPredictions {
  n: number;
  targets: ClassificationTargets | RegressionTargets;
  features: FeatureColumn[];
  withoutTrueLabel: number;
  withoutPrediction: number;
  scoreMissing: number;
  badFeatures: number;
}

const collector = 'mlcycle_collect_prediction';

/**
 * Reads a split in one pass: SQLite hands each row to a JS function that writes typed arrays, so no row object
 * is built and features are parsed (json_extract) only for the wanted ones. Rows come in primary-key order
 * (example_id), the same order loadFeatureColumns reads later.
 */
export function loadPredictions(db: Database.Database, runId: string, split: string, task: Task | null, features: FeatureSpec[]): LoadedPredictions {
  try {
    return loadOnce(db, runId, split, task, features, false);
  } catch (error) {
    if (!/malformed JSON/i.test((error as Error).message)) throw error;
    return loadOnce(db, runId, split, task, features, true);
  }
}

/** More feature columns for rows already loaded, in the same order. */
export function loadFeatureColumns(db: Database.Database, runId: string, split: string, features: FeatureSpec[], n: number): FeatureColumn[] {
  const loaded = loadPredictions(db, runId, split, null, features);
  if (loaded.n !== n) throw new Error(`predictions of run ${runId} changed while being analysed (${n} then ${loaded.n} rows): reopen the analysis`);
  return loaded.features;
}

function loadOnce(db: Database.Database, runId: string, split: string, task: Task | null, specs: FeatureSpec[], guarded: boolean): LoadedPredictions {
  const builder = new ColumnsBuilder(task, specs);
  const guard = (expr: string) => (guarded ? `CASE WHEN json_valid(features) THEN ${expr} END` : expr);
  const featureArgs = specs.map((s, i) => guard(s.kind === 'numeric' ? `json_extract(features, @p${i})` : `features -> @p${i}`));
  const args = [task ? 'y_true' : 'NULL', task ? 'y_pred' : 'NULL', 'score IS NULL', guarded ? 'features IS NOT NULL AND NOT json_valid(features)' : '0', ...featureArgs];
  db.function(collector, { varargs: true, deterministic: false, directOnly: true }, (...row: unknown[]) => {
    builder.add(row);
    return null;
  });
  const params: Record<string, string> = { runId, split };
  specs.forEach((s, i) => (params[`p${i}`] = s.path));
  db.prepare(`SELECT count(${collector}(${args.join(', ')})) FROM predictions WHERE run_id = @runId AND split = @split`).get(params);
  return builder.finish();
}

/** A label as a number; NaN when NULL, empty or not a finite number. */
function toNumber(value: unknown): number {
  if (value === null || (typeof value === 'string' && value.trim() === '')) return Number.NaN;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : Number.NaN;
}

class ColumnsBuilder {
  private n = 0;
  private capacity = 1024;
  private labelCodes = new Map<string, number>();
  private yTrueCode = new Int32Array(this.capacity);
  private yPredCode = new Int32Array(this.capacity);
  private yTrueValue = new Float64Array(0);
  private yPredValue = new Float64Array(0);
  private notNumeric = 0;
  private withoutTrueLabel = 0;
  private withoutPrediction = 0;
  private scoreMissing = 0;
  private badFeatures = 0;
  private readonly numeric: Float64Array[];
  private readonly codes: Int32Array[];
  private readonly categories: Map<string, number>[];

  /** A null task reads features only. */
  constructor(private readonly task: Task | null, private readonly specs: FeatureSpec[]) {
    if (task === 'regression') {
      this.yTrueValue = new Float64Array(this.capacity);
      this.yPredValue = new Float64Array(this.capacity);
    }
    this.numeric = specs.map((s) => new Float64Array(s.kind === 'numeric' ? this.capacity : 0));
    this.codes = specs.map((s) => new Int32Array(s.kind === 'categorical' ? this.capacity : 0));
    this.categories = specs.map(() => new Map());
  }

  add(row: unknown[]): void {
    if (this.n === this.capacity) this.grow();
    const i = this.n++;
    if (this.task !== 'regression') {
      this.yTrueCode[i] = this.labelCode(row[0]);
      this.yPredCode[i] = this.labelCode(row[1]);
    } else {
      const yTrue = toNumber(row[0]);
      const yPred = toNumber(row[1]);
      this.yTrueValue[i] = yTrue;
      this.yPredValue[i] = yPred;
      if ((row[0] !== null && Number.isNaN(yTrue)) || (row[1] !== null && Number.isNaN(yPred))) this.notNumeric++;
    }
    if (row[0] === null) this.withoutTrueLabel++;
    if (row[1] === null) this.withoutPrediction++;
    if (row[2]) this.scoreMissing++;
    if (row[3]) this.badFeatures++;
    for (let f = 0; f < this.specs.length; f++) {
      const value = row[4 + f];
      if (this.specs[f].kind === 'numeric') {
        this.numeric[f][i] = typeof value === 'number' ? value : Number.NaN;
      } else {
        this.codes[f][i] = value === null || value === 'null' ? -1 : this.categoryCode(f, String(value));
      }
    }
  }

  private labelCode(value: unknown): number {
    if (value === null) return -1;
    const text = String(value);
    let code = this.labelCodes.get(text);
    if (code === undefined) {
      code = this.labelCodes.size;
      this.labelCodes.set(text, code);
    }
    return code;
  }

  private categoryCode(f: number, text: string): number {
    const map = this.categories[f];
    let code = map.get(text);
    if (code === undefined) {
      code = map.size;
      map.set(text, code);
    }
    return code;
  }

  private grow(): void {
    this.capacity *= 2;
    const bigger = <T extends Int32Array | Float64Array>(a: T): T => {
      if (a.length === 0) return a;
      const b = new (a.constructor as new (size: number) => T)(this.capacity);
      b.set(a);
      return b;
    };
    this.yTrueCode = bigger(this.yTrueCode);
    this.yPredCode = bigger(this.yPredCode);
    this.yTrueValue = bigger(this.yTrueValue);
    this.yPredValue = bigger(this.yPredValue);
    this.numeric.forEach((a, f) => (this.numeric[f] = bigger(a)));
    this.codes.forEach((a, f) => (this.codes[f] = bigger(a)));
  }

  finish(): LoadedPredictions {
    const n = this.n;
    const features: FeatureColumn[] = this.specs.map((spec, f) => spec.kind === 'numeric'
      ? { spec, kind: 'numeric', values: this.numeric[f].subarray(0, n) }
      : { spec, kind: 'categorical', codes: this.codes[f].subarray(0, n), values: this.categoryValues(f) });
    const targets: ClassificationTargets | RegressionTargets = this.task !== 'regression'
      ? { task: 'classification', labels: [...this.labelCodes.keys()], yTrue: this.yTrueCode.subarray(0, n), yPred: this.yPredCode.subarray(0, n) }
      : { task: 'regression', yTrue: this.yTrueValue.subarray(0, n), yPred: this.yPredValue.subarray(0, n), notNumeric: this.notNumeric };
    return { n, targets, features, withoutTrueLabel: this.withoutTrueLabel, withoutPrediction: this.withoutPrediction, scoreMissing: this.scoreMissing, badFeatures: this.badFeatures };
  }

  private categoryValues(f: number): string[] {
    return [...this.categories[f].keys()];
  }
}
