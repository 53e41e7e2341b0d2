// The scaling plot in the Explorer side bar: follows the active editor's model, so the picture is
// there while one edits. Files without a model leave the last plot in place.
import * as vscode from 'vscode';
import type { ResultStore } from '../results';
import { PlotHost } from './host';
import { plotHtml, webviewOptions } from './html';

export class PlotSideView implements vscode.WebviewViewProvider, vscode.Disposable {
  private host?: PlotHost;
  private readonly sub: vscode.Disposable;

  constructor(private readonly extensionUri: vscode.Uri, private readonly store: ResultStore) {
    this.sub = vscode.window.onDidChangeActiveTextEditor((e) => this.follow(e));
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    view.webview.options = webviewOptions(this.extensionUri);
    view.webview.html = plotHtml(view.webview, this.extensionUri, 'view');
    this.host?.dispose();
    const host = new PlotHost(view.webview, this.store, true);
    this.host = host;
    view.onDidDispose(() => {
      host.dispose();
      if (this.host === host) this.host = undefined;
    });
    this.follow(vscode.window.activeTextEditor);
  }

  private follow(editor: vscode.TextEditor | undefined): void {
    if (!this.host || !editor || !this.store.eligible(editor.document)) return;
    if (this.host.documentUri?.toString() === editor.document.uri.toString()) return;
    this.host.show(editor.document);
  }

  dispose(): void {
    this.sub.dispose();
    this.host?.dispose();
  }
}
