import { strict as assert } from 'node:assert';
import { session } from './session';
import { newestWebview, runCommand, screenshot } from './workbench';

describe('the installed VSIX in a real workbench', () => {
  it('shows the mlcycle container in the activity bar with its Runs and Datasets views', async () => {
    const { page } = session();
    const container = page.locator('.part.activitybar [aria-label^="mlcycle"]').first();
    await container.waitFor();
    await container.click();
    await page.locator('.pane-header', { hasText: 'Runs' }).first().waitFor();
    await page.locator('.pane-header', { hasText: 'Datasets' }).first().waitFor();
    await page.locator('.monaco-list-row', { hasText: 'train.csv' }).first().waitFor();
    await screenshot(page, 'mlcycle-container');
  });

  it('runs "mlcycle: Show Overview" from the command palette and shows the workspace in a webview', async () => {
    const { page } = session();
    await runCommand(page, 'mlcycle: Show Overview');
    const view = newestWebview(page);
    await view.locator('h1', { hasText: 'mlcycle' }).waitFor();
    const files = view.locator('table.data-files td', { hasText: 'data/train.csv' });
    await files.waitFor();
    assert.equal(await files.count(), 1);
    assert.match(await view.locator('.store-path').textContent() ?? '', /\.mlcycle\/mlcycle\.db/);
    await screenshot(page, 'overview');
  });
});
