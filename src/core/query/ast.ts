import type { Field } from './fields';
import type { CompareOp } from './lexer';

export interface Span {
  position: number;
  length: number;
}

export type Literal = Span & ({ kind: 'number'; value: number } | { kind: 'string'; value: string } | { kind: 'boolean'; value: boolean });

export interface FieldRef extends Span {
  field: Field;
  /** The field as written, for messages. */
  text: string;
}

/** A parsed run filter. Comparisons on a value a run does not have are false; `not` inverts that. */
export type FilterExpr =
  | { kind: 'or' | 'and'; left: FilterExpr; right: FilterExpr }
  | { kind: 'not'; operand: FilterExpr }
  | { kind: 'compare'; field: FieldRef; op: CompareOp; value: Literal }
  | { kind: 'in'; field: FieldRef; values: Literal[]; negated: boolean }
  | { kind: 'like'; field: FieldRef; pattern: Literal & { kind: 'string' }; caseInsensitive: boolean; negated: boolean }
  | { kind: 'isNull'; field: FieldRef; negated: boolean };

/** Every field the filter names, in the order written. */
export function fieldsOf(expr: FilterExpr | null): FieldRef[] {
  if (!expr) return [];
  switch (expr.kind) {
    case 'or':
    case 'and':
      return [...fieldsOf(expr.left), ...fieldsOf(expr.right)];
    case 'not':
      return fieldsOf(expr.operand);
    default:
      return [expr.field];
  }
}
