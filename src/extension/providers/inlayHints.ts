// Inlay hints: `P* ∝ …` at the end of each model's first line, the layer's pattern at the end of each layer line.
import * as vscode from 'vscode';
import type { ResultStore } from '../results';
import { editorInlayHintsOn, type ConfigFor } from '../config';
import { mergeHints, modelHints } from '../render/hints';

export class ScalingInlayHints implements vscode.InlayHintsProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeInlayHints = this.changed.event;
  private readonly sub: vscode.Disposable;

  constructor(private readonly store: ResultStore, private readonly config: ConfigFor) {
    this.sub = store.onDidChange(() => this.changed.fire());
  }

  refresh(): void { this.changed.fire(); }

  async provideInlayHints(doc: vscode.TextDocument, range: vscode.Range, token: vscode.CancellationToken): Promise<vscode.InlayHint[]> {
    const cfg = this.config(doc.uri);
    if (!cfg.enable || !cfg.hints.enabled || !editorInlayHintsOn(doc)) return [];
    const stored = await this.store.current(doc);
    if (!stored || token.isCancellationRequested) return [];
    const specs = mergeHints(stored.result.models.flatMap((m) => modelHints(m, cfg.hints.verbosity)));
    const hints: vscode.InlayHint[] = [];
    for (const s of specs) {
      if (s.line >= doc.lineCount || s.line < range.start.line || s.line > range.end.line) continue;
      const hint = new vscode.InlayHint(doc.lineAt(s.line).range.end, s.label);
      hint.paddingLeft = true;
      if (s.tooltip) hint.tooltip = s.tooltip;
      hints.push(hint);
    }
    return hints;
  }

  dispose(): void { this.sub.dispose(); this.changed.dispose(); }
}
