// Read-only Markdown reports (`scaling-lens-report:` documents): the workspace report and, until
// the chart panel exists, the "scaling plot" of a model.
import * as vscode from 'vscode';
import { fileStem } from '../model/names';
import { REPORT_SCHEME } from './ids';

export class ReportDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.path) ?? '';
  }

  /** Shows `markdown` as a read-only document named `name`.md, beside the current editor. */
  async show(name: string, markdown: string, beside = true): Promise<vscode.TextEditor> {
    const uri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${fileStem(name, 'report')}.md` });
    this.contents.set(uri.path, markdown);
    this.changed.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    if (doc.languageId !== 'markdown') await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
    return vscode.window.showTextDocument(doc, { viewColumn: beside ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active, preview: false });
  }

  dispose(): void { this.changed.dispose(); }
}
