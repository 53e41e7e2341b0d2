// The JSON / JSONC front end for `scalingModel` objects (formats.md, section 2).
// Pure: no Node, no VS Code.
import type { Diagnostic, Layer, ModelDescription, Range, ReadoutKind, SizeValue } from '../model/types';
import type { JsonArray, JsonObject, JsonProperty, JsonValue } from './json';
import { findProperties, firstItems, getProp, itemCount } from './json';
import { LIMITS, countText, tooManyLayers, tooManyModels } from './limits';
import {
  applyDefaults,
  applySizesAndRegime,
  uncoveredLayerWarning,
  checkBiasVariance,
  checkDataKind,
  checkDegree,
  checkKappa,
  checkReadout,
  checkSize,
  checkTargetKind,
  type ParseOptions,
  type RawEntry,
  type Stated,
} from './checks';
import { Diags, LineIndex, listWords, show } from './text';
import { nearestName } from '../model/names';
import { positionText } from '../model/ranges';

export interface FrontEndResult {
  models: ModelDescription[];
  diagnostics: Diagnostic[];
}

const MODEL_KEYS = ['name', 'description', 'data', 'target', 'parametrization', 'layers', 'sizes', 'regime', 'biasVariance'];
const DATA_KEYS = ['kind', 'dim'];
const TARGET_KEYS = ['kind', 'degree'];
const PARAM_KEYS = ['readout', 'kappa'];
// A Map: a layer type from the file ("constructor") must not find Object.prototype.
const LAYER_KEYS = new Map<string, string[]>([
  ['dense', ['type', 'name', 'width', 'activation', 'bias']],
  ['attention', ['type', 'name', 'context', 'heads', 'headDim']],
  ['readout', ['type', 'name']],
]);

/** The text a value was read from, whitespace collapsed and shortened, for origins. */
export function sourceText(text: string, start: number, end: number, max = 120): string {
  const s = text.slice(start, Math.min(end, start + max * 4)).replace(/\s+/g, ' ');
  return s.length > max ? s.slice(0, max) + '…' : s;
}

/** Finds every `scalingModel` key, at any depth (in one pass over the parse, see findProperties). */
export function findScalingModels(root: JsonValue): { prop: JsonProperty }[] {
  return findProperties(root, 'scalingModel').map((prop) => ({ prop }));
}

export function readScalingModels(text: string, lines: LineIndex, root: JsonValue, options?: ParseOptions): FrontEndResult {
  const out: FrontEndResult = { models: [], diagnostics: [] };
  let read = 0;
  let skipped = 0;
  let firstSkipped: Range | undefined;
  for (const { prop } of findScalingModels(root)) {
    const v = prop.value;
    const room = Math.max(0, LIMITS.maxModels - read);
    if (v.type === 'array') {
      const n = itemCount(v);
      // One item past the room, for the position of the first model not read.
      const items = firstItems(v, Math.min(n, room + 1));
      items.slice(0, room).forEach((item) => collect(out, new JsonModelReader(text, lines, options).read(item, lines.range(item.start, item.end))));
      read += Math.min(n, room);
      if (n > room) {
        skipped += n - room;
        firstSkipped ??= lines.range(items[room].start, items[room].end);
      }
    } else if (room > 0) {
      collect(out, new JsonModelReader(text, lines, options).read(v, lines.range(prop.start, v.end)));
      read++;
    } else {
      skipped++;
      firstSkipped ??= lines.range(prop.start, v.end);
    }
  }
  if (skipped) out.diagnostics.push({ severity: 'warning', code: 'too-many-models', range: firstSkipped!, message: tooManyModels(read + skipped) });
  return out;
}


/** Puts a model in `models` when it has no error, else its diagnostics in the file's. */
export function collect(out: FrontEndResult, r: { model?: ModelDescription; diags: Diags }): void {
  if (r.model && !r.diags.hasError) {
    r.model.diagnostics = r.diags.list;
    out.models.push(r.model);
  } else {
    out.diagnostics.push(...r.diags.list);
  }
}

