// One real workbench for the whole e2e level: code-server with the packaged VSIX installed (as a user would
// install it), a copy of examples/ as the workspace, and headless Chromium showing it.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { openStore } from '../../src/core/store/store';
import { copyExamplesWorkspace, installVsix, launchBrowser, repoRoot, startCodeServer, workbenchUrl, type CodeServer } from '../harness/codeServer';

export interface E2eSession {
  server: CodeServer;
  browser: Browser;
  page: Page;
  workspace: string;
}

let current: E2eSession | undefined;

export function session(): E2eSession {
  if (!current) throw new Error('the e2e session has not started');
  return current;
}

/**
 * Each describe starts from an empty store in the shared workspace, so one test's runs never change what
 * another counts. Runs are deleted through the store (not the file removed) so the running extension sees it.
 */
export function emptyWorkspaceStore(): void {
  const store = openStore(join(session().workspace, '.mlcycle', 'mlcycle.db'));
  try {
    for (const run of store.listRuns()) store.deleteRun(run.id);
  } finally {
    store.close();
  }
}

export const screenshotsDir = join(repoRoot, 'test-results', 'screenshots');

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(300_000);
    const vsix = process.env.MLCYCLE_VSIX;
    if (!vsix) throw new Error('MLCYCLE_VSIX is not set: run the e2e level with npm run test:e2e');
    mkdirSync(screenshotsDir, { recursive: true });
    const workspace = copyExamplesWorkspace();
    const server = await startCodeServer({ workspace, logName: 'e2e-code-server' });
    installVsix(server, vsix);
    const browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(workbenchUrl(server, { folder: workspace }));
    await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 120_000 });
    current = { server, browser, page, workspace };
  },
  async afterEach(this: Mocha.Context) {
    if (this.currentTest?.state !== 'failed' || !current) return;
    const name = `failed-${this.currentTest.fullTitle().replace(/[^a-z0-9]+/gi, '-').slice(0, 80)}`;
    await current.page.screenshot({ path: join(screenshotsDir, `${name}.png`) }).catch(() => undefined);
  },
  async afterAll() {
    if (!current) return;
    await current.browser.close();
    await current.server.stop();
    current = undefined;
  },
};
