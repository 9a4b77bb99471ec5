import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { seedRuns } from '../../src/core/compare/testSeed';
import { openStore } from '../../src/core/store/store';
import { emptyWorkspaceStore, session } from './session';
import { runCommand, screenshot } from './workbench';

const xss = '<img src=x onerror=alert(1)>';

/** 24 runs of a small sweep, as training scripts would have logged them: params, a train loss curve, dev accuracy, tags. */
function seedStore(workspace: string): void {
  const store = openStore(join(workspace, '.mlcycle', 'mlcycle.db'));
  try {
    const t0 = Date.now() - 6 * 3_600_000;
    for (let i = 0; i < 24; i++) {
      const model = i % 3 === 0 ? 'cnn' : 'mlp';
      const lr = [0.1, 0.01, 0.001][i % 3];
      const id = `e2e-${String(i).padStart(2, '0')}`;
      const createdAt = t0 + i * 600_000;
      store.createRun({ id, name: i === 5 ? xss : `${model} lr=${lr} #${i}`, experiment: 'e2e sweep', status: i === 7 ? 'failed' : 'finished', createdAt, startedAt: createdAt, endedAt: createdAt + 300_000 });
      store.logParams(id, { model, lr, epochs: 20, seed: i });
      store.setTags(id, { stage: i < 12 ? 'explore' : 'tune' });
      const rate = 0.002 + (i % 5) * 0.002;
      store.logMetrics(id, Array.from({ length: 400 }, (_, step) => ({ key: 'loss', context: 'train', step, ts: createdAt + step * 700, value: 2 * Math.exp(-rate * step) + 0.15 * Math.sin(step * 0.9 + i) + 0.1 })));
      store.logMetrics(id, Array.from({ length: 20 }, (_, step) => ({ key: 'accuracy', context: 'dev', step: step * 20, ts: createdAt + step * 14_000, value: 0.5 + 0.4 * (1 - Math.exp(-(step + 1) * rate * 10)) + (i % 4) * 0.01 })));
    }
    store.setNotes('e2e-05', 'Named to prove text stays text.');
  } finally {
    store.close();
  }
}

/** The page of a webview by its view name (body[data-view]); webviews are frames two levels down. */
async function viewFrame(page: Page, view: string): Promise<Frame> {
  for (let tries = 0; tries < 300; tries++) {
    for (const frame of page.frames()) {
      const name = await frame.evaluate('document.body && document.body.dataset.view').catch(() => undefined);
      if (name === view) return frame;
    }
    await page.waitForTimeout(100);
  }
  throw new Error(`no webview showing ${view}`);
}

async function canvasImage(frame: Frame, metric: string): Promise<string> {
  return frame.locator(`.chart-card[data-metric="${metric}"] canvas`).evaluate((canvas) => (canvas as unknown as { toDataURL(): string }).toDataURL());
}

