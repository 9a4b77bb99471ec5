import { rmSync } from 'node:fs';
import { basename } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { CancelledError } from '../errors';
import { csvReaderSql, csvRecords, detectCsvLayout, wideFileColumns, type CsvLayout } from './csvLayout';
import { conversionFailure, dataFileError, isInvalidUnicode, isJsonTransformError, malformedJson, malformedJsonError } from './dataErrors';
import { badJsonLine } from './jsonLines';
import { cancelConnection, DataEngine, queryObjects, runQuery, type EngineOptions, type QueryOptions } from './engine';
import { inspectFile, type DatasetFormat, type FileFacts } from './fileCheck';
import { familyOf, schemaOf, type ColumnSchema } from './schema';
import { sqlIdentifier, sqlString, toCount } from './values';

export interface OpenOptions extends EngineOptions {
  /** CSV/TSV: pad short rows with empty values and drop extra fields instead of refusing the file. */
  lenient?: boolean;
  /** Share this engine (and its memory limit) instead of creating one; the session then leaves it open on close. */
  engine?: DataEngine;
}

/** Where the rows are read from: SQL for a FROM clause and the expression giving each row's 0-based index in the file. */
export interface Relation {
  sql: string;
  /** Null for a text file too wide to stage (over 20,000 columns), read in place, whose rows cannot be numbered. */
  rowNumber: string | null;
}

const maxRetypes = 100;
/** Memory limit for files wider than `wideFileColumns` (DuckDB's per-column read buffers add up). */
const wideFileMemoryLimit = '1GB';
/** Beyond this many columns even 16 KB blocks per column overflow a 1 GB limit: such files are re-read for every query. */
const maxStagedColumns = 20000;

/**
 * DuckDB's table writer holds a block per column while it writes: the default 256 KB suits ordinary files, but 10,000
 * columns would need 2.5 GB, so wide files are staged with smaller blocks (≤ 256 MB in all, never under 16 KB).
 */
function stagingBlockSize(columns: number): number {
  let size = 256 * 1024;
  while (size > 16 * 1024 && size * columns > 256 * 1024 * 1024) size /= 2;
  return size;
}

let sessionsOpened = 0;

/**
 * One open data file: its layout and schema, a DuckDB engine with bounded memory, and — for CSV and JSON, the first
 * time a full read is needed — a staged columnar copy in the engine's scratch folder, so profiling, sorting and
 * filtering parse the text once. Parquet is read in place. Every operation takes its own connection, so a grid page
 * can be served while a profile runs. Close it to free memory and delete the scratch folder.
 */
export class DatasetSession {
  readonly notices: string[];
  private layout?: CsvLayout;
  private readonly textColumns = new Set<string>();
  private jsonTypesFromWholeFile = false;
  private describedColumns: { name: string; type: string }[] = [];
  private staging?: Promise<void>;
  private rowCountCache?: number;
  private readonly filterCounts = new Map<string, number>();
  private closed = false;
  private released = false;
  private readonly connectionsInUse = new Set<DuckDBConnection>();
  /** Name of this session's staging database, unique within its engine. */
  private readonly stageName = `stage${++sessionsOpened}`;

  private constructor(
    readonly facts: FileFacts,
    private readonly engine: DataEngine,
    private readonly ownsEngine: boolean,
    private readonly lenient: boolean,
  ) {
    this.notices = [...facts.notices];
  }

  static async open(path: string, options: OpenOptions = {}): Promise<DatasetSession> {
    const facts = await inspectFile(path);
    const engine = options.engine ?? (await DataEngine.create(options));
    const session = new DatasetSession(facts, engine, !options.engine, options.lenient ?? false);
    try {
      await session.readWithRetries(() => session.describe());
      if (options.lenient && session.layout) session.notices.push('Read leniently: rows with too few fields are padded with empty values and extra fields are dropped.');
      if (session.describedColumns.length > wideFileColumns && !options.engine && !options.memoryLimit) {
        // DuckDB reserves buffers per column when it reads text: thousands of columns need more room than the default.
        await engine.setMemoryLimit(wideFileMemoryLimit);
        session.notices.push(`${session.fileName} has ${session.describedColumns.length.toLocaleString('en-US')} columns, so DuckDB may use up to ${wideFileMemoryLimit} of memory to read it.`);
      }
      return session;
    } catch (error) {
      session.close();
      throw error;
    }
  }

  get path(): string {
    return this.facts.path;
  }

  get format(): DatasetFormat {
    return this.facts.format;
  }

  get fileName(): string {
    return basename(this.facts.path);
  }

  get memoryLimit(): string {
    return this.engine.memoryLimit;
  }

  get columns(): ColumnSchema[] {
    return schemaOf(this.describedColumns);
  }

