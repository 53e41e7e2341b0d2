// The override: values given from outside a model's file, and the one rule that decides between
// them. An override file beside the model (`model.scaling.json` beside `model.json`, `net.scaling.json`
// beside `net.py`: a `scalingModel` object without layers) is named, read and applied here, and so
// are the command line's values (`--set`, `--degree`, `--readout`). The extension and the command
// line only find the file beside the model and hand its text on (src/contract/inputs.ts).
//
// One rule decides every value (PRECEDENCE): the command line, then the override file, then the
// file itself, then the settings, then the built-in default. A value taken from the command line
// or the override is listed as an assumption with that source, and when it replaces what the file
// (or the override) said, the model gets an info that says which won and why.

import type { Assumption, Diagnostic, Layer, ModelDescription, Range, ReadoutKind, SizeValue } from '../model/types';
import type { CommandLineValues } from '../contract/inputs';
import { parseSizeExpr, shrinkingRegime } from '../model/sizeExpr';
import { setKey } from '../model/names';
import { positionText } from '../model/ranges';
import { checkBiasVariance, checkDegree, checkKappa, checkReadout, checkSize, sizeNames } from './checks';
export { sizeNames };
import { getProp, parseJson, type JsonObject, type JsonValue } from './json';
import { Diags, LineIndex, listWords, show } from './text';
import { LIMITS, countText } from './limits';

/** `dir/model.json` -> `dir/model.scaling.json`, `dir/net.py` -> `dir/net.scaling.json`; undefined for files that cannot have one. */
export function overrideFileName(fileName: string): string | undefined {
  // Code (Python, TypeScript, JavaScript): net.py, net.ts -> net.scaling.json. TF.js code was left
  // out, though what it computes at run time is a symbol the override is there to give.
  if (CODE_EXT.test(fileName)) return fileName.replace(CODE_EXT, '.scaling.json');
  if (!/\.jsonc?$/i.test(fileName) || isOverrideFileName(fileName)) return undefined;
  return fileName.replace(/\.(jsonc?)$/i, '.scaling.$1');
}

export function isOverrideFileName(fileName: string): boolean {
  return /\.scaling\.jsonc?$/i.test(fileName);
}

/** The inverse of overrideFileName: `dir/model.scaling.json` -> `dir/model.json`. */
export function overriddenFileName(fileName: string): string | undefined {
  return isOverrideFileName(fileName) ? fileName.replace(/\.scaling\.(jsonc?)$/i, '.$1') : undefined;
}

/** The code files an override belongs to beside a model, by extension. */
const CODE_EXT = /\.(py|ts|tsx|mts|cts|js|jsx|mjs|cjs)$/i;
const CODE_EXTS = ['py', 'ts', 'js', 'tsx', 'mts', 'cts', 'jsx', 'mjs', 'cjs'];

/** Every file an override may belong to: `dir/net.scaling.json` -> `dir/net.json`, `dir/net.py`, `dir/net.ts`, ... */
export function overriddenFileNames(fileName: string): string[] {
  const json = overriddenFileName(fileName);
  if (!json) return [];
  if (!/\.scaling\.json$/i.test(fileName)) return [json];
  const base = fileName.replace(/\.scaling\.json$/i, '');
  return [json, ...CODE_EXTS.map((e) => `${base}.${e}`)];
}

const KEYS = ['name', 'description', 'target', 'parametrization', 'data', 'sizes', 'regime', 'biasVariance'];

/** Is this JSON an override (a `scalingModel` without `layers`)? Cheap enough for every file. */
export function looksLikeOverride(root: JsonValue | undefined): root is JsonObject {
  if (root?.type !== 'object') return false;
  const sm = getProp(root, 'scalingModel');
  return !!sm && sm.value.type === 'object' && !getProp(sm.value, 'layers');
}

