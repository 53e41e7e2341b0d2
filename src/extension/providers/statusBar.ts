// A status-bar item for the model under the cursor in the active editor (click: the plot).
import * as vscode from 'vscode';
import type { ResultStore } from '../results';
import { modelAt } from '../modelAt';
import { summary, summaryLine } from '../../report/summary';
import { sequenceText } from '../../report/format';
import { COMMAND, HAS_MODELS_CONTEXT, STATUS_BAR_ITEM } from '../ids';

export class ScalingStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(STATUS_BAR_ITEM, vscode.StatusBarAlignment.Right, 100);
  private readonly subs: vscode.Disposable[];

  constructor(private readonly store: ResultStore) {
    this.item.name = 'Scaling Lens';
    this.subs = [
      store.onDidChange((uri) => { if (vscode.window.activeTextEditor?.document.uri.toString() === uri.toString()) this.update(); }),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.window.onDidChangeTextEditorSelection((e) => { if (e.textEditor === vscode.window.activeTextEditor) this.update(); }),
    ];
    this.update();
  }

  update(): void {
    const editor = vscode.window.activeTextEditor;
    const stored = editor && this.store.get(editor.document.uri);
    const model = stored && modelAt(stored.result, editor.selection.active.line);
    void vscode.commands.executeCommand('setContext', HAS_MODELS_CONTEXT, !!model);
    if (!stored || (!model && !stored.result.diagnostics?.length)) { this.item.hide(); return; }
    if (model) {
      const sum = summary(model);
      this.item.text = `$(graph) ${sum.headline}${sum.status ? ` [${sum.status}]` : ''}`;
      this.item.tooltip = `Scaling Lens: ${model.name}${model.winner ? ` (${sequenceText(model.winner)})` : ''}: ${summaryLine(model)}. Click for the scaling plot.`;
      this.item.command = { title: 'Show scaling plot', command: COMMAND.showPlot, arguments: [editor.document.uri.toString(), model.name] };
    } else {
      const n = stored.result.diagnostics?.length ?? 0;
      this.item.text = `$(warning) Scaling Lens: ${n} problem${n === 1 ? '' : 's'}`;
      this.item.tooltip = 'Scaling Lens could not read a model in this file.';
      this.item.command = 'workbench.actions.view.problems';
    }
    this.item.show();
  }

  dispose(): void { this.item.dispose(); for (const s of this.subs) s.dispose(); }
}
