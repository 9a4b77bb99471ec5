import type { ColumnProfile, DatasetProfile } from '../../core/data';
import { formatBytes } from '../../core/format';
import { clip, formatNumber, formatPercent, textTable } from './textTable';

const severityMarks = { critical: 'CRITICAL', warning: 'warning ', info: 'info    ' };

function columnSummary(column: ColumnProfile): string {
  const n = column.numeric;
  if (n) return `mean ${formatNumber(n.mean)} ± ${formatNumber(n.std)}; min ${formatNumber(n.min)}, median ${formatNumber(n.median)}${n.quantilesApproximate ? '≈' : ''}, max ${formatNumber(n.max)}`;
  if (column.datetime) return `${column.datetime.min ?? ''} … ${column.datetime.max ?? ''}`;
  const top = column.topValues?.values[0];
  if (column.kind === 'text') return `${formatNumber(column.text?.meanLength ?? null)} characters on average${top ? `; most frequent "${clip(top.value, 20)}" (${formatPercent(top.percent)})` : ''}`;
  if (top) return `top "${clip(top.value, 24)}" ${formatPercent(top.percent)}${column.topValues!.values[1] ? `, "${clip(column.topValues!.values[1].value, 16)}" ${formatPercent(column.topValues!.values[1].percent)}` : ''}`;
  return '';
}

/** The profile as a readable text report: dataset facts, a table of columns, label balance, correlations, alerts. */
export function formatProfile(profile: DatasetProfile): string {
  const lines: string[] = [];
  lines.push(`${profile.fileName} — ${profile.format.toUpperCase()}, ${formatBytes(profile.sizeBytes)}`);
  lines.push(`${formatNumber(profile.rowCount)} rows × ${profile.columnCount} columns; ${formatNumber(profile.duplicateRows)} duplicate rows (${formatPercent(profile.duplicatePercent)})`);
  lines.push('');
  lines.push(
    textTable(
      ['column', 'type', 'kind', 'missing', 'distinct', 'summary'],
      profile.columns.map((c) => [
        clip(c.name, 32),
        c.type,
        c.kind,
        formatPercent(c.missingPercent),
        `${c.distinctApproximate ? '≈' : ''}${formatNumber(c.distinct)}`,
        clip(columnSummary(c), 90),
      ]),
      new Set([3, 4]),
    ),
  );
  if (profile.label) {
    lines.push('', `Label "${profile.label.column}": ${profile.label.classes.map((c) => `${clip(c.value, 24)} ${formatPercent(c.percent)} (${formatNumber(c.count)})`).join(', ')}`);
  }
  if (profile.correlations.length) {
    lines.push('', `Strongly correlated (|r| ≥ ${profile.correlationThreshold}): ${profile.correlations.map((p) => `${p.columnA} ~ ${p.columnB} (r = ${p.r.toFixed(2)})`).join('; ')}`);
  }
  lines.push('');
  if (profile.alerts.length) {
    lines.push(`Alerts (${profile.alerts.length}):`);
    for (const alert of profile.alerts) lines.push(`  ${severityMarks[alert.severity]}  ${alert.message}`);
  } else {
    lines.push('No alerts.');
  }
  for (const notice of profile.notices) lines.push(`Note: ${notice}`);
  if (profile.rowCount > profile.exactUpToRows) lines.push(`Note: over ${formatNumber(profile.exactUpToRows)} rows, distinct counts and quantiles marked ≈ are estimates.`);
  return `${lines.join('\n')}\n`;
}
