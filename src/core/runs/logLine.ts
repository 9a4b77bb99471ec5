import type { MetricPoint } from '../store/types';

/** A line starting with this, then JSON, is an event for the store (docs/LOG_PROTOCOL.md). */
export const LOG_LINE_PREFIX = '@mlcycle';

export type LogEvent =
  | { kind: 'metrics'; points: MetricPoint[] }
  | { kind: 'params'; values: Record<string, unknown> }
  | { kind: 'tags'; values: Record<string, string> }
  | { kind: 'artifact'; path: string; name?: string }
  | { kind: 'dataset'; path: string; role: string };

/** An event, or output to show as is; `malformed` says why an @mlcycle line was not understood. */
export type ParsedLine = { type: 'event'; event: LogEvent } | { type: 'output'; text: string; malformed?: string };

class Malformed extends Error {}

const KINDS = ['metric', 'metrics', 'param', 'params', 'tag', 'tags', 'artifact', 'dataset'] as const;

/** Never throws: anything that is not a well-formed event comes back as output. */
export function parseLogLine(line: string): ParsedLine {
  const text = line.endsWith('\r') ? line.slice(0, -1) : line;
  if (!text.startsWith(LOG_LINE_PREFIX)) return { type: 'output', text };
  const rest = text.slice(LOG_LINE_PREFIX.length);
  if (rest !== '' && !/^\s/.test(rest)) return { type: 'output', text };
  try {
    return { type: 'event', event: toEvent(parseJson(rest.trim())) };
  } catch (error) {
    return { type: 'output', text, malformed: error instanceof Malformed ? error.message : 'not valid JSON' };
  }
}

/** Python's json.dumps writes NaN and Infinity bare; they are read as the strings "NaN" and "Infinity". */
function parseJson(json: string): unknown {
  if (json === '') throw new Malformed('no JSON after @mlcycle');
  try {
    return JSON.parse(json);
  } catch {
    return JSON.parse(quoteNonFinite(json));
  }
}

function quoteNonFinite(json: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (inString) {
      out += c;
      if (c === '\\') out += json[++i] ?? '';
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    const word = /^(-?Infinity|NaN)/.exec(json.slice(i, i + 9))?.[1];
    if (word) {
      out += `"${word}"`;
      i += word.length - 1;
    } else {
      out += c;
    }
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function name(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') throw new Malformed(`"${field}" must be a non-empty string`);
  return value;
}

const NON_FINITE: Record<string, number> = { nan: Number.NaN, inf: Infinity, '+inf': Infinity, infinity: Infinity, '+infinity': Infinity, '-inf': -Infinity, '-infinity': -Infinity };

function metricValue(value: unknown, key: string): number {
  if (typeof value === 'number') return value;
  if (value === null) return Number.NaN;
  if (typeof value === 'string' && value.toLowerCase() in NON_FINITE) return NON_FINITE[value.toLowerCase()];
  throw new Malformed(`metric "${key}": value must be a number, null or "NaN"/"Infinity"/"-Infinity"`);
}

function optionalInteger(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new Malformed(`"${field}" must be an integer`);
  return value;
}

function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new Malformed(`"${field}" must be a string`);
  return value;
}

function tagValue(value: unknown, key: string): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Malformed(`tag "${key}": value must be a string, number or boolean`);
}

function toEvent(json: unknown): LogEvent {
  if (!isObject(json)) throw new Malformed('the JSON must be an object');
  const kinds = KINDS.filter((k) => k in json);
  if (kinds.length !== 1) throw new Malformed(kinds.length ? `one kind per line, got ${kinds.join(' and ')}` : `no kind: expected one of ${KINDS.join(', ')}`);
  const where = () => ({ step: optionalInteger(json.step, 'step'), ts: optionalInteger(json.ts, 'ts'), context: optionalString(json.context, 'context') });
  switch (kinds[0]) {
    case 'metric': {
      const key = name(json.metric, 'metric');
      return { kind: 'metrics', points: [{ key, value: metricValue(json.value, key), ...where() }] };
    }
    case 'metrics': {
      if (!isObject(json.metrics)) throw new Malformed('"metrics" must be an object of name: value');
      const at = where();
      return { kind: 'metrics', points: Object.entries(json.metrics).map(([key, value]) => ({ key, value: metricValue(value, key), ...at })) };
    }
    case 'param':
      if (!('value' in json)) throw new Malformed('a param needs a "value"');
      return { kind: 'params', values: { [name(json.param, 'param')]: json.value } };
    case 'params':
      if (!isObject(json.params)) throw new Malformed('"params" must be an object');
      return { kind: 'params', values: json.params };
    case 'tag': {
      const key = name(json.tag, 'tag');
      return { kind: 'tags', values: { [key]: tagValue(json.value, key) } };
    }
    case 'tags': {
      if (!isObject(json.tags)) throw new Malformed('"tags" must be an object');
      return { kind: 'tags', values: Object.fromEntries(Object.entries(json.tags).map(([k, v]) => [k, tagValue(v, k)])) };
    }
    case 'artifact':
      return { kind: 'artifact', path: name(json.artifact, 'artifact'), name: optionalString(json.name, 'name') };
    case 'dataset':
      return { kind: 'dataset', path: name(json.dataset, 'dataset'), role: name(json.role, 'role') };
  }
}
