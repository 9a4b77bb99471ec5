// Starts a real VS Code (code-server, installed by scripts/install-vscode-server.sh) on a free loopback port,
// with a fresh user-data and extensions folder, and drives it with Debian's Chromium through playwright-core.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, writeFileSync, rmSync, createWriteStream } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';

/** The repository root, from out/test/harness/ where this file runs compiled. */
export const repoRoot = join(__dirname, '..', '..', '..');

export interface CodeServer {
  url: string;
  port: number;
  home: string;
  userDataDir: string;
  extensionsDir: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export interface StartOptions {
  workspace?: string;
  settings?: Record<string, unknown>;
  env?: Record<string, string>;
  extraArgs?: string[];
  logName?: string;
}

export function ensureCodeServer(): string {
  const result = spawnSync('bash', [join(repoRoot, 'scripts', 'install-vscode-server.sh')], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (result.status !== 0) throw new Error('installing code-server failed (see the messages above)');
  return result.stdout.trim().split('\n').pop()!;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const defaultSettings: Record<string, unknown> = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'chat.disableAIFeatures': true,
  'workbench.enableExperiments': false,
};

/** Starts code-server; resolves once it answers HTTP. `settings` go into the fresh user's settings.json. */
export async function startCodeServer({ workspace, settings = {}, env = {}, extraArgs = [], logName = 'code-server' }: StartOptions = {}): Promise<CodeServer> {
  const entry = ensureCodeServer();
  const home = mkdtempSync(join(tmpdir(), 'mlcycle-vscode-'));
  const userDataDir = join(home, 'ud');
  const extensionsDir = join(home, 'ext');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...defaultSettings, ...settings }, null, 2));
  const port = await freePort();
  const logDir = join(repoRoot, 'test-results', 'logs');
  mkdirSync(logDir, { recursive: true });
  const log = createWriteStream(join(logDir, `${logName}.log`));
  const args = [entry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, ...extraArgs];
  if (settings['security.workspace.trust.enabled'] !== false) args.splice(args.indexOf('--disable-workspace-trust'), 1);
  if (workspace) args.push(workspace);
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}; see test-results/logs/${logName}.log`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('code-server did not answer within 120 s');
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url, port, home, userDataDir, extensionsDir, process: child,
    async stop() {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
      await new Promise<void>((r) => (child.exitCode !== null ? r() : child.once('exit', () => r())));
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Installs a VSIX into the server's extensions folder with code-server's own --install-extension. */
export function installVsix(server: CodeServer, vsix: string): string {
  const entry = ensureCodeServer();
  const result = spawnSync(process.execPath, [entry, '--user-data-dir', server.userDataDir, '--extensions-dir', server.extensionsDir, '--install-extension', vsix], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`--install-extension failed: ${result.stderr || result.stdout}`);
  return result.stdout;
}

export async function launchBrowser(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** The workbench URL that opens `folder` with the extension in development mode (and its tests, if given). */
export function workbenchUrl(server: CodeServer, options: { folder: string; extensionDevelopmentPath?: string; extensionTestsPath?: string }): string {
  const { folder, extensionDevelopmentPath, extensionTestsPath } = options;
  const payload: [string, string][] = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${server.port}${extensionDevelopmentPath}`]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', `vscode-remote://127.0.0.1:${server.port}${extensionTestsPath}`]);
  const query = new URLSearchParams({ folder });
  if (payload.length) query.set('payload', JSON.stringify(payload));
  return `${server.url}/?${query.toString()}`;
}

/** A fresh copy of examples/ so tests never write into the repository's sample workspace. */
export function copyExamplesWorkspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlcycle-ws-'));
  cpSync(join(repoRoot, 'examples'), dir, { recursive: true, filter: (src) => !src.includes('.mlcycle') });
  return dir;
}
