// Hover on a model's first line or on a layer's lines: the whole derivation as Markdown.
import * as vscode from 'vscode';
import type { ResultStore } from '../results';
import type { ConfigFor } from '../config';
import { hoverMarkdown } from '../render/markdown';
import { COMMAND } from '../ids';
import { toRange } from '../convert';

export class ScalingHover implements vscode.HoverProvider {
  constructor(private readonly store: ResultStore, private readonly config: ConfigFor) {}

  provideHover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    if (!this.config(doc.uri).enable) return undefined;
    const stored = this.store.get(doc.uri);
    if (!stored || stored.version !== doc.version) return undefined;
    for (const model of stored.result.models) {
      const layer = model.layers.findIndex((l) => l.range && l.range.start.line <= pos.line && pos.line <= l.range.end.line);
      const onModelLine = model.range?.start.line === pos.line;
      if (layer < 0 && !onModelLine) continue;
      const md = new vscode.MarkdownString(hoverMarkdown(model, doc.uri.toString(), layer >= 0 ? layer : undefined));
      // Every piece of file text in the Markdown is escaped (render/markdown.ts), so the one link is
      // ours; and of all commands only showPlot may run from it, which shows open documents only.
      md.isTrusted = { enabledCommands: [COMMAND.showPlot] };
      md.supportHtml = false;
      const r = layer >= 0 ? model.layers[layer].range : model.range && { start: model.range.start, end: { line: model.range.start.line, character: doc.lineAt(model.range.start.line).text.length } };
      return new vscode.Hover(md, r ? toRange(r, doc) : undefined);
    }
    return undefined;
  }
}
