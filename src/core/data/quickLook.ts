import { cellExpression } from './cells';
import { runQuery } from './engine';
import type { DatasetFormat } from './fileCheck';
import type { ColumnSchema } from './schema';
import { DatasetSession, type OpenOptions } from './session';
import { toCell, toCount, type CellValue } from './values';

/** What the editor shows at once: schema and the first rows, read without scanning the file. */
export interface QuickLook {
  path: string;
  fileName: string;
  format: DatasetFormat;
  sizeBytes: number;
  modifiedAt: string;
  columns: ColumnSchema[];
  /** The first rows in file order, one array of cells per row, in `columns` order. */
  rows: CellValue[][];
  /** Exact data-row count when it is cheap to know (Parquet footer, a small file, or a file already staged). */
  rowCount: number | null;
  /** For big text files: file size divided by the bytes per row seen in the first 64 KB. */
  estimatedRowCount: number | null;
  notices: string[];
  elapsedMs: number;
}

export interface QuickLookOptions {
  /** How many first rows to return (default 200, at most 10,000). */
  sampleRows?: number;
  signal?: AbortSignal;
}

export async function quickLookAt(session: DatasetSession, options: QuickLookOptions = {}): Promise<QuickLook> {
  const started = performance.now();
  const sampleRows = Math.max(0, Math.min(10000, Math.floor(options.sampleRows ?? 200)));
  const rows = await session.readWithRetries(() =>
    session.withConnection(async (connection) => {
      const select = session.columns.map(cellExpression).join(', ');
      const reader = await runQuery(connection, `SELECT ${select || '*'} FROM ${session.sourceSql()} LIMIT ${sampleRows}`, { signal: options.signal });
      return reader.getRowsJS().map((row) => row.map(toCell));
    }),
  );
  const { facts } = session;
  let rowCount: number | null = session.knownRowCount ?? null;
  if (rowCount === null && (facts.format === 'parquet' || facts.headIsWholeFile)) {
    rowCount = await session.readWithRetries(() =>
      session.withConnection(async (connection) => toCount((await runQuery(connection, `SELECT count(*) FROM ${session.sourceSql()}`, { signal: options.signal })).getRowsJS()[0][0])),
    );
  }
  return {
    path: session.path,
    fileName: session.fileName,
    format: session.format,
    sizeBytes: facts.sizeBytes,
    modifiedAt: facts.modifiedAt,
    columns: session.columns,
    rows,
    rowCount,
    estimatedRowCount: rowCount === null ? session.estimatedRowCount() : null,
    notices: [...session.notices],
    elapsedMs: Math.round(performance.now() - started),
  };
}

/** Schema and first rows of a file in well under a second whatever its size. */
export async function quickLook(path: string, options: QuickLookOptions & OpenOptions = {}): Promise<QuickLook> {
  const session = await DatasetSession.open(path, options);
  try {
    return await quickLookAt(session, options);
  } finally {
    session.close();
  }
}
