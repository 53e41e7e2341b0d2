// Results per open document: sends text to the worker (debounced while typing) with what travels
// with it (the settings for its folder, the override beside it), keeps the last answer per document
// (the models the worker read and their analysis), and tells every view when it changed: hints,
// hovers, CodeLens, diagnostics, the status bar, the chart panel and the side view all draw from
// here. Never analyses on this thread.
import * as vscode from 'vscode';
import * as path from 'node:path';
import { timedOutWhere, type AnalysisClient, type Watcher } from '../worker/client';
import type { FileResult } from '../contract/result';
import type { ModelDescription } from '../model/types';
import type { ConfigFor } from './config';
import { LANGUAGES, pathSelected } from './select';
import { e2e, log } from './log';
import { readOverrideFor } from './files';
import { analysisFileName } from './documents';
import { mightContainModel, sizeDiagnostic } from '../parse/index';
import { REPORT_SCHEME } from './ids';
import { BusyIndicator } from './busy';

export interface StoredResult {
  version: number;
  result: FileResult;
  /** The models the worker read (override and settings applied), in the order of result.models. */
  models: ModelDescription[];
  ms: number;
  /** The worker's early result (every model without its boundaries): the whole one follows. */
  early?: boolean;
}

const TOP = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export class ResultStore implements vscode.Disposable {
  private readonly results = new Map<string, StoredResult>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;

  constructor(private readonly client: AnalysisClient, private readonly config: ConfigFor) {}

  /** Whether this document is one we analyse (language, include/exclude globs, a cheap look at its text). */
  eligible(doc: vscode.TextDocument): boolean {
    const cfg = this.config(doc.uri);
    if (!cfg.enable || !(LANGUAGES as readonly string[]).includes(doc.languageId)) return false;
    if (doc.uri.scheme === 'output' || doc.uri.scheme === 'vscode' || doc.uri.scheme === REPORT_SCHEME) return false;
    const rel = vscode.workspace.asRelativePath(doc.uri, false);
    if (doc.uri.scheme !== 'untitled' && !pathSelected(rel, cfg.files.include, cfg.files.exclude)) return false;
    return mightContainModel(analysisFileName(doc), doc.getText());
  }

  get(uri: vscode.Uri): StoredResult | undefined {
    return this.results.get(uri.toString());
  }

  /**
   * The result for the document's current version: stored, or awaited from the (debounced) request
   * that is already on its way, so that providers never place stale results on moved lines.
   */
  async current(doc: vscode.TextDocument): Promise<StoredResult | undefined> {
    const stored = this.get(doc.uri);
    if (stored && stored.version === doc.version) return stored;
    return this.refresh(doc, { debounce: true });
  }

  /**
   * Analyses a document (through the worker) and stores the answer. Resolves with the result for
   * this version, or undefined when the document is not ours, moved on, or the analysis failed.
   */
  async refresh(doc: vscode.TextDocument, opts: { debounce?: boolean; force?: boolean } = {}): Promise<StoredResult | undefined> {
    const key = doc.uri.toString();
    if (!this.eligible(doc)) {
      if (this.results.delete(key)) this.emitter.fire(doc.uri);
      return undefined;
    }
    const cfg = this.config(doc.uri);
    if (opts.force) this.client.invalidate(key);
    const version = doc.version;
    const tooLarge = sizeDiagnostic(doc.getText().length);
    if (tooLarge) return this.store(doc, { version, ms: 0, models: [], result: { file: doc.fileName, models: [], diagnostics: [tooLarge] } });
    const override = await readOverrideFor(doc.uri);
    const busy = new BusyIndicator(path.basename(doc.fileName));
    // A deep network's early result is shown while its boundaries are walked (the hints, P*).
    const watch: Watcher = {
      started: () => busy.started(),
      progress: (done, total, stage) => busy.progress(done, total, stage),
      early: (o) => {
        this.store(doc, { version: o.version, result: o.result, models: o.models, ms: o.ms, early: true });
        busy.early();
      },
    };
    const outcome = await this.client.analyze(
      { uri: key, version, fileName: analysisFileName(doc), text: doc.getText() },
      { defaults: cfg.defaults, ...(override ? { override } : {}) },
      { debounceMs: opts.debounce ? cfg.debounceMs : 0, watch },
    );
    busy.end();
    if (outcome.kind === 'cancelled') return undefined;
    if (outcome.kind === 'result') {
      if (!outcome.fromCache) log(`${path.basename(doc.fileName)} v${version}: ${outcome.result.models.length} model(s) in ${outcome.ms} ms`);
      return this.store(doc, { version: outcome.version, result: outcome.result, models: outcome.models, ms: outcome.ms });
    }
    const message = outcome.kind === 'timeout'
      ? `Scaling Lens: the analysis${timedOutWhere(outcome)} ran past ${cfg.timeoutMs} ms (scalingLens.analysis.timeoutMs) and was stopped.`
      : `Scaling Lens: the analysis failed: ${outcome.message.split('\n')[0]}`;
    log(message);
    const diagnostic = { message, severity: 'warning' as const, code: `analysis-${outcome.kind}`, range: TOP };
    return this.store(doc, { version, ms: outcome.kind === 'timeout' ? outcome.ms : 0, models: [], result: { file: doc.fileName, models: [], diagnostics: [diagnostic] } });
  }

  private store(doc: vscode.TextDocument, stored: StoredResult): StoredResult | undefined {
    const key = doc.uri.toString();
    const version = stored.version;
    if (doc.isClosed || doc.version !== version) return undefined; // moved on while we waited
    const prev = this.results.get(key);
    this.results.set(key, stored);
    if (prev?.result !== stored.result) {
      const inD = stored.result.models[0]?.pStar?.inD ?? '-';
      e2e(`${stored.early ? 'early' : 'result'} ${path.basename(doc.fileName)} v${version} models=${stored.result.models.length} diagnostics=${countDiagnostics(stored.result)} inD=${inD}`);
      this.emitter.fire(doc.uri);
    }
    return stored;
  }

  delete(uri: vscode.Uri): void {
    const key = uri.toString();
    this.client.cancel(key);
    this.client.invalidate(key);
    if (this.results.delete(key)) this.emitter.fire(uri);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

function countDiagnostics(r: FileResult): number {
  return (r.diagnostics?.length ?? 0) + r.models.reduce((n, m) => n + m.diagnostics.length, 0);
}
