// The front end of an override file (`model.scaling.json` beside `model.json`): a `scalingModel`
// object without layers, holding only assumptions. See src/model/override.ts for how it applies.

import type { Diagnostic } from '../model/types';
import type { ModelOverride } from '../model/override';
import { checkDegree, checkKappa, checkReadout, checkSize, setKey } from './checks';
import { getProp, parseJson, type JsonObject, type JsonValue } from './json';
import { Diags, LineIndex, listWords, show } from './text';
import { LIMITS, countText } from './limits';

/** `dir/model.json` -> `dir/model.scaling.json`, `dir/net.py` -> `dir/net.scaling.json`; undefined for files that cannot have one. */
export function overrideFileName(fileName: string): string | undefined {
  if (/\.py$/i.test(fileName)) return fileName.replace(/\.py$/i, '.scaling.json');
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

/** Every file an override may belong to: `dir/net.scaling.json` -> `dir/net.json` and `dir/net.py`. */
export function overriddenFileNames(fileName: string): string[] {
  const json = overriddenFileName(fileName);
  if (!json) return [];
  return /\.scaling\.json$/i.test(fileName) ? [json, fileName.replace(/\.scaling\.json$/i, '.py')] : [json];
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
  const num = (v: JsonValue) => (v.type === 'number' ? v.value : v.type === 'string' ? v.value : undefined);

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
    if (bv.value.type === 'string' || bv.value.type === 'number') o.biasVariance = String(bv.value.value);
    else d.error('"biasVariance" must be an expression in d such as "1" or "1/d"', r(bv.value), 'bad-bias-variance');
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
    d.error(`"${key}" has ${countText(props.length)} entries: at most ${countText(LIMITS.maxEntries)} are read (README, Limits)`, r(o!), key === 'sizes' ? 'bad-size' : 'bad-regime');
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
