// Checks and defaults shared by every front end: widths, degree, readout, sizes, regime, and the
// assumptions recorded for what a file did not state. Pure: no Node, no VS Code.
import type { Assumption, Layer, ModelDescription, Range, ReadoutKind, SizeValue } from '../model/types';
import { growingBiasVariance, isSymbolName, parseSizeExpr, shrinkingRegime } from '../model/sizeExpr';
import { transparentReason } from '../model/toProblem';
import type { Defaults } from '../contract/inputs';
import { Diags, listWords, show } from './text';

const DEFAULT_DEGREE = 3;
const DEFAULT_READOUT: ReadoutKind = 'standard';

export interface ParseOptions {
  /** The settings: below what the file states (src/contract/inputs.ts). */
  defaults?: Defaults;
  /**
   * The file was named by the user (the command line): it is read as its kind in full, so that a
   * file that is not valid JSON is an error, not "no model found".
   */
  named?: boolean;
}

import { setKey } from '../model/names';

export { setKey };

/**
 * Whether a string is a decimal number as people write one ("512", "-1.5", ".5", "1e4", "2.") —
 * one pass over it, where the regular expression it replaces back-tracked quadratically on a long
 * run of digits.
 */
export function isDecimalText(s: string): boolean {
  const n = s.length;
  let i = 0;
  let digits = 0;
  const digit = () => i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57;
  if (s[i] === '+' || s[i] === '-') i++;
  while (digit()) i++, digits++;
  if (s[i] === '.') {
    i++;
    while (digit()) i++, digits++;
  }
  if (digits === 0) return false;
  if (s[i] === 'e' || s[i] === 'E') {
    i++;
    if (s[i] === '+' || s[i] === '-') i++;
    const at = i;
    while (digit()) i++;
    if (i === at) return false;
  }
  return i === n;
}

type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

function describeValue(v: unknown): string {
  if (typeof v === 'string') return `"${show(v)}"`;
  if (typeof v === 'number') return String(v);
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return String(v);
}

/**
 * A width, context length or other size: a whole number >= 1 or a symbol ("N1"). `what` names it
 * in messages ("width", "context").
 */
export function checkSize(v: unknown, what: string, raw?: string): Checked<SizeValue> {
  if (typeof v === 'number') {
    const written = raw ?? String(v);
    if (!Number.isFinite(v)) return { ok: false, message: `${what} ${show(written)} is too large to be a number` };
    if (v < 1) return { ok: false, message: `${what} must be at least 1, got ${written}` };
    if (!Number.isInteger(v)) return { ok: false, message: `${what} must be a whole number, got ${written}` };
    return { ok: true, value: v };
  }
  if (typeof v === 'string') {
    const s = v.trim();
    if (s === '') return { ok: false, message: `${what} is empty: write a number (512) or a symbol (N1)` };
    if (isDecimalText(s)) return checkSize(Number(s), what, s);
    if (isSymbolName(s)) {
      if (s === 'kappa') return { ok: false, message: `'kappa' is reserved for the ridge; it cannot be a ${what}` };
      return { ok: true, value: s };
    }
    // An expression ("4*d") was taken for a symbol of that name: P* ∝ √(4*d·d), "no numeric value
    // for 4*d" beside d = 100. A size is one symbol; how it scales is the regime's to say.
    const e = parseSizeExpr(s);
    if (e.ok && Object.keys(e.value.exponents).length) {
      return { ok: false, message: `${what} "${show(s)}" is an expression: give it a symbol (N1) and say how it scales in the regime ("N1": "${show(s)}"), or give its number` };
    }
    return { ok: false, message: `${what} "${show(s)}" is not a number or a symbol (N1)${e.ok ? '' : `: ${e.error}`}` };
  }
  return { ok: false, message: `${what} must be a number or a symbol, got ${describeValue(v)}` };
}

/** The symbols a size value mentions ("4*N1" mentions N1). */
function symbolsOfSize(v: SizeValue | undefined): string[] {
  if (typeof v !== 'string') return [];
  if (isSymbolName(v)) return [v];
  const e = parseSizeExpr(v);
  return e.ok ? Object.keys(e.value.exponents) : [];
}

/**
 * How the bias prior variance scales: a JSON string or number that is an expression in one size
 * ("1", "1/d", "d^-1.5"). Anything else was kept, then blocked the analysis with a warning at the
 * model ("bogus" said nothing at the value).
 */
