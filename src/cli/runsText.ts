import { formatBytes } from '../core/format';
import type { MetricSummary, RunDetail, RunSummary } from '../core/store/types';

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Local time, to the second: what a person compares with their own clock. */
export function formatTime(ms: number | null): string {
  if (ms === null) return '-';
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function formatDuration(start: number | null, end: number | null): string {
  if (start === null || end === null) return '-';
  const seconds = Math.round((end - start) / 1000);
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${pad(seconds % 60)}s`;
  return `${Math.floor(seconds / 3600)}h ${pad(Math.floor(seconds / 60) % 60)}m`;
}

export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(5)));
}

export function seriesName(m: Pick<MetricSummary, 'key' | 'context'>): string {
  return m.context ? `${m.context}/${m.key}` : m.key;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

const LISTED_METRICS = 4;

export function runsTable(runs: RunSummary[], storePath: string): string {
  if (runs.length === 0) return `No runs in ${storePath}.\n`;
  return table(
    ['ID', 'NAME', 'EXPERIMENT', 'STATUS', 'STARTED', 'DURATION', 'METRICS (last)'],
    runs.map((r) => [
      r.id,
      r.name,
      r.experiment,
      r.status,
      formatTime(r.startedAt),
      formatDuration(r.startedAt, r.endedAt),
      r.metrics
        .slice(0, LISTED_METRICS)
        .map((m) => `${seriesName(m)}=${formatValue(m.last)}`)
        .join(' ') + (r.metrics.length > LISTED_METRICS ? ` (+${r.metrics.length - LISTED_METRICS})` : ''),
    ]),
  );
}

export function runDetailText(run: RunDetail): string {
  const git = run.gitCommit ? `${run.gitCommit}${run.gitBranch ? ` (${run.gitBranch}${run.gitDirty ? ', uncommitted changes' : ''})` : ''}` : '-';
  const facts: [string, string][] = [
    ['experiment', run.experiment],
    ['status', run.status + (run.exitCode !== null ? ` (exit code ${run.exitCode})` : '')],
    ['started', formatTime(run.startedAt)],
    ['ended', formatTime(run.endedAt)],
    ['duration', formatDuration(run.startedAt, run.endedAt)],
    ['command', run.command.length ? run.command.join(' ') : '-'],
    ['folder', run.cwd || '-'],
    ['git', git],
  ];
  if (run.parentRunId) facts.push(['parent', run.parentRunId]);
  if (run.error) facts.push(['error', run.error]);
  if (run.notes) facts.push(['notes', run.notes]);
  if (run.malformedLines) facts.push(['malformed', `${run.malformedLines} @mlcycle line(s) not understood`]);
  let text = `Run ${run.id} "${run.name}"\n` + facts.map(([k, v]) => `  ${k.padEnd(10)}  ${v}`).join('\n') + '\n';
  const section = (title: string, lines: string[]) => (lines.length ? `\n${title}\n${lines.map((l) => `  ${l}`).join('\n')}\n` : '');
  text += section('Params', Object.entries(run.params).map(([k, v]) => `${k} = ${typeof v === 'string' ? v : JSON.stringify(v)}`));
  text += section('Tags', Object.entries(run.tags).map(([k, v]) => `${k} = ${v}`));
  if (run.metrics.length) {
    const rows = run.metrics.map((m) => [seriesName(m), formatValue(m.last), formatValue(m.min), formatValue(m.max), String(m.count), String(m.lastStep)]);
    text += `\nMetrics\n${table(['  NAME', 'LAST', 'MIN', 'MAX', 'POINTS', 'LAST STEP'], rows.map(([n, ...rest]) => [`  ${n}`, ...rest]))}`;
  }
  text += section('Artifacts', run.artifacts.map((a) => `${a.path}  ${formatBytes(a.size)}  sha256 ${a.sha256.slice(0, 12)}`));
  text += section('Datasets', run.datasets.map((d) => `${d.role}  ${d.path}  sha256 ${d.sha256.slice(0, 12)}`));
  return text;
}
