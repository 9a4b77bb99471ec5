import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { BiasVariancePanel } from '../../src/extension/diagnostics/BiasVariancePanel';
import type { ErrorAnalysisPanel } from '../../src/extension/diagnostics/ErrorAnalysisPanel';
import type { ExampleQuery } from '../../src/protocol/errorAnalysis';
import { seedDiagnosticsRuns, type SeededRuns } from '../seed/diagnosticsRuns';
import { openStoreReadOnly, workspaceRoot } from './store';
import { waitFor } from './waitFor';

const errorsQuery: ExampleQuery = { filter: { errorsOnly: true }, offset: 0, limit: 20, order: 'example' };

function activeTabLabel(): string | undefined {
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
  return tab?.input instanceof vscode.TabInputWebview ? tab.label : undefined;
}

async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Runs a command that shows a quick pick of runs, and accepts its first (newest) item once it is there. */
async function acceptFirstPick<T>(command: string): Promise<T | undefined> {
  let settled = false;
  const result = Promise.resolve(vscode.commands.executeCommand<T>(command)).finally(() => {
    settled = true;
  });
  await waitFor(async () => {
    if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    return settled;
  }, `the quick pick of ${command} to be answered`);
  return result;
}

describe('diagnostics: bias/variance and error analysis panels', function () {
  this.timeout(120_000);
  let seeded: SeededRuns;

  before(async () => {
    await vscode.extensions.getExtension('mlcycle.mlcycle')!.activate();
    seeded = seedDiagnosticsRuns(workspaceRoot());
  });
  afterEach(closeAllEditors);

  it('opens the bias/variance panel for a run id or a Runs-view item, once per run, with errors, terms and curves', async () => {
    const panel = await vscode.commands.executeCommand<BiasVariancePanel>('mlcycle.diagnoseBiasVariance', seeded.mainRunId);
    assert.ok(panel, 'the command returns its panel');
    await waitFor(() => activeTabLabel() === 'Bias/Variance: seeded mlp', 'the bias/variance tab');
    const again = await vscode.commands.executeCommand<BiasVariancePanel>('mlcycle.diagnoseBiasVariance', { runId: seeded.mainRunId });
    assert.equal(again, panel, 'a tree item for the same run reveals the same panel');
    const view = await panel.handlers.load({ runId: seeded.mainRunId });
    assert.deepEqual(view.biasVariance.errors.map((e) => e.set), ['train', 'train-dev', 'dev', 'test']);
    assert.equal(view.biasVariance.verdict.focus[0], 'dataMismatch');
    assert.equal(view.curves.byStep.find((s) => s.set === 'dev')!.points.length, 10);
    assert.equal(view.curves.byTrainSize.series.find((s) => s.set === 'dev')!.points[0].runId, seeded.curveRunId, 'the curve by size comes from the run tagged curve_of');
  });

  it('stores the experiment baseline from the command and from the panel, and refuses a value outside 0..1', async () => {
    const stored = await vscode.commands.executeCommand<{ baselineError: number }>('mlcycle.setExperimentBaseline', { runId: seeded.mainRunId, baseline: '2%' });
    assert.equal(stored.baselineError, 0.02);
    const db = openStoreReadOnly();
    const baseline = () => db.prepare('SELECT baseline_error FROM experiments WHERE name = ?').pluck().get(seeded.experiment);
    try {
      assert.equal(baseline(), 0.02);
      const panel = (await vscode.commands.executeCommand<BiasVariancePanel>('mlcycle.diagnoseBiasVariance', seeded.mainRunId))!;
      const view = await panel.handlers.setBaseline({ runId: seeded.mainRunId, text: '0.5%' });
      assert.equal(baseline(), 0.005);
      const bias = view.biasVariance.terms.find((t) => t.id === 'avoidableBias')!;
      assert.equal(bias.inputs[1].value, 0.005);
      assert.ok(bias.value !== null && bias.value > 0);
      await assert.rejects(async () => panel.handlers.setBaseline({ runId: seeded.mainRunId, text: '150' }), /outside 0\.\.1/);
      assert.equal(baseline(), 0.005, 'a refused value leaves the stored baseline alone');
    } finally {
      db.close();
    }
  });

  it('asks which run with a quick pick, newest first, when given none', async () => {
    const newest = (openStoreReadOnlyValue('SELECT id FROM runs ORDER BY created_at DESC, rowid DESC LIMIT 1'));
    const panel = await acceptFirstPick<ErrorAnalysisPanel>('mlcycle.diagnoseErrors');
    assert.equal(panel?.runId, newest);
  });

  it('opens the error analysis of a run and persists tags added and removed through its handlers', async () => {
    const panel = (await vscode.commands.executeCommand<ErrorAnalysisPanel>('mlcycle.diagnoseErrors', { runId: seeded.mainRunId }))!;
    await waitFor(() => activeTabLabel() === 'Error Analysis: seeded mlp', 'the error analysis tab');
    const model = await panel.handlers.open({ runId: seeded.mainRunId });
    assert.equal(model.overview.counts.used, 359);
    assert.equal(model.overview.errors, seeded.errorIds.length);
    assert.equal(model.confusion!.labels.length, 10);
    const page = await panel.handlers.examples(errorsQuery);
    assert.deepEqual(page.rows.map((r) => r.exampleId), seeded.errorIds.slice(0, 20));
    const [first, second, third] = seeded.errorIds;
    await panel.handlers.addTags({ exampleIds: [first, second], tags: ['faint strokes'], query: errorsQuery });
    const tagged = await panel.handlers.addTags({ exampleIds: [third], tags: ['looks like a 1', 'faint strokes'], query: errorsQuery });
    assert.deepEqual(tagged.categories.rows.map((r) => [r.tag, r.count]), [['faint strokes', 3], ['looks like a 1', 1]]);
    assert.deepEqual(tagged.page.rows.find((r) => r.exampleId === third)!.tags.sort(), ['faint strokes', 'looks like a 1']);
    const db = openStoreReadOnly();
    try {
      const tags = () => db.prepare("SELECT example_id || ':' || tag FROM error_tags WHERE run_id = ? ORDER BY 1").pluck().all(seeded.mainRunId);
      assert.deepEqual(tags(), [`${first}:faint strokes`, `${second}:faint strokes`, `${third}:faint strokes`, `${third}:looks like a 1`].sort());
      const afterRemove = await panel.handlers.removeTags({ exampleIds: [third], tags: ['looks like a 1'], query: errorsQuery });
      assert.deepEqual(afterRemove.categories.rows.map((r) => r.tag), ['faint strokes']);
      assert.ok(!tags().includes(`${third}:looks like a 1`));
      assert.ok((await panel.handlers.tagSuggestions({ prefix: 'LOOKS' })).some((s) => s.tag === 'looks like a 1'), 'a removed tag is still suggested');
      await assert.rejects(async () => panel.handlers.addTags({ exampleIds: ['no-such-example'], tags: ['x'], query: errorsQuery }), /no prediction for example "no-such-example"/);
    } finally {
      db.close();
    }
  });

  it('opens an example\'s row of the run\'s dev dataset in the Data Explorer', async () => {
    const panel = (await vscode.commands.executeCommand<ErrorAnalysisPanel>('mlcycle.diagnoseErrors', seeded.mainRunId))!;
    await panel.handlers.open({ runId: seeded.mainRunId });
    const exampleId = seeded.errorIds[4];
    await panel.handlers.openExample({ exampleId });
    await waitFor(() => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputCustom && input.viewType === 'mlcycle.dataExplorer' && input.uri.fsPath === seeded.devCsv;
    }, 'data/dev.csv in the Data Explorer');
  });

  it('opens a dataset row as text at its line with mlcycle.revealDatasetRow', async () => {
    const exampleId = seeded.errorIds[4];
    await vscode.commands.executeCommand('mlcycle.revealDatasetRow', { path: seeded.devCsv, exampleId });
    const editor = await waitFor(() => {
      const active = vscode.window.activeTextEditor;
      return active?.document.uri.fsPath === seeded.devCsv ? active : undefined;
    }, 'data/dev.csv in a text editor');
    const line = editor.selection.active.line;
    assert.ok(readFileSync(seeded.devCsv, 'utf8').split('\n')[line].startsWith(`${exampleId},`), `line ${line} holds example ${exampleId}`);
  });

  it('says what is missing and how to log it for a run without predictions or without a dev metric, with bad rows', async () => {
    const empty = (await vscode.commands.executeCommand<ErrorAnalysisPanel>('mlcycle.diagnoseErrors', seeded.noPredictionsRunId))!;
    const nothing = await empty.handlers.open({ runId: seeded.noPredictionsRunId });
    assert.match(nothing.overview.missing[0].what, /has no predictions/);
    assert.match(nothing.overview.missing[0].how, /mlcycle\.log_predictions/);
    assert.equal(nothing.confusion, null);

    const bad = (await vscode.commands.executeCommand<ErrorAnalysisPanel>('mlcycle.diagnoseErrors', seeded.badInputRunId))!;
    const model = await bad.handlers.open({ runId: seeded.badInputRunId });
    assert.equal(model.overview.counts.withoutTrueLabel, 1);
    assert.ok(model.overview.notes.some((n) => /"bird" is predicted .* never occurs in y_true/.test(n)));
    assert.ok(model.overview.notes.some((n) => /NaN or missing score/.test(n)));
    assert.equal(model.report!.classes.find((c) => c.label === 'bird')!.recall, null);

    const biasVariance = (await vscode.commands.executeCommand<BiasVariancePanel>('mlcycle.diagnoseBiasVariance', seeded.badInputRunId))!;
    const view = await biasVariance.handlers.load({ runId: seeded.badInputRunId });
    const dev = view.biasVariance.missing.find((m) => /no dev accuracy/.test(m.what));
    assert.equal(dev?.how, 'mlcycle.log_metric("accuracy", value, context="dev")');
  });

  it('tells a person about a run that is not in the store instead of opening an empty panel', async () => {
    const panel = await vscode.commands.executeCommand('mlcycle.diagnoseErrors', 'no-such-run');
    assert.equal(panel, undefined);
    assert.equal(activeTabLabel(), undefined);
  });
});

function openStoreReadOnlyValue(sql: string): unknown {
  const db = openStoreReadOnly();
  try {
    return db.prepare(sql).pluck().get();
  } finally {
    db.close();
  }
}
