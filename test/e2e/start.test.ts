import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, repoRoot } from '../harness/codeServer';
import { session } from './session';
import { screenshot } from './workbench';

describe('the README main job (npm start)', () => {
  it('serves a real VS Code on examples/ with the mlcycle container visible', async function () {
    this.timeout(300_000);
    const port = await freePort();
    const state = mkdtempSync(join(tmpdir(), 'mlcycle-start-'));
    const server = spawn('npm', ['start', '--silent'], { cwd: repoRoot, env: { ...process.env, MLCYCLE_PORT: String(port), MLCYCLE_STATE_DIR: state }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let printed = '';
        server.stdout!.on('data', (chunk: Buffer) => {
          printed += chunk.toString();
          const match = /open (http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)/.exec(printed);
          if (match) resolve(match[1]);
        });
        server.once('exit', (code) => reject(new Error(`npm start exited with ${code}: ${printed}`)));
      });
      assert.ok(url.endsWith(`${repoRoot}/examples`), url);
      const page = await session().browser.newPage({ viewport: { width: 1280, height: 800 } });
      for (;;) {
        try {
          await page.goto(url);
          break;
        } catch {
          await page.waitForTimeout(250); // the URL is printed just before code-server listens
        }
      }
      // A fresh user is asked about Workspace Trust on first open, as a person would be.
      await page.getByRole('button', { name: /Yes, I trust/ }).click();
      const container = page.locator('.part.activitybar [aria-label^="mlcycle"]').first();
      await container.click();
      await page.locator('.pane-header', { hasText: 'Datasets' }).first().waitFor();
      await page.locator('.monaco-list-row', { hasText: 'data/train.csv' }).first().waitFor();
      await screenshot(page, 'npm-start');
      await page.close();
    } finally {
      try {
        process.kill(-server.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
      rmSync(state, { recursive: true, force: true });
    }
  });
});
