// One document in, one FileResult out: parse with the front ends, analyse every valid model.
// Used by the command line and by the worker. Pure: no Node, no VS Code.
import type { ReadoutKind } from '../model/types';
import type { FileResult } from './result';

export interface AnalyzeOptions {
  /** Assumptions a file cannot state (settings or command-line defaults). */
  defaults?: { degree?: number; readout?: ReadoutKind };
  /** Numeric sizes that override the file's (the CLI's --set d=100, the webview's what-if). */
  sizes?: Record<string, number>;
}

export function analyzeDocument(fileName: string, text: string, options: AnalyzeOptions = {}): FileResult {
  void text;
  void options;
  // Placeholder until the engine lands (same session): returns no models.
  return { file: fileName, models: [], diagnostics: [] };
}
