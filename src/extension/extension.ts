// Scaling Lens: activation only. The analysis runs in a worker thread (dist/worker.js); this file
// wires the worker client, the result store, the providers and the commands together.
import * as vscode from 'vscode';
import * as path from 'node:path';
import { AnalysisClient } from '../worker/client';
import { nodeWorkerTransport } from './nodeTransport';
import { readConfig, SECTION, type Config } from './config';
import { ResultStore } from './results';
import { ScalingInlayHints } from './providers/inlayHints';
import { ScalingHover } from './providers/hover';
import { ScalingCodeLens } from './providers/codeLens';
import { ScalingDiagnostics } from './providers/diagnostics';
import { ScalingStatusBar } from './providers/statusBar';
import { registerCommands } from './commands';
import { ReportDocuments, REPORT_SCHEME } from './reports';
import { LANGUAGES } from './select';
import { e2e, initLog, log } from './log';
import { PlotPanel, PLOT_VIEW_TYPE } from './plot/panel';
import { PlotSideView, PLOT_SIDE_VIEW } from './plot/sideView';
import { watchOverrides } from './overrides';

export interface ScalingLensApi {
  /** The current result of a document (for tests and other extensions). */
  resultOf(uri: vscode.Uri): unknown;
}

export function activate(context: vscode.ExtensionContext): ScalingLensApi {
  const t0 = Date.now();
  const sub = (...d: vscode.Disposable[]) => context.subscriptions.push(...d);
  sub(initLog());

  let config: Config = readConfig();
  const getConfig = () => config;

  const workerScript = path.join(__dirname, 'worker.js');
  const client = new AnalysisClient(() => nodeWorkerTransport(workerScript, { maxOldGenerationSizeMb: 512 }), {
    timeoutMs: config.timeoutMs,
    log,
  });
  sub({ dispose: () => client.dispose() });

  const store = new ResultStore(client, getConfig);
  const hints = new ScalingInlayHints(store, getConfig);
  const lenses = new ScalingCodeLens(store, getConfig);
  const diagnostics = new ScalingDiagnostics(store);
  const reports = new ReportDocuments();
  const plot = new PlotPanel(context.extensionUri, getConfig);
  const sideView = new PlotSideView(context.extensionUri, getConfig, store);
  const selector: vscode.DocumentSelector = LANGUAGES.flatMap((language) => [
    { language, scheme: 'file' }, { language, scheme: 'untitled' }, { language, scheme: 'vscode-remote' }, { language, scheme: 'vscode-vfs' },
  ]);
  sub(store, hints, lenses, diagnostics, reports, plot, sideView,
    vscode.languages.registerInlayHintsProvider(selector, hints),
    vscode.languages.registerHoverProvider(selector, new ScalingHover(store, getConfig)),
    vscode.languages.registerCodeLensProvider(selector, lenses),
    vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, reports),
    new ScalingStatusBar(store),
    ...registerCommands({ store, client, reports, config: getConfig, plot, version: context.extension.packageJSON?.version }),
    vscode.window.registerWebviewPanelSerializer(PLOT_VIEW_TYPE, plot.serializer()),
    vscode.window.registerWebviewViewProvider(PLOT_SIDE_VIEW, sideView),
  );

  const refresh = (doc: vscode.TextDocument, debounce = false) => { void store.refresh(doc, { debounce }); };
  const refreshOpen = () => { for (const d of vscode.workspace.textDocuments) refresh(d); };
  sub(
    vscode.workspace.onDidOpenTextDocument((d) => refresh(d)),
    vscode.workspace.onDidChangeTextDocument((e) => { if (e.contentChanges.length) refresh(e.document, true); }),
    vscode.workspace.onDidCloseTextDocument((d) => store.delete(d.uri)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SECTION)) {
        const before = config;
        config = readConfig();
        client.setTimeoutMs(config.timeoutMs);
        const analysisChanged = JSON.stringify([before.enable, before.defaults, before.files]) !== JSON.stringify([config.enable, config.defaults, config.files]);
        if (analysisChanged) {
          store.clear();
          diagnostics.clear();
          refreshOpen();
        }
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
