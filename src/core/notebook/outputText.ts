import type { CellOutput, OutputNumber, RunInfo } from './outputModel';

export function formatValue(value: OutputNumber | null): string {
  if (value === null) return '—';
  if (typeof value === 'string') return value;
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 1e5 || Math.abs(value) < 1e-3 ? value.toExponential(3) : String(Number(value.toPrecision(4)));
}

export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function runLines(run: RunInfo): string[] {
  if (!run.found) return [`run ${run.id}: gone`];
  return [
    `${run.name}: ${run.status}${run.durationMs !== null ? ` in ${formatDuration(run.durationMs)}` : ''}`,
    ...(run.params.length ? [`  params: ${run.params.map((p) => `${p.key}=${p.value}`).join(' ')}`] : []),
    ...(run.metrics.length ? [`  final: ${run.metrics.map((m) => `${m.key}${m.context ? `[${m.context}]` : ''}=${formatValue(m.value)}`).join(' ')}`] : []),
    ...(run.error ? [`  error: ${run.error.split('\n')[0]}`] : []),
  ];
}

/** The output as plain text: what a viewer without the renderer shows, and what a test or a screen reader reads. */
export function outputText(output: CellOutput): string {
  return [output.title, output.subtitle, ...output.notes, ...output.runs.flatMap(runLines)].filter(Boolean).join('\n');
}
