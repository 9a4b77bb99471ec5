import * as vscode from 'vscode';

export interface NativeModuleProblem {
  module: string;
  detail: string;
}

/** better-sqlite3 and DuckDB are native: a build for another Node/Electron ABI fails here, not later in a view. */
export function checkNativeModules(): NativeModuleProblem[] {
  const problems: NativeModuleProblem[] = [];
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Database = require('better-sqlite3');
    new Database(':memory:').close();
  } catch (error) {
    problems.push({ module: 'better-sqlite3', detail: (error as Error).message.split('\n')[0] });
  }
  try {
    require('@duckdb/node-api');
  } catch (error) {
    problems.push({ module: '@duckdb/node-api', detail: (error as Error).message.split('\n')[0] });
  }
  return problems;
}

export function reportNativeModuleProblems(problems: NativeModuleProblem[]): void {
  if (!problems.length) return;
  const names = problems.map((p) => p.module).join(' and ');
  const abi = `this extension host runs Node ${process.versions.node} (ABI ${process.versions.modules}${process.versions.electron ? `, Electron ${process.versions.electron}` : ''})`;
  void vscode.window.showErrorMessage(
    `mlcycle cannot load its native module ${names}: it was built for another runtime than ${abi}. ` +
      `Install the mlcycle VSIX built for your platform and VS Code, or rebuild it in the extension folder with ` +
      `"npx @electron/rebuild -f -w better-sqlite3" (see README, "Desktop VS Code"). Details: ${problems.map((p) => p.detail).join('; ')}`,
  );
}
