import { strict as assert } from 'node:assert';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { CellOutput } from '../../src/core/notebook/outputModel';
import { openStore } from '../../src/core/store/store';
import { openStoreReadOnly, runStatus, workspaceRoot } from './store';
import { waitFor } from './waitFor';

const RUN_MIME = 'application/vnd.mlcycle.run+json';
const ERROR_MIME = 'application/vnd.code.notebook.error';

interface FileCell {
  kind: 'markdown' | 'code';
  language: string;
  source: string[];
  runIds?: string[];
}

function writeNotebook(name: string, cells: FileCell[]): vscode.Uri {
  const path = join(workspaceRoot(), name);
  writeFileSync(path, `${JSON.stringify({ format: 'mlcycle-notebook', version: 1, cells }, null, 2)}\n`);
  return vscode.Uri.file(path);
}

const markdown = (...lines: string[]): FileCell => ({ kind: 'markdown', language: 'markdown', source: lines });
const yaml = (...lines: string[]): FileCell => ({ kind: 'code', language: 'yaml', source: lines });

async function openAndShow(uri: vscode.Uri): Promise<vscode.NotebookDocument> {
  const notebook = await vscode.workspace.openNotebookDocument(uri);
  await vscode.window.showNotebookDocument(notebook);
  await vscode.commands.executeCommand('notebook.selectKernel', { id: 'mlcycle.notebookController', extension: 'mlcycle.mlcycle' });
  return notebook;
}

function runOutput(cell: vscode.NotebookCell): CellOutput | undefined {
  const item = cell.outputs.flatMap((o) => o.items).find((i) => i.mime === RUN_MIME);
  return item && (JSON.parse(new TextDecoder().decode(item.data)) as CellOutput);
}

function errorText(cell: vscode.NotebookCell): string | undefined {
  const item = cell.outputs.flatMap((o) => o.items).find((i) => i.mime === ERROR_MIME);
  return item && (JSON.parse(new TextDecoder().decode(item.data)) as { message: string }).message;
}

/** Asks for the cell to run as the run button does; the command resolves only when the cell has ended, so it is not awaited. */
function execute(notebook: vscode.NotebookDocument, index: number): void {
  void vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start: index, end: index + 1 }], document: notebook.uri });
}

const ended = (cell: vscode.NotebookCell) => cell.executionSummary?.success !== undefined && cell.executionSummary.timing?.endTime !== undefined;

/** Each test saves its notebook first, so no "save changes?" dialog waits here. */
async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

