import { strict as assert } from 'node:assert';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { session } from './session';
import { newestWebview, runCommand, screenshot } from './workbench';

const cities = ['Paris', 'Lyon', 'Nantes', 'Lille'];

/** 120 people: an id, an age, a city, a free-text note (one holds a script tag) and an imbalanced label. */
function peopleCsv(): { text: string; olderThan40: number } {
  const lines = ['id,age,city,note,label'];
  let olderThan40 = 0;
  for (let i = 0; i < 120; i++) {
    const age = 18 + ((i * 7) % 53);
    if (age > 40) olderThan40++;
    const note = i === 3 ? '<script>alert(1)</script>' : `Customer ${i} wrote about the ${cities[i % 4]} store${' and waited'.repeat(i % 5)}`;
    lines.push(`${i + 1},${age},${cities[i % 4]},"${note}",${i % 20 === 0 ? 'churned' : 'stayed'}`);
  }
  return { text: `${lines.join('\n')}\n`, olderThan40 };
}

/** Pictures without a progress toast that is closing. */
async function progressGone(page: Page): Promise<void> {
  await page.locator('.notification-toast', { hasText: /Profiling|Comparing|Registering/ }).first().waitFor({ state: 'hidden' });
}

/** The Datasets view, opening the mlcycle container unless it is already shown (a click on it would close it). */
async function showDatasetsView(page: Page): Promise<Locator> {
  const datasets = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Datasets' }) });
  if (!(await datasets.isVisible())) await page.locator('.part.activitybar [aria-label^="mlcycle"]').first().click();
  await datasets.waitFor();
  return datasets;
}

async function openInDataExplorer(page: Page, file: string): Promise<void> {
  await runCommand(page, 'View: Close All Editors');
  await runCommand(page, 'mlcycle: Open in Data Explorer');
  const input = page.locator('.quick-input-widget input');
  await input.fill(file);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: file }).first().click();
}