export function checkBiasVariance(v: unknown, dim = 'd'): Checked<string> {
  if (typeof v !== 'string' && typeof v !== 'number') return { ok: false, message: '"biasVariance" must be an expression in d, e.g. "1" or "1/d" (how the bias prior variance scales)' };
  const text = String(v);
  const e = parseSizeExpr(text);
  if (!e.ok) return { ok: false, message: `"biasVariance" "${show(text)}" is not an expression in d such as "1" or "1/d": ${e.error}` };
  if (Object.keys(e.value.exponents).some((k) => k !== dim)) return { ok: false, message: `"biasVariance" "${show(text)}" may only mention ${dim}, e.g. "1" or "1/${dim}"` };
  const grows = growingBiasVariance(show(text), e.value, dim);
  if (grows) return { ok: false, message: grows };
  return { ok: true, value: text };
}

export function checkDegree(v: unknown, raw?: string): Checked<number> {
  if (typeof v === 'string' && isDecimalText(v.trim())) v = Number(v);
  if (typeof v !== 'number') return { ok: false, message: `degree must be a whole number >= 1, got ${describeValue(v)}` };
  const written = raw ?? String(v);
  if (!Number.isFinite(v) || !Number.isInteger(v)) return { ok: false, message: `degree must be a whole number >= 1, got ${show(written)}` };
  if (v < 1) return { ok: false, message: `degree must be at least 1 (the target is He_m with m >= 1), got ${written}` };
  if (v > MAX_DEGREE) return { ok: false, message: `degree must be at most ${MAX_DEGREE} (the analysis grows with the cube of the degree: 1 s at 32 for three layers), got ${show(written)}` };
  return { ok: true, value: v };
}

/**
 * The highest target degree read: the state of a pass has a coordinate per degree, and its lazy map
 * composes them, so the analysis grows about as the cube of the degree (three ELU layers: 1 s at
 * degree 32, about 100 s at 64).
 */
const MAX_DEGREE = 32;

/**
 * The warning for a layer type the scale analysis has no rule for, which a front end keeps and
 * reports as not covered; none for one that does not change the function (dropout, flatten), which
 * is passed over with a note.
 */
export function uncoveredLayerWarning(type: string): string | undefined {
  return transparentReason(type) ? undefined : `layer type "${show(type)}" is not covered by the scale analysis (it covers dense, attention and readout); it is kept and reported as not covered`;
}

// Maps, not object literals: a name from a file ("constructor", "__proto__") must not find Object.prototype.
const READOUT_ALIASES = new Map<string, ReadoutKind>([
  ['standard', 'standard'],
  ['ntk', 'standard'],
  ['mean-field', 'mean-field'],
  ['meanfield', 'mean-field'],
  ['mean_field', 'mean-field'],
  ['mup', 'mean-field'],
  ['μp', 'mean-field'],
]);

export function checkReadout(v: unknown): Checked<ReadoutKind> {
  if (typeof v === 'string') {
    const k = READOUT_ALIASES.get(v.trim().toLowerCase());
    if (k) return { ok: true, value: k };
  }
  return { ok: false, message: `unknown readout ${describeValue(v)}: use "standard" or "mean-field"` };
}

const TARGET_KINDS = new Set(['single-index', 'hermite']);

export function checkTargetKind(v: unknown): Checked<'single-index'> {
  if (typeof v === 'string' && TARGET_KINDS.has(v.trim().toLowerCase())) return { ok: true, value: 'single-index' };
  return { ok: false, message: `unknown target kind ${describeValue(v)}: the analysis covers "single-index" (alias "hermite") targets` };
}

export function checkDataKind(v: unknown): Checked<'gaussian'> {
  if (typeof v === 'string' && v.trim().toLowerCase() === 'gaussian') return { ok: true, value: 'gaussian' };
  return { ok: false, message: `data kind ${describeValue(v)} is not covered: the analysis assumes isotropic "gaussian" inputs` };
}

export function checkKappa(v: unknown, raw?: string): Checked<number | string> {
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v <= 0) return { ok: false, message: `kappa must be a positive number or a symbol, got ${show(raw ?? String(v))}` };
    return { ok: true, value: v };
  }
  if (typeof v === 'string') {
    const s = v.trim();
    if (isDecimalText(s)) return checkKappa(Number(s), s);
    if (isSymbolName(s)) return { ok: true, value: s };
  }
  return { ok: false, message: `kappa must be a positive number or a symbol, got ${describeValue(v)}` };
}

/** An entry of `sizes` or `regime` as a front end read it, with the ranges of its key and value. */
export interface RawEntry {
  key: string;
  value: unknown;
  /** The value as written (for numbers such as 1e400). */
  raw?: string;
  keyRange: Range;
  valueRange: Range;
  /** What was read, for the origin ("N1: 10000" or "@scaling sizes N1=10000"). */
  text: string;
}