class JsonModelReader {
  private readonly d = new Diags();
  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
    private readonly options: ParseOptions | undefined,
  ) {}

  private r(v: { start: number; end: number }): Range {
    return this.lines.range(v.start, v.end);
  }
  private keyRange(p: JsonProperty): Range {
    return this.lines.range(p.keyStart, p.keyEnd);
  }

  private checkKeys(obj: JsonObject, allowed: string[], where: string): void {
    for (const p of obj.properties) {
      if (!allowed.includes(p.key)) {
        // As for an unknown tag: the key a typo meant ("activaton": a layer read as erf, by default).
        const near = nearestName(p.key, allowed);
        this.d.warning(`unknown key "${show(p.key)}" in ${where}${near ? ` (did you mean "${near}"?)` : ''}; allowed keys: ${listWords(allowed)}`, this.keyRange(p), 'unknown-key');
      }
    }
    this.checkRepeats(obj, where);
  }

  /**
   * A key given twice in one object: the last is read, and said at each earlier one (a leftover
   * `"activation": "erf"` before `"activation": "relu"` turned a number into "not learnable" without a word).
   */
  private checkRepeats(obj: JsonObject, where: string): void {
    const last = new Map<string, JsonProperty>();
    for (const p of obj.properties) last.set(p.key, p);
    for (const p of obj.properties) {
      const l = last.get(p.key)!;
      if (l === p) continue;
      this.d.warning(`"${show(p.key)}" is given again in ${where} (at ${positionText(this.keyRange(l).start)}), and that one is read; this one is not`, this.keyRange(p), 'repeated-key');
    }
  }

  private expectObject(p: JsonProperty, what: string): JsonObject | undefined {
    if (p.value.type === 'object') return p.value;
    this.d.error(`"${p.key}" must be an object (${what})`, this.r(p.value), 'bad-value');
    return undefined;
  }

  private scalar(v: JsonValue): unknown {
    return v.type === 'object' || v.type === 'array' ? (v.type === 'array' ? [] : {}) : v.value;
  }
  private raw(v: JsonValue): string | undefined {
    return v.type === 'number' ? v.raw : undefined;
  }

  /** What the model states (for applyDefaults) and where each value came from (for the hover). */
  private readonly stated: Stated = {};
  private readonly origins: Record<string, { text: string; range?: Range }> = {};

  /** Where a value came from: its property's text, and the value's range. */
  private origin(p: JsonProperty): { text: string; range: Range } {
    return { text: sourceText(this.text, p.start, p.end), range: this.r(p.value) };
  }

  read(node: JsonValue, range: Range): { model?: ModelDescription; diags: Diags } {
    const d = this.d;
    if (node.type !== 'object') {
      d.error('"scalingModel" must be an object with "layers" (and optionally name, data, target, parametrization, sizes, regime)', this.r(node), 'bad-model');
      return { diags: d };
    }
    this.checkKeys(node, MODEL_KEYS, 'scalingModel');
    const name = this.name(node, range);
    const dim = this.dataDim(node);
    const degree = this.degree(node);
    const { readout, kappa } = this.parametrization(node);
    const layersProp = getProp(node, 'layers');
    const layers = this.layerList(node, layersProp);
    const model: ModelDescription = {
      name,
      data: { kind: 'gaussian', dim },
      target: { kind: 'single-index', degree },
      parametrization: { readout },
      layers,
      range,
      origins: this.origins,
      assumptions: this.pendingAssumptions.map((a) => ({ ...a, source: 'default' as const })),
      source: 'json',
    };
    if (kappa !== undefined) model.parametrization.kappa = kappa;
    const bv = getProp(node, 'biasVariance');
    if (bv) {
      const c = checkBiasVariance(bv.value.type === 'string' || bv.value.type === 'number' ? bv.value.value : undefined, typeof model.data.dim === 'string' ? model.data.dim : 'd');
      if (c.ok) model.biasVariance = c.value;
      else d.error(c.message, this.r(bv.value), 'bad-bias-variance');
    }
    if (layers.length && !layers.some((l) => l.type === 'readout') && layersProp) {
      const lr = this.r(layersProp.value);
      layers.push({ type: 'readout', range: lr, origin: { text: 'no readout layer in the file: one is assumed after the last layer', range: lr } });
      model.assumptions!.push({ what: 'readout layer', value: 'added after the last layer', source: 'default' });
    }
    applySizesAndRegime(model, this.entries(node, 'sizes'), this.entries(node, 'regime'), d);
    applyDefaults(model, this.stated, this.options);
    return { model, diags: d };
  }

  /** `name`, else "model at line N" (said). */
  private name(node: JsonObject, range: Range): string {
    const fallback = `model at line ${range.start.line + 1}`;
    const nameProp = getProp(node, 'name');
    if (!nameProp) {
      this.d.info(`this model has no "name"; it is called "${fallback}"`, this.lines.range(node.start, node.start + 1), 'no-name');
      return fallback;
    }
    if (nameProp.value.type === 'string' && nameProp.value.value.trim() !== '') return nameProp.value.value;
    this.d.error('"name" must be a non-empty string', this.r(nameProp.value), 'bad-value');
    return fallback;
  }

  /** `data`: { "kind": "gaussian", "dim": ... }; the dimension, else the symbol d. */
  private dataDim(node: JsonObject): SizeValue {
    const dataProp = getProp(node, 'data');
    const data = dataProp && this.expectObject(dataProp, 'e.g. { "kind": "gaussian", "dim": "d" }');
    if (!data) return 'd';
    this.stated.data = true;
    this.checkKeys(data, DATA_KEYS, '"data"');
    const kind = getProp(data, 'kind');
    if (kind) {
      const k = checkDataKind(this.scalar(kind.value));
      if (!k.ok) this.d.error(k.message, this.r(kind.value), 'bad-data');
    }
    const dimProp = getProp(data, 'dim');
    if (!dimProp) return 'd';
    const c = checkSize(this.scalar(dimProp.value), 'data dimension', this.raw(dimProp.value));
    if (!c.ok) {
      this.d.error(c.message, this.r(dimProp.value), 'bad-width');
      return 'd';
    }
    this.origins.d = this.origin(dimProp);
    return c.value;
  }

  /** `target`: { "kind": "single-index", "degree": m }; 0 when not stated (applyDefaults fills it). */
  private degree(node: JsonObject): number {
    const targetProp = getProp(node, 'target');
    const target = targetProp && this.expectObject(targetProp, 'e.g. { "kind": "single-index", "degree": 3 }');
    if (!target) return 0;
    this.stated.target = true;
    this.checkKeys(target, TARGET_KEYS, '"target"');
    const kind = getProp(target, 'kind');
    if (kind) {
      const k = checkTargetKind(this.scalar(kind.value));
      if (!k.ok) this.d.error(k.message, this.r(kind.value), 'bad-target');
    }
    const deg = getProp(target, 'degree');
    if (!deg) return 0;
    const c = checkDegree(this.scalar(deg.value), this.raw(deg.value));
    if (!c.ok) {
      this.d.error(c.message, this.r(deg.value), 'bad-degree');
      return 0;
    }
    this.stated.degree = c.value;
    this.origins.degree = this.origin(deg);
    return c.value;
  }

  /** `parametrization`: { "readout": ..., "kappa": ... }. */
  private parametrization(node: JsonObject): { readout: ReadoutKind; kappa?: number | string } {
    const out: { readout: ReadoutKind; kappa?: number | string } = { readout: 'standard' };
    const paramProp = getProp(node, 'parametrization');
    const param = paramProp && this.expectObject(paramProp, 'e.g. { "readout": "standard" }');
    if (!param) return out;
    this.checkKeys(param, PARAM_KEYS, '"parametrization"');
    const ro = getProp(param, 'readout');
    if (ro) {
      const c = checkReadout(this.scalar(ro.value));
      if (c.ok) {
        out.readout = this.stated.readout = c.value;
        this.origins.readout = this.origin(ro);
      } else this.d.error(c.message, this.r(ro.value), 'bad-readout');
    }
    const kp = getProp(param, 'kappa');
    if (kp) {
      const c = checkKappa(this.scalar(kp.value), this.raw(kp.value));
      if (c.ok) {
        out.kappa = c.value;
        this.origins.kappa = this.origin(kp);
      } else this.d.error(c.message, this.r(kp.value), 'bad-kappa');
    }
    return out;
  }

  /** `layers`: a non-empty array within the limit, read layer by layer. */
  private layerList(node: JsonObject, layersProp: JsonProperty | undefined): Layer[] {
    const layers: Layer[] = [];
    const d = this.d;
    if (!layersProp) {
      d.error('"scalingModel" has no "layers": list them, e.g. [{ "type": "dense", "width": "N" }, { "type": "readout" }]', this.lines.range(node.start, node.start + 1), 'no-layers');
    } else if (layersProp.value.type !== 'array') {
      d.error('"layers" must be an array of layer objects', this.r(layersProp.value), 'bad-value');
    } else if (itemCount(layersProp.value) === 0) {
      d.error('"layers" is empty: a model needs at least one layer and a readout', this.r(layersProp.value), 'no-layers');
    } else if (itemCount(layersProp.value) > LIMITS.maxLayers) {
      d.error(tooManyLayers(itemCount(layersProp.value)), this.r(layersProp.value), 'too-many-layers');
    } else {
      this.readLayers(layersProp.value, layers);
    }
    return layers;
  }

  private entries(node: JsonObject, key: string): RawEntry[] | undefined {
    const p = getProp(node, key);
    if (!p) return undefined;
    if (p.value.type !== 'object') {
      this.d.error(
        key === 'sizes' ? '"sizes" must be an object of numbers, e.g. { "d": 100, "N1": 10000 }' : '"regime" must be an object of expressions in d, e.g. { "N1": "d^2" }',
        this.r(p.value),
        key === 'sizes' ? 'bad-size' : 'bad-regime',
      );
      return undefined;
    }
    const props = p.value.properties;
    if (props.length > LIMITS.maxEntries) {
      this.d.error(`"${key}" has ${countText(props.length)} entries, more than the ${countText(LIMITS.maxEntries)} one may have (README, Limits); none is read`, this.r(p.value), key === 'sizes' ? 'bad-size' : 'bad-regime');
      return undefined;
    }
    this.checkRepeats(p.value, `"${key}"`);
    return props.map((q) => ({
      key: q.key,
      value: this.scalar(q.value),
      raw: this.raw(q.value),
      keyRange: this.keyRange(q),
      valueRange: this.r(q.value),
      text: sourceText(this.text, q.start, q.end),
    }));
  }

  private readLayers(arr: JsonArray, layers: Layer[]): void {
    const d = this.d;
    const items = arr.items;
    items.forEach((item, i) => {
      const n = i + 1;
      if (item.type !== 'object') {
        d.error(`layer ${n} must be an object such as { "type": "dense", "width": "N1" }`, this.r(item), 'bad-layer');
        return;
      }
      const range = this.r(item);
      const origin = { text: sourceText(this.text, item.start, item.end), range };
      const typeProp = getProp(item, 'type');
      if (!typeProp) {
        d.error(`layer ${n} has no "type": use dense, attention or readout (any other type is kept as not covered)`, range, 'no-layer-type');
        return;
      }
      if (typeProp.value.type !== 'string' || typeProp.value.value.trim() === '') {
        d.error(`layer ${n}: "type" must be a string such as "dense"`, this.r(typeProp.value), 'no-layer-type');
        return;
      }
      const type = typeProp.value.value.trim();
      const allowed = LAYER_KEYS.get(type);
      if (allowed) this.checkKeys(item, allowed, `a ${type} layer`);
      const size = (key: string, what: string, required: boolean): SizeValue | undefined => {
        const p = getProp(item, key);
        if (!p) {
          if (required) d.error(`${type} layer ${n} has no "${key}" (${what}): give a number or a symbol such as "N${n}"`, range, 'missing-width');
          return undefined;
        }
        const c = checkSize(this.scalar(p.value), what, this.raw(p.value));
        if (!c.ok) {
          d.error(`layer ${n}: ${c.message}`, this.r(p.value), 'bad-width');
          return undefined;
        }
        return c.value;
      };
      if (type === 'dense') {
        const width = size('width', 'width', true);
        const act = getProp(item, 'activation');
        let activation: string | undefined;
        if (act) {
          if (act.value.type === 'string' && act.value.value.trim() !== '') activation = act.value.value.trim();
          else d.error(`layer ${n}: "activation" must be a name such as "erf", "tanh" or "relu"`, this.r(act.value), 'bad-activation');
        } else {
          this.assume(`activation of layer ${n}`, 'erf');
        }
        // A bias (default none, as in the paper) brings in the degrees of the other parity.
        const b = getProp(item, 'bias');
        let bias: boolean | undefined;
        if (b) {
          if (b.value.type === 'boolean') bias = b.value.value;
          else d.error(`layer ${n}: "bias" must be true or false`, this.r(b.value), 'bad-bias');
        }
        if (width === undefined) return;
        layers.push({ type: 'dense', width, ...(activation ? { activation } : {}), ...(bias ? { bias, biasFrom: 'file' as const } : {}), range, origin });
      } else if (type === 'attention') {
        const context = size('context', 'context length', true);
        let heads: number | undefined;
        const hp = getProp(item, 'heads');
        if (hp) {
          const c = checkSize(this.scalar(hp.value), 'heads', this.raw(hp.value));
          if (c.ok && typeof c.value === 'number') heads = c.value;
          else d.error(`layer ${n}: "heads" must be a whole number >= 1`, this.r(hp.value), 'bad-heads');
        }
        const headDim = size('headDim', 'head dimension', false);
        if (context === undefined) return;
        const layer: Layer = { type: 'attention', context, range, origin };
        if (heads !== undefined) layer.heads = heads;
        if (headDim !== undefined) layer.headDim = headDim;
        layers.push(layer);
      } else if (type === 'readout') {
        if (i !== items.length - 1) {
          d.error(`the readout must be the last layer (it is layer ${n} of ${items.length})`, range, 'readout-not-last');
          return;
        }
        layers.push({ type: 'readout', range, origin });
      } else {
        const warning = uncoveredLayerWarning(type);
        if (warning) d.warning(warning, this.r(typeProp.value), 'uncovered-layer');
        const layer: Layer = { type, reason: `the scale analysis has no rule for "${show(type)}" layers`, range, origin };
        const wp = getProp(item, 'width');
        if (wp) {
          const c = checkSize(this.scalar(wp.value), 'width', this.raw(wp.value));
          if (c.ok) (layer as { width?: SizeValue }).width = c.value;
        }
        layers.push(layer);
      }
    });
  }

  private pendingAssumptions: { what: string; value: string }[] = [];
  private assume(what: string, value: string): void {
    this.pendingAssumptions.push({ what, value });
  }
}

