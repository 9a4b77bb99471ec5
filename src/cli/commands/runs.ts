import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { UserError } from '../../core/errors';
import { compileRunFilter, QueryError, renderQueryError } from '../../core/query';
import { readRunHistory } from '../../core/store/series';
import type { Store } from '../../core/store/store';
import type { RunSummary } from '../../core/store/types';
import { CliError, parseArgs, type CliCommand, type CliIo, type ParsedArgs } from '../command';
import { csvLine } from '../csv';
import { runDetailText, runsTable, seriesName } from '../runsText';
import { jsonText, storePath, withStore, write } from '../storeAccess';

export const runsCommand: CliCommand = {
  name: 'runs',
  usage: [
    'mlcycle runs list [--filter QUERY] [--experiment NAME] [--limit N] [--json] [--db PATH]   QUERY: docs/QUERY.md',
    '  mlcycle runs show RUN [--json] [--db PATH]        RUN: an id, a unique id prefix or a unique name',
    '  mlcycle runs export --format csv|json [--out FILE] [--db PATH]',
  ].join('\n'),
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'list') return list(rest, io);
    if (sub === 'show') return show(rest, io);
    if (sub === 'export') return exportRuns(rest, io);
    throw new CliError(sub ? `unknown subcommand "runs ${sub}"; use list, show or export` : 'runs needs a subcommand: list, show or export');
  },
};

function single(parsed: ParsedArgs, flag: string): string | undefined {
  const values = parsed.flags.get(flag);
  if (values && values.length > 1) throw new CliError(`--${flag} is given more than once`);
  return values?.[0];
}

function noPositional(parsed: ParsedArgs, command: string): void {
  if (parsed.positional.length) throw new CliError(`${command} takes no argument "${parsed.positional[0]}"`);
}

async function list(args: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args, { valueFlags: ['db', 'experiment', 'limit', 'filter'], booleanFlags: ['json'] });
  noPositional(parsed, 'runs list');
  const filter = filterOf(single(parsed, 'filter'));
  const limitText = single(parsed, 'limit');
  const limit = limitText === undefined ? undefined : Number(limitText);
  if (limit !== undefined && (!Number.isInteger(limit) || limit <= 0)) throw new CliError(`--limit must be a positive whole number, got "${limitText}"`);
  const path = storePath(single(parsed, 'db'), io);
  const runs = await withStore(path, { mustExist: true }, (store) => store.listRuns({ experiment: single(parsed, 'experiment'), limit, filter }));
  await write(io.out, parsed.flags.has('json') ? `${jsonText(runs)}\n` : runsTable(runs, path));
  return 0;
}

/** The query compiled to SQL; a mistake is shown as the query with a caret under the offending token. */
function filterOf(query: string | undefined): { where: string; params: unknown[] } | undefined {
  if (!query?.trim()) return undefined;
  try {
    return compileRunFilter(query);
  } catch (error) {
    if (error instanceof QueryError) throw new CliError(`bad --filter:\n${renderQueryError(error)}`);
    throw error;
  }
}

async function show(args: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args, { valueFlags: ['db'], booleanFlags: ['json'] });
  if (parsed.positional.length !== 1) throw new CliError('runs show needs exactly one RUN (an id, an id prefix or a name)');
  const run = await withStore(storePath(single(parsed, 'db'), io), { mustExist: true }, (store) => store.getRun(store.resolveRunId(parsed.positional[0]))!);
  await write(io.out, parsed.flags.has('json') ? `${jsonText(run)}\n` : runDetailText(run));
  return 0;
}

async function exportRuns(args: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args, { valueFlags: ['db', 'format', 'out'], booleanFlags: [] });
  noPositional(parsed, 'runs export');
  const format = single(parsed, 'format');
  if (format !== 'csv' && format !== 'json') throw new CliError(`--format must be csv or json${format ? `, got "${format}"` : ''}`);
  const out = single(parsed, 'out');
  await withStore(storePath(single(parsed, 'db'), io), { mustExist: true }, async (store) => {
    const target = out ? await openOutput(resolve(io.cwd, out)) : io.out;
    try {
      await (format === 'json' ? exportJson(store, target) : exportCsv(store, target));
    } finally {
      if (target !== io.out) await new Promise<void>((done) => target.end(done));
    }
  });
  if (out) await write(io.err, `Wrote ${resolve(io.cwd, out)}\n`);
  return 0;
}

function openOutput(path: string): Promise<NodeJS.WritableStream> {
  return new Promise((resolveStream, reject) => {
    const stream = createWriteStream(path);
    stream.once('open', () => resolveStream(stream));
    stream.once('error', (error) => reject(new UserError(`cannot write ${path}: ${error.message}`)));
  });
}

/** Run by run, so a store with millions of points never sits whole in memory. */
async function exportJson(store: Store, out: NodeJS.WritableStream): Promise<void> {
  const runs = store.listRuns();
  await write(out, '{\n"store": ' + JSON.stringify(store.path) + ',\n"runs": [\n');
  for (const [i, run] of runs.entries()) {
    const metrics = readRunHistory(store, run.id).map((h) => ({ ...run.metrics.find((m) => m.key === h.key && m.context === h.context), ...h }));
    await write(out, `${i ? ',\n' : ''}${jsonText({ ...run, metrics }, 0)}`);
  }
  await write(out, '\n]\n}\n');
}

function paramCell(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** One row per run: its facts, every param, and the last value of every metric (context in brackets). */
async function exportCsv(store: Store, out: NodeJS.WritableStream): Promise<void> {
  const runs = store.listRuns();
  const paramKeys = [...new Set(runs.flatMap((r) => Object.keys(r.params)))].sort();
  const metricNames = [...new Set(runs.flatMap((r) => r.metrics.map(csvMetricName)))].sort();
  const iso = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString());
  await write(out, csvLine(['id', 'name', 'experiment', 'status', 'created_at', 'started_at', 'ended_at', 'exit_code', ...paramKeys.map((k) => `param:${k}`), ...metricNames.map((m) => `metric:${m}`)]));
  for (const run of runs) {
    const last = new Map(run.metrics.map((m) => [csvMetricName(m), String(m.last)]));
    await write(
      out,
      csvLine([
        run.id,
        run.name,
        run.experiment,
        run.status,
        iso(run.createdAt),
        iso(run.startedAt),
        iso(run.endedAt),
        run.exitCode,
        ...paramKeys.map((k) => (k in run.params ? paramCell(run.params[k]) : '')),
        ...metricNames.map((m) => last.get(m) ?? ''),
      ]),
    );
  }
}

function csvMetricName(m: RunSummary['metrics'][number]): string {
  return m.context ? `${m.key}[${m.context}]` : seriesName(m);
}
