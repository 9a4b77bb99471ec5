import * as vscode from 'vscode';
import type { LinkAction } from '../../core/notebook/outputModel';

/**
 * The commands an output's links call, in one place: the compare and diagnostics views own them. Each gets the
 * run ids (compare: the list; the others: the one run).
 */
export const linkedCommands: Record<LinkAction, { command: string; what: string; list: boolean }> = {
  openRun: { command: 'mlcycle.openRun', what: 'the run view', list: false },
  compare: { command: 'mlcycle.compareRuns', what: 'the compare view', list: true },
  biasVariance: { command: 'mlcycle.diagnoseBiasVariance', what: 'the bias and variance diagnosis', list: false },
  errorAnalysis: { command: 'mlcycle.diagnoseErrors', what: 'error analysis', list: false },
  showOutput: { command: 'mlcycle.showRunOutput', what: 'the run output', list: false },
};

/** Runs a link's command; when this build has no such command, says so instead of failing. */
export async function runLinkedCommand(action: LinkAction, runIds: string[]): Promise<void> {
  const target = linkedCommands[action];
  if (!target) return;
  const known = await vscode.commands.getCommands(true);
  if (!known.includes(target.command)) {
    void vscode.window.showInformationMessage(`mlcycle: ${target.what} is not available in this version (no command ${target.command}).`);
    return;
  }
  await vscode.commands.executeCommand(target.command, target.list ? runIds : runIds[0]);
}
