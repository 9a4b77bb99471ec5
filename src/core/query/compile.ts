import type { FieldRef, FilterExpr, Literal, Span } from './ast';
import { queryError } from './errors';
import { runAttributes, runStatuses, type Field, type RunAttribute } from './fields';
import { parseRunFilter } from './parser';
import { joinSql, sql, trusted, type Bound, SqlFragment } from './sql';

/** A WHERE clause over `runs r` and its values, e.g. `db.prepare(`SELECT r.id FROM runs r WHERE ${where}`).all(...params)`. */
export interface CompiledFilter {
  where: string;
  params: Bound[];
}

export interface CompileOptions {
  /** The clock a running run's duration is measured to, in ms; Date.now() by default. */
  now?: number;
}

/** Parses and compiles a run filter (docs/QUERY.md); an empty query matches every run. Throws QueryError. */
export function compileRunFilter(query: string, options: CompileOptions = {}): CompiledFilter {
  const fragment = filterToSql(parseRunFilter(query), query, options);
  return { where: fragment.text, params: [...fragment.params] };
}

/** The SQL of a parsed filter; `query` is the text it was parsed from, for error messages. */
export function filterToSql(expr: FilterExpr | null, query: string, options: CompileOptions = {}): SqlFragment {
  return expr ? new FilterCompiler(query, options.now ?? Date.now()).compile(expr) : trusted('1');
}

/** How a field's value is reached: the run-level test that wraps a condition, and the expressions a condition can use. */
interface Operand {
  /** 'dynamic' values (params, tags) compare as numbers with numbers and as text with strings. */
  type: 'dynamic' | 'text' | 'number' | 'time';
  text?: SqlFragment;
  number?: SqlFragment;
  /** A boolean that is never NULL: true when the run has the value and `condition` holds for it. */
  holds(condition: SqlFragment): SqlFragment;
  present: SqlFragment;
}

const paramText = trusted(`CASE WHEN substr(p.value, 1, 1) = '"' AND json_valid(p.value) THEN json_extract(p.value, '$') ELSE p.value END`);
const metricColumns = { last: 'ms.last_value', min: 'ms.min_value', max: 'ms.max_value' } as const;
const datePattern = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?)?$/;

/** The operands of a chain of one operator: a or (b or c) or d → a, b, c, d. */
function chainOf(expr: FilterExpr, kind: 'or' | 'and'): FilterExpr[] {
  return expr.kind === kind ? [...chainOf(expr.left, kind), ...chainOf(expr.right, kind)] : [expr];
}

/** Joins a chain as a balanced tree, so SQLite's expression depth grows with log(terms): 2,000 or-ed terms still run. */
function balanced(operands: SqlFragment[], operator: string): SqlFragment {
  if (operands.length === 1) return operands[0];
  const middle = operands.length >> 1;
  return sql`(${balanced(operands.slice(0, middle), operator)}${trusted(operator)}${balanced(operands.slice(middle), operator)})`;
}

/** Text that reads as a number (params and tags may hold "0.001") becomes a REAL; other text NULL, so it matches no numeric comparison. */
function numericText(text: SqlFragment): SqlFragment {
  return sql`(CASE WHEN ${text} GLOB '*[0-9]*' AND NOT ${text} GLOB '*[^0-9.eE+-]*' THEN CAST(${text} AS REAL) END)`;
}

class FilterCompiler {
  constructor(
    private readonly query: string,
    private readonly now: number,
  ) {}

