import { strict as assert } from 'node:assert';
import type { FilterExpr } from './ast';
import { fieldToText, type Field } from './fields';
import { parseRunFilter } from './parser';

/** The AST as compact text: fields canonical, values JSON, every operator node parenthesised. */
function shape(expr: FilterExpr | null): string {
  if (!expr) return '<all>';
  switch (expr.kind) {
    case 'or':
    case 'and':
      return `(${shape(expr.left)} ${expr.kind} ${shape(expr.right)})`;
    case 'not':
      return `(not ${shape(expr.operand)})`;
    case 'compare':
      return `${fieldToText(expr.field.field)} ${expr.op} ${JSON.stringify(expr.value.value)}`;
    case 'in':
      return `${fieldToText(expr.field.field)} ${expr.negated ? 'not in' : 'in'} [${expr.values.map((v) => JSON.stringify(v.value)).join(',')}]`;
    case 'like':
      return `${fieldToText(expr.field.field)} ${expr.negated ? 'not ' : ''}${expr.caseInsensitive ? 'ilike' : 'like'} ${JSON.stringify(expr.pattern.value)}`;
    case 'isNull':
      return `${fieldToText(expr.field.field)} is ${expr.negated ? 'not ' : ''}null`;
  }
}

function fieldOf(query: string): Field {
  const expr = parseRunFilter(`${query} is null`);
  assert.equal(expr?.kind, 'isNull');
  return (expr as Extract<FilterExpr, { kind: 'isNull' }>).field.field;
}

