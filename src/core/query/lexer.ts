import { queryError } from './errors';

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';
export const keywords = ['and', 'or', 'not', 'in', 'like', 'ilike', 'is', 'null', 'true', 'false'] as const;
export type Keyword = (typeof keywords)[number];

/** One part of a dotted field name: `lr`, `` `learning rate` `` or `"dev/acc"` (quoted parts are never read as .min/.max/.last). */
export interface NameSegment {
  text: string;
  quoted: boolean;
  position: number;
  length: number;
}

interface Span {
  position: number;
  length: number;
}

/** A whole field reference such as metrics.acc[dev].min, read as one token so errors can point at all of it. */
export interface FieldToken extends Span {
  type: 'field';
  head: NameSegment;
  segments: NameSegment[];
  /** The `[context]` part and how many segments came before it. */
  context?: { name: NameSegment; afterSegments: number };
}

export type Token =
  | FieldToken
  | (Span & { type: 'keyword'; keyword: Keyword })
  | (Span & { type: 'string'; value: string })
  | (Span & { type: 'number'; value: number })
  | (Span & { type: 'op'; op: CompareOp })
  | (Span & { type: '(' | ')' | ',' | 'end' });

const headStart = /[\p{L}_]/u;
const headChar = /[\p{L}\p{N}_]/u;
const segmentChar = /[\p{L}\p{N}_\-/]/u;
const contextChar = /[\p{L}\p{N}_\-/.]/u;
const numberPattern = /[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const operators: [string, CompareOp][] = [
  ['==', '='], ['!=', '!='], ['<>', '!='], ['<=', '<='], ['>=', '>='], ['=', '='], ['<', '<'], ['>', '>'],
];

export function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const fail = (position: number, length: number, problem: string, hint?: string) => queryError(query, position, length, problem, hint);

  /** A "..." or '...' literal starting at i; `\\` and an escaped quote are the only escapes, any other backslash stays (so like patterns keep `\%`). */
  const readQuoted = (start: number): { value: string; end: number } => {
    const quote = query[start];
    let value = '';
    for (let j = start + 1; j < query.length; j++) {
      const c = query[j];
      if (c === '\\' && (query[j + 1] === '\\' || query[j + 1] === '"' || query[j + 1] === "'")) {
        value += query[++j];
      } else if (c === quote) {
        return { value, end: j + 1 };
      } else {
        value += c;
      }
    }
    throw fail(start, query.length - start, `unterminated string starting`, `close it with ${quote}`);
  };

  /** A `...` name; a doubled backtick stands for one. */
  const readBackticked = (start: number): { value: string; end: number } => {
    let value = '';
    for (let j = start + 1; j < query.length; j++) {
      if (query[j] === '`') {
        if (query[j + 1] === '`') {
          value += '`';
          j++;
          continue;
        }
        return { value, end: j + 1 };
      }
      value += query[j];
    }
    throw fail(start, query.length - start, 'unterminated quoted name starting', 'close it with `');
  };

  const readWhile = (start: number, allowed: RegExp): number => {
    let j = start;
    while (j < query.length && allowed.test(query[j])) j++;
    return j;
  };

  /** After a '.' or inside '[ ]': a bare, backticked or string-quoted name. */
  const readName = (start: number, bareChar: RegExp, after: string): { segment: NameSegment; end: number } => {
    const c = query[start];
    if (c === '`' || c === '"' || c === "'") {
      const { value, end } = c === '`' ? readBackticked(start) : readQuoted(start);
      if (value === '') throw fail(start, end - start, `empty name after '${after}'`);
      return { segment: { text: value, quoted: true, position: start, length: end - start }, end };
    }
    const end = readWhile(start, bareChar);
    if (end === start) {
      throw fail(start, 1, `expected a name after '${after}'`, 'write it bare (letters, digits, _ - /) or quote it with backticks, e.g. params.`learning rate`');
    }
    return { segment: { text: query.slice(start, end), quoted: false, position: start, length: end - start }, end };
  };

  const readField = (start: number): Token => {
    const headEnd = readWhile(start, headChar);
    const head: NameSegment = { text: query.slice(start, headEnd), quoted: false, position: start, length: headEnd - start };
    const segments: NameSegment[] = [];
    let context: FieldToken['context'];
    let j = headEnd;
    for (;;) {
      if (query[j] === '.') {
        const { segment, end } = readName(j + 1, segmentChar, '.');
        segments.push(segment);
        j = end;
      } else if (query[j] === '[') {
        if (context) throw fail(j, 1, 'a field has one [context] only');
        const { segment, end } = readName(j + 1, contextChar, '[');
        if (query[end] !== ']') throw fail(end, 1, `expected ']' to close '[' at column ${j + 1}`);
        context = { name: segment, afterSegments: segments.length };
        j = end + 1;
      } else {
        break;
      }
    }
    const length = j - start;
    const lower = head.text.toLowerCase();
    if (!segments.length && !context && (keywords as readonly string[]).includes(lower)) {
      return { type: 'keyword', keyword: lower as Keyword, position: start, length };
    }
    return { type: 'field', head, segments, context, position: start, length };
  };

  while (i < query.length) {
    const c = query[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      tokens.push({ type: c, position: i, length: 1 });
      i++;
      continue;
    }
    const operator = operators.find(([text]) => query.startsWith(text, i));
    if (operator) {
      tokens.push({ type: 'op', op: operator[1], position: i, length: operator[0].length });
      i += operator[0].length;
      continue;
    }
    if (c === '"' || c === "'") {
      const { value, end } = readQuoted(i);
      tokens.push({ type: 'string', value, position: i, length: end - i });
      i = end;
      continue;
    }
    numberPattern.lastIndex = i;
    const number = numberPattern.exec(query);
    if (number) {
      const end = i + number[0].length;
      if (end < query.length && headChar.test(query[end])) {
        const wordEnd = readWhile(end, headChar);
        throw fail(i, wordEnd - i, `'${query.slice(i, wordEnd)}' is not a number`, 'quote text values, e.g. "5m"');
      }
      const value = Number(number[0]);
      if (!Number.isFinite(value)) throw fail(i, number[0].length, `'${number[0]}' is too large a number`, 'numbers go up to about 1.7e308; use > 1.7e308 to find infinite values');
      tokens.push({ type: 'number', value, position: i, length: number[0].length });
      i = end;
      continue;
    }
    if (headStart.test(c)) {
      const token = readField(i);
      tokens.push(token);
      i += token.length;
      continue;
    }
    if (c === '`') throw fail(i, 1, 'a quoted name needs its prefix', 'e.g. params.`learning rate`');
    throw fail(i, 1, `unexpected character '${c}'`);
  }
  tokens.push({ type: 'end', position: query.length, length: 1 });
  return tokens;
}
