import { fieldsOf, type FilterExpr } from '../query/ast';
import { closest, fieldToText, type Field } from '../query/fields';

/**
 * Filter terms naming a metric, param or tag no run in scope has: such a term matches nothing, which usually
 * means a typo or a missing [context], so the table says so instead of silently showing no runs.
 */
export function filterWarnings(expr: FilterExpr | null, available: Field[]): string[] {
  const warnings = new Set<string>();
  const keysOf = (kind: 'param' | 'tag') => [...new Set(available.flatMap((f) => (f.kind === kind ? [f.key] : [])))];
  const metrics = available.filter((f): f is Extract<Field, { kind: 'metric' }> => f.kind === 'metric' && f.aggregate === 'last');
  for (const { field, text } of fieldsOf(expr)) {
    if (field.kind === 'metric') {
      if (metrics.some((m) => m.key === field.key && m.context === field.context)) continue;
      const contexts = metrics.filter((m) => m.key === field.key);
      if (contexts.length) {
        const forms = contexts.map((m) => fieldToText({ ...m, aggregate: field.aggregate })).join(', ');
        warnings.add(`${text} matches no run: ${field.key} is logged ${contexts.length > 1 ? 'as' : 'only as'} ${forms}`);
      } else {
        warnings.add(missingKey(text, 'metric', field.key, [...new Set(metrics.map((m) => m.key))]));
      }
    } else if (field.kind === 'param' || field.kind === 'tag') {
      const keys = keysOf(field.kind);
      if (!keys.includes(field.key)) warnings.add(missingKey(text, field.kind, field.key, keys));
    }
  }
  return [...warnings];
}

function missingKey(text: string, kind: string, key: string, keys: string[]): string {
  const guess = closest(key, keys);
  return `${text} matches no run: no run here has the ${kind} '${key}'${guess ? `; did you mean '${guess}'?` : ''}`;
}