describe('the Data Explorer in a real workbench', () => {
  // The next tests open the mlcycle container themselves: leave the workbench as it was found.
  after(async () => {
    const { page } = session();
    await runCommand(page, 'View: Close All Editors');
    await runCommand(page, 'View: Show Explorer');
  });

  it('opens a CSV: column cards with histograms, the label balance, a WHERE filter, and a script tag shown as text', async () => {
    const { page, workspace } = session();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const { text, olderThan40 } = peopleCsv();
    writeFileSync(join(workspace, 'people.csv'), text);
    await openInDataExplorer(page, 'people.csv');
    const view = newestWebview(page);

    await view.locator('.file-name', { hasText: 'people.csv' }).waitFor();
    const ageCard = view.locator('.column-card[data-column="age"]');
    await ageCard.locator('.chart canvas').waitFor({ timeout: 60_000 });
    assert.match((await ageCard.locator('.chip').last().textContent()) ?? '', /number/);
    await view.locator('.column-card[data-column="city"] .bar-row', { hasText: 'Paris' }).waitFor();
    const noteCard = view.locator('.column-card[data-column="note"]');
    await noteCard.scrollIntoViewIfNeeded();
    await noteCard.locator('.chart canvas').waitFor();
    assert.match((await noteCard.textContent()) ?? '', /Length in characters/);
    assert.match((await view.locator('.facts-grid').textContent()) ?? '', /120\s*rows/);

    // The label column is guessed from its name: its balance and the imbalance alert show.
    assert.equal(await view.locator('#label-column').inputValue(), 'label');
    await view.locator('.label-section .bar-row', { hasText: 'churned' }).waitFor();
    assert.match((await view.locator('.label-section .alert-warning').first().textContent()) ?? '', /95\.0% "stayed"/);
    await view.locator('.alerts-section').evaluate((node) => node.scrollIntoView({ block: 'start' }));
    await progressGone(page);
    await screenshot(page, 'data-explorer');

    // Another label column: the class balance is computed again for it.
    await view.locator('#label-column').selectOption('city');
    await view.locator('.label-section .balance-summary', { hasText: '4 classes: the largest holds 25.0%' }).waitFor();
    assert.equal(await view.locator('.label-section .alert').count(), 0, 'four equal classes raise no imbalance alert');
    await view.locator('#label-column').selectOption('label');
    await view.locator('.label-section .alert-warning').waitFor();

    await view.locator('button.register-version').click();
    await view.locator('.version-line', { hasText: 'Version 1 of 1' }).waitFor({ timeout: 60_000 });
    const datasets = await showDatasetsView(page);
    const peopleRow = datasets.locator('.monaco-list-row', { hasText: 'people.csv' });
    await peopleRow.locator('.label-description', { hasText: '1 version' }).waitFor();
    await peopleRow.locator('.monaco-tl-twistie').click();
    await datasets.locator('.monaco-list-row', { hasText: 'v1' }).waitFor();

    await view.locator('.tab', { hasText: 'Rows' }).click();
    const scriptCell = view.locator('.grid-row .cell', { hasText: '<script>alert(1)</script>' });
    await scriptCell.waitFor();
    assert.equal(await view.locator('.grid-row script').count(), 0, 'the cell text never became an element');

    await view.locator('.where-input').fill('age > 40');
    await view.locator('.where-input').press('Enter');
    await view.locator('.grid-status', { hasText: `${olderThan40} of 120 rows match` }).waitFor();
    await view.locator('.header-cell', { hasText: 'age' }).click();
    await view.locator('.grid-status', { hasText: 'sorted by age ascending' }).waitFor();
    assert.equal(await view.locator('.grid-row:not(.grid-header) .cell.numeric').nth(1).textContent(), '41');

    await view.locator('.where-input').fill('agee > 40');
    await view.locator('.where-input').press('Enter');
    const error = view.locator('.where-error.shown');
    await error.waitFor();
    assert.match((await error.textContent()) ?? '', /agee/);
    assert.match((await view.locator('.grid-status').textContent()) ?? '', new RegExp(`${olderThan40} of 120 rows match`), 'the last good filter stays');
    await screenshot(page, 'data-explorer-rows');

    // A reload brings back the tab, the filter, the sort and the label.
    await runCommand(page, 'Developer: Reload Window');
    await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 120_000 });
    const revived = newestWebview(page);
    await revived.locator('.tab.selected', { hasText: 'Rows' }).waitFor({ timeout: 60_000 });
    assert.equal(await revived.locator('.where-input').inputValue(), 'age > 40');
    await revived.locator('.grid-status', { hasText: `${olderThan40} of 120 rows match` }).waitFor();
    await revived.locator('.grid-status', { hasText: 'sorted by age ascending' }).waitFor();
    assert.equal(await revived.locator('#label-column').inputValue(), 'label');

    // New rows under the same path: the explorer says the file is no longer version 1 and shows what changed.
    appendFileSync(join(workspace, 'people.csv'), Array.from({ length: 10 }, (_, i) => `${121 + i},99,Paris,"Customer ${121 + i} is new here",stayed`).join('\n') + '\n');
    const banner = revived.locator('.file-version-changed');
    await banner.waitFor({ timeout: 60_000 });
    await banner.locator('button.show-changes').click();
    await revived.locator('.changes-summary', { hasText: 'Rows: 120 → 130' }).waitFor({ timeout: 60_000 });
    assert.match((await revived.locator('.changes-summary').textContent()) ?? '', /"age" mean: 43\.63 →/);
    await progressGone(page);
    await screenshot(page, 'data-explorer-changes');
    assert.deepEqual(dialogs, [], 'no script ran');
  });

  it('compares train.csv with dev.csv: a test, score and threshold per column, overlaid histograms and a verdict', async () => {
    const { page } = session();
    await openInDataExplorer(page, 'data/train.csv');
    const view = newestWebview(page);
    await view.locator('.file-name', { hasText: 'train.csv' }).waitFor();
    await view.locator('.facts-grid').waitFor({ timeout: 60_000 });
    await view.locator('button.compare-with').first().click();
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'data/dev.csv' }).first().click();
    const verdict = view.locator('.verdict');
    await verdict.waitFor({ timeout: 120_000 });
    assert.match((await verdict.textContent()) ?? '', /of \d+ columns drifted/);
    const rows = view.locator('.drift-table tbody tr');
    assert.ok((await rows.count()) >= 60, 'a row per shared column');
    const first = rows.first();
    assert.match((await first.textContent()) ?? '', /K-S p_value|Wasserstein|chi-square|Jensen|Z-test/i);
    await first.locator('.chart canvas').waitFor();
    await view.locator('.drift-sides', { hasText: 'data/dev.csv' }).waitFor();
    await progressGone(page);
    await screenshot(page, 'drift');

    // What the error analysis will do: show one example's row by its id.
    await runCommand(page, 'mlcycle: Show Row by Id');
    await page.locator('.quick-input-widget input').fill('42');
    await page.keyboard.press('Enter');
    await view.locator('.tab.selected', { hasText: 'Rows' }).waitFor();
    assert.equal(await view.locator('.where-input').inputValue(), '"id" = 42');
    await view.locator('.grid-status', { hasText: '1 of 1,078 rows match' }).waitFor();

    // A file no editor has open is registered from the Datasets view's inline action.
    const datasets = await showDatasetsView(page);
    const devRow = datasets.locator('.monaco-list-row', { hasText: 'data/dev.csv' });
    await devRow.hover();
    await devRow.locator('.action-label[aria-label*="Register Dataset Version"]').click();
    await devRow.locator('.label-description', { hasText: '1 version' }).waitFor({ timeout: 60_000 });
  });
});
