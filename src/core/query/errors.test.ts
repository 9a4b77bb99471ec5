import { strict as assert } from 'node:assert';
import { UserError } from '../errors';
import { compileRunFilter } from './compile';
import { QueryError, renderQueryError } from './errors';

function errorOf(query: string): QueryError {
  try {
    compileRunFilter(query);
  } catch (error) {
    assert.ok(error instanceof QueryError, `expected a QueryError, got ${String(error)}`);
    return error;
  }
  assert.fail(`"${query}" compiled without an error`);
}

/** The message and the text under the caret. */
function pointed(query: string): [string, string] {
  const error = errorOf(query);
  return [error.message, query.slice(error.position, error.position + error.length)];
}

describe('run filter errors', () => {
  it('are UserErrors with the position and length of the offending token', () => {
    const error = errorOf('metrics.acc > 0.9 and');
    assert.ok(error instanceof UserError);
    assert.equal(error.position, 21);
    assert.equal(error.message, "expected a field after 'and' at column 22 (the end of the query): e.g. metrics.acc, params.model, tags.stage or name");
  });

  it('point at a missing value after an operator', () => {
    assert.equal(errorOf('params.model = "cnn" and metrics.acc >').message.startsWith("expected a value after '>' at column 39"), true);
    assert.deepEqual(pointed('metrics.acc > and name = "x"'), ["expected a value after '>', found 'and' at column 15: a number, a quoted string, true or false", 'and']);
    assert.deepEqual(pointed('params.model = cnn'), ["expected a value after '=', found 'cnn' at column 16: quote text values, e.g. \"cnn\"", 'cnn']);
  });

  it('report an unterminated string or quoted name from its opening quote', () => {
    assert.deepEqual(pointed('name = "abc and x'), ['unterminated string starting at column 8: close it with "', '"abc and x']);
    assert.deepEqual(pointed("name = 'it\\'s"), ["unterminated string starting at column 8: close it with '", "'it\\'s"]);
    assert.match(errorOf('params.`lr = 1').message, /^unterminated quoted name starting at column 8/);
  });

  it('name an unknown field prefix or field, with a suggestion when one is close', () => {
    assert.deepEqual(pointed('parms.lr > 1'), ["unknown field prefix 'parms' at column 1: did you mean params? Otherwise use metrics.<name>, params.<name>, tags.<name> or a run attribute (id, name, status, experiment, created, started, ended, duration, exit_code, notes, script, git_commit, git_branch, parent)", 'parms']);
    assert.match(errorOf('foo.bar = 1').message, /^unknown field prefix 'foo' at column 1: use metrics/);
    assert.match(errorOf('x = 1').message, /^unknown field 'x' at column 1: use metrics/);
    assert.match(errorOf('staus = "failed"').message, /did you mean status\?/);
    assert.match(errorOf('metrics = 1').message, /^'metrics' needs a name after it at column 1: e\.g\. metrics\.acc/);
    assert.match(errorOf('name.first = "a"').message, /^run attribute 'name' has no parts/);
    assert.match(errorOf('params.lr[dev] = 1').message, /^only metrics have a \[context\] at column 11/);
    assert.match(errorOf('metrics.acc[dev].foo > 1').message, /^only \.min, \.max or \.last may follow a metric \[context\] at column 18/);
  });

  it('report a missing or extra parenthesis', () => {
    assert.deepEqual(pointed('(name = "a" or name = "b"'), ["expected ')' to close '(' from column 1 at column 26 (the end of the query)", '']);
    assert.deepEqual(pointed('name = "a")'), ["unexpected ')' at column 11: this closes no open parenthesis", ')']);
  });

  it('report trailing tokens and a missing operator', () => {
    assert.deepEqual(pointed('name = "a" name = "b"'), ["unexpected 'name' at column 12: join conditions with 'and' or 'or'", 'name']);
    assert.deepEqual(pointed('metrics.acc 0.9'), ["expected an operator (=, !=, <, <=, >, >=, in, like, ilike, is null) after 'metrics.acc', found '0.9' at column 13", '0.9']);
    assert.match(errorOf('name is "a"').message, /^expected 'null' after 'is', found '"a"' at column 9/);
  });

  it('report an empty or unclosed in-list', () => {
    assert.deepEqual(pointed('tags.stage in ()'), ["empty list after 'in' at column 16: give at least one value", ')']);
    assert.match(errorOf('tags.stage in "a"').message, /^expected '\(' after 'in', found '"a"' at column 15/);
    assert.match(errorOf('tags.stage in ("a" "b")').message, /^expected ',' or '\)' in the list opened at column 15, found '"b"' at column 20/);
    assert.match(errorOf('tags.stage in ("a",)').message, /^expected a value after ',', found '\)' at column 20/);
  });

  it('refuse a value of the wrong type with what to write instead', () => {
    assert.deepEqual(pointed('metrics.acc > "0.9"'), ['metrics.acc is a number at column 15: write 0.9 without quotes', '"0.9"']);
    assert.match(errorOf('metrics.acc = "high"').message, /^metrics\.acc is a number at column 15: compare it with a number/);
    assert.deepEqual(pointed('name = 5'), ['name is text: put the value in quotes at column 8: e.g. name = "5"', '5']);
    assert.match(errorOf('metrics.acc like "0.9%"').message, /^like matches text, and metrics\.acc is a number at column 1/);
    assert.match(errorOf('status = "done"').message, /^unknown status 'done' at column 10: statuses are queued, running, finished, failed, killed/);
    assert.match(errorOf('created > "yesterday"').message, /^'yesterday' is not a date at column 11/);
    assert.match(errorOf('params.flag > true').message, /^true compares with = or != only/);
    assert.match(errorOf('metrics.acc = true').message, /^metrics\.acc is not true or false/);
    assert.match(errorOf('params.x = null').message, /^null is not a value to compare with at column 12: test for a missing value with 'is null'/);
    assert.match(errorOf('name like 5').message, /^a like pattern is a quoted string/);
  });

  it('refuse stray characters and malformed numbers', () => {
    assert.deepEqual(pointed('name = "a" & name = "b"'), ["unexpected character '&' at column 12", '&']);
    assert.deepEqual(pointed('duration > 5m'), ["'5m' is not a number at column 12: quote text values, e.g. \"5m\"", '5m']);
    assert.match(errorOf('metrics.loss = 1e999').message, /^'1e999' is too large a number at column 16/);
    assert.match(errorOf('`lr` = 1').message, /^a quoted name needs its prefix at column 1/);
    assert.match(errorOf('params. = 1').message, /^expected a name after '\.' at column 8/);
  });

  it('refuse nesting too deep to run', () => {
    assert.match(errorOf('('.repeat(150) + 'name = "a"' + ')'.repeat(150)).message, /^the query nests deeper than 100 levels/);
    assert.match(errorOf('not '.repeat(150) + 'name = "a"').message, /^the query nests deeper than 100 levels/);
  });

  it('render the query with a caret under the offending token', () => {
    assert.equal(renderQueryError(errorOf('metrics.acc > 0.9 and nmae = "x"')), 'metrics.acc > 0.9 and nmae = "x"\n                      ^^^^');
    assert.equal(renderQueryError(errorOf('metrics.acc >')), 'metrics.acc >\n             ^');
    assert.equal(renderQueryError(errorOf('name = "a"\nand metrics.acc > x')), 'and metrics.acc > x\n                  ^');
  });
});
