// Scaling Lens: activation only. The analysis runs in a worker thread (dist/worker.js); this file
// wires the worker client, the result store, the providers and the commands together.
import * as vscode from 'vscode';
import * as path from 'node:path';
import { AnalysisClient } from '../worker/client';
import { nodeWorkerTransport } from './nodeTransport';
import { affects, ANALYSIS_SETTINGS, readConfig, VIEW_SETTINGS, WORKER_SETTINGS } from './config';
import { ResultStore } from './results';
import { ScalingInlayHints } from './providers/inlayHints';
import { ScalingHover } from './providers/hover';
import { ScalingCodeLens } from './providers/codeLens';
import { ScalingDiagnostics } from './providers/diagnostics';
import { ScalingStatusBar } from './providers/statusBar';
import { registerCommands } from './commands';
import { ReportDocuments } from './reports';
import { PLOT_PANEL, PLOT_SIDE_VIEW, REPORT_SCHEME } from './ids';
import { LANGUAGES } from './select';
import { e2e, initLog, log } from './log';
import { PlotPanel } from './plot/panel';
import { PlotSideView } from './plot/sideView';
import { watchOverrides } from './files';

export interface ScalingLensApi {
  /** The current result of a document (for tests and other extensions). */
  resultOf(uri: vscode.Uri): unknown;
}

export function activate(context: vscode.ExtensionContext): ScalingLensApi {
  const t0 = Date.now();
  const sub = (...d: vscode.Disposable[]) => context.subscriptions.push(...d);
  sub(initLog());

  const workerScript = path.join(__dirname, 'worker.js');
  const client = new AnalysisClient(() => nodeWorkerTransport(workerScript, { maxOldGenerationSizeMb: 512 }), {
    timeoutMs: readConfig().timeoutMs,
    log,
  });
  sub({ dispose: () => client.dispose() });

  const store = new ResultStore(client, readConfig);
  const hints = new ScalingInlayHints(store, readConfig);
  const lenses = new ScalingCodeLens(store, readConfig);
  const diagnostics = new ScalingDiagnostics(store);
  const reports = new ReportDocuments();
  const plot = new PlotPanel(context.extensionUri, store);
  const sideView = new PlotSideView(context.extensionUri, store);
  const selector: vscode.DocumentSelector = LANGUAGES.flatMap((language) => [
    { language, scheme: 'file' }, { language, scheme: 'untitled' }, { language, scheme: 'vscode-remote' }, { language, scheme: 'vscode-vfs' },
  ]);
  sub(store, hints, lenses, diagnostics, reports, plot, sideView,
    vscode.languages.registerInlayHintsProvider(selector, hints),
    vscode.languages.registerHoverProvider(selector, new ScalingHover(store, readConfig)),
    vscode.languages.registerCodeLensProvider(selector, lenses),
    vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, reports),
    new ScalingStatusBar(store),
    ...registerCommands({ store, client, reports, config: readConfig, plot, version: context.extension.packageJSON?.version }),
    vscode.window.registerWebviewPanelSerializer(PLOT_PANEL, plot.serializer()),
    vscode.window.registerWebviewViewProvider(PLOT_SIDE_VIEW, sideView),
  );

  const refresh = (doc: vscode.TextDocument, debounce = false) => { void store.refresh(doc, { debounce }); };
  const refreshOpen = () => { for (const d of vscode.workspace.textDocuments) refresh(d); };
  sub(
    vscode.workspace.onDidOpenTextDocument((d) => refresh(d)),
    vscode.workspace.onDidChangeTextDocument((e) => { if (e.contentChanges.length) refresh(e.document, true); }),
    vscode.workspace.onDidCloseTextDocument((d) => store.delete(d.uri)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affects(e, WORKER_SETTINGS)) client.setTimeoutMs(readConfig().timeoutMs);
      // Each open file whose folder's settings changed is analysed again (new defaults miss the
      // worker's cache; a file no longer selected loses its result); every view follows the store.
      for (const doc of vscode.workspace.textDocuments) if (affects(e, ANALYSIS_SETTINGS, doc.uri)) refresh(doc);
      if (affects(e, VIEW_SETTINGS) || affects(e, ANALYSIS_SETTINGS)) {
        hints.refresh();
        lenses.refresh();
      } else if (e.affectsConfiguration('editor.inlayHints')) {
        hints.refresh();
      }
    }),
  );
  sub(...watchOverrides((doc) => void store.refresh(doc, { force: true })));
  refreshOpen();

  const ms = Date.now() - t0;
  log(`activated in ${ms} ms (worker: ${workerScript})`);
  e2e(`activated in ${ms} ms`);
  return { resultOf: (uri) => store.get(uri)?.result };
}

export function deactivate(): void {
  // everything is in context.subscriptions
}