/** Every symbol the model itself uses (its data dimension, widths, context lengths, kappa). */
function modelSymbols(m: Pick<ModelDescription, 'data' | 'layers' | 'parametrization'>): Set<string> {
  const s = new Set<string>();
  for (const x of symbolsOfSize(m.data.dim)) s.add(x);
  for (const l of m.layers) {
    const any = l as Layer & { width?: SizeValue; context?: SizeValue; headDim?: SizeValue };
    for (const v of [any.width, any.context, any.headDim]) for (const x of symbolsOfSize(v)) s.add(x);
  }
  if (typeof m.parametrization.kappa === 'string') s.add(m.parametrization.kappa);
  return s;
}

/**
 * The names a model's sizes go by: its symbols, and for numeric sizes the names the analysis gives
 * them (d for the input, N1, N2, ... for dense widths by position, L for a context length). A
 * regime in the file may name them too (it was refused in JSON and tags for numeric widths, "the
 * model has no size N1", and accepted in Python tags and in the override).
 */
export function sizeNames(m: Pick<ModelDescription, 'data' | 'layers' | 'parametrization' | 'sizes'>): string[] {
  const s = new Set<string>();
  if (typeof m.data.dim === 'number') s.add('d');
  for (const x of symbolsOfSize(m.data.dim)) s.add(x);
  let dense = 0;
  for (const l of m.layers) {
    if (l.type === 'dense') dense++;
    const w = l.type === 'dense' ? (l as { width?: SizeValue }).width : l.type === 'attention' ? (l as { context?: SizeValue }).context : undefined;
    if (typeof w === 'number') s.add(l.type === 'dense' ? `N${dense}` : 'L');
    for (const x of symbolsOfSize(w)) s.add(x);
    for (const x of symbolsOfSize((l as { headDim?: SizeValue }).headDim)) s.add(x);
  }
  if (typeof m.parametrization.kappa === 'string') s.add(m.parametrization.kappa);
  for (const k of Object.keys(m.sizes ?? {})) s.add(k);
  return [...s];
}

/** The symbol that stands for the input dimension in a regime ("d" unless the data names another). */
function dimSymbol(m: Pick<ModelDescription, 'data'>): string {
  return typeof m.data.dim === 'string' && isSymbolName(m.data.dim) ? m.data.dim : 'd';
}

/**
 * Validates `sizes` and `regime` entries against the model (its layers must be filled in already)
 * and stores the valid ones, with their origins, in the model.
 */
