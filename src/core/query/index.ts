export type { FilterExpr, FieldRef, Literal } from './ast';
export { compileRunFilter, filterToSql, type CompiledFilter, type CompileOptions } from './compile';
export { QueryError, renderQueryError } from './errors';
export { fieldFromToken, fieldLabel, fieldToText, runAttributes, runStatuses, type Field, type MetricAggregate, type RunAttribute } from './fields';
export { parseRunFilter } from './parser';
