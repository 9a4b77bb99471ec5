/** Column types as the profile and the grid see them: four families, everything else read as text. */
export type TypeFamily = 'numeric' | 'boolean' | 'datetime' | 'string';

export interface ColumnSchema {
  name: string;
  /** The DuckDB type the column is read as (nested and exotic types are read as VARCHAR). */
  type: string;
  /** The type in the file as DuckDB sees it, when it differs from `type` (e.g. STRUCT read as JSON text). */
  sourceType?: string;
  family: TypeFamily;
}

const numericTypes = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL(\(\d+,\s*\d+\))?)$/;
const datetimeTypes = /^(DATE|TIMESTAMP|TIMESTAMP_S|TIMESTAMP_MS|TIMESTAMP_NS|TIMESTAMP WITH TIME ZONE)$/;

/** The family of a DuckDB type, or undefined when the column is better read as text (lists, structs, JSON, time, blobs…). */
export function familyOf(type: string): TypeFamily | undefined {
  if (numericTypes.test(type)) return 'numeric';
  if (type === 'BOOLEAN') return 'boolean';
  if (datetimeTypes.test(type)) return 'datetime';
  if (type === 'VARCHAR') return 'string';
  return undefined;
}

export function isFloatingType(type: string): boolean {
  return type === 'FLOAT' || type === 'DOUBLE';
}

export function isIntegerType(type: string): boolean {
  return /INT$/.test(type) && type !== 'POINT';
}

/** Schema for columns DuckDB describes: exotic types become VARCHAR (cast in the source SQL). */
export function schemaOf(columns: { name: string; type: string }[]): ColumnSchema[] {
  return columns.map(({ name, type }) => {
    const family = familyOf(type);
    return family ? { name, type, family } : { name, type: 'VARCHAR', sourceType: type, family: 'string' };
  });
}
