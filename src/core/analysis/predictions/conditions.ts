import type { FeatureCondition } from '../../../protocol/diagnostics';
import { UserError } from '../../errors';
import { categoricalFeatureSql, categoryLabel, featurePath, numericFeatureSql } from './features';

/** 12345.678 → "12345.68", 0.000123456 → "0.0001235": short, and the same for the same number. */
export function formatNumber(value: number): string {
  return String(Number(value.toPrecision(7)));
}

function valueText(value: number | string): string {
  return typeof value === 'number' ? formatNumber(value) : categoryLabel(value);
}

/** A condition before its text is written. */
export type ConditionSpec = FeatureCondition extends infer C ? (C extends FeatureCondition ? Omit<C, 'text'> : never) : never;

const opText: Record<'<' | '<=' | '>' | '>=', string> = { '<': '<', '<=': '≤', '>': '>', '>=': '≥' };

/** What a person reads for a condition: "age ≥ 30", "city = paris", "city ≠ paris or missing". */
export function describeCondition(c: ConditionSpec): string {
  const orMissing = 'orMissing' in c && c.orMissing ? ' or missing' : '';
  switch (c.op) {
    case 'missing':
      return `${c.feature} missing`;
    case 'in':
    case 'not in': {
      const values = c.values.map(valueText);
      const op = c.op === 'in' ? (values.length === 1 ? '=' : 'in') : values.length === 1 ? '≠' : 'not in';
      return `${c.feature} ${op} ${values.length === 1 ? values[0] : `{${values.join(', ')}}`}${orMissing}`;
    }
    default:
      return `${c.feature} ${opText[c.op]} ${formatNumber(c.value)}${orMissing}`;
  }
}

export function condition(c: ConditionSpec): FeatureCondition {
  return { ...c, text: describeCondition(c) } as FeatureCondition;
}

/** SQL for one condition on predictions `p`, its values bound through `params`; refuses anything malformed (it may come from a webview). */
export function conditionSql(c: FeatureCondition, params: unknown[]): string {
  const path = typeof c?.feature === 'string' ? featurePath(c.feature) : null;
  if (!path) throw new UserError(`a filter condition needs a feature name without double quotes (got ${JSON.stringify(c?.feature)})`);
  const orMissing = (sql: string, expr: () => string) => ('orMissing' in c && c.orMissing ? `(${sql} OR ${expr()} IS NULL)` : sql);
  switch (c.op) {
    case 'missing':
      return `${categoricalFeatureSql(params, path)} IS NULL`;
    case '<':
    case '<=':
    case '>':
    case '>=': {
      if (typeof c.value !== 'number' || !Number.isFinite(c.value)) throw new UserError(`the condition on "${c.feature}" needs a finite number to compare with`);
      const expr = numericFeatureSql(params, path);
      params.push(c.value);
      return orMissing(`${expr} ${c.op} ?`, () => numericFeatureSql(params, path));
    }
    case 'in':
    case 'not in': {
      const values = Array.isArray(c.values) ? c.values : [];
      const numeric = values.length > 0 && values.every((v) => typeof v === 'number' && Number.isFinite(v));
      if (!numeric && !(values.length > 0 && values.every((v) => typeof v === 'string'))) {
        throw new UserError(`the condition on "${c.feature}" needs a list of numbers or of JSON texts`);
      }
      const exprOf = () => (numeric ? numericFeatureSql(params, path) : categoricalFeatureSql(params, path));
      const expr = exprOf();
      params.push(...values);
      return orMissing(`${expr} ${c.op === 'in' ? 'IN' : 'NOT IN'} (${values.map(() => '?').join(', ')})`, exprOf);
    }
    default:
      throw new UserError(`unknown condition operator ${JSON.stringify((c as { op?: unknown })?.op)}: use <, <=, >, >=, in, not in or missing`);
  }
}