describe('parseRunFilter', () => {
  it('reads an empty or blank query as every run', () => {
    assert.equal(parseRunFilter(''), null);
    assert.equal(parseRunFilter('   \n '), null);
  });

  it('binds not tighter than and, and tighter than or', () => {
    assert.equal(shape(parseRunFilter('name = "a" or name = "b" and name = "c"')), '(name = "a" or (name = "b" and name = "c"))');
    assert.equal(shape(parseRunFilter('name = "a" and name = "b" or name = "c"')), '((name = "a" and name = "b") or name = "c")');
    assert.equal(shape(parseRunFilter('not name = "a" and name = "b"')), '((not name = "a") and name = "b")');
    assert.equal(shape(parseRunFilter('not not name = "a"')), '(not (not name = "a"))');
  });

  it('lets parentheses override precedence, and chains left to right', () => {
    assert.equal(shape(parseRunFilter('(name = "a" or name = "b") and name = "c"')), '((name = "a" or name = "b") and name = "c")');
    assert.equal(shape(parseRunFilter('not (name = "a" or name = "b")')), '(not (name = "a" or name = "b"))');
    assert.equal(shape(parseRunFilter('id = "1" or id = "2" or id = "3"')), '((id = "1" or id = "2") or id = "3")');
  });

  it('parses the issue example', () => {
    assert.equal(
      shape(parseRunFilter('metrics.acc > 0.9 and (params.model = "cnn" or tags.stage in ("a", "b"))')),
      '(metrics.acc > 0.9 and (params.model = "cnn" or tags.stage in ["a","b"]))',
    );
  });

  it('takes keywords in any case and every comparison operator', () => {
    assert.equal(shape(parseRunFilter('NAME = "a" AND Not id != "b" Or status = "failed"')), '((name = "a" and (not id != "b")) or status = "failed")');
    const ops = ['=', '==', '!=', '<>', '<', '<=', '>', '>='].map((op) => shape(parseRunFilter(`metrics.acc ${op} 1`)));
    assert.deepEqual(ops, ['=', '=', '!=', '!=', '<', '<=', '>', '>='].map((op) => `metrics.acc ${op} 1`));
  });

  it('parses in, not in, like, ilike, not like, is null and is not null', () => {
    assert.equal(shape(parseRunFilter('params.n not in (1, 2.5, -3e2)')), 'params.n not in [1,2.5,-300]');
    assert.equal(shape(parseRunFilter("name like 'res%' and name not ilike \"%TMP\"")), '(name like "res%" and name not ilike "%TMP")');
    assert.equal(shape(parseRunFilter('tags.x is null or tags.y is not null')), '(tags.x is null or tags.y is not null)');
    assert.equal(shape(parseRunFilter('params.flag = true or params.flag = FALSE')), '(params.flag = true or params.flag = false)');
  });

  it('reads single and double quoted strings with backslash escapes', () => {
    assert.equal(shape(parseRunFilter(`name = 'it\\'s' or name = "say \\"hi\\"" or name = 'a"b' or name = "c\\\\d"`)), `(((name = "it's" or name = "say \\"hi\\"") or name = "a\\"b") or name = "c\\\\d")`);
    const like = parseRunFilter('name like "50\\%"') as Extract<FilterExpr, { kind: 'like' }>;
    assert.equal(like.pattern.value, '50\\%', 'a backslash before anything but a quote or backslash stays for the like pattern');
  });

  it('reads metric fields with aggregates and contexts', () => {
    assert.deepEqual(fieldOf('metrics.acc'), { kind: 'metric', key: 'acc', context: '', aggregate: 'last' });
    assert.deepEqual(fieldOf('metrics.acc.MIN'), { kind: 'metric', key: 'acc', context: '', aggregate: 'min' });
    assert.deepEqual(fieldOf('metrics.acc[dev].max'), { kind: 'metric', key: 'acc', context: 'dev', aggregate: 'max' });
    assert.deepEqual(fieldOf('metrics.loss["train-dev"]'), { kind: 'metric', key: 'loss', context: 'train-dev', aggregate: 'last' });
    assert.deepEqual(fieldOf('metrics.train/loss'), { kind: 'metric', key: 'train/loss', context: '', aggregate: 'last' });
    assert.deepEqual(fieldOf('metrics.val.loss'), { kind: 'metric', key: 'val.loss', context: '', aggregate: 'last' });
    assert.deepEqual(fieldOf('metrics.max'), { kind: 'metric', key: 'max', context: '', aggregate: 'last' });
    assert.deepEqual(fieldOf('metrics.`top.max`'), { kind: 'metric', key: 'top.max', context: '', aggregate: 'last' }, 'quoted parts are names, never aggregates');
    assert.deepEqual(fieldOf('metric.acc'), fieldOf('metrics.acc'));
  });

  it('reads quoted and dotted keys for params and tags', () => {
    assert.deepEqual(fieldOf('params.`learning rate`'), { kind: 'param', key: 'learning rate' });
    assert.deepEqual(fieldOf('params."learning rate"'), { kind: 'param', key: 'learning rate' });
    assert.deepEqual(fieldOf("params.'odd`name'"), { kind: 'param', key: 'odd`name' });
    assert.deepEqual(fieldOf('params.`tick``s`'), { kind: 'param', key: 'tick`s' });
    assert.deepEqual(fieldOf('params.optimizer.lr'), { kind: 'param', key: 'optimizer.lr' });
    assert.deepEqual(fieldOf('params.optimizer.max'), { kind: 'param', key: 'optimizer.max' });
    assert.deepEqual(fieldOf('params.größe'), { kind: 'param', key: 'größe' });
    assert.deepEqual(fieldOf('tags.in'), { kind: 'tag', key: 'in' }, 'a keyword after a dot is a name');
    assert.deepEqual(fieldOf('attributes.status'), { kind: 'attribute', name: 'status' });
    assert.deepEqual(fieldOf('Created'), { kind: 'attribute', name: 'created' });
  });

  it('writes every field back as text it parses to the same field (column ids)', () => {
    const fields: Field[] = [
      { kind: 'param', key: 'lr' },
      { kind: 'param', key: 'optimizer.lr' },
      { kind: 'param', key: 'learning rate' },
      { kind: 'param', key: 'tick`s' },
      { kind: 'tag', key: '1st' },
      { kind: 'metric', key: 'acc', context: '', aggregate: 'last' },
      { kind: 'metric', key: 'acc.max', context: '', aggregate: 'last' },
      { kind: 'metric', key: 'dev/acc', context: 'train dev', aggregate: 'min' },
      { kind: 'metric', key: 'loss', context: 'train-dev', aggregate: 'max' },
      { kind: 'attribute', name: 'duration' },
    ];
    for (const field of fields) assert.deepEqual(fieldOf(fieldToText(field)), field, fieldToText(field));
    assert.equal(fieldToText({ kind: 'param', key: 'learning rate' }), 'params.`learning rate`');
    assert.equal(fieldToText({ kind: 'metric', key: 'acc', context: 'dev', aggregate: 'min' }), 'metrics.acc[dev].min');
  });

  it('records where each node sits in the query', () => {
    const expr = parseRunFilter('name = "a" and metrics.acc >= 0.5') as Extract<FilterExpr, { kind: 'or' | 'and' }>;
    const right = expr.right as Extract<FilterExpr, { kind: 'compare' }>;
    assert.deepEqual([right.field.position, right.field.length, right.value.position, right.value.length], [15, 11, 30, 3]);
  });
});
