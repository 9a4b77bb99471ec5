import type { FieldRef, FilterExpr, Literal } from './ast';
import { queryError } from './errors';
import { fieldFromToken, type Field } from './fields';
import { tokenize, type Keyword, type Token } from './lexer';

const maxNesting = 100;

/**
 * Parses a run filter (docs/QUERY.md) into an AST; an empty or blank query gives null (every run).
 * Precedence: not > and > or. Throws QueryError pointing at the offending token.
 */
export function parseRunFilter(query: string): FilterExpr | null {
  const tokens = tokenize(query);
  let index = 0;
  const peek = (): Token => tokens[index];
  const next = (): Token => tokens[index++];
  const isKeyword = (token: Token, keyword: Keyword): boolean => token.type === 'keyword' && token.keyword === keyword;
  const found = (token: Token): string => (token.type === 'end' ? '' : `, found '${query.slice(token.position, token.position + token.length)}'`);
  const fail = (token: Token, problem: string, hint?: string) => queryError(query, token.position, token.length, problem, hint);
  const after = (token: Token) => query.slice(token.position, token.position + token.length);

  const parseOr = (): FilterExpr => {
    let left = parseAnd();
    while (isKeyword(peek(), 'or')) {
      next();
      left = { kind: 'or', left, right: parseAnd() };
    }
    return left;
  };

  const parseAnd = (): FilterExpr => {
    let left = parseUnary();
    while (isKeyword(peek(), 'and')) {
      next();
      left = { kind: 'and', left, right: parseUnary() };
    }
    return left;
  };

  let depth = 0;
  const parseUnary = (): FilterExpr => {
    // Nesting is bounded so a pathological query gets a message, not a stack overflow or SQLite's expression-depth error.
    if (++depth > maxNesting) throw fail(peek(), `the query nests deeper than ${maxNesting} levels`, 'flatten it with and/or/in');
    try {
      if (isKeyword(peek(), 'not')) {
        next();
        return { kind: 'not', operand: parseUnary() };
      }
      return parsePrimary();
    } finally {
      depth--;
    }
  };

  const parsePrimary = (): FilterExpr => {
    const token = peek();
    if (token.type === '(') {
      next();
      const inner = parseOr();
      const close = peek();
      if (close.type !== ')') throw fail(close, `expected ')' to close '(' from column ${token.position + 1}${found(close)}`);
      next();
      return inner;
    }
    if (token.type !== 'field') {
      const previous = tokens[index - 1];
      const where = previous ? ` after '${after(previous)}'` : '';
      throw fail(token, `expected a field${where}${found(token)}`, 'e.g. metrics.acc, params.model, tags.stage or name');
    }
    next();
    return parsePredicate({ field: fieldFromToken(token, query), text: after(token), position: token.position, length: token.length });
  };

  const parsePredicate = (field: FieldRef): FilterExpr => {
    const token = next();
    if (token.type === 'op') return { kind: 'compare', field, op: token.op, value: parseValue(token) };
    if (isKeyword(token, 'is')) {
      const negated = isKeyword(peek(), 'not');
      if (negated) next();
      const nullToken = next();
      if (!isKeyword(nullToken, 'null')) throw fail(nullToken, `expected 'null' after '${negated ? 'is not' : 'is'}'${found(nullToken)}`);
      return { kind: 'isNull', field, negated };
    }
    let negated = false;
    let operator: Token = token;
    if (isKeyword(token, 'not')) {
      negated = true;
      operator = next();
    }
    if (isKeyword(operator, 'in')) return { kind: 'in', field, values: parseList(operator), negated };
    if (isKeyword(operator, 'like') || isKeyword(operator, 'ilike')) {
      const pattern = parseValue(operator);
      if (pattern.kind !== 'string') throw fail(tokens[index - 1], `a ${after(operator)} pattern is a quoted string`, 'e.g. name like "resnet%"');
      return { kind: 'like', field, pattern, caseInsensitive: isKeyword(operator, 'ilike'), negated };
    }
    const expected = negated ? "'in' or 'like' after 'not'" : `an operator (=, !=, <, <=, >, >=, in, like, ilike, is null) after '${field.text}'`;
    throw fail(operator, `expected ${expected}${found(operator)}`);
  };

  const parseList = (inToken: Token): Literal[] => {
    const open = next();
    if (open.type !== '(') throw fail(open, `expected '(' after '${after(inToken)}'${found(open)}`, 'e.g. tags.stage in ("a", "b")');
    if (peek().type === ')') throw fail(peek(), `empty list after '${after(inToken)}'`, 'give at least one value');
    const values = [parseValue(open)];
    while (peek().type === ',') {
      const comma = next();
      values.push(parseValue(comma));
    }
    const close = peek();
    if (close.type !== ')') throw fail(close, `expected ',' or ')' in the list opened at column ${open.position + 1}${found(close)}`);
    next();
    return values;
  };

  const parseValue = (previous: Token): Literal => {
    const token = next();
    const span = { position: token.position, length: token.length };
    if (token.type === 'number') return { kind: 'number', value: token.value, ...span };
    if (token.type === 'string') return { kind: 'string', value: token.value, ...span };
    if (isKeyword(token, 'true') || isKeyword(token, 'false')) return { kind: 'boolean', value: isKeyword(token, 'true'), ...span };
    if (isKeyword(token, 'null')) throw fail(token, 'null is not a value to compare with', "test for a missing value with 'is null' or 'is not null'");
    const hint = token.type === 'field' ? `quote text values, e.g. "${after(token)}"` : 'a number, a quoted string, true or false';
    throw fail(token, `expected a value after '${after(previous)}'${found(token)}`, hint);
  };

  if (peek().type === 'end') return null;
  const expr = parseOr();
  const trailing = peek();
  if (trailing.type !== 'end') {
    const hint = trailing.type === ')' ? 'this closes no open parenthesis' : "join conditions with 'and' or 'or'";
    throw fail(trailing, `unexpected '${after(trailing)}'`, hint);
  }
  return expr;
}

/** Reads one field name such as a table column id (`metrics.acc[dev].min`); throws QueryError for anything else. */
export function parseFieldName(text: string): Field {
  const tokens = tokenize(text);
  const [token, rest] = tokens;
  if (token.type !== 'field' || rest.type !== 'end') {
    const bad = token.type === 'field' ? rest : token;
    throw queryError(text, bad.position, bad.length, `'${text}' is not a field name`, 'e.g. metrics.acc, params.model, tags.stage or name');
  }
  return fieldFromToken(token, text);
}
