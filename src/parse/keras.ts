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
  [/^TimeDistributed$/, 'a layer applied at each step of a sequence (TimeDistributed) is not covered by the scale analysis'],
  [/^(Sequential|Functional|Model)$/, 'a nested model that is not a plain Sequential is not read; list its layers in the outer model'],
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

/** Layers that pass the features on as they are (the analysis reads no noise): before the first Dense and after the readout. */
const NOISE = 'Dropout|GaussianNoise|GaussianDropout|AlphaDropout|Activation';
/** Layers after the readout that change nothing it reads (an output activation, dropout, a reshape). */
const AFTER_READOUT = new RegExp(`^(${NOISE}|Softmax|Flatten|Reshape)$`);
/** Layers before the first Dense that leave the input's shape as it is. */
const SAME_SHAPE = new RegExp(`^(InputLayer|${NOISE})$`);

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
  /** The first input shape stated, without its batch entry (a number per entry, else undefined). */
  private shape?: (number | undefined)[];
  /** A shape key was met, readable or not (then d is not also said to be "not stated"). */
  private shapeStated = false;

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
    if (itemCount(arr) > LIMITS.maxLayers) {
      this.d.error(tooManyLayers(itemCount(arr)), this.r(arr), 'too-many-layers');
      return undefined;
    }
    const listed = this.listLayers(arr);
    if (clsName !== 'Sequential') {
      // Read as a chain only where it is one (else the number would be for a network the file does not hold).
      const why = notAChain(cfg, listed);
      if (why) {
        this.d.warning(`a ${show(clsName)} model whose layers do not form one chain: ${why}; only a single chain of layers is read`, this.r(modelClass!.value), 'keras-not-a-chain');
        return undefined;
      }
    }
    const flat = this.dim && this.flattened(listed);
    if (flat && 'why' in flat) {
      this.d.warning(`the input shape ${sourceText(this.text, this.dim!.prop.value.start, this.dim!.prop.value.end)}: ${flat.why}; the input dimension is left symbolic (d)`, this.r(this.dim!.prop.value), 'keras-input-shape');
    } else if (this.dim) {
      model.data.dim = flat?.value ?? this.dim.value;
      const stated = sourceText(this.text, this.dim.prop.start, this.dim.prop.end);
      model.origins!.d = { text: flat ? `${stated}, ${flat.how}` : stated, range: this.r(this.dim.prop.value) };
    } else if (listed.length && !this.shapeStated) {
      this.d.warning('the input dimension is not stated (no InputLayer or batch_input_shape); it is left symbolic as d', this.r(arr), 'keras-no-input-dim');
    }
    const lastDense = listed.map((x) => x.cls).lastIndexOf('Dense');
    if (lastDense < 0) {
      // A model the analysis does not cover, as a recurrent one with a Dense inside TimeDistributed:
      // a warning, as the TF.js code reader says it, not an error in the file.
      const kinds = [...new Set(listed.map((x) => x.cls))].slice(0, 6).map((k) => show(k, 30));
      this.d.warning(`no Dense layer in this model${kinds.length ? ` (${kinds.join(', ')})` : ''}: the analysis needs dense layers and a readout`, this.r(arr), 'keras-no-dense');
      return undefined;
    }
    let dense = 0;
    listed.forEach((x, i) => {
      if (x.cls === 'InputLayer') return;
      if (i > lastDense && AFTER_READOUT.test(x.cls)) {
        // Kept, it stood after the readout and stopped the analysis (Dense(10), Activation('softmax')).
        const why = /^(Activation|Softmax)$/.test(x.cls) ? 'is not part of the analysis, which reads a linear readout' : 'changes nothing the analysis reads';
        this.d.info(`${show(x.cls)} after the last Dense layer (the readout) ${why}; it is left out`, this.r(x.obj), 'keras-after-readout');
        return;
      }
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

  /**
   * Pass 1: every layer of the list, and the input dimension from the first shape stated. A nested
   * Sequential is a chain inside the chain: its layers are read in its place (DEC's encoder inside
   * the outer Sequential was "no Dense layer", and its input shape "not stated").
   */
  private listLayers(arr: JsonArray, listed: ListedLayer[] = [], depth = 0): ListedLayer[] {
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
      const inner = nestedSequential(item, cp.value.value);
      if (inner && depth < MAX_NESTING && listed.length + itemCount(inner) <= LIMITS.maxLayers) {
        const ic = getObject(item, 'config');
        const name = ic && getProp(ic, 'name')?.value;
        this.d.info(`the nested Sequential${name?.type === 'string' ? ` "${show(name.value)}"` : ''} is read as its ${itemCount(inner)} layers, in its place`, this.r(cp), 'keras-nested');
        this.listLayers(inner, listed, depth + 1);
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

  /**
   * The input dimension where the shape changes before the first Dense layer (a Dense layer acts on
   * the last entry): Flatten makes it the product of the entries (an MNIST MLP: [28, 28] gives 784),
   * Reshape its target's last entry (-1: what the other entries leave), and a layer the analysis
   * does not cover reads all of them. Undefined where nothing changes it; `why` where the shape
   * that reaches the first Dense layer cannot be known (d then stays a symbol: keeping the stated
   * last entry read [28, 28] reshaped to [-1] as d = 28).
   */
  private flattened(listed: ListedLayer[]): { value: number; how: string } | { why: string } | undefined {
    let shape = this.shape;
    let how: string | undefined;
    for (const x of listed) {
      if (x.cls === 'Dense' || !shape) break;
      const name = show(getName(x) ?? x.cls);
      if (x.cls === 'Flatten') {
        const n = size(shape);
        if (typeof n !== 'number') return { why: `it is flattened by "${name}" before the first Dense layer, and ${n.why}` };
        if (shape.length > 1) how = `flattened by "${name}": ${shape.join('·')} = ${n}`;
        shape = [n];
      } else if (x.cls === 'Reshape') {
        const last = reshapedLast(x, shape);
        if (typeof last !== 'number') return { why: `it is reshaped by "${name}" before the first Dense layer, and ${last.why}` };
        how = `reshaped by "${name}" to a last entry of ${last}`;
        shape = [last];
      } else if (!SAME_SHAPE.test(x.cls)) {
        // A layer the analysis does not cover reads the whole input (a Conv2D on [28, 28, 1]): d is
        // its number of features, as a person counts them (the model gets no number either way).
        const n = size(shape);
        if (shape.length < 2 || typeof n !== 'number') return undefined;
        return { value: n, how: `${shape.join('·')} = ${n} input features` };
      }
    }
    return how && shape?.length === 1 && shape[0] !== undefined ? { value: shape[0], how } : undefined;
  }

  /** The input dimension: the last entry of the first input shape a config states. */
  private takeShape(conf: JsonObject | undefined): void {
    if (!conf || this.dim) return;
    const key = SHAPE_KEYS.find((k) => getProp(conf, k));
    if (!key) return;
    const p = getProp(conf, key)!;
    this.shapeStated = true;
    // A shape serialised as an object (keras_metadata.pb: {"class_name": "TensorShape", "items": [...]}).
    const items = p.value.type === 'object' && getProp(p.value, 'class_name')?.value.type === 'string' ? getProp(p.value, 'items')?.value : p.value;
    const list = items?.type === 'array' ? items : undefined;
    // A shape has a few entries; a long list is not one (and its items are not read).
    const n = list ? itemCount(list) : 0;
    if (!list || n === 0 || n > 8) {
      this.d.warning(`"${key}" should be a list such as [null, 784]; the input dimension is left symbolic (d)`, this.r(p.value), 'keras-input-shape');
      return;
    }
    const last = list.items[n - 1];
    const c = last.type === 'number' ? checkSize(last.value, 'input dimension', last.raw) : undefined;
    // batch_input_shape, batch_shape and batchInputShape lead with the batch; input_shape does not.
    const entries = list.items.slice(/^batch/i.test(key) ? 1 : 0);
    this.shape = entries.map((e) => (e.type === 'number' && Number.isSafeInteger(e.value) && e.value >= 1 ? e.value : undefined));
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
    // Its activation is dropped: said, as the PyTorch reader says it (Dense(1, sigmoid) went without a word).
    const { activation, text } = this.activation(x);
    if (text !== undefined && !/^(linear|identity)$/i.test(activation)) {
      this.d.info(`the readout's activation (${show(activation)}) is not part of the analysis, which reads a linear readout`, this.r(getProp(x.conf!, 'activation')!.value), 'keras-readout-activation');
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

/** How deep nested Sequential models are read (each one's layers in its place). */
const MAX_NESTING = 8;

/** The layer list of a nested Sequential (`{"class_name": "Sequential", "config": [...] | {"layers": [...]}}`), else undefined. */
function nestedSequential(item: JsonObject, cls: string): JsonArray | undefined {
  if (cls !== 'Sequential') return undefined;
  const cfg = getProp(item, 'config')?.value;
  if (cfg?.type === 'array') return cfg;
  const layers = cfg?.type === 'object' ? getProp(cfg, 'layers')?.value : undefined;
  return layers?.type === 'array' ? layers : undefined;
}

/** The number of features of a shape (the product of its entries), else why there is none. */
function size(entries: (number | undefined)[]): number | { why: string } {
  if (entries.some((e) => e === undefined)) return { why: 'not every entry is a number' };
  const n = (entries as number[]).reduce((a, b) => a * b, 1);
  return Number.isSafeInteger(n) ? n : { why: 'the product of its entries is too large to be a size' };
}

/** The last entry of a Reshape's target, a -1 there worked out from the shape it gets; else why not. */
function reshapedLast(x: ListedLayer, shape: (number | undefined)[]): number | { why: string } {
  const t = x.conf && (getProp(x.conf, 'target_shape') ?? getProp(x.conf, 'targetShape'));
  if (!t || t.value.type !== 'array' || itemCount(t.value) === 0 || itemCount(t.value) > 8) return { why: 'its target shape is not a short list of numbers' };
  const target = t.value.items.map((e) => (e.type === 'number' && Number.isSafeInteger(e.value) && (e.value >= 1 || e.value === -1) ? e.value : undefined));
  if (target.some((e) => e === undefined) || target.filter((e) => e === -1).length > 1) return { why: 'its target shape is not a list of whole numbers with at most one -1' };
  const last = target[target.length - 1]!;
  if (last !== -1) return last;
  const whole = size(shape);
  if (typeof whole !== 'number') return whole;
  const rest = (target as number[]).slice(0, -1).reduce((a, b) => a * b, 1);
  return whole % rest === 0 ? whole / rest : { why: `its target shape does not divide the ${whole} entries` };
}

/** A layer's name (its own "name", else its config's). */
function getName(x: ListedLayer): string | undefined {
  const n = getProp(x.obj, 'name') ?? (x.conf && getProp(x.conf, 'name'));
  return n && n.value.type === 'string' ? n.value.value : undefined;
}

/**
 * Why a functional model's layers, in the order listed, are not one chain (each layer's one input
 * the layer listed before it, one input layer, the last layer its one output); undefined where they
 * are. Connections are read from "inbound_nodes" in the Keras 2 form ([[["dense", 0, 0, {}]]]) and
 * the Keras 3 one ([{args: [{class_name: "__keras_tensor__", config: {keras_history: ["dense", 0, 0]}}]}]).
 */
function notAChain(cfg: JsonObject | JsonArray, listed: ListedLayer[]): string | undefined {
  // A config that is the layers list itself states no inputs or outputs: the layers are still checked.
  const ends = (key: string): Refs | undefined => {
    const p = cfg.type === 'object' ? getProp(cfg, key) : undefined;
    return p && refNames(p.value);
  };
  const count = (r: Refs) => (r.cut ? `more than ${r.names.length}` : String(r.names.length));
  const inputs = ends('input_layers');
  const outputs = ends('output_layers');
  if (inputs && (inputs.cut || inputs.names.length !== 1)) return `it has ${count(inputs)} inputs`;
  if (outputs && (outputs.cut || outputs.names.length !== 1)) return `it has ${count(outputs)} outputs`;
  let prev: string | undefined;
  for (const x of listed) {
    const name = getName(x);
    if (x.cls === 'InputLayer') {
      if (prev !== undefined) return `the input "${show(name ?? '?')}" is not the first layer`;
      prev = name;
      continue;
    }
    const nodes = getProp(x.obj, 'inbound_nodes');
    if (!nodes || nodes.value.type !== 'array') return `the inputs of "${show(name ?? x.cls)}" are not stated (no "inbound_nodes")`;
    if (nodes.value.items.length !== 1) return `"${show(name ?? x.cls)}" is applied ${nodes.value.items.length} times (shared weights)`;
    const refs = refNames(nodes.value.items[0]);
    const from = refs.names;
    if (refs.cut || from.length !== 1) return `"${show(name ?? x.cls)}" takes ${count(refs)} inputs`;
    if (prev !== undefined && from[0] !== prev) return `"${show(name ?? x.cls)}" takes its input from "${show(from[0])}", not from the layer listed before it`;
    prev = name;
  }
  if (outputs && prev !== undefined && outputs.names[0] !== prev) return `its output is "${show(outputs.names[0])}", not the last layer listed`;
  return undefined;
}

/**
 * The layers a structure takes tensors from, in order: a Keras 2 reference ["dense", 0, 0, {}]
 * (also each entry of input_layers and output_layers, or one such entry alone), a Keras 3 tensor
 * {class_name: "__keras_tensor__", config: {keras_history: ["dense", 0, 0]}}, nested in lists and
 * objects. Bounded: a node names a few.
 */
interface Refs {
  names: string[];
  /** Not every reference was read: more than 8, or nested deeper than 8 lists and objects. */
  cut: boolean;
}

function refNames(value: JsonValue): Refs {
  const out: string[] = [];
  let cut = false;
  const add = (name: string): void => {
    if (out.length === 8) cut = true;
    else out.push(name);
  };
  const visit = (v: JsonValue, depth: number): void => {
    if (cut) return;
    if (depth > 8) {
      cut = v.type === 'array' || v.type === 'object';
      return;
    }
    if (v.type === 'array') {
      if (v.items[0]?.type === 'string' && v.items[1]?.type === 'number') add(v.items[0].value);
      else for (const e of v.items) visit(e, depth + 1);
    } else if (v.type === 'object') {
      const history = getProp(getObject(v, 'config') ?? v, 'keras_history');
      if (history && history.value.type === 'array' && history.value.items[0]?.type === 'string') add(history.value.items[0].value);
      else for (const p of v.properties) visit(p.value, depth + 1);
    }
  };
  visit(value, 0);
  return { names: out, cut };
}

/** The model's name from its config, else "keras model". */
function modelName(cfg: JsonObject | JsonArray): string {
  if (cfg.type !== 'object') return 'keras model';
  const n = getProp(cfg, 'name');
  return n && n.value.type === 'string' && n.value.value ? n.value.value : 'keras model';
}
