// Integration level: mocha inside a real VS Code extension host (code-server 4.100.3 opened in headless
// Chromium with extensionDevelopmentPath/extensionTestsPath). The tests write their counts to a file we wait for.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import harness from '../../out/test/harness/codeServer.js';
import { writeResult } from './results.mjs';

const { copyExamplesWorkspace, launchBrowser, repoRoot, startCodeServer, workbenchUrl } = harness;
const timeoutMs = Number(process.env.MLCYCLE_INTEGRATION_TIMEOUT_MS ?? 20 * 60_000);
const resultsFile = join(tmpdir(), `mlcycle-integration-${process.pid}.json`);
rmSync(resultsFile, { force: true });

const workspace = copyExamplesWorkspace();
const server = await startCodeServer({
  workspace,
  env: { MLCYCLE_TEST_RESULTS: resultsFile, MLCYCLE_TEST_GREP: process.argv[2] ?? '', MLCYCLE_REPO: repoRoot },
  logName: 'integration-code-server',
});
const browser = await launchBrowser();
let outcome = { passed: 0, failed: 1, lines: ['the tests did not report'] };
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error(`[workbench] ${e.message}`));
  await page.goto(workbenchUrl(server, { folder: workspace, extensionDevelopmentPath: repoRoot, extensionTestsPath: join(repoRoot, 'out', 'test', 'integration', 'index') }));
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(resultsFile)) {
    if (Date.now() > deadline) throw new Error(`integration tests did not finish within ${timeoutMs / 1000} s; see test-results/logs/integration-code-server.log`);
    if (server.process.exitCode !== null) throw new Error('code-server stopped during the integration tests');
    await new Promise((r) => setTimeout(r, 500));
  }
  outcome = JSON.parse(readFileSync(resultsFile, 'utf8'));
} catch (error) {
  outcome.lines = [String(error.message ?? error)];
} finally {
  await browser.close();
  await server.stop();
  rmSync(workspace, { recursive: true, force: true });
}
for (const line of outcome.lines) console.log(line);
writeResult('integration', { passed: outcome.passed, failed: outcome.failed, skipped: outcome.skipped ?? 0 });
console.log(`integration: ${outcome.passed} passed, ${outcome.failed} failed`);
process.exitCode = outcome.failed > 0 || outcome.passed === 0 ? 1 : 0;
