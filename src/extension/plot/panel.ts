// The scaling plot panel: one editor-area webview (reused), restored after a window reload by a
// WebviewPanelSerializer from the state the webview keeps with setState (file, model, what-if sizes).
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { ResultStore } from '../results';
import { parseState } from '../../contract/webview';
import { e2e } from '../log';
import { openDocument } from '../documents';
import { PLOT_PANEL } from '../ids';
import { PlotHost } from './host';
import { plotHtml, webviewOptions } from './html';
import type { ExperimentResults } from '../../experiment/types';

export class PlotPanel implements vscode.Disposable {
  private panel?: vscode.WebviewPanel;
  private host?: PlotHost;

  constructor(private readonly extensionUri: vscode.Uri, private readonly store: ResultStore) {}

  async show(doc: vscode.TextDocument, model?: string): Promise<void> {
    if (!this.panel) {
      const panel = vscode.window.createWebviewPanel(PLOT_PANEL, 'Scaling plot', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(this.extensionUri));
      this.adopt(panel);
    } else this.panel.reveal(undefined, true);
    this.host!.show(doc, model);
  }

  /** Draws experiment results for a model of `doc` (opening the panel on it when needed). */
  async experiment(doc: vscode.TextDocument, model: string, results: ExperimentResults | null, source: string): Promise<void> {
    if (!this.host || this.host.documentUri?.toString() !== doc.uri.toString()) await this.show(doc, model);
    this.host!.postExperiment(doc.uri, model, results, source);
  }

  /** Restores a panel after a reload (VS Code calls this for `onWebviewPanel:scalingLens.plot`). */
  serializer(): vscode.WebviewPanelSerializer {
    return {
      deserializeWebviewPanel: async (panel, raw) => {
        const state = parseState(raw);
        this.panel?.dispose();
        this.adopt(panel);
        const doc = state.uri ? await openDocument(state.uri) : undefined;
        if (doc) this.host!.show(doc, state.model);
        else if (state.uri) this.host!.showEmpty('The model file of this plot is no longer available.');
        e2e(`plot restored ${state.uri ? path.basename(vscode.Uri.parse(state.uri).path) : '-'} model=${state.model ?? '-'}`);
      },
    };
  }

  private adopt(panel: vscode.WebviewPanel): void {
    panel.webview.options = webviewOptions(this.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.png');
    const host = new PlotHost(panel.webview, this.store, false, (uri, model) => {
      panel.title = `Scaling: ${model ?? path.basename(uri.path)}`;
    });
    panel.webview.html = plotHtml(panel.webview, this.extensionUri, 'panel');
    panel.onDidDispose(() => {
      host.dispose();
      if (this.panel === panel) {
        this.panel = undefined;
        this.host = undefined;
      }
    });
    this.panel = panel;
    this.host = host;
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
