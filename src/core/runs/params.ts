import { UserError } from '../errors';

export type ParamValue = string | number | boolean | null | ParamValue[] | { [key: string]: ParamValue };
export type Params = Record<string, ParamValue>;

/**
 * Splits what a person types into `key=value` pairs: spaces separate pairs, quotes ('…' or "…") keep spaces,
 * brackets keep lists together (`lr=[0.1, 0.01]`). Non-ASCII text passes through untouched.
 */
export function splitParamText(text: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let quote: string | undefined;
  let depth = 0;
  let started = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\' && i + 1 < text.length && (text[i + 1] === quote || text[i + 1] === '\\')) {
        current += text[++i];
      } else if (ch === quote) {
        quote = undefined;
        if (depth > 0) current += ch;
      } else {
        current += ch;
      }
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      started = true;
      if (depth > 0) current += ch;
      continue;
    }
    if (ch === '[' || ch === '{') depth++;
    if (ch === ']' || ch === '}') depth = Math.max(0, depth - 1);
    if (/\s/.test(ch) && depth === 0) {
      if (started) tokens.push(current);
      current = '';
      started = false;
      continue;
    }
    current += ch;
    started = true;
  }
  if (quote) throw new UserError(`A quote (${quote}) is not closed in the parameters "${text}". Close it, e.g. name="my run".`);
  if (depth > 0) throw new UserError(`A bracket is not closed in the parameters "${text}". Lists look like lr=[0.1,0.01].`);
  if (started) tokens.push(current);
  return tokens;
}

/** `3` → 3, `true` → true, `[1,2]` → [1,2], `hello world` → "hello world": numbers and JSON stay typed, the rest is text. */
export function parseParamValue(raw: string): ParamValue {
  const trimmed = raw.trim();
  if (trimmed === '') return '';
  if (/^[[{]/.test(trimmed)) {
    try {
      return JSON.parse(trimmed) as ParamValue;
    } catch {
      const inner = trimmed.slice(1, -1);
      if (trimmed.startsWith('[') && trimmed.endsWith(']')) return inner.split(',').map((part) => parseParamValue(part.trim().replace(/^(['"])(.*)\1$/, '$2')));
      return trimmed;
    }
  }
  if (/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(trimmed)) return Number(trimmed);
  if (trimmed === 'true' || trimmed === 'false') return trimmed === 'true';
  if (trimmed === 'null') return null;
  return raw;
}

const keyPattern = /^[\p{L}_][\p{L}\p{N}_.\-/]*$/u;

/** Parses `lr=0.1 name="my run" layers=[64,32]`; a token without `=` or with a bad key is refused with what to type. */
export function parseParams(text: string): Params {
  const params: Params = {};
  for (const token of splitParamText(text)) {
    const eq = token.indexOf('=');
    if (eq <= 0) throw new UserError(`"${token}" is not a key=value pair. Type parameters like lr=0.01 epochs=10 name="my run".`);
    const key = token.slice(0, eq);
    if (!keyPattern.test(key)) throw new UserError(`"${key}" is not a valid parameter name: start with a letter or _, then letters, digits, _ . - or /.`);
    params[key] = parseParamValue(token.slice(eq + 1));
  }
  return params;
}

/** Lists sweep: `lr=[0.1,0.01] depth=[3,5]` → 4 parameter sets, the cartesian product, in a stable order. */
export function expandGrid(params: Params, sweepKeys?: string[]): Params[] {
  const keys = sweepKeys ?? Object.keys(params).filter((k) => Array.isArray(params[k]));
  let grid: Params[] = [{ ...params }];
  for (const key of keys) {
    const values = params[key];
    if (!Array.isArray(values)) continue;
    if (values.length === 0) throw new UserError(`The list for "${key}" is empty: give at least one value, e.g. ${key}=[1,2].`);
    grid = grid.flatMap((set) => values.map((value) => ({ ...set, [key]: value })));
  }
  return grid;
}

/** Parameters as a script's command-line arguments: `--lr 0.1 --name "my run"` as separate array items. */
export function paramsToArgs(params: Params): string[] {
  return Object.entries(params).flatMap(([key, value]) => [`--${key}`, typeof value === 'string' ? value : JSON.stringify(value)]);
}
