import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, version as duckdbVersion, type DuckDBConnection, type DuckDBResultReader, type DuckDBValue } from '@duckdb/node-api';
import { CancelledError, UserError } from '../errors';

export interface EngineOptions {
  /**
   * DuckDB's memory_limit (default 768MB): past it DuckDB spills to disk rather than grow. The process peaks about
   * 300 MB above it (allocations DuckDB does not count, Node itself), so the default keeps a profile under 1.5 GB.
   */
  memoryLimit?: string;
  /** Worker threads (default 2). */
  threads?: number;
  /** Parent folder for spill files and the staged copy of a CSV/JSON file (default: the OS temp folder). */
  tempDirectory?: string;
}

export interface QueryOptions {
  params?: DuckDBValue[];
  signal?: AbortSignal;
  /** Called with DuckDB's own estimate of how far the query is (0…1), ten times a second. */
  onProgress?: (fraction: number) => void;
}

const memoryLimitPattern = /^\s*\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KIB|MIB|GIB|TIB)\s*$/i;

/** One DuckDB instance with bounded memory and threads and its own scratch folder, removed on close. */
export class DataEngine {
  private readonly connections = new Set<DuckDBConnection>();

  private constructor(
    private readonly instance: DuckDBInstance,
    readonly workDir: string,
    private limit: string,
  ) {}

  get memoryLimit(): string {
    return this.limit;
  }

  /** Change DuckDB's memory limit for everything that runs on this engine from now on. */
  async setMemoryLimit(limit: string): Promise<void> {
    const connection = await this.connect();
    try {
      await connection.run(`SET memory_limit = '${limit.replace(/'/g, '')}'`);
      this.limit = limit;
    } finally {
      this.release(connection);
    }
  }

  static async create(options: EngineOptions = {}): Promise<DataEngine> {
    const memoryLimit = options.memoryLimit ?? '768MB';
    if (!memoryLimitPattern.test(memoryLimit)) throw new UserError(`memory limit "${memoryLimit}" is not a size: write it like 512MB or 2GB.`);
    const threads = options.threads ?? 2;
    if (!Number.isInteger(threads) || threads < 1) throw new UserError(`threads must be a whole number of at least 1, not ${threads}.`);
    const parent = options.tempDirectory ?? tmpdir();
    mkdirSync(parent, { recursive: true });
    const workDir = mkdtempSync(join(parent, 'mlcycle-data-'));
    try {
      const instance = await DuckDBInstance.create(':memory:', {
        memory_limit: memoryLimit,
        threads: String(threads),
        temp_directory: join(workDir, 'spill'),
        // Everything needed (csv, json, parquet) is built in: never reach out to the network for an extension.
        autoinstall_known_extensions: 'false',
        autoload_known_extensions: 'false',
      });
      return new DataEngine(instance, workDir, memoryLimit);
    } catch (error) {
      rmSync(workDir, { recursive: true, force: true });
      throw error;
    }
  }

  static get version(): string {
    return duckdbVersion();
  }

  /** A connection that reports progress and renders timestamps with time zone in UTC. */
  async connect(): Promise<DuckDBConnection> {
    const connection = await this.instance.connect();
    await connection.run(`SET enable_progress_bar = true; SET enable_progress_bar_print = false; SET TimeZone = 'UTC'`);
    this.connections.add(connection);
    return connection;
  }

  release(connection: DuckDBConnection): void {
    if (this.connections.delete(connection)) connection.closeSync();
  }

  close(): void {
    for (const connection of this.connections) connection.closeSync();
    this.connections.clear();
    this.instance.closeSync();
    rmSync(this.workDir, { recursive: true, force: true });
  }
}

const cancelledConnections = new WeakSet<DuckDBConnection>();

/** Stop the connection's running query and refuse its next ones (its owner is closing). */
export function cancelConnection(connection: DuckDBConnection): void {
  cancelledConnections.add(connection);
  connection.interrupt();
}

/** Run one statement; an aborted signal (or a cancelled connection) interrupts DuckDB and rejects with CancelledError. */
export async function runQuery(connection: DuckDBConnection, sql: string, options: QueryOptions = {}): Promise<DuckDBResultReader> {
  const { signal, onProgress } = options;
  if (signal?.aborted) throw new CancelledError();
  if (cancelledConnections.has(connection)) throw new CancelledError('The dataset was closed.');
  const interrupt = () => connection.interrupt();
  signal?.addEventListener('abort', interrupt);
  const timer = onProgress
    ? setInterval(() => {
        const percentage = connection.progress.percentage;
        if (percentage >= 0) onProgress(Math.min(1, percentage / 100));
      }, 100)
    : undefined;
  try {
    return await connection.runAndReadAll(sql, options.params);
  } catch (error) {
    if (signal?.aborted) throw new CancelledError();
    if (cancelledConnections.has(connection)) throw new CancelledError('The dataset was closed.');
    throw error;
  } finally {
    if (timer) clearInterval(timer);
    signal?.removeEventListener('abort', interrupt);
  }
}

/** Rows as objects keyed by the (internal, safe) aliases the query chose. */
export async function queryObjects(connection: DuckDBConnection, sql: string, options: QueryOptions = {}): Promise<Record<string, unknown>[]> {
  return (await runQuery(connection, sql, options)).getRowObjectsJS() as Record<string, unknown>[];
}