  compile(expr: FilterExpr): SqlFragment {
    switch (expr.kind) {
      case 'or':
      case 'and':
        return balanced(chainOf(expr, expr.kind).map((operand) => this.compile(operand)), expr.kind === 'or' ? ' OR ' : ' AND ');
      case 'not':
        return sql`(NOT ${this.compile(expr.operand)})`;
      case 'isNull': {
        const present = this.operand(expr.field).present;
        return expr.negated ? present : sql`(NOT ${present})`;
      }
      case 'compare': {
        const operand = this.operand(expr.field);
        if (expr.value.kind === 'boolean' && expr.op !== '=' && expr.op !== '!=') {
          throw this.fail(expr.value, `${expr.value.value} compares with = or != only`);
        }
        const { left, right } = this.sides(expr.field, operand, expr.value, expr.op === '=' || expr.op === '!=');
        return operand.holds(sql`${left} ${trusted(expr.op === '!=' ? '<>' : expr.op)} ${right}`);
      }
      case 'in': {
        const operand = this.operand(expr.field);
        const groups = new Map<string, { left: SqlFragment; rights: Bound[] }>();
        for (const value of expr.values) {
          const { left, right } = this.sides(expr.field, operand, value, true);
          const group = groups.get(left.text) ?? { left, rights: [] };
          group.rights.push(right);
          groups.set(left.text, group);
        }
        // One bound JSON array per list, so a list of any length is one SQL variable.
        const tests = [...groups.values()].map(({ left, rights }) => sql`${left} IN (SELECT value FROM json_each(${JSON.stringify(rights)}))`);
        const anyOf = sql`(${joinSql(tests, ' OR ')})`;
        return operand.holds(expr.negated ? sql`NOT ${anyOf}` : anyOf);
      }
      case 'like': {
        const operand = this.operand(expr.field);
        if (!operand.text) throw this.fail(expr.field, `${expr.caseInsensitive ? 'ilike' : 'like'} matches text, and ${expr.field.text} is a ${operand.type}`, 'compare it with =, <, > instead');
        const match = expr.caseInsensitive
          ? sql`${operand.text} LIKE ${likePattern(expr.pattern.value)} ESCAPE '\\'`
          : sql`${operand.text} GLOB ${globPattern(expr.pattern.value)}`;
        return operand.holds(expr.negated ? sql`NOT (${match})` : match);
      }
    }
  }

  /** The value expression and bound literal of a comparison, refusing a literal of the wrong type for the field. */
  private sides(ref: FieldRef, operand: Operand, literal: Literal, equality: boolean): { left: SqlFragment; right: Bound } {
    const field = ref.field;
    switch (literal.kind) {
      case 'number':
        if (!operand.number) throw this.fail(literal, `${ref.text} is text: put the value in quotes`, `e.g. ${ref.text} = "${literal.value}"`);
        return { left: operand.number, right: literal.value };
      case 'boolean':
        if (operand.type !== 'dynamic') throw this.fail(literal, `${ref.text} is not true or false`, 'true and false compare with params and tags');
        return { left: sql`lower(${operand.text!})`, right: String(literal.value) };
      case 'string':
        if (operand.type === 'time') return { left: operand.number!, right: this.time(literal) };
        if (!operand.text) {
          const unquoted = Number.isFinite(Number(literal.value)) && literal.value.trim() !== '' ? `write ${literal.value} without quotes` : 'compare it with a number';
          throw this.fail(literal, `${ref.text} is a number`, unquoted);
        }
        if (equality && field.kind === 'attribute' && field.name === 'status') return { left: operand.text, right: this.status(literal) };
        return { left: operand.text, right: literal.value };
    }
  }

