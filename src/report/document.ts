// One document in, one FileResult out: parse with the front ends, analyse every valid model.
// Used by the command line and by the worker. Pure: no Node, no VS Code.
import type { ReadoutKind } from '../model/types';
import { parseDocument } from '../parse/index';
import { analyzeModel } from './build';
import type { FileResult } from './result';

export interface AnalyzeOptions {
  /** Assumptions a file cannot state (settings or command-line defaults). */
  defaults?: { degree?: number; readout?: ReadoutKind };
  /** Numeric sizes that override the file's (the CLI's --set d=100, the webview's what-if). */
  sizes?: Record<string, number>;
}

export function analyzeDocument(fileName: string, text: string, options: AnalyzeOptions = {}): FileResult {
  const parsed = parseDocument(fileName, text, { defaults: options.defaults });
  const models = parsed.models.map((m) => {
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
  return { file: fileName, models, diagnostics: parsed.diagnostics };
}

/** True when the file, or any model in it, carries an error. */
export function hasErrors(r: FileResult): boolean {
  return [...(r.diagnostics ?? []), ...r.models.flatMap((m) => m.diagnostics)].some((d) => d.severity === 'error');
}
