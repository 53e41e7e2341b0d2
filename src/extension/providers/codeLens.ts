// CodeLens "Show scaling plot" above each model.
import * as vscode from 'vscode';
import type { ResultStore } from '../results';
import type { ConfigFor } from '../config';
import { summaryLine } from '../../report/summary';
import { COMMAND } from '../ids';

export class ScalingCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly sub: vscode.Disposable;

  constructor(private readonly store: ResultStore, private readonly config: ConfigFor) {
    this.sub = store.onDidChange(() => this.changed.fire());
  }

  refresh(): void { this.changed.fire(); }

  async provideCodeLenses(doc: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    if (!this.config(doc.uri).enable) return [];
    const stored = await this.store.current(doc);
    if (!stored || token.isCancellationRequested) return [];
    return stored.result.models.filter((m) => m.range && m.range.start.line < doc.lineCount).map((m) => {
      const line = m.range!.start.line;
      return new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
        title: '$(graph) Show scaling plot',
        tooltip: `${m.name}: ${summaryLine(m)}`,
        command: COMMAND.showPlot,
        arguments: [doc.uri.toString(), m.name],
      });
    });
  }

  dispose(): void { this.sub.dispose(); this.changed.dispose(); }
}
