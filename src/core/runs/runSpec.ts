import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { UserError } from '../errors';
import type { Params } from './params';

/** What a run is asked to be: a saved configuration, a notebook cell or a command line all describe one. */
export interface RunSpec {
  name?: string;
  script: string;
  params: Params;
  tags: Record<string, string>;
  experiment?: string;
}

/** Checks an object read from YAML or JSON and says, by field, what is wrong with it. */
export function validateRunSpec(value: unknown, where: string): RunSpec {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new UserError(`${where}: expected a mapping with at least "script", e.g. script: train.py`);
  const spec = value as Record<string, unknown>;
  const known = new Set(['name', 'script', 'params', 'tags', 'experiment']);
  const unknown = Object.keys(spec).filter((k) => !known.has(k));
  if (unknown.length) throw new UserError(`${where}: unknown field ${unknown.map((k) => `"${k}"`).join(', ')}; the fields are name, script, params, tags, experiment.`);
  if (typeof spec.script !== 'string' || !spec.script.trim()) throw new UserError(`${where}: "script" is required and must be a path, e.g. script: train.py`);
  if (spec.name !== undefined && typeof spec.name !== 'string') throw new UserError(`${where}: "name" must be text.`);
  if (spec.experiment !== undefined && typeof spec.experiment !== 'string') throw new UserError(`${where}: "experiment" must be text.`);
  if (spec.params !== undefined && (typeof spec.params !== 'object' || spec.params === null || Array.isArray(spec.params))) {
    throw new UserError(`${where}: "params" must be a mapping of names to values (a list value makes a sweep), e.g. params: { lr: [0.1, 0.01] }`);
  }
  if (spec.tags !== undefined && (typeof spec.tags !== 'object' || spec.tags === null || Array.isArray(spec.tags))) {
    throw new UserError(`${where}: "tags" must be a mapping of names to text, e.g. tags: { stage: baseline }`);
  }
  const tags = Object.fromEntries(Object.entries((spec.tags ?? {}) as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  return { name: spec.name as string | undefined, script: spec.script.trim(), params: (spec.params ?? {}) as Params, tags, experiment: spec.experiment as string | undefined };
}

/** YAML or JSON text (JSON is YAML), with the parser's line in the message when it does not parse. */
export function parseSpecText(text: string, where: string): unknown {
  try {
    return parseYaml(text);
  } catch (error) {
    const line = (error as { linePos?: { line: number }[] }).linePos?.[0]?.line;
    throw new UserError(`${where}${line ? `, line ${line}` : ''}: not valid YAML or JSON (${(error as Error).message.split('\n')[0]}).`);
  }
}

export const runConfigFiles = ['mlcycle.yaml', 'mlcycle.yml', 'mlcycle.json'];

/** Saved run configurations: the `runs:` list of mlcycle.yaml (or .yml/.json) at the workspace root. */
export function loadRunConfigs(workspaceRoot: string): { file: string; specs: RunSpec[] } | undefined {
  const file = runConfigFiles.map((f) => join(workspaceRoot, f)).find((f) => existsSync(f));
  if (!file) return undefined;
  const parsed = parseSpecText(readFileSync(file, 'utf8'), file) as { runs?: unknown } | null;
  if (!parsed || !Array.isArray(parsed.runs)) throw new UserError(`${file}: expected a "runs:" list of run configurations, each with a script.`);
  return { file, specs: parsed.runs.map((run, i) => validateRunSpec(run, `${file}, run ${i + 1}`)) };
}
