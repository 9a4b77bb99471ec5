import { strict as assert } from 'node:assert';
import Database from 'better-sqlite3';
import type { FrameLocator, Page } from 'playwright-core';
import { seedDiagnosticsRuns, type SeededRuns } from '../seed/diagnosticsRuns';
import { emptyWorkspaceStore, session } from './session';
import { newestWebview, runCommand, screenshot } from './workbench';

/** Answers the run quick pick the way a person would: types the run's id and picks the one row left. */
async function pickRun(page: Page, runId: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Diagnose Run' }).waitFor();
  await input.fill(runId);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: runId }).first().waitFor();
  await page.keyboard.press('Enter');
}

async function textOf(view: FrameLocator, selector: string): Promise<string> {
  return (await view.locator(selector).first().textContent()) ?? '';
}

describe('the diagnostics views in a real workbench', function () {
  this.timeout(180_000);
  let seeded: SeededRuns;

  before(async () => {
    emptyWorkspaceStore();
    seeded = seedDiagnosticsRuns(session().workspace);
    // The extension's commands are in the palette once the workbench has read its contributions.
    await session().page.locator('.part.activitybar [aria-label^="mlcycle"]').first().waitFor({ timeout: 120_000 });
    await runCommand(session().page, 'View: Close Primary Side Bar');
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await screenshot(session().page, `failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`);
  });

  after(async () => {
    await runCommand(session().page, 'View: Close All Editors');
  });

  it('shows a run\'s bias and variance, takes a baseline typed in the panel and draws both learning curves', async () => {
    const { page } = session();
    await runCommand(page, 'mlcycle: Diagnose Run: Bias and Variance');
    await pickRun(page, seeded.mainRunId);
    const view = newestWebview(page);
    await view.locator('.verdict .summary').waitFor();
    assert.match(await textOf(view, '.verdict .summary'), /Data mismatch .* is the largest gap/);
    assert.equal(await view.locator('.errors-table tbody tr').count(), 4);
    assert.match(await textOf(view, '.missing'), /no baseline error for experiment "digits-diagnostics"/);
    const input = view.locator('.baseline-input');
    await input.fill('1%');
    await input.press('Enter');
    await view.locator('tr[data-term="avoidableBias"] .term-value', { hasText: 'pts' }).waitFor();
    assert.match(await textOf(view, 'tr[data-term="avoidableBias"] .computation'), /1\.2% − 1\.0%/);
    assert.equal(await view.locator('.missing').count(), 0, 'nothing is missing once the baseline is set');
    assert.equal(await view.locator('.curve-by-step canvas').count(), 1);
    assert.equal(await view.locator('.curve-by-size canvas').count(), 1);
    const db = new Database(seeded.storePath, { readonly: true });
    try {
      assert.equal(db.prepare('SELECT baseline_error FROM experiments WHERE name = ?').pluck().get(seeded.experiment), 0.01);
    } finally {
      db.close();
    }
    await screenshot(page, 'bias-variance');
    await view.locator('.curve-by-size').scrollIntoViewIfNeeded();
    await screenshot(page, 'bias-variance-curves');
  });

  it('says what is missing for a run without a dev metric, in words and with the line that logs it', async () => {
    const { page } = session();
    await runCommand(page, 'mlcycle: Diagnose Run: Bias and Variance');
    await pickRun(page, seeded.badInputRunId);
    const view = newestWebview(page);
    const missing = view.locator('.missing li', { hasText: 'no dev accuracy' });
    await missing.waitFor();
    assert.match(await missing.locator('code').textContent() ?? '', /mlcycle\.log_metric\("accuracy", value, context="dev"\)/);
    await runCommand(page, 'View: Close Editor');
  });

  it('shows the error analysis, lists a confusion cell\'s examples and updates the categories as three examples are tagged', async () => {
    const { page } = session();
    await runCommand(page, 'mlcycle: Diagnose Run: Error Analysis');
    await pickRun(page, seeded.mainRunId);
    const view = newestWebview(page);
    await view.locator('table.matrix td.cell').first().waitFor();
    assert.equal(await textOf(view, '.summary .error-rate .metric-value'), `${((seeded.errorIds.length / 359) * 100).toFixed(1)}%`);

    await view.locator('td.cell[data-actual="8"][data-predicted="1"]').click();
    await view.locator('.filter-chip', { hasText: 'actual 8 → predicted 1' }).waitFor();
    await view.locator('.examples-table tbody tr').first().waitFor();
    const cellCount = Number(await textOf(view, 'td.cell[data-actual="8"][data-predicted="1"]'));
    assert.equal(await view.locator('.examples-table tbody tr').count(), cellCount);
    assert.deepEqual(new Set(await view.locator('.examples-table td.predicted').allTextContents()), new Set(['1']));

    await view.getByRole('button', { name: 'Row %' }).click();
    await view.locator('td.cell[data-actual="8"][data-predicted="1"]', { hasText: '%' }).waitFor();
    await view.getByRole('button', { name: /Remove filter actual 8/ }).click();
    await view.locator('.page-range', { hasText: `of ${seeded.errorIds.length}` }).waitFor();

    const tags = ['faint strokes', 'looks like a 1', 'faint strokes'];
    for (const [i, tag] of tags.entries()) {
      const row = view.locator(`.examples-table tr[data-example-id="${seeded.errorIds[i]}"]`);
      await row.locator('input.tag-input').fill(tag);
      await row.locator('input.tag-input').press('Enter');
      await row.locator('.tag-chip', { hasText: tag }).waitFor();
      await view.locator('.categories .reviewed', { hasText: `${i + 1} of ${seeded.errorIds.length} errors tagged` }).waitFor();
    }
    const categories = await view.locator('.categories-table tbody tr').evaluateAll((rows) => rows.map((r) => [r.querySelector('.tag-name')!.textContent, r.querySelector('.count')!.textContent]));
    assert.deepEqual(categories, [['faint strokes', '2'], ['looks like a 1', '1']]);
    const rate = seeded.errorIds.length / 359;
    assert.equal(await textOf(view, '.categories-table tr[data-tag="faint strokes"] .ceiling'), `${(rate * (1 - 2 / seeded.errorIds.length) * 100).toFixed(1)}%`);
    const db = new Database(seeded.storePath, { readonly: true });
    try {
      assert.equal(db.prepare('SELECT count(*) FROM error_tags WHERE run_id = ?').pluck().get(seeded.mainRunId), 3);
    } finally {
      db.close();
    }
    await view.locator('.examples').scrollIntoViewIfNeeded();
    await screenshot(page, 'error-analysis-tagging');
    await view.locator('td.cell[data-actual="8"][data-predicted="1"]').click();
    await view.locator('h1').scrollIntoViewIfNeeded();
    await screenshot(page, 'error-analysis');
  });

  it('keeps the run, the row-share toggle and the selected cell after the window reloads', async () => {
    const { page } = session();
    // Reloading through the workbench lets it save the webviews' state before the page goes, as a person's reload does.
    const reloaded = page.waitForEvent('load', { timeout: 120_000 });
    await runCommand(page, 'Developer: Reload Window');
    await reloaded;
    await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 120_000 });
    const view = newestWebview(page);
    await view.locator('td.cell.selected[data-actual="8"][data-predicted="1"]').waitFor({ timeout: 60_000 });
    assert.equal(await textOf(view, '.toggle.on'), 'Row %');
    assert.equal(await textOf(view, '.run-name'), 'seeded mlp');
    await view.locator('.filter-chip', { hasText: 'actual 8 → predicted 1' }).waitFor();
  });
});
