import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { copyExamplesWorkspace, installVsix, startCodeServer, workbenchUrl, type CodeServer } from '../harness/codeServer';
import { session } from './session';
import { runCommand, screenshot } from './workbench';

describe('a restricted (untrusted) workspace', function () {
  this.timeout(300_000);
  let server: CodeServer;
  let page: Page;
  let workspace: string;

  before(async () => {
    workspace = copyExamplesWorkspace();
    server = await startCodeServer({ workspace, settings: { 'security.workspace.trust.enabled': true }, logName: 'e2e-untrusted-code-server' });
    installVsix(server, process.env.MLCYCLE_VSIX!);
    page = await session().browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(workbenchUrl(server, { folder: workspace }));
    await page.getByRole('button', { name: /No, I don.t trust/ }).click();
  });

  after(async () => {
    await page?.close();
    await server?.stop();
  });

  it('runs no script and says why and how to trust the folder', async () => {
    await page.locator('.part.activitybar [aria-label^="mlcycle"]').first().waitFor();
    await runCommand(page, 'mlcycle: Run Training Script');
    const toast = page.locator('.notifications-toasts .notification-toast.notification-fade-in-done', { hasText: 'runs no script in a restricted workspace' });
    await toast.waitFor();
    await toast.getByRole('button', { name: 'Manage Workspace Trust' }).waitFor();
    assert.equal(await page.locator('.notifications-toasts .notification-toast').count(), 1, 'one message, not two');
    await screenshot(page, 'untrusted-workspace');
    assert.equal(existsSync(join(workspace, '.mlcycle', 'mlcycle.db')), false, 'no run was recorded');
  });
});
