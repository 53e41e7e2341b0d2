// One document in, one FileResult out: parse with the front ends, analyse every valid model.
// Used by the command line and by the worker. Pure: no Node, no VS Code.
import type { Diagnostic, ModelDescription, ReadoutKind } from '../model/types';
import { parseDocument } from '../parse/index';
import { readOverride } from '../parse/override';
import { applyOverride, overrideDiagnostic } from '../model/override';
import { analyzeModel } from './build';
import type { FileResult } from './result';

export interface AnalyzeOptions {
  /** Assumptions a file cannot state (settings or command-line defaults). */
  defaults?: { degree?: number; readout?: ReadoutKind };
  /** Numeric sizes that override the file's (the CLI's --set d=100, the webview's what-if). */
  sizes?: Record<string, number>;
  /** The override file beside this one (model.scaling.json beside model.json), when there is one. */
  override?: { fileName: string; text: string };
  /** The user named this file (the command line): read it as its kind in full (ParseOptions.named). */
  named?: boolean;
}

/**
 * The models of a document with the override beside it applied: what analyzeDocument analyses, and
 * what the plot webview starts from when it recomputes with other sizes.
 */
export function readModels(fileName: string, text: string, options: AnalyzeOptions = {}): { models: ModelDescription[]; diagnostics: Diagnostic[] } {
  const parsed = parseDocument(fileName, text, { defaults: options.defaults, named: options.named });
  const diagnostics = [...parsed.diagnostics];
  if (!options.override || !parsed.models.length) return { models: parsed.models, diagnostics };
  const o = readOverride(options.override.fileName, options.override.text);
  const name = options.override.fileName.replace(/^.*[\\/]/, '');
  const top = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  for (const d of o.diagnostics) diagnostics.push(overrideDiagnostic(name, d, top));
  if (!o.override) return { models: parsed.models, diagnostics };
  const override = { ...o.override, file: name };
  return { models: parsed.models.map((m) => applyOverride(m, override, m.range ?? top)), diagnostics };
}

export function analyzeDocument(fileName: string, text: string, options: AnalyzeOptions = {}): FileResult {
  const { models: descriptions, diagnostics } = readModels(fileName, text, options);
  const models = descriptions.map((m) => {
    try {
      return analyzeModel(m, { sizes: options.sizes });
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
            range: m.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
            code: 'internal-error',
            message: `internal error in the scale analysis: ${e instanceof Error ? e.message : String(e)}`,
          },
        ],
      };
    }
  });
  return { file: fileName, models, diagnostics };
}

/** True when the file, or any model in it, carries an error. */
export function hasErrors(r: FileResult): boolean {
  return [...(r.diagnostics ?? []), ...r.models.flatMap((m) => m.diagnostics)].some((d) => d.severity === 'error');
}
