// The checks every boundary shares (the worker's messages, the webview's, a state restored after
// a reload). Each says whether an unknown value has the shape its reader relies on; none throws.
import type { ModelDescription } from '../model/types';
import { isPrototypeName } from '../model/names';
import type { FileResult } from './result';
import type { CommandLineValues, Defaults, FileInputs, OverrideText } from './inputs';

type Obj = Record<string, unknown>;

export const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
/** A string of at most `max` characters. */
export const isStr = (x: unknown, max = Number.MAX_SAFE_INTEGER): x is string => typeof x === 'string' && x.length <= max;
/** A count: a safe non-negative integer. */
export const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
/** A request id: a count. */
export const isId = isCount;
const isFiniteNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isArray = (x: unknown, max: number): x is unknown[] => Array.isArray(x) && x.length <= max;

/** A size's name: d, N1, L, hidden_size, N' ... */
export const SYMBOL = /^[A-Za-z_][A-Za-z0-9_']*$/;

/** Numeric sizes: at most 64, each a name (never a key of Object.prototype) and a finite number from 1 to 1e15. */
export function isSizes(x: unknown): x is Record<string, number> {
  if (!isObj(x)) return false;
  const entries = Object.entries(x);
  return entries.length <= 64 && entries.every(([k, v]) => SYMBOL.test(k) && !isPrototypeName(k) && isFiniteNumber(v) && v >= 1 && v <= 1e15);
}

const isDegree = (x: unknown) => x === undefined || (typeof x === 'number' && Number.isInteger(x) && x >= 1);
const isReadout = (x: unknown) => x === undefined || x === 'standard' || x === 'mean-field';

function isDefaults(x: unknown): x is Defaults {
  return isObj(x) && isDegree(x.degree) && isReadout(x.readout);
}

function isOverrideText(x: unknown): x is OverrideText {
  return isObj(x) && isStr(x.fileName, 4096) && isStr(x.text);
}

function isCommandLine(x: unknown): x is CommandLineValues {
  return isObj(x) && isDegree(x.degree) && isReadout(x.readout) && (x.sizes === undefined || isSizes(x.sizes));
}

export function isFileInputs(x: unknown): x is FileInputs {
  return isObj(x)
    && (x.defaults === undefined || isDefaults(x.defaults))
    && (x.override === undefined || isOverrideText(x.override))
    && (x.commandLine === undefined || isCommandLine(x.commandLine));
}

/** Shallow check of a FileResult: the fields the editor reads without guarding. */
export function isFileResult(x: unknown): x is FileResult {
  if (!isObj(x) || !isStr(x.file) || !Array.isArray(x.models)) return false;
  if (x.diagnostics !== undefined && !Array.isArray(x.diagnostics)) return false;
  return x.models.every((m) => isObj(m) && isStr(m.name) && Array.isArray(m.layers)
    && Array.isArray(m.candidates) && Array.isArray(m.boundaries) && Array.isArray(m.notCovered)
    && Array.isArray(m.diagnostics));
}

const isSize = (x: unknown) => isFiniteNumber(x) || isStr(x, 256);

/**
 * Shallow check of a model description (what the worker read, sent on to the webview): the fields
 * the analysis reads first. The analysis itself refuses a layer or a size it cannot use, with a reason.
 */
function isModelDescription(x: unknown): x is ModelDescription {
  if (!isObj(x) || !isStr(x.name, 1024) || !isObj(x.data) || !isSize(x.data.dim)) return false;
  if (!isObj(x.target) || !isFiniteNumber(x.target.degree) || !isObj(x.parametrization) || !isStr(x.parametrization.readout, 64)) return false;
  if (!isArray(x.layers, 1024) || !x.layers.every((l) => isObj(l) && isStr(l.type, 256))) return false;
  if (x.sizes !== undefined && !(isObj(x.sizes) && Object.values(x.sizes).every(isFiniteNumber))) return false;
  if (x.regime !== undefined && !(isObj(x.regime) && Object.values(x.regime).every((v) => isStr(v, 256)))) return false;
  return x.diagnostics === undefined || Array.isArray(x.diagnostics);
}

/** At most `max` model descriptions. */
export function isModelList(x: unknown, max = 256): x is ModelDescription[] {
  return isArray(x, max) && x.every(isModelDescription);
}