describe('the experiment notebook', function () {
  this.timeout(300_000);
  afterEach(closeAllEditors);

  it('runs a cell on the example: live output, then status, params and final metrics from the store; the file keeps only run ids; a reopened copy renders from the store', async () => {
    const uri = writeNotebook('experiment.mlnb', [
      markdown('# Does a short run already learn the digits?'),
      yaml('script: train.py', 'params: {epochs: 3}', 'tags: {stage: notebook}'),
      yaml('script: train.py', 'params: [1, 2]'),
    ]);
    const notebook = await openAndShow(uri);
    const cell = notebook.cellAt(1);
    execute(notebook, 1);
    const seen = new Set<string>();
    const runId = await waitFor(() => (cell.metadata.runIds as string[] | undefined)?.[0], 'the run id in the cell metadata', 60_000);
    await waitFor(() => {
      const output = runOutput(cell);
      if (output) seen.add(`${output.runs[0].status}${output.live ? ' live' : ''}`);
      return ended(cell);
    }, 'the cell to finish', 240_000);
    assert.ok([...seen].some((s) => s.endsWith(' live')), `the output showed the run while it went (saw ${[...seen].join(', ')})`);
    assert.equal(cell.executionSummary?.success, true, errorText(cell));
    assert.equal(cell.metadata.id, 'run1');

    const output = runOutput(cell)!;
    assert.equal(output.kind, 'run');
    assert.equal(output.live, false);
    const [run] = output.runs;
    assert.deepEqual([run.id, run.status], [runId, 'finished']);
    assert.ok(run.durationMs! > 0);
    assert.ok(run.params.some((p) => p.key === 'epochs' && p.value === '3'));
    const devAccuracy = run.metrics.find((m) => m.key === 'accuracy' && m.context === 'dev');
    assert.ok(devAccuracy && typeof devAccuracy.value === 'number' && devAccuracy.value > 0.8, `dev accuracy ${JSON.stringify(devAccuracy)}`);
    const accuracy = output.chart.metrics.find((m) => m.key === 'accuracy')!;
    assert.deepEqual(accuracy.series.find((s) => s.context === 'dev')!.step, [1, 2, 3]);
    assert.deepEqual(output.links.map((l) => l.action), ['compare', 'biasVariance', 'errorAnalysis', 'showOutput']);
    const text = new TextDecoder().decode(cell.outputs[0].items.find((i) => i.mime === 'text/plain')!.data);
    assert.match(text, /finished in \d+ s/);

    const db = openStoreReadOnly();
    try {
      assert.equal(runStatus(db, runId), 'finished');
      const tag = db.prepare("SELECT value FROM tags WHERE run_id = ? AND key = 'stage'").pluck().get(runId);
      assert.equal(tag, 'notebook');
    } finally {
      db.close();
    }

    execute(notebook, 2);
    const bad = notebook.cellAt(2);
    await waitFor(() => ended(bad), 'the bad cell to end');
    assert.equal(bad.executionSummary?.success, false);
    assert.match(errorText(bad) ?? '', /"params" must be a mapping of names to values \(a list value makes a sweep\), e\.g\. params: \{ lr: \[0\.1, 0\.01\] \}/);

    assert.ok(await notebook.save(), 'the notebook saves');
    const saved = readFileSync(uri.fsPath, 'utf8');
    const file = JSON.parse(saved) as { cells: (FileCell & { id?: string })[] };
    assert.deepEqual([file.cells[1].id, file.cells[1].runIds], ['run1', [runId]]);
    assert.ok(saved.endsWith('}\n') && saved.includes('\n  "cells": [\n'), 'pretty JSON with a trailing newline');
    assert.doesNotMatch(saved, /accuracy|"outputs"|finished/, 'no results are copied into the file');

    await closeAllEditors();
    const copy = vscode.Uri.file(join(workspaceRoot(), 'experiment-reopened.mlnb'));
    copyFileSync(uri.fsPath, copy.fsPath);
    const reopened = await vscode.workspace.openNotebookDocument(copy);
    const fresh = runOutput(reopened.cellAt(1));
    assert.ok(fresh, 'the reopened notebook shows the run without running the cell');
    assert.equal(fresh.source, 'store');
    assert.deepEqual([fresh.runs[0].id, fresh.runs[0].status], [runId, 'finished']);
    assert.deepEqual(fresh.runs[0].metrics, run.metrics);
    assert.equal(reopened.cellAt(2).outputs.length, 0, 'a cell that never ran has no output');

    const store = openStore(join(workspaceRoot(), '.mlcycle', 'mlcycle.db'));
    try {
      store.deleteRun(runId);
    } finally {
      store.close();
    }
    const afterDelete = vscode.Uri.file(join(workspaceRoot(), 'experiment-gone.mlnb'));
    copyFileSync(uri.fsPath, afterDelete.fsPath);
    const goneOutput = runOutput((await vscode.workspace.openNotebookDocument(afterDelete)).cellAt(1))!;
    assert.equal(goneOutput.runs[0].status, 'gone');
    assert.match(goneOutput.notes[0], new RegExp(`Run ${runId} is gone`));
  });

  it('interrupting a cell stops its run: status killed in the store and the output', async () => {
    writeFileSync(join(workspaceRoot(), 'slow.py'), [
      'import json, time',
      'step = 0',
      'while True:',
      '    print("@mlcycle " + json.dumps({"metric": "loss", "value": 1 / (step + 1), "step": step, "context": "train"}), flush=True)',
      '    step += 1',
      '    time.sleep(0.2)',
    ].join('\n'));
    const notebook = await openAndShow(writeNotebook('interrupt.mlnb', [yaml('script: slow.py')]));
    const cell = notebook.cellAt(0);
    execute(notebook, 0);
    const runId = await waitFor(() => (cell.metadata.runIds as string[] | undefined)?.[0], 'the run id', 60_000);
    await waitFor(() => {
      const points = runOutput(cell)?.chart.metrics.find((m) => m.key === 'loss')?.series[0]?.step.length ?? 0;
      return points >= 3 && runOutput(cell)!.live;
    }, 'the live chart to show a few points', 60_000);
    await vscode.commands.executeCommand('notebook.cell.cancelExecution', { ranges: [{ start: 0, end: 1 }], document: notebook.uri });
    await waitFor(() => ended(cell), 'the cell to end after the interrupt', 60_000);
    assert.equal(cell.executionSummary?.success, false);
    assert.equal(runOutput(cell)?.runs[0].status, 'killed');
    const db = openStoreReadOnly();
    try {
      assert.equal(runStatus(db, runId), 'killed');
    } finally {
      db.close();
    }
    assert.ok(await notebook.save());
  });

  it('run-all runs cells in order, each after the previous run ended, then compares them', async () => {
    writeFileSync(join(workspaceRoot(), 'quick.py'), [
      'import json, sys, time',
      'lr = float(sys.argv[sys.argv.index("--lr") + 1])',
      'for step in range(3):',
      '    print("@mlcycle " + json.dumps({"metric": "accuracy", "value": 0.5 + lr * step, "step": step, "context": "dev"}), flush=True)',
      '    time.sleep(0.3)',
    ].join('\n'));
    const notebook = await openAndShow(writeNotebook('queue.mlnb', [
      markdown('## Two learning rates, one after the other'),
      yaml('name: slow learner', 'script: quick.py', 'params: {lr: 0.01}'),
      yaml('name: fast learner', 'script: quick.py', 'params: {lr: [0.1, 0.2]}'),
      yaml('compare: all', 'metric: accuracy'),
    ]));
    void vscode.commands.executeCommand('notebook.execute', notebook.uri);
    await waitFor(() => [1, 2, 3].every((i) => ended(notebook.cellAt(i))), 'every cell to run', 180_000);
    for (const i of [1, 2, 3]) assert.equal(notebook.cellAt(i).executionSummary?.success, true, `cell ${i}: ${errorText(notebook.cellAt(i))}`);
    const first = notebook.cellAt(1).metadata.runIds as string[];
    const sweep = notebook.cellAt(2).metadata.runIds as string[];
    assert.equal(sweep.length, 2);
    assert.ok(notebook.cellAt(2).metadata.sweepId, 'the sweep parent is kept');
    assert.equal(runOutput(notebook.cellAt(2))!.kind, 'sweep');
    const db = openStoreReadOnly();
    try {
      const times = (id: string) => db.prepare('SELECT started_at AS started, ended_at AS ended FROM runs WHERE id = ?').get(id) as { started: number; ended: number };
      assert.ok(times(sweep[0]).started >= times(first[0]).ended, 'the sweep started after the first cell\'s run ended');
    } finally {
      db.close();
    }
    const comparison = runOutput(notebook.cellAt(3))!;
    assert.equal(comparison.kind, 'compare');
    assert.deepEqual(comparison.table!.rows.map((r) => r.cellLabel), ['slow learner', 'fast learner', 'fast learner']);
    assert.deepEqual(comparison.table!.rows.map((r) => r.best), [false, false, true]);
    assert.equal(comparison.chart.metrics[0].series.length, 3);
    assert.ok(await notebook.save());
  });

  it('"Add Run to Notebook" appends a note and a run cell documenting an existing run, rendered from the store', async () => {
    const store = openStore(join(workspaceRoot(), '.mlcycle', 'mlcycle.db'));
    let runId: string;
    try {
      const run = store.createRun({ name: 'imported run', script: 'train.py', status: 'finished', startedAt: 1_000 });
      store.logParams(run.id, { lr: 0.05 });
      store.logMetrics(run.id, [{ key: 'accuracy', context: 'dev', step: 1, value: 0.91 }]);
      store.setRunStatus(run.id, 'finished', { at: 3_000 });
      runId = run.id;
    } finally {
      store.close();
    }
    const uri = writeNotebook('journal.mlnb', [markdown('# Journal')]);
    const added = await vscode.commands.executeCommand<{ notebook: vscode.Uri; cellIndex: number }>('mlcycle.addRunToNotebook', { runId }, { notebook: uri });
    assert.ok(added);
    const notebook = await vscode.workspace.openNotebookDocument(uri);
    assert.equal(notebook.cellCount, 3);
    assert.match(notebook.cellAt(1).document.getText(), /### Run: imported run/);
    const cell = notebook.cellAt(added.cellIndex);
    assert.match(cell.document.getText(), /script: train\.py\nparams:\n {2}lr: 0\.05/);
    assert.deepEqual(cell.metadata.runIds, [runId]);
    const output = runOutput(cell)!;
    assert.deepEqual([output.runs[0].status, output.runs[0].metrics[0].value], ['finished', 0.91]);
    assert.ok(await notebook.save());
    assert.match(readFileSync(uri.fsPath, 'utf8'), new RegExp(`"runIds": \\[\\s*"${runId}"`));
  });

  it('"New Experiment Notebook" opens the loop as a template with a run cell on the example', async () => {
    await vscode.commands.executeCommand('mlcycle.newExperimentNotebook');
    const notebook = await waitFor(() => vscode.window.activeNotebookEditor?.notebook, 'the new notebook');
    assert.equal(notebook.notebookType, 'mlcycle-notebook');
    const text = notebook.getCells().map((c) => c.document.getText()).join('\n');
    for (const part of ['## Question', '## Hypothesis', '## What was learned', '## Next step', 'script: train.py', 'compare: all']) assert.ok(text.includes(part), part);
  });
});
