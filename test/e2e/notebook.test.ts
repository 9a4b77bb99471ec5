import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { session } from './session';
import { runCommand, screenshot } from './workbench';

const lines = (...l: string[]) => l;

function writeExperiment(workspace: string): void {
  const cells = [
    { kind: 'markdown', language: 'markdown', source: lines(
      '# Digits: how far does a small MLP get?',
      '',
      '**Question.** Is a 32-unit MLP limited by bias or by variance on the digits task?',
      '',
      '**Hypothesis.** A dozen epochs reach >95% dev accuracy; the train/dev gap stays small.',
    ) },
    { kind: 'code', language: 'yaml', source: lines(
      'name: <b>baseline</b>',
      'script: train.py',
      'params:',
      '  model: mlp',
      '  lr: 0.01',
      '  epochs: 14',
      'tags: { stage: baseline }',
    ) },
    { kind: 'markdown', language: 'markdown', source: lines(
      '**What was learned.** Train accuracy reaches 1.0 while dev stays lower: some variance.',
      '',
      '**Next step.** Does the learning rate matter? A sweep:',
    ) },
    { kind: 'code', language: 'yaml', source: lines(
      'name: lr sweep',
      'script: train.py',
      'params:',
      '  lr: [0.1, 0.01, 0.001]',
      '  epochs: 30',
    ) },
    { kind: 'code', language: 'yaml', source: lines('compare: all', 'metric: accuracy') },
    { kind: 'code', language: 'yaml', source: lines('script: train.py', 'params: [0.1, 0.01]') },
  ];
  writeFileSync(join(workspace, 'digits.mlnb'), `${JSON.stringify({ format: 'mlcycle-notebook', version: 1, cells }, null, 2)}\n`);
}

async function openFile(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
  await page.keyboard.press('Enter');
}

/** The notebook's output frame: notebook outputs live in one webview iframe beside the cells. */
function outputFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview[src*="purpose=notebookRenderer"]').first().frameLocator('#active-frame');
}

/**
 * Turns the mouse wheel over the cell list's left margin until `target` (inside the output frame) is fully in
 * view: outputs render only once scrolled to, and a click must land on what is shown.
 */
async function scrollTo(page: Page, target: Locator, step = 120): Promise<void> {
  const list = (await page.locator('.notebook-editor .cell-list-container').first().boundingBox())!;
  await page.mouse.move(list.x + 12, list.y + list.height / 2);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const box = await target.boundingBox({ timeout: 1000 }).catch(() => null);
    if (box && box.y >= list.y && box.y + box.height <= list.y + list.height) return;
    if (Date.now() > deadline) throw new Error('the notebook did not scroll to the output');
    await page.mouse.wheel(0, box && box.y < list.y ? -step : step);
  }
}

const runOutput = (page: Page) => outputFrame(page).locator('.mlcycle-output').first();
const sweepOutput = (page: Page) => outputFrame(page).locator('.mlcycle-output', { hasText: 'sweep of 3 runs' });

