// One document in, one FileResult out: parse with the front ends, apply what comes from outside
// the file (the override beside it, the command line), analyse every valid model. Used by the
// command line and by the worker. Pure: no Node, no VS Code.
//
// Precedence (src/model/override.ts, PRECEDENCE): the command line, then the override file, then
// the file itself, then the settings (`defaults`), then the built-in default.
import type { Diagnostic, ModelDescription, ReadoutKind } from '../model/types';
import { parseDocument } from '../parse/index';
import { readOverride } from '../parse/override';
import { applyCommandLine, applyOverride, overrideDiagnostic, type CommandLineValues } from '../model/override';
import { analyzeModel } from './build';
import type { FileResult } from './result';

export interface AnalyzeOptions {
  /** Assumptions a file cannot state, from the settings (below the file in precedence). */
  defaults?: { degree?: number; readout?: ReadoutKind };
  /** --degree, --readout and --set: above everything else. */
  commandLine?: CommandLineValues;
  /** The override file beside this one (model.scaling.json beside model.json), when there is one. */
  override?: { fileName: string; text: string };
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

/**
 * The models of a document with the override beside it and the command line applied: what
 * analyzeDocument analyses, and what the plot webview starts from when it recomputes with other sizes.
 */
export function readModels(fileName: string, text: string, options: AnalyzeOptions = {}): ReadModels {
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
  return { models, diagnostics, matchedSizes: [...matched] };
}

/** Analyses models already read (readModels). */
export function analyzeModels(fileName: string, read: Pick<ReadModels, 'models' | 'diagnostics'>): FileResult {
  const models = read.models.map((m) => {
    try {
      return analyzeModel(m);
    } catch (e) {
      // An engine failure is reported on the model, never thrown at the editor or the terminal.
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
  });
  return { file: fileName, models, diagnostics: read.diagnostics };
}

export function analyzeDocument(fileName: string, text: string, options: AnalyzeOptions = {}): FileResult {
  return analyzeModels(fileName, readModels(fileName, text, options));
}

/** True when the file, or any model in it, carries an error. */
export function hasErrors(r: FileResult): boolean {
  return [...(r.diagnostics ?? []), ...r.models.flatMap((m) => m.diagnostics)].some((d) => d.severity === 'error');
}
