import { basename } from 'node:path';
import type { DriftReport } from '../../core/data';
import { clip, formatNumber, textTable } from './textTable';

const score = (x: number) => (x === 0 ? '0' : Math.abs(x) < 0.0001 ? x.toExponential(2) : Number(x.toPrecision(4)).toString());

/** The drift report as text: one line per column with the test, score, threshold and verdict, then the dataset verdict. */
export function formatDrift(report: DriftReport): string {
  const lines: string[] = [];
  lines.push(`Reference: ${basename(report.reference.path)} (${formatNumber(report.reference.rows)} rows)   Current: ${basename(report.current.path)} (${formatNumber(report.current.rows)} rows)`);
  lines.push('');
  if (report.columns.length) {
    lines.push(
      textTable(
        ['column', 'type', 'test', 'score', 'threshold', 'drift'],
        report.columns.map((c) => [clip(c.column, 32), c.type, c.testName + (c.sampled ? ' (sampled)' : ''), score(c.score), String(c.threshold), c.drifted ? 'DRIFT' : 'ok']),
        new Set([3, 4]),
      ),
    );
    lines.push('');
  }
  for (const s of report.skipped) lines.push(`Not tested: "${s.column}": ${s.reason}`);
  if (report.onlyInReference.length) lines.push(`Only in the reference: ${report.onlyInReference.join(', ')}`);
  if (report.onlyInCurrent.length) lines.push(`Only in the current data: ${report.onlyInCurrent.join(', ')}`);
  for (const notice of report.notices) lines.push(`Note: ${notice}`);
  lines.push(`${report.datasetDrift ? 'DATASET DRIFT' : 'No dataset drift'}: ${report.message}`);
  return `${lines.join('\n')}\n`;
}