export function readOverride(file: string, text: string): { override?: ModelOverride; diagnostics: Diagnostic[] } {
  const lines = new LineIndex(text);
  const d = new Diags();
  const parsed = parseJson(text);
  if (!parsed.root) {
    const e = parsed.error!;
    return { diagnostics: [{ message: e.message, severity: 'error', range: lines.range(e.start, e.end), code: e.code }] };
  }
  const r = (v: { start: number; end: number }) => lines.range(v.start, v.end);
  if (!looksLikeOverride(parsed.root)) {
    d.error('an override file holds one object {"scalingModel": {...}} with the assumptions to override and no "layers"', r(parsed.root), 'override-shape');
    return { diagnostics: d.list };
  }
  const sm = getProp(parsed.root, 'scalingModel')!.value as JsonObject;
  const o: ModelOverride = { file };
  for (const p of sm.properties) if (!KEYS.includes(p.key)) d.warning(`unknown key "${show(p.key)}" in an override; allowed: ${listWords(KEYS)}`, lines.range(p.keyStart, p.keyEnd), 'unknown-key');

  const name = getProp(sm, 'name');
  if (name) {
    if (name.value.type === 'string') o.name = name.value.value;
    else d.error('name must be a string', r(name.value), 'bad-name');
  }
  const obj = (key: string): JsonObject | undefined => {
    const p = getProp(sm, key);
    if (!p) return undefined;
    if (p.value.type !== 'object') {
      d.error(`${key} must be an object`, r(p.value), 'bad-override');
      return undefined;
    }
    return p.value;
  };
  // The value as the checks describe it: a number or a string as it is, anything else by its kind
  // (an object was "got undefined").
  const num = (v: JsonValue): unknown => (v.type === 'number' || v.type === 'string' || v.type === 'boolean' ? v.value : v.type === 'null' ? null : v.type === 'array' ? [] : {});

  const degree = obj('target') && getProp(obj('target')!, 'degree');
  if (degree) {
    const c = checkDegree(num(degree.value), degree.value.type === 'number' ? degree.value.raw : undefined);
    if (c.ok) o.degree = c.value;
    else d.error(c.message, r(degree.value), 'bad-degree');
  }
  const par = obj('parametrization');
  const readout = par && getProp(par, 'readout');
  if (readout) {
    const c = checkReadout(num(readout.value));
    if (c.ok) o.readout = c.value;
    else d.error(c.message, r(readout.value), 'bad-readout');
  }
  const kappa = par && getProp(par, 'kappa');
  if (kappa) {
    const c = checkKappa(num(kappa.value), kappa.value.type === 'number' ? kappa.value.raw : undefined);
    if (c.ok) o.kappa = c.value;
    else d.error(c.message, r(kappa.value), 'bad-kappa');
  }
  const bv = getProp(sm, 'biasVariance');
  if (bv) {
    const c = checkBiasVariance(bv.value.type === 'string' || bv.value.type === 'number' ? bv.value.value : undefined);
    if (c.ok) o.biasVariance = c.value;
    else d.error(c.message, r(bv.value), 'bad-bias-variance');
  }
  const dim = obj('data') && getProp(obj('data')!, 'dim');
  if (dim) {
    const c = checkSize(num(dim.value), 'data dimension', dim.value.type === 'number' ? dim.value.raw : undefined);
    if (c.ok) o.dim = c.value;
    else d.error(c.message, r(dim.value), 'bad-dim');
  }
  const entries = (o: JsonObject | undefined, key: string) => {
    const props = o?.properties ?? [];
    if (props.length <= LIMITS.maxEntries) return props;
    d.error(`"${key}" has ${countText(props.length)} entries, more than the ${countText(LIMITS.maxEntries)} one may have (README, Limits); none is read`, r(o!), key === 'sizes' ? 'bad-size' : 'bad-regime');
    return [];
  };
  for (const p of entries(obj('sizes'), 'sizes')) {
    const c = checkSize(num(p.value), `size ${show(p.key)}`, p.value.type === 'number' ? p.value.raw : undefined);
    if (c.ok && typeof c.value === 'number') setKey((o.sizes ??= {}), p.key, c.value);
    else d.error(c.ok ? `size ${show(p.key)} must be a number` : c.message, r(p.value), 'bad-size');
  }
  for (const p of entries(obj('regime'), 'regime')) {
    if (p.value.type === 'string') setKey((o.regime ??= {}), p.key, p.value.value);
    else d.error(`regime ${show(p.key)} must be a string such as "d^2"`, r(p.value), 'bad-regime');
  }
  return { override: d.hasError ? undefined : o, diagnostics: d.list };
}

// ---------------------------------------------------------------- applying

export const PRECEDENCE = 'the command line wins, then the override file beside the model, then the file itself, then the settings, then the built-in default';

