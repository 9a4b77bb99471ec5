import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { UserError } from '../errors';
import { storeArtifact } from './files';
import type { Store } from './store';
import type { MetricPoint, RunStatus } from './types';

export interface MlflowImportResult {
  root: string;
  experiments: string[];
  runs: number;
  points: number;
  /** Runs left out, with why (already imported, deleted in MLflow). */
  skipped: { id: string; reason: string }[];
  /** Things that could not be read; the rest was imported. */
  problems: string[];
}

/** MLflow keeps RunStatus as an integer in meta.yaml (older files: its name). */
const STATUS: Record<string, RunStatus> = { '1': 'running', '2': 'queued', '3': 'finished', '4': 'failed', '5': 'killed', RUNNING: 'running', SCHEDULED: 'queued', FINISHED: 'finished', FAILED: 'failed', KILLED: 'killed' };
/** Folders of an experiment that are not runs. */
const NOT_RUNS = new Set(['tags', 'datasets', 'traces']);
const NOT_EXPERIMENTS = new Set(['.trash', 'models']);

function subfolders(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

function readMeta(dir: string): Record<string, unknown> | undefined {
  const file = join(dir, 'meta.yaml');
  if (!existsSync(file)) return undefined;
  let meta: unknown;
  try {
    meta = parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UserError(`${file} is not valid YAML (${(error as Error).message.split('\n')[0]})`);
  }
  return typeof meta === 'object' && meta !== null ? (meta as Record<string, unknown>) : undefined;
}

/** Files under a folder as key → path; MLflow keys with "/" are nested folders. */
function keyedFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  if (!existsSync(dir)) return files;
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.set(relative(dir, path).split(sep).join('/'), path);
    }
  };
  walk(dir);
  return files;
}

const NON_FINITE: Record<string, number> = { nan: Number.NaN, inf: Infinity, infinity: Infinity, '-inf': -Infinity, '-infinity': -Infinity };

function metricValue(text: string): number {
  const special = NON_FINITE[text.toLowerCase()];
  if (special !== undefined) return special;
  const value = Number(text);
  return text.trim() === '' ? Number.NaN : value;
}

/** "timestamp value [step]" per line, as MLflow's FileStore writes; sorted so the last point is MLflow's latest. */
function readMetricFile(key: string, path: string, problems: string[]): MetricPoint[] {
  const points: MetricPoint[] = [];
  let bad = 0;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const parts = line.trim().split(' ');
    const ts = Number(parts[0]);
    const step = parts.length === 3 ? Number(parts[2]) : 0;
    const value = metricValue(parts[1] ?? '');
    if ((parts.length !== 2 && parts.length !== 3) || !Number.isSafeInteger(ts) || !Number.isSafeInteger(step) || (Number.isNaN(value) && !/^nan$/i.test(parts[1]))) {
      bad++;
      continue;
    }
    points.push({ key, value, step, ts });
  }
  if (bad) problems.push(`${path}: ${bad} line(s) that are not "timestamp value step" were skipped`);
  return points.sort((a, b) => a.step! - b.step! || a.ts! - b.ts!);
}

/** MLflow params are strings: a number's text is kept as a JSON number, anything else as a JSON string. */
function paramValue(text: string): unknown {
  return /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(text) ? Number(text) : text;
}

function timeOf(value: unknown): number | null {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) ? n : null;
}

function findRoot(path: string): string {
  if (!existsSync(path) || !statSync(path).isDirectory()) throw new UserError(`${path} is not a folder; give the MLflow file store folder (usually mlruns/)`);
  const isStore = (dir: string) => subfolders(dir).some((d) => !NOT_EXPERIMENTS.has(d) && existsSync(join(dir, d, 'meta.yaml')));
  if (isStore(path)) return path;
  if (existsSync(join(path, 'mlruns')) && isStore(join(path, 'mlruns'))) return join(path, 'mlruns');
  throw new UserError(`${path} is not an MLflow file store: no experiment folder with a meta.yaml in it (or in ${join(path, 'mlruns')})`);
}

/**
 * Brings an MLflow file store (mlruns/) into the store: experiments by name, runs under their MLflow id with
 * status, times, params, tags (mlflow.* included), every metric point with its step and timestamp, and the
 * artifacts. A run already in the store is skipped, so importing twice adds nothing.
 */
export async function importMlflow(store: Store, path: string): Promise<MlflowImportResult> {
  const root = findRoot(path);
  const result: MlflowImportResult = { root, experiments: [], runs: 0, points: 0, skipped: [], problems: [] };
  for (const experimentFolder of subfolders(root).filter((d) => !NOT_EXPERIMENTS.has(d))) {
    const experimentDir = join(root, experimentFolder);
    let experiment: Record<string, unknown> | undefined;
    try {
      experiment = readMeta(experimentDir);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      result.problems.push(`${error.message}; this experiment was not imported`);
      continue;
    }
    if (!experiment || experiment.lifecycle_stage === 'deleted') continue;
    const experimentName = String(experiment.name ?? experimentFolder);
    result.experiments.push(experimentName);
    for (const runFolder of subfolders(experimentDir).filter((d) => !NOT_RUNS.has(d))) {
      const runDir = join(experimentDir, runFolder);
      try {
        await importRun(store, runDir, experimentName, result);
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        result.problems.push(`${error.message}; this run was not imported`);
      }
    }
  }
  return result;
}

async function importRun(store: Store, runDir: string, experiment: string, result: MlflowImportResult): Promise<void> {
  const meta = readMeta(runDir);
  if (!meta) return;
  const id = String(meta.run_id ?? meta.run_uuid ?? runDir.split(sep).pop());
  if (meta.lifecycle_stage === 'deleted') {
    result.skipped.push({ id, reason: 'deleted in MLflow' });
    return;
  }
  if (store.getRunRecord(id)) {
    result.skipped.push({ id, reason: 'already imported' });
    return;
  }
  const tags = new Map([...keyedFiles(join(runDir, 'tags'))].map(([key, file]) => [key, readFileSync(file, 'utf8')]));
  const params = Object.fromEntries([...keyedFiles(join(runDir, 'params'))].map(([key, file]) => [key, paramValue(readFileSync(file, 'utf8'))]));
  const series = [...keyedFiles(join(runDir, 'metrics'))].map(([key, file]) => readMetricFile(key, file, result.problems));
  const startedAt = timeOf(meta.start_time);
  store.db.transaction(() => {
    store.createRun({
      id,
      name: String(meta.run_name || tags.get('mlflow.runName') || id.slice(0, 8)),
      experiment,
      status: STATUS[String(meta.status ?? 1)] ?? 'finished',
      createdAt: startedAt ?? Date.now(),
      startedAt,
      endedAt: timeOf(meta.end_time),
      script: tags.get('mlflow.source.name') ?? null,
      gitCommit: tags.get('mlflow.source.git.commit') ?? null,
      gitBranch: tags.get('mlflow.source.git.branch') ?? null,
    });
    store.logParams(id, params);
    store.setTags(id, Object.fromEntries(tags));
    for (const points of series) store.logMetrics(id, points);
  })();
  result.runs++;
  result.points += series.reduce((n, points) => n + points.length, 0);
  const artifacts = join(runDir, 'artifacts');
  if (existsSync(artifacts) && readdirSync(artifacts).length > 0) {
    try {
      await storeArtifact(store, id, artifacts, '.');
    } catch (error) {
      result.problems.push(`${artifacts}: artifacts not copied (${(error as Error).message})`);
    }
  }
}
