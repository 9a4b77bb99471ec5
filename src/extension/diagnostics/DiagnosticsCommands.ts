import * as vscode from 'vscode';
import { getBaseline, parseBaselineError, setBaseline, type ExperimentBaseline } from '../../core/analysis/baseline';
import { resolveRun } from '../../core/analysis/runRef';
import type { BiasVarianceState } from '../../protocol/biasVariance';
import type { ErrorAnalysisState } from '../../protocol/errorAnalysis';
import { BiasVariancePanel } from './BiasVariancePanel';
import { storeDb, type DiagnosticsDeps } from './deps';
import { ErrorAnalysisPanel } from './ErrorAnalysisPanel';
import { revealDatasetRow, type DatasetRowTarget } from './revealDatasetRow';
import { guard, resolveRunTarget } from './runTarget';

/** Set Experiment Baseline may be given the value too (tests, other views): { runId, baseline: "5%" }. */
interface BaselineTarget {
  runId?: string;
  baseline?: string;
}

/** The diagnostics commands (bias/variance, error analysis, baseline, dataset rows) and their panels' revival. */
export class DiagnosticsCommands implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly deps: DiagnosticsDeps) {
    this.disposables = [
      vscode.commands.registerCommand('mlcycle.diagnoseBiasVariance', (target?: unknown) => guard(async () => {
        const runId = await resolveRunTarget(deps.stores, target, 'mlcycle: Diagnose Run: Bias and Variance');
        return runId ? BiasVariancePanel.createOrShow(deps, runId) : undefined;
      })),
      vscode.commands.registerCommand('mlcycle.diagnoseErrors', (target?: unknown) => guard(async () => {
        const runId = await resolveRunTarget(deps.stores, target, 'mlcycle: Diagnose Run: Error Analysis');
        return runId ? ErrorAnalysisPanel.createOrShow(deps, runId) : undefined;
      })),
      vscode.commands.registerCommand('mlcycle.setExperimentBaseline', (target?: unknown) => guard(() => this.setExperimentBaseline(target))),
      vscode.commands.registerCommand('mlcycle.revealDatasetRow', (target: DatasetRowTarget) => guard(() => revealDatasetRow(target, deps.services.workspaceRoot))),
      vscode.window.registerWebviewPanelSerializer(BiasVariancePanel.viewType, {
        deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: BiasVarianceState | undefined) => BiasVariancePanel.revive(deps, panel, state),
      }),
      vscode.window.registerWebviewPanelSerializer(ErrorAnalysisPanel.viewType, {
        deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: ErrorAnalysisState | undefined) => ErrorAnalysisPanel.revive(deps, panel, state),
      }),
    ];
  }

  /** Asks for the baseline error of the run's experiment (showing the current one) and stores it; empty clears it. */
  private async setExperimentBaseline(target: unknown): Promise<ExperimentBaseline | undefined> {
    const runId = await resolveRunTarget(this.deps.stores, target, 'mlcycle: Set Experiment Baseline');
    if (!runId) return undefined;
    const db = storeDb(this.deps);
    const run = resolveRun(db, runId);
    const current = getBaseline(db, run.experimentId).baselineError;
    const given = (target as BaselineTarget | undefined)?.baseline;
    const text = typeof given === 'string' ? given : await vscode.window.showInputBox({
      title: `Baseline error of experiment "${run.experimentName}"`,
      prompt: 'Human-level or best-known error, e.g. 5% or 0.05. Leave empty to clear it. Every diagnosis of the experiment uses it.',
      value: current === null ? '' : `${+(current * 100).toFixed(4)}%`,
      validateInput: (input) => {
        if (!input.trim()) return undefined;
        try {
          parseBaselineError(input);
          return undefined;
        } catch (error) {
          return (error as Error).message;
        }
      },
    });
    if (text === undefined) return undefined;
    const stored = setBaseline(db, run.experimentId, text.trim() ? parseBaselineError(text) : null);
    this.deps.stores.notifyChanged();
    const shown = stored.baselineError === null ? 'cleared' : `set to ${+(stored.baselineError * 100).toFixed(4)}%`;
    void vscode.window.setStatusBarMessage(`mlcycle: baseline error of "${stored.experimentName}" ${shown}`, 5000);
    return stored;
  }

  dispose(): void {
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}