export function applySizesAndRegime(m: ModelDescription, sizes: RawEntry[] | undefined, regime: RawEntry[] | undefined, d: Diags): void {
  const used = modelSymbols(m);
  const dim = dimSymbol(m);
  m.origins ??= {};
  if (sizes) {
    const out: Record<string, number> = {};
    for (const e of sizes) {
      if (!isSymbolName(e.key) || e.key === '__proto__') {
        d.error(`"${show(e.key)}" is not a size name: use a symbol such as d, N1 or L`, e.keyRange, 'bad-size');
        continue;
      }
      let v = e.value;
      if (typeof v === 'string' && isDecimalText(v.trim())) v = Number(v);
      const written = e.raw ?? String(e.value);
      if (typeof v !== 'number') {
        d.error(`size ${e.key} must be a number, got ${describeValue(e.value)}`, e.valueRange, 'bad-size');
        continue;
      }
      if (!Number.isFinite(v)) {
        d.error(`size ${e.key} = ${show(written)} is too large to be a number`, e.valueRange, 'bad-size');
        continue;
      }
      if (e.key === 'kappa') {
        if (v <= 0) {
          d.error(`kappa must be positive, got ${written}`, e.valueRange, 'bad-size');
          continue;
        }
      } else if (v <= 0) {
        d.error(`size ${e.key} must be positive, got ${written}`, e.valueRange, 'bad-size');
        continue;
      } else if (v < 1) {
        d.error(`size ${e.key} must be at least 1 (widths and d count units), got ${written}`, e.valueRange, 'bad-size');
        continue;
      } else if (!Number.isInteger(v)) {
        d.warning(`size ${e.key} = ${written} is not a whole number`, e.valueRange, 'bad-size');
      }
      if (!used.has(e.key) && e.key !== 'kappa' && e.key !== dim) {
        d.warning(`size ${e.key} is not used by the model (its symbols: ${listWords([...used].sort(), 'and') || 'none'})`, e.keyRange, 'unused-size');
      }
      setKey(out, e.key, v);
      setKey(m.origins, `sizes.${e.key}`, { text: e.text, range: e.valueRange });
    }
    m.sizes = out;
  }
  if (regime) {
    const out: Record<string, string> = {};
    // Every symbol the model uses, and the names its numeric sizes go by.
    const known = new Set(sizeNames(m));
    known.delete(dim);
    known.delete('kappa');
    for (const e of regime) {
      if (e.key === dim) {
        d.error(`${dim} is the reference size of the regime; tie the other sizes to it (e.g. "N1": "${dim}^2")`, e.keyRange, 'bad-regime');
        continue;
      }
      if (!isSymbolName(e.key) || e.key === '__proto__' || !known.has(e.key)) {
        const list = [...known].sort();
        d.error(
          `the regime ties "${show(e.key)}" to ${dim}, but the model has no size ${show(e.key)}` +
            (list.length ? ` (its sizes: ${listWords(list, 'and')})` : ' (it has no symbolic sizes)'),
          e.keyRange,
          'bad-regime',
        );
        continue;
      }
      if (typeof e.value !== 'string') {
        d.error(`regime value for ${e.key} must be an expression in ${dim} written as text, e.g. "${dim}^2" or "4*${dim}"`, e.valueRange, 'bad-regime');
        continue;
      }
      const p = parseSizeExpr(e.value);
      if (!p.ok) {
        d.error(`regime value "${show(e.value)}" for ${e.key} does not parse: ${p.error}`, e.valueRange, 'bad-regime');
        continue;
      }
      const others = Object.keys(p.value.exponents).filter((k) => k !== dim);
      if (others.length) {
        d.error(
          `regime value "${show(e.value)}" for ${e.key} must be a constant times a power of ${dim} (it mentions ${listWords(others, 'and')})`,
          e.valueRange,
          'bad-regime',
        );
        continue;
      }
      if (!Number.isFinite(p.value.coefficient) || p.value.coefficient <= 0) {
        d.error(`regime value "${show(e.value)}" for ${e.key} has an invalid constant`, e.valueRange, 'bad-regime');
        continue;
      }
      const shrinks = shrinkingRegime(show(e.key), show(e.value), p.value, dim);
      if (shrinks) {
        d.error(shrinks, e.valueRange, 'bad-regime');
        continue;
      }
      setKey(out, e.key, e.value.trim());
      setKey(m.origins, `regime.${e.key}`, { text: e.text, range: e.valueRange });
    }
    m.regime = out;
  }
}

/** What a file stated about the assumptions; undefined fields take defaults (settings first). */
export interface Stated {
  degree?: number;
  readout?: ReadoutKind;
  data?: boolean;
  target?: boolean;
}


/**
 * A model as a front end starts it, before it knows the target and the readout: degree and readout
 * are placeholders that applyDefaults replaces (with the settings, else the built-in default).
 */
export function newModel(name: string, dim: SizeValue, range: Range, source: string): ModelDescription {
  return {
    name,
    data: { kind: 'gaussian', dim },
    target: { kind: 'single-index', degree: DEFAULT_DEGREE },
    parametrization: { readout: DEFAULT_READOUT },
    layers: [],
    range,
    origins: {},
    assumptions: [],
    source,
  };
}

/** Fills in the target degree and readout the file did not state, and records them as assumptions. */
export function applyDefaults(m: ModelDescription, stated: Stated, options: ParseOptions | undefined): void {
  const a: Assumption[] = (m.assumptions ??= []);
  const optDegree = options?.defaults?.degree;
  const settingDegree = optDegree !== undefined && checkDegree(optDegree).ok ? optDegree : undefined;
  if (stated.degree === undefined) {
    m.target.degree = settingDegree ?? DEFAULT_DEGREE;
    a.push({ what: 'target degree', value: String(m.target.degree), source: settingDegree !== undefined ? 'setting' : 'default' });
  }
  const optReadout = options?.defaults?.readout;
  const settingReadout = optReadout !== undefined && checkReadout(optReadout).ok ? checkReadout(optReadout) : undefined;
  if (stated.readout === undefined) {
    m.parametrization.readout = settingReadout && settingReadout.ok ? settingReadout.value : DEFAULT_READOUT;
    a.push({ what: 'readout', value: m.parametrization.readout, source: settingReadout ? 'setting' : 'default' });
  }
  if (!stated.target) a.push({ what: 'target', value: 'single-index Hermite polynomial He_m(w·x)', source: 'default' });
  if (!stated.data) a.push({ what: 'data', value: `isotropic Gaussian inputs of dimension ${String(m.data.dim)}`, source: 'default' });
}
