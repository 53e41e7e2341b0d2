// The Keras / TensorFlow.js model.json front end (formats.md, section 2). Reads the shapes that
// TF.js and Keras write:
//   {modelTopology: {class_name, config: {layers: [...]}}}          (TF.js layers-model)
//   {modelTopology: {model_config: {class_name, config: {...}}}}     (Keras 2 h5-style wrapper)
//   {class_name: 'Sequential', config: [...layers]}                  (older Sequential, layers inline)
//   {class_name: 'Sequential'|'Functional', config: {layers: [...]}} (Keras 2/3 model.to_json())
// Pure: no Node, no VS Code.
import type { Layer, ModelDescription, Range, SizeValue } from '../model/types';
import type { JsonArray, JsonObject, JsonProperty, JsonValue } from './json';
import { getObject, getProp, itemCount } from './json';
import { LIMITS, tooManyLayers } from './limits';
import { applyDefaults, checkSize, newModel, type ParseOptions } from './checks';
import { collect, sourceText, type FrontEndResult } from './scalingModel';
import { Diags, LineIndex, show } from './text';
import { isGraphModel, readGraphModel } from './tfjsGraph';

function isLayersHolder(o: JsonObject | undefined): boolean {
  if (!o) return false;
  const cfg = getProp(o, 'config');
  if (!cfg) return false;
  if (cfg.value.type === 'array') return true;
  return cfg.value.type === 'object' && getProp(cfg.value, 'layers')?.value.type === 'array';
}

/** The object whose `config` holds the layers, for each shape, or undefined. */
function topology(root: JsonValue): JsonObject | undefined {
  if (root.type !== 'object') return undefined;
  const mt = getObject(root, 'modelTopology');
  if (mt) {
    const mc = getObject(mt, 'model_config');
    if (mc && isLayersHolder(mc)) return mc;
    if (isLayersHolder(mt)) return mt;
    return undefined;
  }
  const mc = getObject(root, 'model_config');
  if (mc && isLayersHolder(mc)) return mc;
  const cls = getProp(root, 'class_name');
  if (cls && cls.value.type === 'string' && isLayersHolder(root)) return root;
  return undefined;
}

export function isKerasModel(root: JsonValue): boolean {
  return topology(root) !== undefined || (root.type === 'object' && getObject(root, 'modelTopology') !== undefined);
}

const REASONS: [RegExp, string][] = [
  [/^Conv|Conv\dD|^SeparableConv|^DepthwiseConv/, 'convolutions are not covered by the scale analysis (the paper reports only non-overlapping patches)'],
  [/Dropout$/, 'dropout is a training-time regulariser; the equilibrium scale analysis does not model it'],
  [/Normalization$/, 'normalisation layers are not covered by the scale analysis'],
  [/^(Flatten|Reshape|Permute|RepeatVector)$/, 'a reshaping layer: it has no weights and is not analysed'],
  [/Pooling/, 'pooling layers are not covered by the scale analysis'],
  [/^(Activation|ReLU|LeakyReLU|PReLU|ELU|Softmax|ThresholdedReLU)$/, 'a separate activation layer is not analysed (put the activation on the Dense layer)'],
  [/^(LSTM|GRU|SimpleRNN|Bidirectional|RNN|ConvLSTM\dD)$/, 'recurrent layers are not covered by the scale analysis'],
  [/Attention$/, 'a Keras attention layer is read as not covered: the analysis covers one softmax head stated with a context length'],
  [/^(Add|Concatenate|Multiply|Average|Maximum|Minimum|Subtract|Dot)$/, 'merge layers (residuals, concatenations) are not covered by the scale analysis'],
  [/^Embedding$/, 'embeddings are not covered by the scale analysis'],
  [/^(Sequential|Functional|Model)$/, 'nested models are not read; list their layers in the outer model'],
];

/** The Keras class of a TF.js layer factory: dense -> Dense, conv2d -> Conv2D, lstm -> LSTM, simpleRNN -> SimpleRNN. */
export function kerasClassOf(factory: string): string {
  const special: Record<string, string> = { lstm: 'LSTM', gru: 'GRU', prelu: 'PReLU', reLU: 'ReLU', elu: 'ELU', leakyReLU: 'LeakyReLU', thresholdedReLU: 'ThresholdedReLU' };
  if (Object.prototype.hasOwnProperty.call(special, factory)) return special[factory];
  return (factory.charAt(0).toUpperCase() + factory.slice(1)).replace(/(\d)d/g, '$1D').replace(/Lstm/g, 'LSTM').replace(/Gru/g, 'GRU');
}

/** Why a layer class is not covered, in words. */
export function reasonFor(cls: string): string {
  for (const [re, why] of REASONS) if (re.test(cls)) return why;
  return `"${show(cls)}" layers are not covered by the scale analysis`;
}