export interface ModelOverride {
  /** The override file, for messages ("model.scaling.json"). */
  file: string;
  name?: string;
  degree?: number;
  readout?: ReadoutKind;
  kappa?: number | string;
  /** How the bias prior variance scales with d ("1", "1/d"), for layers with a bias. */
  biasVariance?: string;
  dim?: SizeValue;
  sizes?: Record<string, number>;
  regime?: Record<string, string>;
}

type Source = 'override' | 'command-line';

/** A copy that can be changed without touching the parsed model (the editor caches those). */
function copy(model: ModelDescription): ModelDescription {
  return {
    ...model,
    data: { ...model.data },
    target: { ...model.target },
    parametrization: { ...model.parametrization },
    layers: [...model.layers],
    sizes: model.sizes ? { ...model.sizes } : undefined,
    regime: model.regime ? { ...model.regime } : undefined,
    origins: { ...(model.origins ?? {}) },
    assumptions: [...(model.assumptions ?? [])],
    diagnostics: [...(model.diagnostics ?? [])],
  };
}

class Applier {
  constructor(
    readonly m: ModelDescription,
    private readonly source: Source,
    private readonly who: string,
    private readonly where: Range,
  ) {}

  /** Records the value as an assumption from this source, and says so when it replaces a stated one. */
  set(what: string, value: string, replaced?: { value: string; by: string }): void {
    const a = this.m.assumptions!;
    const i = a.findIndex((x) => x.what === what);
    const prev = i >= 0 ? a[i] : undefined;
    const entry: Assumption = { what, value, source: this.source };
    if (i >= 0) a[i] = entry;
    else a.push(entry);
    // Replacing a default or a setting is the ordinary case; replacing what a file stated is said.
    const stated = replaced ?? (!prev ? undefined : prev.source === 'override' && this.source === 'command-line' ? { value: prev.value, by: 'the override file' } : undefined);
    if (stated && stated.value !== value) {
      this.info(`${what} = ${value} from ${this.who} replaces ${stated.value} from ${stated.by} (${PRECEDENCE})`);
    }
  }

  info(message: string): void {
    this.m.diagnostics!.push({ severity: 'info', range: this.where, code: 'precedence', message });
  }
  warn(message: string): void {
    this.m.diagnostics!.push({ severity: 'warning', range: this.where, code: this.source === 'override' ? 'override' : 'unknown-size', message: `${this.who}: ${message}` });
  }

  /** Whether the model's file stated `what` (no assumption was recorded for it). */
  fileStated(what: string): boolean {
    return !this.m.assumptions!.some((a) => a.what === what);
  }

  degree(v: number): void {
    const before = this.m.target.degree;
    const fromFile = this.fileStated('target degree');
    this.m.target.degree = v;
    this.set('target degree', String(v), fromFile ? { value: String(before), by: 'the file' } : undefined);
  }

  readout(v: ReadoutKind): void {
    const before = this.m.parametrization.readout;
    const fromFile = this.fileStated('readout');
    this.m.parametrization.readout = v;
    this.set('readout', v, fromFile ? { value: before, by: 'the file' } : undefined);
  }

  /**
   * Gives sizes their values: a numeric width, input dimension or context length the file states is
   * replaced in the layer itself (so the layer list shows the new value); a symbol gets the value in
   * `sizes`. Returns the names the model does not have.
   */
  sizes(values: Record<string, number>): string[] {
    const m = this.m;
    const names = new Set(sizeNames(m));
    const unknown: string[] = [];
    for (const [k, v] of Object.entries(values)) {
      if (!names.has(k)) {
        unknown.push(k);
        continue;
      }
      const earlier = m.assumptions!.find((a) => a.what === `size ${k}`)?.source;
      const replaced = this.replaceNumeric(k, v) ?? this.replaceSize(k, v);
      if (replaced && earlier === 'override') replaced.by = 'the override file';
      Object.defineProperty(m.origins!, `sizes.${k}`, { value: { text: `${this.who}: ${k} = ${v}` }, enumerable: true, writable: true, configurable: true });
      this.set(`size ${k}`, String(v), replaced);
    }
    return unknown;
  }

