import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';

/** Where every webview may load from: the built bundles and media/, nothing else. */
export function webviewResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')];
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return { enableScripts: true, localResourceRoots: webviewResourceRoots(extensionUri) };
}

/** The page shell of a webview bundle: a strict CSP where scripts run only by nonce and data is never HTML. */
export function renderWebviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, view: string, title: string): string {
  const nonce = randomBytes(16).toString('base64');
  const asset = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', name)).toString();
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('base.css')}">
<link rel="stylesheet" href="${asset(`${view}.css`)}">
<title>${title.replace(/[<>&"]/g, '')}</title>
</head>
<body data-view="${view}">
<div id="app" role="main"></div>
<script nonce="${nonce}" src="${asset(`${view}.js`)}"></script>
</body>
</html>`;
}