/** One layer of the list as written: its class and its config. */
interface ListedLayer {
  obj: JsonObject;
  cls: string;
  conf?: JsonObject;
}

const SHAPE_KEYS = ['batch_input_shape', 'batch_shape', 'input_shape', 'batchInputShape', 'inputShape'];

export function readKerasModel(text: string, lines: LineIndex, root: JsonValue, options?: ParseOptions): FrontEndResult {
  if (isGraphModel(root)) return readGraphModel(lines, root, options);
  const out: FrontEndResult = { models: [], diagnostics: [] };
  const reader = new KerasReader(text, lines);
  const model = reader.read(root);
  if (model) applyDefaults(model, { data: true }, options);
  collect(out, { model, diags: reader.d });
  return out;
}

/** Reads one layers-model: the layer list, the input dimension, then each layer (the last Dense is the readout). */
class KerasReader {
  readonly d = new Diags();
  private dim?: { value: number; prop: JsonProperty };

  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
  ) {}

  private r(v: { start: number; end: number }): Range {
    return this.lines.range(v.start, v.end);
  }

  read(root: JsonValue): ModelDescription | undefined {
    const topo = topology(root);
    if (!topo) {
      this.d.error('this model.json has "modelTopology" but no layers list (expected modelTopology.config.layers)', this.r(root), 'keras-no-layers');
      return undefined;
    }
    const cfg = getProp(topo, 'config')!.value as JsonObject | JsonArray;
    const arr = cfg.type === 'array' ? cfg : (getProp(cfg, 'layers')!.value as JsonArray);
    const modelClass = getProp(topo, 'class_name');
    const clsName = modelClass && modelClass.value.type === 'string' ? modelClass.value.value : 'Sequential';
    const model = newModel(modelName(cfg), 'd', this.r(root), 'keras');
    if (clsName !== 'Sequential') {
      this.d.info(`a ${show(clsName)} model: its layers are read in the order listed, as a chain`, this.r(modelClass!.value), 'keras-functional');
    }
    if (itemCount(arr) > LIMITS.maxLayers) {
      this.d.error(tooManyLayers(itemCount(arr)), this.r(arr), 'too-many-layers');
      return undefined;
    }
    const listed = this.listLayers(arr);
    if (this.dim) {
      model.data.dim = this.dim.value;
      model.origins!.d = { text: sourceText(this.text, this.dim.prop.start, this.dim.prop.end), range: this.r(this.dim.prop.value) };
    } else if (listed.length) {
      this.d.warning('the input dimension is not stated (no InputLayer or batch_input_shape); it is left symbolic as d', this.r(arr), 'keras-no-input-dim');
    }
    const lastDense = listed.map((x) => x.cls).lastIndexOf('Dense');
    if (lastDense < 0) {
      this.d.error('no Dense layer in this model: the analysis needs dense layers and a readout', this.r(arr), 'keras-no-dense');
      return undefined;
    }
    let dense = 0;
    listed.forEach((x, i) => {
      if (x.cls === 'InputLayer') return;
      if (x.cls !== 'Dense') model.layers.push(this.uncovered(x));
      else if (i === lastDense) model.layers.push(this.readout(x));
      else {
        const layer = this.dense(x, ++dense, model);
        if (layer) model.layers.push(layer);
      }
    });
    model.assumptions!.push({ what: 'data', value: `isotropic Gaussian inputs of dimension ${String(model.data.dim)} (the real data is not known from a model.json)`, source: 'default' });
    return model;
  }

  /** Pass 1: every layer of the list, and the input dimension from the first shape stated. */
  private listLayers(arr: JsonArray): ListedLayer[] {
    const listed: ListedLayer[] = [];
    arr.items.forEach((item, i) => {
      if (item.type !== 'object') {
        this.d.error(`layer ${i + 1} must be an object with "class_name" and "config"`, this.r(item), 'keras-bad-layer');
        return;
      }
      const cp = getProp(item, 'class_name');
      if (!cp || cp.value.type !== 'string') {
        this.d.error(`layer ${i + 1} has no "class_name" (e.g. "Dense")`, this.r(item), 'keras-bad-layer');
        return;
      }
      const conf = getObject(item, 'config');
      listed.push({ obj: item, cls: cp.value.value, conf });
      this.takeShape(conf);
      if (!this.dim) {
        const bc = getObject(item, 'build_config');
        if (bc && listed.length === 1) this.takeShape(bc); // Keras 3 Sequential without an InputLayer
      }
    });
    return listed;
  }

  /** The input dimension: the last entry of the first input shape a config states. */
  private takeShape(conf: JsonObject | undefined): void {
    if (!conf || this.dim) return;
    const key = SHAPE_KEYS.find((k) => getProp(conf, k));
    if (!key) return;
    const p = getProp(conf, key)!;
    // A shape has a few entries; a long list is not one (and its items are not read).
    const n = p.value.type === 'array' ? itemCount(p.value) : 0;
    if (p.value.type !== 'array' || n === 0 || n > 8) {
      this.d.warning(`"${key}" should be a list such as [null, 784]; the input dimension is left symbolic (d)`, this.r(p.value), 'keras-input-shape');
      return;
    }
    const last = p.value.items[n - 1];
    const c = last.type === 'number' ? checkSize(last.value, 'input dimension', last.raw) : undefined;
    if (c && c.ok && typeof c.value === 'number') this.dim = { value: c.value, prop: p };
    else if (c && !c.ok) this.d.error(`${key}: ${c.message}`, this.r(last), 'keras-input-shape');
    else this.d.warning(`the last entry of "${key}" is not a number; the input dimension is left symbolic (d)`, this.r(last), 'keras-input-shape');
  }

  /** A layer the analysis does not cover: kept in place, with its width when it states one. */
  private uncovered(x: ListedLayer): Layer {
    const range = this.r(x.obj);
    const layer: Layer = { type: x.cls, reason: reasonFor(x.cls), range, origin: { text: `class_name: "${show(x.cls)}"`, range } };
    const f = x.conf && (getProp(x.conf, 'filters') ?? getProp(x.conf, 'units'));
    if (f && f.value.type === 'number') {
      const c = checkSize(f.value.value, 'width', f.value.raw);
      if (c.ok) (layer as { width?: SizeValue }).width = c.value;
    }
    return layer;
  }

  /** The last Dense layer: the readout (the analysis assumes one scalar output, and says so otherwise). */
  private readout(x: ListedLayer): Layer {
    const range = this.r(x.obj);
    const units = x.conf && getProp(x.conf, 'units');
    const u = units && units.value.type === 'number' ? units.value.value : undefined;
    const origin = { text: `${units ? sourceText(this.text, units.start, units.end) : 'units not stated'} (last Dense: the readout)`, range: units ? this.r(units.value) : range };
    if (u !== 1) {
      this.d.info(`the last Dense layer${u !== undefined ? ` (${u} units)` : ''} is read as the readout; the analysis assumes one scalar output`, units ? this.r(units.value) : range, 'keras-readout');
    }
    return { type: 'readout', range, origin };
  }

  /** The activation a Dense layer states (a name, or a serialised activation object), else the Keras default. */
  private activation(x: ListedLayer): { activation: string; text?: string } {
    const act = x.conf && getProp(x.conf, 'activation');
    if (!act) return { activation: 'linear' };
    const v = act.value;
    let activation = 'linear';
    if (v.type === 'string') activation = v.value;
    else if (v.type === 'object') {
      const c = getProp(v, 'config');
      const cn = getProp(v, 'class_name');
      if (c && c.value.type === 'string') activation = c.value.value;
      else if (cn && cn.value.type === 'string') activation = cn.value.value;
    }
    return { activation, text: sourceText(this.text, act.start, act.end) };
  }

  /** A hidden Dense layer: its units, activation and bias (Keras and TF.js add one unless use_bias is false). */
  private dense(x: ListedLayer, n: number, model: ModelDescription): Layer | undefined {
    const range = this.r(x.obj);
    const { activation, text: actText } = this.activation(x);
    if (actText === undefined) model.assumptions!.push({ what: `activation of Dense layer ${n}`, value: 'linear (the Keras default)', source: 'default' });
    const units = x.conf && getProp(x.conf, 'units');
    if (!units) {
      this.d.error(`Dense layer ${n} has no "units"`, range, 'keras-no-units');
      return undefined;
    }
    const c = checkSize(units.value.type === 'number' ? units.value.value : units.value.type === 'string' ? units.value.value : null, 'units', units.value.type === 'number' ? units.value.raw : undefined);
    if (!c.ok) {
      this.d.error(`Dense layer ${n}: ${c.message}`, this.r(units.value), 'bad-width');
      return undefined;
    }
    const ub = x.conf && (getProp(x.conf, 'use_bias') ?? getProp(x.conf, 'useBias'));
    const stated = ub && ub.value.type === 'boolean' ? ub.value.value : undefined;
    if (ub && stated === undefined) this.d.warning(`"${ub.key}" should be true or false; the Keras default (a bias) is assumed`, this.r(ub.value), 'keras-bad-layer');
    return {
      type: 'dense',
      width: c.value,
      activation,
      bias: stated ?? true,
      biasFrom: stated === undefined ? 'library-default' : 'file',
      range,
      origin: { text: `${sourceText(this.text, units.start, units.end)}, ${actText ?? 'activation not stated (Keras default: linear)'}`, range: this.r(units.value) },
    };
  }
}

/** The model's name from its config, else "keras model". */
function modelName(cfg: JsonObject | JsonArray): string {
  if (cfg.type !== 'object') return 'keras model';
  const n = getProp(cfg, 'name');
  return n && n.value.type === 'string' && n.value.value ? n.value.value : 'keras model';
}