  /** Run `work` on a connection of its own (so operations can overlap), closed afterwards. */
  async withConnection<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    if (this.closed) throw new Error('The dataset session is closed.');
    return this.withEngineConnection(work);
  }

  private async withEngineConnection<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const connection = await this.engine.connect();
    this.connectionsInUse.add(connection);
    try {
      return await work(connection);
    } finally {
      this.connectionsInUse.delete(connection);
      this.engine.release(connection);
      if (this.closed && !this.connectionsInUse.size) this.release();
    }
  }

  /** The reader SQL for the file itself (no staging), with exotic types read as text. */
  sourceSql(options: { rowNumber?: boolean } = {}): string {
    const reader = this.readerSql(options.rowNumber ?? false);
    const casts = this.describedColumns.filter((c) => !familyOf(c.type)).map((c) => `${textExpression(c)} AS ${sqlIdentifier(c.name)}`);
    return casts.length ? `(SELECT * REPLACE (${casts.join(', ')}) FROM ${reader})` : reader;
  }

  /** Whether full reads use a staged columnar copy: CSV and JSON, unless wider than DuckDB's table writer can hold (then they are re-read). */
  get stages(): boolean {
    return this.format !== 'parquet' && this.describedColumns.length <= maxStagedColumns;
  }

  /** Rows for full reads: the staged copy for CSV and JSON (made on first use), the file itself for Parquet and wide files. */
  async relation(options: QueryOptions = {}): Promise<Relation> {
    if (this.format === 'parquet') return { sql: this.sourceSql(), rowNumber: 'file_row_number' };
    if (!this.stages) return { sql: this.sourceSql(), rowNumber: null };
    if (!this.staging) {
      this.staging = this.readWithRetries(() => this.stage(options));
      this.staging.catch(() => (this.staging = undefined));
    }
    await this.staging;
    return { sql: `${this.stageName}.data`, rowNumber: 'rowid' };
  }

  /** The relation for grid reads, where `rowNumber` can be selected. */
  async rowsRelation(options: QueryOptions = {}): Promise<Relation> {
    if (this.format === 'parquet') return { sql: this.sourceSql({ rowNumber: true }), rowNumber: 'file_row_number' };
    return this.relation(options);
  }

  /** Exact number of data rows (stages CSV/JSON first; Parquet answers from its footer). */
  async rowCount(options: QueryOptions = {}): Promise<number> {
    if (this.rowCountCache !== undefined) return this.rowCountCache;
    const relation = await this.relation(options);
    const [row] = await this.readWithRetries(() => this.withConnection((c) => queryObjects(c, `SELECT count(*) AS n FROM ${relation.sql}`, { signal: options.signal })));
    this.rowCountCache = toCount(row.n);
    return this.rowCountCache;
  }

  /** A count for a filter, remembered for the session (the data does not change under it). */
  async countWhere(filter: string, count: () => Promise<number>): Promise<number> {
    const known = this.filterCounts.get(filter);
    if (known !== undefined) return known;
    const n = await count();
    this.filterCounts.set(filter, n);
    return n;
  }

  /**
   * Data rows estimated without a scan: the file size divided by the bytes per row in its first 64 KB (exact once
   * counted; Parquet's count comes from its footer when counted).
   */
  estimatedRowCount(): number | null {
    if (this.rowCountCache !== undefined) return this.rowCountCache;
    const { facts } = this;
    const complete = facts.head.slice(0, facts.head.lastIndexOf('\n') + 1);
    const records = facts.format === 'jsonl' ? complete.split('\n').filter((line) => line.trim()).length : [...csvRecords(complete, ',')].length;
    if (!records) return null;
    const bytesPerRecord = Buffer.byteLength(complete, facts.encoding === 'latin-1' ? 'latin1' : 'utf8') / records;
    const headerRows = facts.format === 'jsonl' || !this.layout?.header ? 0 : 1;
    return Math.max(0, Math.round(facts.sizeBytes / bytesPerRecord) - headerRows);
  }

  /** Whether the row count is already known without reading the file again. */
  get knownRowCount(): number | undefined {
    return this.rowCountCache;
  }

  /** Run a read of the file, adapting to what DuckDB finds further down than its sample (mixed types, non-UTF-8 bytes). */
  async readWithRetries<T>(read: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await read();
      } catch (error) {
        if (error instanceof CancelledError) throw error;
        const json = malformedJson(error);
        if (json) throw malformedJsonError(this.path, await badJsonLine(this.path, json.line), json.detail);
        if (attempt >= maxRetypes || !(await this.adaptTo(error))) throw dataFileError(error, this.path, this.memoryLimit);
      }
    }
  }

  /**
   * Free the engine and delete the staged copy. Operations still running are interrupted and reject with
   * CancelledError; the engine is closed once they have let go of it (closing under a running query is unsafe).
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.connectionsInUse.size) for (const connection of this.connectionsInUse) cancelConnection(connection);
    else this.release();
  }

  private release(): void {
    if (this.released) return;
    this.released = true;
    if (this.ownsEngine) this.engine.close();
    else if (this.staging) {
      const file = `${this.engine.workDir}/${this.stageName}.duckdb`;
      void this.withEngineConnection((c) => c.run(`DETACH DATABASE IF EXISTS ${this.stageName}`))
        .then(() => ['', '.wal'].forEach((suffix) => rmSync(file + suffix, { force: true })))
        .catch(() => undefined);
    }
  }

  private readerSql(rowNumber: boolean): string {
    const path = sqlString(this.path);
    switch (this.format) {
      case 'parquet':
        return `read_parquet(${path}${rowNumber ? ', file_row_number=true' : ''})`;
      case 'jsonl':
        return `read_json(${path}, format='newline_delimited'${this.jsonTypesFromWholeFile ? ', sample_size=-1' : ''})`;
      default:
        return csvReaderSql(this.path, this.layout!, this.textColumns);
    }
  }

  private async describe(): Promise<void> {
    await this.withConnection(async (connection) => {
      if (this.format === 'csv' || this.format === 'tsv') {
        this.layout ??= await detectCsvLayout(connection, this.facts, this.lenient);
        this.describedColumns = this.layout.columns.map((c) => ({ name: c.name, type: this.textColumns.has(c.name) ? 'VARCHAR' : c.type }));
      } else {
        const rows = await queryObjects(connection, `DESCRIBE SELECT * FROM ${this.readerSql(false)}`);
        this.describedColumns = rows.map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
      }
    });
    for (const column of this.describedColumns) {
      if (familyOf(column.type)) continue;
      const notice =
        column.type === 'JSON'
          ? `Column "${column.name}" mixes value types (for example numbers and text) across records, so it is read as text.`
          : /[[\]]|STRUCT|MAP|UNION/.test(column.type)
            ? `Column "${column.name}" holds nested values (${column.type}); they are shown as JSON text.`
            : `Column "${column.name}" (${column.type}) is shown as text.`;
      if (!this.notices.includes(notice)) this.notices.push(notice);
    }
  }

  private async stage(options: QueryOptions): Promise<void> {
    await this.withConnection(async (connection) => {
      const file = sqlString(`${this.engine.workDir}/${this.stageName}.duckdb`);
      await connection.run(`ATTACH IF NOT EXISTS ${file} AS ${this.stageName} (BLOCK_SIZE ${stagingBlockSize(this.describedColumns.length)})`);
      // Compressing the copy costs more CPU than it saves: it lives briefly on local disk and is scanned from the page cache.
      await connection.run("SET force_compression = 'uncompressed'");
      await runQuery(connection, `CREATE OR REPLACE TABLE ${this.stageName}.data AS SELECT * FROM ${this.sourceSql()}`, options);
    });
    this.rowCountCache = undefined;
    this.filterCounts.clear();
  }

  /** Change how the file is read so the same read can succeed; false when the error is not one we can adapt to. */
  private async adaptTo(error: unknown): Promise<boolean> {
    const conversion = conversionFailure(error);
    if (conversion && this.layout && !this.textColumns.has(conversion.column) && this.layout.columns.some((c) => c.name === conversion.column)) {
      this.textColumns.add(conversion.column);
      this.notices.push(
        `Column "${conversion.column}" looked like ${conversion.type.toLowerCase()} values until "${conversion.value}"${conversion.line ? ` on line ${conversion.line}` : ''}: it mixes types, so it is read as text.`,
      );
      await this.describe();
      return true;
    }
    if (isInvalidUnicode(error) && (this.format === 'csv' || this.format === 'tsv') && this.facts.encoding === 'utf-8') {
      this.facts.encoding = 'latin-1';
      if (this.layout) this.layout.encoding = 'latin-1';
      const line = /CSV Error on Line: (\d+)/.exec(String((error as Error).message))?.[1];
      this.notices.push(
        `${this.fileName} is not valid UTF-8 further down than its first 64 KB${line ? ` (line ${line})` : ''}, so it is read as Latin-1 (ISO-8859-1). If accented letters look wrong, re-save the file as UTF-8.`,
      );
      return true;
    }
    if (isJsonTransformError(error) && this.format === 'jsonl' && !this.jsonTypesFromWholeFile) {
      this.jsonTypesFromWholeFile = true;
      await this.describe();
      return true;
    }
    return false;
  }
}

/** SQL turning a column DuckDB gave an exotic type into text: JSON values unquoted, nested values as JSON. */
function textExpression(column: { name: string; type: string }): string {
  const id = sqlIdentifier(column.name);
  if (column.type === 'JSON') return `(${id} ->> '$')`;
  if (/[[\]]|STRUCT|MAP|UNION/.test(column.type)) return `CAST(to_json(${id}) AS VARCHAR)`;
  return `CAST(${id} AS VARCHAR)`;
}
