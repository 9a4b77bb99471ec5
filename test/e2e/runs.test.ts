import { strict as assert } from 'node:assert';
import { emptyWorkspaceStore, session } from './session';
import { runCommand, screenshot } from './workbench';

describe('running a training script as a person would', () => {
  before(emptyWorkspaceStore);

  it('starts a saved sweep from the command palette and shows the runs and their dev accuracy in the status bar', async () => {
    const { page } = session();
    await runCommand(page, 'View: Close All Editors');
    await runCommand(page, 'mlcycle: Run Training Script');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'learning-rate sweep' }).first().click();
    const item = page.locator('.statusbar-item', { hasText: /mlcycle: 1 running/ });
    await item.waitFor({ timeout: 60_000 });
    assert.match(await item.textContent() ?? '', /2 queued/, 'a sweep of three with parallelism 1 queues two');
    // The client writes every second; a run of the sweep shows its dev accuracy while it goes.
    await page.locator('.statusbar-item', { hasText: /dev accuracy \d/ }).waitFor({ timeout: 120_000 });
    await screenshot(page, 'status-bar-during-run');
    // Done when the item is gone: not when its text changes between runs of the sweep.
    await page.locator('.statusbar-item', { hasText: /mlcycle: \d+ running/ }).waitFor({ state: 'detached', timeout: 180_000 });
  });
});
