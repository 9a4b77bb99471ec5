export { fieldsOf, type FilterExpr, type FieldRef, type Literal } from './ast';
export { compileRunFilter, filterToSql, type CompiledFilter, type CompileOptions } from './compile';
export { QueryError, queryErrorView, renderQueryError, type QueryErrorView } from './errors';
export { fieldFromToken, fieldLabel, fieldToText, runAttributes, runStatuses, type Field, type MetricAggregate, type RunAttribute } from './fields';
export { parseFieldName, parseRunFilter } from './parser';
