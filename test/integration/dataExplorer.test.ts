import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { openStoreReadOnly, workspaceRoot } from './store';
import { waitFor } from './waitFor';

const viewType = 'mlcycle.dataExplorer';

type Description =
  | { state: 'opening' }
  | { state: 'problem'; problem: { message: string; offset?: number } }
  | { state: 'open'; columns: number; profiledRows?: number; workDirectory?: string };

function describe_(uri: vscode.Uri): Thenable<Description | undefined> {
  return vscode.commands.executeCommand<Description | undefined>('mlcycle.dataExplorer.describe', uri);
}

function customEditorTab(uri: vscode.Uri): vscode.Tab | undefined {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .find((tab) => tab.input instanceof vscode.TabInputCustom && tab.input.viewType === viewType && tab.input.uri.toString() === uri.toString());
}

describe('the Data Explorer custom editor', function () {
  this.timeout(180_000);
  const train = () => vscode.Uri.file(join(workspaceRoot(), 'data', 'train.csv'));

  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('opens examples/data/train.csv with vscode.openWith, profiles all of it, and frees DuckDB when closed', async () => {
    await vscode.commands.executeCommand('vscode.openWith', train(), viewType);
    const tab = await waitFor(() => customEditorTab(train()), 'the Data Explorer tab');
    assert.equal(tab.label, 'train.csv');
    const opened = await waitFor(async () => {
      const d = await describe_(train());
      return d?.state === 'open' && d.profiledRows !== undefined ? d : undefined;
    }, 'the webview to open the file and the profile to finish', 120_000);
    assert.equal(opened.columns, 66);
    assert.equal(opened.profiledRows, 1078);
    assert.ok(opened.workDirectory && existsSync(opened.workDirectory), 'DuckDB works in a scratch folder of its own');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor(() => !existsSync(opened.workDirectory!), 'closing the editor to close its DuckDB engine and remove its scratch folder');
    assert.equal(await describe_(train()), undefined);
  });

  it('opens .parquet files in the Data Explorer by default', async () => {
    const parquet = vscode.Uri.file(join(workspaceRoot(), 'data', 'sample.parquet'));
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run(`COPY (SELECT range AS id, range % 3 AS bucket FROM range(50)) TO '${parquet.fsPath.replace(/'/g, "''")}' (FORMAT parquet)`);
    connection.closeSync();
    instance.closeSync();
    await vscode.commands.executeCommand('vscode.open', parquet);
    await waitFor(() => customEditorTab(parquet), 'the parquet file to open in the Data Explorer');
    await waitFor(async () => (await describe_(parquet))?.state === 'open', 'the parquet file to be read');
  });

  it('registers a dataset version: its sha256, profile and rows are kept, and registering again changes nothing', async () => {
    await vscode.commands.executeCommand('vscode.openWith', train(), viewType);
    await waitFor(async () => (await describe_(train()))?.state === 'open', 'the file to open');
    const outcome = await vscode.commands.executeCommand<{ state: string; message: string }>('mlcycle.registerDatasetVersion', train());
    assert.equal(outcome?.state, 'done');
    assert.match(outcome!.message, /Registered data\/train\.csv as version 1 \(1,078 rows, 66 columns/);
    const sha256 = createHash('sha256').update(readFileSync(train().fsPath)).digest('hex');
    const db = openStoreReadOnly();
    try {
      const rows = db
        .prepare('SELECT v.sha256, v.rows, v.columns, v.profile FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id WHERE d.path = ?')
        .all('data/train.csv') as { sha256: string; rows: number; columns: number; profile: string }[];
      assert.equal(rows.length, 1);
      assert.equal(rows[0].sha256, sha256);
      assert.equal(rows[0].rows, 1078);
      assert.equal(JSON.parse(rows[0].profile).columns.length, 66);
    } finally {
      db.close();
    }
    assert.ok(existsSync(join(workspaceRoot(), '.mlcycle', 'datasets', `${sha256}.parquet`)), 'the rows are kept for later comparisons');
    const again = await vscode.commands.executeCommand<{ state: string; message: string }>('mlcycle.registerDatasetVersion', train());
    assert.match(again!.message, /already version 1/);
  });

  it('shows the engine\'s message for a binary file named .csv, and the extension host keeps working', async () => {
    const bad = vscode.Uri.file(join(workspaceRoot(), 'bad.csv'));
    writeFileSync(bad.fsPath, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00, 0xff, 0xfe, 0x00, 0x01, 0x02]));
    await vscode.commands.executeCommand('vscode.openWith', bad, viewType);
    const described = await waitFor(async () => {
      const d = await describe_(bad);
      return d?.state === 'problem' ? d : undefined;
    }, 'the problem to be reported');
    assert.match(described.problem.message, /bad\.csv looks like a binary file, not CSV text \(a zero byte at offset 4\)/);
    assert.equal(described.problem.offset, 4);
    const registered = await vscode.commands.executeCommand('mlcycle.registerDatasetVersion', bad);
    assert.equal(registered, undefined, 'registering it is refused with a message, not a crash');

    await vscode.commands.executeCommand('vscode.openWith', train(), viewType);
    await waitFor(async () => (await describe_(train()))?.state === 'open', 'another file to open afterwards');
  });
});