describe('the runs table and compare view in a real workbench', () => {
  let table: Frame;

  before(async () => {
    emptyWorkspaceStore();
    seedStore(session().workspace);
    // The palette lists the extension's commands once its contributions are in: the container shows when they are.
    await session().page.locator('.part.activitybar [aria-label^="mlcycle"]').first().waitFor();
  });

  it('opens the runs table with every run, and a run named like HTML shows as text', async () => {
    const { page } = session();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await runCommand(page, 'mlcycle: Open Runs Table');
    table = await viewFrame(page, 'runsTable');
    await table.locator('.count[data-total="24"]').waitFor();
    const name = table.locator('tr[data-run-id="e2e-05"] .run-name');
    assert.equal(await name.textContent(), xss);
    assert.equal(await table.locator('table.runs img').count(), 0, 'no element was made from the name');
    await table.locator('tr[data-run-id="e2e-05"] td.name').click();
    await table.locator('.details.open .run-title', { hasText: xss }).waitFor();
    assert.equal(await table.locator('.details img').count(), 0);
    assert.deepEqual(dialogs, [], 'nothing ran');
  });

  it('narrows the rows as a filter is typed, and points at the offending token of a bad one', async () => {
    const filter = table.locator('.filter-input');
    await filter.fill('params.model = "cnn" and metrics.loss[train].min < 0.5');
    await filter.press('Enter');
    await table.locator('.count:not([data-total="24"])').waitFor();
    const shrunk = Number(await table.locator('.count').getAttribute('data-total'));
    assert.ok(shrunk > 0 && shrunk < 24, `${shrunk} runs after the filter`);
    assert.equal(await table.locator('tr.run-row').count(), shrunk);
    for (const text of await table.locator('tr.run-row .run-name').allTextContents()) assert.ok(!text.startsWith('mlp'), text);

    await filter.fill('params.model = "cnn" and nmae = "x"');
    await filter.press('Enter');
    const caret = table.locator('.filter-error .caret');
    await caret.waitFor();
    assert.equal(await caret.textContent(), `params.model = "cnn" and nmae = "x"\n${' '.repeat(25)}^^^^`);
    assert.match(await table.locator('.filter-error .message').textContent() ?? '', /unknown field 'nmae' at column 26: did you mean name\?/);
    assert.equal(await table.locator('tr.run-row').count(), shrunk, 'the last good rows stay');

    await filter.fill('');
    await filter.press('Enter');
    await table.locator('.count[data-total="24"]').waitFor();
    assert.equal(await caret.count(), 0);
  });

  it('exports the table as filtered, with only the columns that differ, as CSV', async () => {
    const { page, workspace } = session();
    await table.locator('.filter-input').fill('params.model = "cnn"');
    await table.locator('.filter-input').press('Enter');
    await table.locator('.count[data-total="8"]').waitFor();
    await table.locator('input.only-differing').check();
    await table.locator('th[data-column="params.model"]').waitFor({ state: 'detached' });
    await table.locator('button.export').click();
    const path = page.locator('.quick-input-widget input');
    // The save dialog offers <workspace>/runs.csv; typing before it has filled that in would be overwritten.
    await page.waitForFunction(() => (globalThis as unknown as { document: { querySelector(s: string): { value: string } | null } }).document.querySelector('.quick-input-widget input')?.value.endsWith('runs.csv'));
    await path.fill(join(workspace, 'cnn-runs.csv'));
    await path.press('Enter');
    const file = join(workspace, 'cnn-runs.csv');
    await table.locator('.status-message', { hasText: 'cnn-runs.csv' }).waitFor();
    const [header, ...rows] = readFileSync(file, 'utf8').trimEnd().split('\r\n');
    assert.equal(rows.length, 8);
    assert.equal(header, 'id,name,created,metrics.accuracy[dev],metrics.loss[train],params.seed,tags.stage', 'model, lr, epochs, status… are the same in every cnn run');
    assert.ok(rows.every((row) => row.startsWith('e2e-')), rows[0]);
    await table.locator('input.only-differing').uncheck();
    await table.locator('.filter-input').fill('');
    await table.locator('.filter-input').press('Enter');
    await table.locator('.count[data-total="24"]').waitFor();
  });

  it('sorts by a column header, best first', async () => {
    await table.locator('th[data-column="metrics.accuracy[dev]"]').click();
    await table.locator('th[data-column="metrics.accuracy[dev]"][aria-sort="descending"]').waitFor();
    const column = await table.locator('th[data-column]').evaluateAll((ths) => ths.findIndex((th) => th.getAttribute('data-column') === 'metrics.accuracy[dev]'));
    const values = (await table.locator(`tr.run-row td:nth-child(${column + 2})`).allTextContents()).map(Number);
    assert.equal(values.length, 24);
    assert.deepEqual(values, [...values].sort((a, b) => b - a), 'best accuracy first');
    await table.locator('tr[data-run-id="e2e-03"] td.name').click();
    await table.locator('.details.open .run-title', { hasText: 'cnn lr=0.1 #3' }).waitFor();
  });

  it('edits the focused run\'s tags and notes in the details pane, and the store keeps them', async () => {
    const { page } = session();
    await table.locator('.tag-key-input').fill('verdict');
    await table.locator('.tag-value-input').fill('<b>keep</b>');
    await table.locator('.tag-form button').click();
    await table.locator('.tag[data-tag="verdict"] .tag-value', { hasText: '<b>keep</b>' }).waitFor();
    await table.locator('.tag[data-tag="stage"] button').click();
    await table.locator('.tag[data-tag="stage"]').waitFor({ state: 'detached' });
    await table.locator('textarea.notes').fill('Best of the cnn runs; try a lower lr next.');
    await table.locator('.notes-actions button').click();
    await table.locator('.notes-actions button:disabled').waitFor();
    const store = openStore(join(session().workspace, '.mlcycle', 'mlcycle.db'));
    try {
      const run = store.getRun('e2e-03')!;
      assert.deepEqual(run.tags, { verdict: '<b>keep</b>' });
      assert.equal(run.notes, 'Best of the cnn runs; try a lower lr next.');
    } finally {
      store.close();
    }
    await runCommand(page, 'View: Close Primary Side Bar');
    await screenshot(page, 'runs-table');
  });

  it('compares three selected runs, and smoothing redraws the chart', async () => {
    const { page } = session();
    for (const id of ['e2e-03', 'e2e-04', 'e2e-05']) await table.locator(`tr[data-run-id="${id}"] td.select input`).click();
    await table.locator('button.compare', { hasText: 'Compare (3)' }).click();
    const compare = await viewFrame(page, 'compare');
    const card = compare.locator('.chart-card[data-metric="metrics.loss[train]"][data-series="3"]');
    await card.waitFor();
    await compare.locator('.chart-card[data-metric="metrics.accuracy[dev]"][data-series="3"]').waitFor();
    assert.deepEqual(await compare.locator('.legend-item .legend-name').allTextContents(), ['cnn lr=0.1 #3', 'mlp lr=0.01 #4', xss]);
    assert.equal(await compare.locator('img').count(), 0);
    assert.ok(await compare.locator('table.params-diff tr[data-param="lr"]').count(), 'lr differs');
    assert.equal(await compare.locator('table.params-diff tr[data-param="epochs"]').count(), 0, 'epochs is the same in all three: hidden by default');

    const before = await canvasImage(compare, 'metrics.loss[train]');
    await compare.locator('input.smoothing').fill('0.9');
    await compare.locator('.chart-card[data-metric="metrics.loss[train]"][data-smoothing="0.9"]').waitFor();
    await compare.locator('.smoothing-value', { hasText: '0.90' }).waitFor();
    const after = await canvasImage(compare, 'metrics.loss[train]');
    assert.notEqual(after, before, 'the smoothed chart is drawn differently');

    await compare.locator('.legend-item[data-run-id="e2e-04"]').click();
    await compare.locator('.chart-card[data-metric="metrics.loss[train]"][data-series="2"]').waitFor();
    await compare.locator('.legend-item[data-run-id="e2e-04"]').click();
    await card.waitFor();
    await screenshot(page, 'compare');
    await compare.locator('.scatter-section').scrollIntoViewIfNeeded();
    await compare.locator('.parallel-canvas').waitFor();
    await screenshot(page, 'compare-params');
  });

  it('lists the runs in the Runs view, whose context menu deletes a run after a confirmation', async () => {
    const { page } = session();
    await page.locator('.part.activitybar [aria-label^="mlcycle"]').first().click();
    const runs = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Runs' }) }).first();
    await runs.locator('.monaco-list-row', { hasText: 'e2e sweep' }).first().waitFor();
    const row = runs.locator('.monaco-list-row', { hasText: 'mlp lr=0.01 #22' });
    await row.waitFor();
    assert.match(await row.textContent() ?? '', /0\.\d+ accuracy · \d h ago/);
    await screenshot(page, 'runs-tree');
    await row.click({ button: 'right' });
    const deleteItem = page.locator('.context-view .action-label', { hasText: 'Delete…' });
    await deleteItem.hover();
    await page.keyboard.press('Enter');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor();
    assert.match(await dialog.textContent() ?? '', /Delete run "mlp lr=0\.01 #22"\?/);
    await dialog.locator('.monaco-button', { hasText: 'Delete' }).click();
    await row.waitFor({ state: 'detached' });
    await runs.locator('.monaco-list').first().hover();
    await page.mouse.wheel(0, 3000);
    await runs.locator('.monaco-list-row', { hasText: xss }).waitFor();
    const store = openStore(join(session().workspace, '.mlcycle', 'mlcycle.db'));
    try {
      assert.equal(store.getRunRecord('e2e-22'), undefined);
    } finally {
      store.close();
    }
  });

  it('keeps the filter, selection and compare options across a window reload', async () => {
    const { page } = session();
    await page.locator('.tab', { hasText: 'mlcycle Runs' }).click();
    table = await viewFrame(page, 'runsTable');
    await table.locator('.filter-input').fill('tags.stage = "tune"');
    await table.locator('.filter-input').press('Enter');
    await table.locator('.count[data-total="11"]').waitFor();
    await page.locator('.tab', { hasText: 'mlcycle Compare' }).click();
    await viewFrame(page, 'compare');
    // As a person reloads: the workbench saves every editor's and webview's state on the way out.
    await runCommand(page, 'Developer: Reload Window');
    await page.waitForEvent('load');
    await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 120_000 });

    const compare = await viewFrame(page, 'compare');
    await compare.locator('.chart-card[data-metric="metrics.loss[train]"][data-series="3"][data-smoothing="0.9"]').waitFor();
    assert.equal(await compare.locator('input.smoothing').inputValue(), '0.9');
    assert.equal(await compare.locator('.legend-item').count(), 3);

    await page.locator('.tab', { hasText: 'mlcycle Runs' }).click();
    const revived = await viewFrame(page, 'runsTable');
    await revived.locator('.count[data-total="11"]').waitFor();
    assert.equal(await revived.locator('.filter-input').inputValue(), 'tags.stage = "tune"');
    assert.equal(await revived.locator('button.compare').textContent(), 'Compare (3)');
    assert.equal(await revived.locator('th[data-column="metrics.accuracy[dev]"]').getAttribute('aria-sort'), 'descending');
  });

  it('scrolls 10,000 runs drawing only the rows in view', async function () {
    this.timeout(240_000);
    const { page, workspace } = session();
    const store = openStore(join(workspace, '.mlcycle', 'mlcycle.db'));
    try {
      seedRuns(store.db, Array.from({ length: 10_000 }, (_, i) => ({ id: `scale-${String(i).padStart(5, '0')}`, name: `scale ${i}`, experiment: 'scale', createdAt: 1_700_000_000_000 + i * 1000, params: { i }, metrics: { acc: i / 10_000 } })));
    } finally {
      store.close();
    }
    const revived = await viewFrame(page, 'runsTable');
    await revived.locator('.filter-input').fill('experiment = "scale"');
    await revived.locator('.filter-input').press('Enter');
    await revived.locator('.count[data-total="10000"]').waitFor({ timeout: 60_000 });
    assert.ok(await revived.locator('tr.run-row').count() < 150, 'only the rows in view are in the page');
    const started = Date.now();
    await revived.locator('.viewport').evaluate((viewport) => {
      (viewport as unknown as { scrollTop: number }).scrollTop = 1e9;
    });
    await revived.locator('tr[data-run-id="scale-00000"]').waitFor();
    const scrolled = Date.now() - started;
    assert.ok(scrolled < 3000, `the last page showed after ${scrolled} ms`);
    assert.ok(await revived.locator('tr.run-row').count() < 150);
  });
});
