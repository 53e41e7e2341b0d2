// The plot webview's HTML: a strict Content-Security-Policy with a per-load nonce, and local
// resources only, through asWebviewUri (dist/webview.js, media/plot.css, and dist/plotWorker.js,
// which the webview fetches to start its plot worker from a blob).
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';

/** A CSP nonce: 128 random bits from the operating system's generator, base64. */
export function nonce(): string {
  return randomBytes(16).toString('base64');
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export function plotHtml(webview: vscode.Webview, extensionUri: vscode.Uri, mode: 'panel' | 'view'): string {
  const n = nonce();
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'plot.css'));
  const worker = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'plotWorker.js'));
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${n}'`,
    // The plot worker: its bundle fetched from the extension, started from a blob (webview/plotChannel.ts).
    `connect-src ${webview.cspSource}`,
    'worker-src blob:',
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>Scaling plot</title>
</head>
<body class="mode-${mode}" data-plot-worker="${worker}">
<div id="empty" class="empty" hidden><p>Open a file with a model to see its scaling plot.</p></div>
<main id="app" aria-busy="true">
  <header class="head">
    <div class="title-row">
      <h1 id="model-name">Scaling plot</h1>
      <span id="file-name" class="muted"></span>
      <select id="model-select" aria-label="Model" hidden></select>
      <button id="reveal" type="button" class="icon-button" title="Show the model in its file" aria-label="Show the model in its file">Go to model</button>
    </div>
    <p id="headline" class="headline" aria-live="polite"></p>
  </header>
  <div class="layout">
    <section id="whatif" class="whatif" aria-labelledby="whatif-title">
      <h2 id="whatif-title">What if <span class="muted">sizes (log scale)</span></h2>
      <div id="sizes" class="sizes"></div>
      <div class="actions">
        <button id="write" type="button" class="primary" disabled>Write sizes to file</button>
        <button id="reset" type="button" class="secondary" disabled>Reset</button>
      </div>
    </section>
    <section class="charts" aria-label="Charts">
      <div id="tabs" class="tabs" role="tablist" aria-label="Charts"></div>
      <div id="chart-options" class="chart-options"></div>
      <figure id="figure" class="figure" role="tabpanel" aria-labelledby="chart-title">
        <div class="canvas-box"><canvas id="chart" role="img" aria-labelledby="chart-title" aria-describedby="chart-desc"></canvas></div>
        <figcaption>
          <h3 id="chart-title" class="chart-title"></h3>
          <ul id="legend" class="legend" aria-label="Legend: press a candidate to hide or show it"></ul>
          <p id="chart-desc" class="chart-desc"></p>
        </figcaption>
        <div id="experiment" class="experiment" aria-live="polite" hidden></div>
      </figure>
      <div class="exports" role="group" aria-label="Export">
        <span class="muted">Export</span>
        <button id="export-png" type="button" class="secondary">PNG</button>
        <button id="export-svg" type="button" class="secondary">SVG</button>
        <button id="export-csv" type="button" class="secondary">CSV</button>
        <button id="export-json" type="button" class="secondary">JSON</button>
      </div>
      <p id="notice" class="notice" role="status" aria-live="polite"></p>
    </section>
  </div>
</main>
<script nonce="${n}" src="${script}"></script>
</body>
</html>`;
}
