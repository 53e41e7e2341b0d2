// Every `scalingLens.*` setting is read here and nowhere else, for the file it applies to
// (`getConfiguration(section, uri)`: a folder of a multi-root workspace may set its own). The
// defaults live in package.json alone: a value VS Code gives that is not valid is replaced by the
// manifest's default (inspect().defaultValue), never by a second copy written here.
import * as vscode from 'vscode';
import type { Verbosity } from './render/hints';
import type { Defaults } from '../contract/inputs';

const SECTION = 'scalingLens';

export interface Config {
  enable: boolean;
  hints: { enabled: boolean; verbosity: Verbosity };
  defaults: Defaults;
  files: { include: string[]; exclude: string[] };
  /** Milliseconds between the last keystroke and the analysis. */
  debounceMs: number;
  /** Time limit for one analysis in the worker. */
  timeoutMs: number;
}

/** The settings for a file (its folder's, else the workspace's, else the user's); without one, the window's. */
export type ConfigFor = (scope?: vscode.Uri) => Config;

/** Settings whose change means open files must be analysed again. */
export const ANALYSIS_SETTINGS = ['enable', 'defaults.targetDegree', 'defaults.readout', 'files.include', 'files.exclude'] as const;
/** Settings that change only what the hints and lenses show. */
export const VIEW_SETTINGS = ['hints.enabled', 'hints.verbosity'] as const;
/** Settings of the worker itself (one per window). */
export const WORKER_SETTINGS = ['analysis.timeoutMs'] as const;

/** Whether a configuration change touches one of `keys` (for `scope`, when given). */
export function affects(e: vscode.ConfigurationChangeEvent, keys: readonly string[], scope?: vscode.Uri): boolean {
  return keys.some((k) => e.affectsConfiguration(`${SECTION}.${k}`, scope));
}

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
const isInt = (lo: number, hi: number) => (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;
const oneOf = <T extends string>(...values: T[]) => (v: unknown): v is T => values.includes(v as T);
const isBool = (v: unknown): v is boolean => typeof v === 'boolean';

export function readConfig(scope?: vscode.Uri): Config {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  /** The value set, when valid; else the default package.json declares. */
  const get = <T>(key: string, valid: (v: unknown) => v is T): T => {
    const v = c.get<unknown>(key);
    if (valid(v)) return v;
    const d = c.inspect<unknown>(key)?.defaultValue;
    if (valid(d)) return d;
    throw new Error(`the setting ${SECTION}.${key} has no valid value and no default in package.json`);
  };
  return {
    enable: get('enable', isBool),
    hints: { enabled: get('hints.enabled', isBool), verbosity: get('hints.verbosity', oneOf('minimal', 'normal', 'detailed')) },
    defaults: { degree: get('defaults.targetDegree', isInt(1, 20)), readout: get('defaults.readout', oneOf('standard', 'mean-field')) },
    files: { include: get('files.include', isStringArray), exclude: get('files.exclude', isStringArray) },
    debounceMs: get('analysis.debounceMs', isInt(0, 5000)),
    timeoutMs: get('analysis.timeoutMs', isInt(500, 120000)),
  };
}

/** Whether VS Code itself shows inlay hints (`editor.inlayHints.enabled`), for a document's language. */
export function editorInlayHintsOn(doc: vscode.TextDocument): boolean {
  return vscode.workspace.getConfiguration('editor.inlayHints', doc).get<string>('enabled') !== 'off';
}

export async function setHintsEnabled(on: boolean): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update('hints.enabled', on, vscode.ConfigurationTarget.Global);
}
