// Bundles the extension host code, the CLI and one bundle per webview with esbuild.
import * as esbuild from 'esbuild';
import { readdirSync, existsSync, mkdirSync, copyFileSync, statSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
// Native addons and the vscode API are loaded at run time, never bundled.
const nodeExternal = ['vscode', 'better-sqlite3', '@duckdb/node-api', '@duckdb/node-bindings', '@duckdb/node-bindings-*'];

const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'info', absWorkingDir: root };
const webviewDir = join(root, 'webview');
const webviews = readdirSync(webviewDir).filter((d) => existsSync(join(webviewDir, d, 'main.ts')));

const configs = [
  { ...common, platform: 'node', format: 'cjs', target: 'node20', external: nodeExternal,
    entryPoints: { extension: 'src/extension/activate.ts' }, outdir: 'dist' },
  { ...common, platform: 'node', format: 'cjs', target: 'node20', external: nodeExternal,
    entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
  { ...common, platform: 'browser', format: 'iife', target: 'es2022',
    entryPoints: Object.fromEntries(webviews.map((v) => [v, `webview/${v}/main.ts`])), outdir: 'dist/webview' },
  // Notebook renderers are ES modules VS Code imports into the output frame; their CSS is bundled as text.
  { ...common, platform: 'browser', format: 'esm', target: 'es2022', loader: { '.css': 'text' },
    entryPoints: { notebook: 'webview/notebookRenderer/index.ts' }, outdir: 'dist/renderer' },
];

function copyStyles() {
  mkdirSync(join(root, 'dist/webview'), { recursive: true });
  for (const v of webviews) {
    const css = join(webviewDir, v, 'style.css');
    if (existsSync(css) && statSync(css).isFile()) copyFileSync(css, join(root, 'dist/webview', `${v}.css`));
  }
  const shared = join(webviewDir, 'shared', 'base.css');
  if (existsSync(shared)) copyFileSync(shared, join(root, 'dist/webview', 'base.css'));
}

// A production build starts from an empty dist/ so no development source map reaches the VSIX.
if (production) rmSync(join(root, 'dist'), { recursive: true, force: true });

if (watch) {
  for (const c of configs) (await esbuild.context(c)).watch();
  copyStyles();
  console.log('[build] watching');
} else {
  await Promise.all(configs.map((c) => esbuild.build(c)));
  copyStyles();
}