describe('the experiment notebook in the browser', () => {
  it('runs all cells in order and follows the sweep live: a line per run while they go, then a table with the best marked', async () => {
    const { page, workspace } = session();
    writeExperiment(workspace);
    await openFile(page, 'digits.mlnb');
    // Markdown cells render in the same frame as outputs.
    await outputFrame(page).locator('h1', { hasText: 'Digits' }).waitFor({ timeout: 60_000 });
    await runCommand(page, 'Notebook: Run All');
    // With one controller for the type it is picked already; a picker only shows when VS Code asks.
    const picker = page.locator('.quick-input-list .monaco-list-row', { hasText: 'mlcycle runs' }).first();
    if (await picker.waitFor({ timeout: 3000 }).then(() => true, () => false)) await picker.click();

    await runOutput(page).locator('.title-line .badge.status-finished').waitFor({ timeout: 240_000 });
    await runOutput(page).locator('.live').waitFor({ state: 'detached' });
    const sweep = sweepOutput(page);
    await scrollTo(page, sweep.locator('.chart'));
    await sweep.locator('.live').waitFor();
    // The first run has finished and the second is writing: two lines, the second growing.
    await sweep.locator('.title-line .badges .status-finished').waitFor({ timeout: 120_000 });
    await sweep.locator('tbody tr:has(.badge.status-running) td.num.mono', { hasText: /\d/ }).first().waitFor({ timeout: 120_000 });
    await screenshot(page, 'notebook-live');
    await sweep.locator('.live').waitFor({ state: 'detached', timeout: 240_000 });
    assert.deepEqual(await sweep.locator('table.runs tbody .badge').allTextContents(), ['finished', 'finished', 'finished']);
    assert.equal(await sweep.locator('tr.best').count(), 1);
    assert.deepEqual(await sweep.locator('table.runs th.param').allTextContents(), ['lr']);
  });

  it("shows a run's chart and summary: status, duration, params, final metrics by context, and links that work", async () => {
    const { page } = session();
    const output = runOutput(page);
    await scrollTo(page, output.locator('.tabs'));
    await output.locator('.tab', { hasText: 'loss' }).first().click();
    await output.locator('.tab.selected', { hasText: 'loss' }).waitFor();
    await output.locator('.tab', { hasText: 'accuracy' }).first().click();
    await output.locator('.tab.selected', { hasText: 'accuracy' }).first().waitFor();
    await scrollTo(page, output);
    assert.equal(await output.locator('.title').textContent(), 'mlp lr=0.01', 'the script names its run');
    assert.match(await output.locator('.duration').textContent() ?? '', /^\d+ s$/);
    const metrics = output.locator('table.metrics');
    const header = (await metrics.locator('th').allTextContents()).join(' ');
    assert.match(header, /train\s+train-dev\s+dev\s+test/);
    const devAccuracy = Number(await metrics.locator('tr', { hasText: /^accuracy/ }).first().locator('td').nth(3).textContent());
    assert.ok(devAccuracy > 0.9, `dev accuracy ${devAccuracy}`);
    assert.equal(await output.locator('.chip', { hasText: 'epochs' }).count(), 1);
    assert.deepEqual(await output.locator('.links button').allTextContents(), ['Open in compare view', 'Bias & variance', 'Error analysis', 'Run output']);
    await screenshot(page, 'notebook');

    await output.locator('.links button', { hasText: 'Run output' }).click();
    await page.locator('.part.panel .view-lines', { hasText: 'dev accuracy' }).first().waitFor({ timeout: 30_000 });
    await runCommand(page, 'View: Hide Panel');
  });

  it('shows what a person wrote as text, and a bad spec as an error that names the field', async () => {
    const { page } = session();
    const frame = outputFrame(page);
    const comparison = frame.locator('.mlcycle-output', { hasText: 'Comparison of accuracy' });
    await scrollTo(page, comparison.locator('table.runs'));
    // The run cell's name, written with angle brackets, is a table cell's text and never markup.
    await comparison.locator('td', { hasText: '<b>baseline</b>' }).first().waitFor();
    assert.equal(await frame.locator('.mlcycle-output b').count(), 0);
    await scrollTo(page, frame.getByText('"params" must be a mapping of names to values').first());
    await screenshot(page, 'notebook-compare');
  });

  it('"Add Run to Notebook" documents a run that is still going, and its output follows it to the end', async () => {
    const { page, workspace } = session();
    writeFileSync(join(workspace, 'countdown.py'), [
      'import json, time',
      'for step in range(40):',
      '    print("@mlcycle " + json.dumps({"metric": "loss", "value": 1 / (step + 1), "step": step, "context": "train"}), flush=True)',
      '    time.sleep(0.2)',
    ].join('\n'));
    await runCommand(page, 'mlcycle: Run Training Script');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Pick a script from the workspace' }).first().click();
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'countdown.py' }).first().click();
    await page.locator('.quick-input-widget input').waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.statusbar-item', { hasText: /mlcycle: 1 running/ }).waitFor({ timeout: 60_000 });

    await runCommand(page, 'mlcycle: Add Run to Notebook');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'countdown.py' }).first().click();
    // Not run by this notebook: the renderer asks the extension for fresh outputs until the run ends.
    const added = outputFrame(page).locator('.mlcycle-output', { hasText: 'countdown.py' });
    await scrollTo(page, added.locator('.chart'));
    await added.locator('.live').waitFor();
    await added.locator('.title-line .badge.status-running').waitFor();
    await added.locator('.title-line .badge.status-finished').waitFor({ timeout: 120_000 });
    await added.locator('.live').waitFor({ state: 'detached' });
    assert.equal(await added.locator('table.metrics td.num').first().textContent(), '0.025', 'the last loss, 1/40');
  });
});
