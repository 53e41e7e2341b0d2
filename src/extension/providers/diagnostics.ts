// Diagnostics: the file's (bad JSON, invalid models) and each model's (warnings, notes).
import * as vscode from 'vscode';
import type { ResultStore } from '../results';
import { toDiagnostic } from '../convert';
import { findOpenDocument } from '../documents';

export class ScalingDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('scaling-lens');
  private readonly sub: vscode.Disposable;

  constructor(private readonly store: ResultStore) {
    this.sub = store.onDidChange((uri) => this.update(uri));
  }

  update(uri: vscode.Uri): void {
    const stored = this.store.get(uri);
    if (!stored) { this.collection.delete(uri); return; }
    const doc = findOpenDocument(uri);
    const all = [...(stored.result.diagnostics ?? []), ...stored.result.models.flatMap((m) => m.diagnostics)];
    this.collection.set(uri, all.map((d) => toDiagnostic(d, doc)));
  }

  clear(): void { this.collection.clear(); }

  dispose(): void { this.sub.dispose(); this.collection.dispose(); }
}