  private operand(ref: FieldRef): Operand {
    const field: Field = ref.field;
    switch (field.kind) {
      case 'param': {
        const holds = (condition: SqlFragment) => sql`EXISTS (SELECT 1 FROM params p WHERE p.run_id = r.id AND p.key = ${field.key} AND ${condition})`;
        return { type: 'dynamic', text: paramText, number: numericText(paramText), holds, present: holds(trusted(`p.value <> 'null'`)) };
      }
      case 'tag': {
        const text = trusted('g.value');
        const holds = (condition: SqlFragment) => sql`EXISTS (SELECT 1 FROM tags g WHERE g.run_id = r.id AND g.key = ${field.key} AND ${condition})`;
        return { type: 'dynamic', text, number: numericText(text), holds, present: holds(trusted('1')) };
      }
      case 'metric': {
        const holds = (condition: SqlFragment) =>
          sql`EXISTS (SELECT 1 FROM metric_summaries ms WHERE ms.run_id = r.id AND ms.key = ${field.key} AND ms.context = ${field.context} AND ${condition})`;
        return { type: 'number', number: trusted(metricColumns[field.aggregate]), holds, present: holds(trusted('1')) };
      }
      case 'attribute': {
        const value = this.attribute(field.name);
        const type = runAttributes[field.name].type;
        return {
          type,
          text: type === 'text' ? value : undefined,
          number: type === 'text' ? undefined : value,
          holds: (condition) => sql`coalesce(${condition}, 0)`,
          present: sql`(${value} IS NOT NULL)`,
        };
      }
    }
  }

  private attribute(name: RunAttribute): SqlFragment {
    switch (name) {
      case 'experiment':
        return trusted('(SELECT e.name FROM experiments e WHERE e.id = r.experiment_id)');
      case 'duration':
        return sql`((coalesce(r.ended_at, CASE WHEN r.status = 'running' THEN ${this.now} END) - r.started_at) / 1000.0)`;
      case 'notes':
        return trusted(`nullif(r.notes, '')`);
      default:
        return trusted(attributeColumns[name]);
    }
  }

  private time(literal: Literal & { kind: 'string' }): number {
    const match = datePattern.exec(literal.value.trim());
    // A date alone or a time without a zone is local time, as people read their own clocks.
    const ms = match ? Date.parse(`${match[1]}T${match[2] ?? '00:00'}${match[3] ?? ''}`) : NaN;
    if (Number.isNaN(ms)) throw this.fail(literal, `'${literal.value}' is not a date`, 'write "2024-05-01", "2024-05-01 14:30" or a time in ms since 1970');
    return ms;
  }

  private status(literal: Literal & { kind: 'string' }): string {
    const status = literal.value.toLowerCase();
    if (!(runStatuses as readonly string[]).includes(status)) throw this.fail(literal, `unknown status '${literal.value}'`, `statuses are ${runStatuses.join(', ')}`);
    return status;
  }

  private fail(at: Span, problem: string, hint?: string) {
    return queryError(this.query, at.position, at.length, problem, hint);
  }
}

const attributeColumns: Record<Exclude<RunAttribute, 'experiment' | 'duration' | 'notes'>, string> = {
  id: 'r.id',
  name: 'r.name',
  status: 'r.status',
  created: 'r.created_at',
  started: 'r.started_at',
  ended: 'r.ended_at',
  exit_code: 'r.exit_code',
  script: 'r.script',
  git_commit: 'r.git_commit',
  git_branch: 'r.git_branch',
  parent: 'r.parent_run_id',
};

/** SQL LIKE (% and _, a backslash escapes the next character) as a case-sensitive GLOB pattern. */
export function globPattern(like: string): string {
  let glob = '';
  for (let i = 0; i < like.length; i++) {
    const c = like[i];
    if (c === '\\' && i + 1 < like.length) glob += globLiteral(like[++i]);
    else if (c === '%') glob += '*';
    else if (c === '_') glob += '?';
    else glob += globLiteral(c);
  }
  return glob;
}

function globLiteral(c: string): string {
  return c === '*' || c === '?' || c === '[' ? `[${c}]` : c;
}

/** The same pattern for SQLite's LIKE ... ESCAPE '\': a backslash before an ordinary character is dropped, a trailing one kept literally. */
function likePattern(like: string): string {
  let pattern = '';
  for (let i = 0; i < like.length; i++) {
    const c = like[i];
    if (c !== '\\') pattern += c;
    else if (i + 1 >= like.length) pattern += '\\\\';
    else {
      const escaped = like[++i];
      pattern += escaped === '%' || escaped === '_' || escaped === '\\' ? `\\${escaped}` : escaped;
    }
  }
  return pattern;
}
