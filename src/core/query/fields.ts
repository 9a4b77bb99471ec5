import { QueryError, queryError } from './errors';
import type { FieldToken, NameSegment } from './lexer';

export type MetricAggregate = 'last' | 'min' | 'max';
export const metricAggregates: readonly MetricAggregate[] = ['last', 'min', 'max'];

export type AttributeType = 'text' | 'number' | 'time';

/** Run attributes a filter or a table column can name, with the type their values compare as. */
export const runAttributes = {
  id: { type: 'text', label: 'ID' },
  name: { type: 'text', label: 'Name' },
  status: { type: 'text', label: 'Status' },
  experiment: { type: 'text', label: 'Experiment' },
  created: { type: 'time', label: 'Created' },
  started: { type: 'time', label: 'Started' },
  ended: { type: 'time', label: 'Ended' },
  duration: { type: 'number', label: 'Duration (s)' },
  exit_code: { type: 'number', label: 'Exit code' },
  notes: { type: 'text', label: 'Notes' },
  script: { type: 'text', label: 'Script' },
  git_commit: { type: 'text', label: 'Git commit' },
  git_branch: { type: 'text', label: 'Git branch' },
  parent: { type: 'text', label: 'Parent run' },
} as const satisfies Record<string, { type: AttributeType; label: string }>;
export type RunAttribute = keyof typeof runAttributes;

export const runStatuses = ['queued', 'running', 'finished', 'failed', 'killed'] as const;

/** What a filter term or a table column refers to. A metric's context '' is the default (unnamed) one. */
export type Field =
  | { kind: 'metric'; key: string; context: string; aggregate: MetricAggregate }
  | { kind: 'param'; key: string }
  | { kind: 'tag'; key: string }
  | { kind: 'attribute'; name: RunAttribute };

const prefixes: Record<string, 'metric' | 'param' | 'tag' | 'attribute'> = {
  metrics: 'metric', metric: 'metric', params: 'param', param: 'param', tags: 'tag', tag: 'tag', attributes: 'attribute', attribute: 'attribute',
};
const fieldHelp = 'use metrics.<name>, params.<name>, tags.<name> or a run attribute (' + Object.keys(runAttributes).join(', ') + ')';

export function fieldFromToken(token: FieldToken, query: string): Field {
  const fail = (at: { position: number; length: number }, problem: string, hint?: string): QueryError => queryError(query, at.position, at.length, problem, hint);
  const head = token.head.text.toLowerCase();
  const kind = prefixes[head];
  if (!kind) {
    if (head in runAttributes) {
      if (token.segments.length || token.context) throw fail(token, `run attribute '${head}' has no parts`, `write just ${head}`);
      return { kind: 'attribute', name: head as RunAttribute };
    }
    const guess = closest(head, [...Object.keys(prefixes), ...Object.keys(runAttributes)]);
    const problem = token.segments.length ? `unknown field prefix '${token.head.text}'` : `unknown field '${token.head.text}'`;
    throw fail(token.segments.length ? token.head : token, problem, guess ? `did you mean ${guess}? Otherwise ${fieldHelp}` : fieldHelp);
  }
  if (!token.segments.length && !token.context) {
    throw fail(token, `'${token.head.text}' needs a name after it`, kind === 'attribute' ? 'e.g. attributes.status' : `e.g. ${head}.${kind === 'metric' ? 'acc' : kind === 'param' ? 'lr' : 'stage'}`);
  }
  if (kind === 'attribute') {
    const name = token.segments.length === 1 && !token.context ? token.segments[0].text.toLowerCase() : '';
    if (!(name in runAttributes)) throw fail(token, `unknown run attribute '${token.segments.map((s) => s.text).join('.')}'`, `attributes are ${Object.keys(runAttributes).join(', ')}`);
    return { kind: 'attribute', name: name as RunAttribute };
  }
  if (kind !== 'metric') {
    if (token.context) throw fail(token.context.name, 'only metrics have a [context]', `write ${head}.<name> without brackets`);
    return { kind, key: joinKey(token.segments) };
  }
  return metricField(token, fail);
}

function metricField(token: FieldToken, fail: (at: { position: number; length: number }, problem: string, hint?: string) => QueryError): Field {
  const isAggregate = (s: NameSegment) => !s.quoted && (metricAggregates as readonly string[]).includes(s.text.toLowerCase());
  const keySegments = token.context ? token.segments.slice(0, token.context.afterSegments) : token.segments;
  let rest = token.context ? token.segments.slice(token.context.afterSegments) : [];
  if (!token.context && keySegments.length >= 2 && isAggregate(keySegments[keySegments.length - 1])) rest = [keySegments.pop()!];
  if (!keySegments.length) throw fail(token, 'expected a metric name before the [context]', 'e.g. metrics.acc[dev]');
  if (rest.length > 1 || (rest.length === 1 && !isAggregate(rest[0]))) {
    throw fail(rest[rest.length > 1 ? 1 : 0], 'only .min, .max or .last may follow a metric [context]', 'quote a metric name holding dots, e.g. metrics.`top.k`[dev]');
  }
  return {
    kind: 'metric',
    key: joinKey(keySegments),
    context: token.context?.name.text ?? '',
    aggregate: rest.length ? (rest[0].text.toLowerCase() as MetricAggregate) : 'last',
  };
}

function joinKey(segments: NameSegment[]): string {
  return segments.map((s) => s.text).join('.');
}

const bareKey = /^[\p{L}\p{N}_\-/]+$/u;
const bareContext = /^[\p{L}\p{N}_\-/.]+$/u;

function quoteName(name: string, bare: RegExp): string {
  return bare.test(name) ? name : '`' + name.replace(/`/g, '``') + '`';
}

/** The canonical text of a field, which the parser reads back to the same field: the id of a table column. */
export function fieldToText(field: Field): string {
  switch (field.kind) {
    case 'attribute':
      return field.name;
    case 'param':
      return `params.${quoteName(field.key, bareKey)}`;
    case 'tag':
      return `tags.${quoteName(field.key, bareKey)}`;
    case 'metric': {
      const context = field.context ? `[${quoteName(field.context, bareContext)}]` : '';
      return `metrics.${quoteName(field.key, bareKey)}${context}${field.aggregate === 'last' ? '' : `.${field.aggregate}`}`;
    }
  }
}

/** A short human label: "lr", "acc [dev] (min)", "Created". */
export function fieldLabel(field: Field): string {
  switch (field.kind) {
    case 'attribute':
      return runAttributes[field.name].label;
    case 'param':
    case 'tag':
      return field.key;
    case 'metric':
      return `${field.key}${field.context ? ` [${field.context}]` : ''}${field.aggregate === 'last' ? '' : ` (${field.aggregate})`}`;
  }
}

/** The nearest candidate within two edits (one for short words), for "did you mean" hints. */
export function closest(word: string, candidates: string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance <= Math.min(2, Math.floor(word.length / 2)) && (!best || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
