// The one road from text to results: one document in, its models and their analysis out. The
// front end reads the text, then what comes from outside the file is applied (the override beside
// it, the command line; the settings go to the front end), and every valid model is analysed.
// The worker, the command line (analyze and plot) and the experiment all read files through here;
// the views draw what it returns. Pure: no Node, no VS Code.
//
// Precedence (src/parse/override.ts, PRECEDENCE): the command line, then the override file, then
// the file itself, then the settings (`defaults`), then the built-in default.
import type { Diagnostic, ModelDescription } from '../model/types';
import type { FileInputs } from '../contract/inputs';
import type { FileResult, ModelResult } from '../contract/result';
import { parseDocument } from '../parse/index';
import { applyCommandLine, applyOverride, overrideDiagnostic, readOverride } from '../parse/override';
import { settleAsked } from '../parse/text';
import { analyzeModel, analyzeModelStaged, type StagedResult } from '../report/build';

export interface ReadOptions extends FileInputs {
  /** The user named this file (the command line): read it as its kind in full (ParseOptions.named). */
  named?: boolean;
}

export interface ReadModels {
  models: ModelDescription[];
  diagnostics: Diagnostic[];
  /** The --set names that some model of this document has. */
  matchedSizes: string[];
}

const TOP = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** The models of a document with the override beside it and the command line applied: what is analysed, and what the chart draws. */
export function readModels(fileName: string, text: string, options: ReadOptions = {}): ReadModels {
  const parsed = parseDocument(fileName, text, { defaults: options.defaults, named: options.named });
  const diagnostics = [...parsed.diagnostics];
  let models = parsed.models;
  if (options.override && models.length) {
    const o = readOverride(options.override.fileName, options.override.text);
    const name = options.override.fileName.replace(/^.*[\\/]/, '');
    for (const d of o.diagnostics) diagnostics.push(overrideDiagnostic(name, d, TOP));
    if (o.override) {
      const override = { ...o.override, file: name };
      models = models.map((m) => applyOverride(m, override, m.range ?? TOP));
    }
  }
  const matched = new Set<string>();
  if (options.commandLine) {
    const cl = options.commandLine;
    models = models.map((m) => {
      const r = applyCommandLine(m, cl, m.range ?? TOP);
      for (const k of Object.keys(cl.sizes ?? {})) if (!r.unknownSizes.includes(k)) matched.add(k);
      return r.model;
    });
  }
  // A diagnostic that asked for a size some source has now given says where it comes from instead.
  return { models: models.map(settleAsked), diagnostics, matchedSizes: [...matched] };
}

/**
 * Called after each model is analysed (`done` of `total`): the worker's progress. `early`: the
 * count is of early results (AnalyzeHooks.onEarly), before any model is walked.
 */
export type OnModel = (done: number, total: number, stage?: 'early') => void;

/** What the worker is told while a document is analysed. */
export interface AnalyzeHooks {
  onModel?: OnModel;
  /**
   * Where some model is deep (EARLY_FROM_LAYERS), every model's result without its boundaries
   * (ModelResult.pending), before any is walked: the walks along each size take most of a deep
   * network's time, and the hints and P* do not wait for them. Then the whole result, as without it.
   */
  onEarly?: (result: FileResult, models: ModelDescription[]) => void;
}

/**
 * Layers (the readout included) from which a model's walks are worth an early result: below it a
 * whole analysis takes tens of milliseconds, and an early result would only draw every view twice.
 */
export const EARLY_FROM_LAYERS = 16;

/** An engine failure is reported on the model, never thrown at the editor or the terminal. */
function failed(m: ModelDescription, e: unknown): ModelResult {
  return {
    name: m.name,
    range: m.range,
    layers: [],
    candidates: [],
    boundaries: [],
    notCovered: [],
    diagnostics: [
      {
        severity: 'error' as const,
        range: m.range ?? TOP,
        code: 'internal-error',
        message: `internal error in the scale analysis: ${e instanceof Error ? e.message : String(e)}`,
      },
    ],
  };
}

/** Analyses models already read (readModels). */
export function analyzeModels(fileName: string, read: Pick<ReadModels, 'models' | 'diagnostics'>, hooks: AnalyzeHooks = {}): FileResult {
  const total = read.models.length;
  const file = (models: ModelResult[]): FileResult => ({ file: fileName, models, diagnostics: read.diagnostics });
  const { onModel, onEarly } = hooks;
  // Each model in turn, a failure reported on it, the progress told after it.
  const each = <T>(step: (m: ModelDescription, i: number) => T, onError: (r: ModelResult) => T, stage?: 'early'): T[] =>
    read.models.map((m, i) => {
      try {
        return step(m, i);
      } catch (e) {
        return onError(failed(m, e));
      } finally {
        onModel?.(i + 1, total, stage);
      }
    });
  if (!onEarly || !read.models.some((m) => m.layers.length >= EARLY_FROM_LAYERS)) return file(each((m) => analyzeModel(m), (r) => r));
  const staged = each((m): StagedResult => analyzeModelStaged(m), (r) => ({ early: r, pending: false, finish: () => r }), 'early');
  if (staged.some((s) => s.pending)) onEarly(file(staged.map((s) => s.early)), read.models);
  return file(each((_, i) => staged[i].finish(), (r) => r));
}

export function analyzeDocument(fileName: string, text: string, options: ReadOptions = {}): FileResult {
  return analyzeModels(fileName, readModels(fileName, text, options));
}

/** The worker's answer: the models read and their analysis (src/contract/worker.ts). */
export function readAndAnalyze(fileName: string, text: string, options: ReadOptions = {}, hooks: AnalyzeHooks = {}): { result: FileResult; models: ModelDescription[] } {
  const read = readModels(fileName, text, options);
  return { result: analyzeModels(fileName, read, hooks), models: read.models };
}

/** True when the file, or any model in it, carries an error. */
export function hasErrors(r: FileResult): boolean {
  return [...(r.diagnostics ?? []), ...r.models.flatMap((m) => m.diagnostics)].some((d) => d.severity === 'error');
}
