// Every `scalingLens.*` setting is read here and nowhere else.
import * as vscode from 'vscode';
import type { Verbosity } from './render/hints';
import type { AnalyzeSettings, ReadoutSetting } from '../worker/protocol';

export interface Config {
  enable: boolean;
  hints: { enabled: boolean; verbosity: Verbosity };
  defaults: AnalyzeSettings;
  files: { include: string[]; exclude: string[] };
  /** Milliseconds between the last keystroke and the analysis. */
  debounceMs: number;
  /** Time limit for one analysis in the worker. */
  timeoutMs: number;
}

export const SECTION = 'scalingLens';

export function readConfig(): Config {
  const c = vscode.workspace.getConfiguration(SECTION);
  const verbosity = c.get<string>('hints.verbosity', 'normal');
  const degree = c.get<number>('defaults.targetDegree', 3);
  const readout = c.get<string>('defaults.readout', 'standard');
  const strings = (k: string, d: string[]) => {
    const v = c.get<unknown>(k, d);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : d;
  };
  return {
    enable: c.get<boolean>('enable', true),
    hints: {
      enabled: c.get<boolean>('hints.enabled', true),
      verbosity: verbosity === 'minimal' || verbosity === 'detailed' ? verbosity : 'normal',
    },
    defaults: {
      degree: Number.isInteger(degree) && degree >= 1 ? degree : 3,
      readout: (readout === 'mean-field' ? 'mean-field' : 'standard') as ReadoutSetting,
    },
    files: {
      include: strings('files.include', ['**/*.{json,jsonc}', '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}']),
      exclude: strings('files.exclude', ['**/node_modules/**', '**/dist/**', '**/out/**', '**/.git/**']),
    },
    debounceMs: clampInt(c.get<number>('analysis.debounceMs', 300), 0, 5000),
    timeoutMs: clampInt(c.get<number>('analysis.timeoutMs', 10000), 500, 120000),
  };
}

function clampInt(x: number, lo: number, hi: number): number {
  return Number.isFinite(x) ? Math.min(hi, Math.max(lo, Math.round(x))) : lo;
}

/** Whether VS Code itself shows inlay hints (`editor.inlayHints.enabled`), for a document's language. */
export function editorInlayHintsOn(doc: vscode.TextDocument): boolean {
  return vscode.workspace.getConfiguration('editor.inlayHints', doc).get<string>('enabled', 'on') !== 'off';
}

export async function setHintsEnabled(on: boolean): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update('hints.enabled', on, vscode.ConfigurationTarget.Global);
}