  /** A numeric d, N_k or L the file states, replaced where it stands; the value it had. */
  private replaceNumeric(k: string, v: number): { value: string; by: string } | undefined {
    const m = this.m;
    if (k === 'd' && typeof m.data.dim === 'number') {
      const before = m.data.dim;
      m.data.dim = v;
      return { value: String(before), by: 'the file' };
    }
    let dense = 0;
    for (let i = 0; i < m.layers.length; i++) {
      const l = m.layers[i];
      if (l.type === 'dense') dense++;
      const key = l.type === 'dense' ? 'width' : l.type === 'attention' ? 'context' : undefined;
      const name = l.type === 'dense' ? `N${dense}` : 'L';
      const current = key ? (l as unknown as Record<string, unknown>)[key] : undefined;
      if (key && typeof current === 'number' && name === k) {
        m.layers[i] = { ...l, [key]: v } as Layer;
        return { value: String(current), by: 'the file' };
      }
    }
    return undefined;
  }

  private replaceSize(k: string, v: number): { value: string; by: string } | undefined {
    const m = this.m;
    const before = m.sizes?.[k];
    setKey((m.sizes ??= {}), k, v);
    return before === undefined ? undefined : { value: String(before), by: 'the file' };
  }
}

/** Applies an override to a model read from the file beside it; returns the model (a copy). */
export function applyOverride(model: ModelDescription, o: ModelOverride, where: Range): ModelDescription {
  const ap = new Applier(copy(model), 'override', o.file, where);
  const m = ap.m;
  if (o.name !== undefined) m.name = o.name;
  if (o.degree !== undefined) ap.degree(o.degree);
  if (o.readout !== undefined) ap.readout(o.readout);
  if (o.kappa !== undefined) {
    m.parametrization.kappa = o.kappa;
    ap.set('kappa', String(o.kappa));
  }
  if (o.biasVariance !== undefined) {
    m.biasVariance = o.biasVariance;
    ap.set('bias variance sigma_b^2', `∝ ${o.biasVariance}`);
  }
  if (o.dim !== undefined) {
    m.data.dim = o.dim;
    ap.set('data dimension', String(o.dim));
  }
  const names = sizeNames(m);
  for (const k of ap.sizes(o.sizes ?? {})) ap.warn(`sizes: the model has no size "${k}" (its sizes: ${names.join(', ')}); ignored`);
  const dim = typeof m.data.dim === 'string' ? m.data.dim : 'd';
  for (const [k, v] of Object.entries(o.regime ?? {})) {
    const parsed = parseSizeExpr(v);
    if (!names.includes(k) || k === dim) {
      ap.warn(`regime: the model has no width or context "${k}" to tie to ${dim}; ignored`);
      continue;
    }
    if (!parsed.ok || Object.keys(parsed.value.exponents).some((s) => s !== dim)) {
      ap.warn(`regime ${k} = ${v}: a regime must be a power of ${dim}; ignored`);
      continue;
    }
    const shrinks = shrinkingRegime(k, v, parsed.value, dim);
    if (shrinks) {
      ap.warn(`${shrinks}; ignored`);
      continue;
    }
    setKey((m.regime ??= {}), k, v);
    ap.set(`regime ${k}`, v);
  }
  return m;
}

/**
 * Applies what the command line gives (it wins over everything); returns the model (a copy) and
 * the --set names the model does not have (said on the model as a warning).
 */
export function applyCommandLine(model: ModelDescription, cl: CommandLineValues, where: Range): { model: ModelDescription; unknownSizes: string[] } {
  const ap = new Applier(copy(model), 'command-line', 'the command line', where);
  if (cl.degree !== undefined) ap.degree(cl.degree);
  if (cl.readout !== undefined) ap.readout(cl.readout);
  const names = sizeNames(ap.m);
  const unknownSizes = ap.sizes(cl.sizes ?? {});
  for (const k of unknownSizes) ap.warn(`--set ${k}=${cl.sizes![k]}: this model has no size ${k} (its sizes: ${names.join(', ') || 'none'}); ignored`);
  return { model: ap.m, unknownSizes };
}

/** Diagnostics of the override file, shown on the model file (they belong to another file). */
export function overrideDiagnostic(file: string, d: Diagnostic, where: Range): Diagnostic {
  const at = positionText(d.range.start);
  return { ...d, range: where, message: `${file}:${at}: ${d.message}` };
}
