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
import { LIMITS } from './limits';
import { applyDefaults, checkSize, type ParseOptions } from './checks';
import { collect, sourceText, tooManyLayers, type FrontEndResult } from './scalingModel';
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

export function readKerasModel(text: string, lines: LineIndex, root: JsonValue, options?: ParseOptions): FrontEndResult {
  const out: FrontEndResult = { models: [], diagnostics: [] };
  const d = new Diags();
  const r = (v: { start: number; end: number }): Range => lines.range(v.start, v.end);
  if (isGraphModel(root)) return readGraphModel(lines, root, options);
  const topo = topology(root);
  if (!topo) {
    d.error('this model.json has "modelTopology" but no layers list (expected modelTopology.config.layers)', r(root), 'keras-no-layers');
    collect(out, { diags: d });
    return out;
  }
  const cfg = getProp(topo, 'config')!.value as JsonObject | JsonArray;
  const arr = cfg.type === 'array' ? cfg : (getProp(cfg, 'layers')!.value as JsonArray);
  let name = 'keras model';
  if (cfg.type === 'object') {
    const n = getProp(cfg, 'name');
    if (n && n.value.type === 'string' && n.value.value) name = n.value.value;
  }
  const modelClass = getProp(topo, 'class_name');
  const clsName = modelClass && modelClass.value.type === 'string' ? modelClass.value.value : 'Sequential';

  const model: ModelDescription = {
    name,
    data: { kind: 'gaussian', dim: 'd' },
    target: { kind: 'single-index', degree: 3 },
    parametrization: { readout: 'standard' },
    layers: [],
    range: r(root),
    origins: {},
    assumptions: [],
    source: 'keras',
  };
  if (clsName !== 'Sequential') {
    d.info(`a ${show(clsName)} model: its layers are read in the order listed, as a chain`, r(modelClass!.value), 'keras-functional');
  }

  // Pass 1: read every layer.
  interface Read {
    obj: JsonObject;
    cls: string;
    conf?: JsonObject;
  }
  const read: Read[] = [];
  let dim: { value: number; prop: JsonProperty } | undefined;
  const takeShape = (conf: JsonObject | undefined): void => {
    if (!conf || dim) return;
    for (const key of ['batch_input_shape', 'batch_shape', 'input_shape', 'batchInputShape', 'inputShape']) {
      const p = getProp(conf, key);
      if (!p) continue;
      // A shape has a few entries; a long list is not one (and its items are not read).
      const n = p.value.type === 'array' ? itemCount(p.value) : 0;
      if (p.value.type !== 'array' || n === 0 || n > 8) {
        d.warning(`"${key}" should be a list such as [null, 784]; the input dimension is left symbolic (d)`, r(p.value), 'keras-input-shape');
        return;
      }
      const last = p.value.items[n - 1];
      const c = last.type === 'number' ? checkSize(last.value, 'input dimension', last.raw) : undefined;
      if (c && c.ok && typeof c.value === 'number') {
        dim = { value: c.value, prop: p };
      } else if (c && !c.ok) {
        d.error(`${key}: ${c.message}`, r(last), 'keras-input-shape');
      } else {
        d.warning(`the last entry of "${key}" is not a number; the input dimension is left symbolic (d)`, r(last), 'keras-input-shape');
      }
      return;
    }
  };
  if (itemCount(arr) > LIMITS.maxLayers) {
    d.error(tooManyLayers(itemCount(arr)), r(arr), 'too-many-layers');
    collect(out, { diags: d });
    return out;
  }
  arr.items.forEach((item, i) => {
    if (item.type !== 'object') {
      d.error(`layer ${i + 1} must be an object with "class_name" and "config"`, r(item), 'keras-bad-layer');
      return;
    }
    const cp = getProp(item, 'class_name');
    if (!cp || cp.value.type !== 'string') {
      d.error(`layer ${i + 1} has no "class_name" (e.g. "Dense")`, r(item), 'keras-bad-layer');
      return;
    }
    const conf = getObject(item, 'config');
    read.push({ obj: item, cls: cp.value.value, conf });
    takeShape(conf);
    if (!dim) {
      const bc = getObject(item, 'build_config');
      if (bc && read.length === 1) takeShape(bc); // Keras 3 Sequential without an InputLayer
    }
  });
  if (dim) {
    model.data.dim = dim.value;
    model.origins!.d = { text: sourceText(text, dim.prop.start, dim.prop.end), range: r(dim.prop.value) };
  } else if (read.length) {
    d.warning('the input dimension is not stated (no InputLayer or batch_input_shape); it is left symbolic as d', r(arr), 'keras-no-input-dim');
  }

  // Pass 2: map to the model description; the last Dense is the readout.
  let lastDense = -1;
  read.forEach((x, i) => {
    if (x.cls === 'Dense') lastDense = i;
  });
  if (lastDense < 0) {
    d.error('no Dense layer in this model: the analysis needs dense layers and a readout', r(arr), 'keras-no-dense');
    collect(out, { diags: d });
    return out;
  }
  let n = 0;
  read.forEach((x, i) => {
    const range = r(x.obj);
    if (x.cls === 'InputLayer') return;
    if (x.cls !== 'Dense') {
      const layer: Layer = { type: x.cls, reason: reasonFor(x.cls), range, origin: { text: `class_name: "${show(x.cls)}"`, range } };
      const f = x.conf && (getProp(x.conf, 'filters') ?? getProp(x.conf, 'units'));
      if (f && f.value.type === 'number') {
        const c = checkSize(f.value.value, 'width', f.value.raw);
        if (c.ok) (layer as { width?: SizeValue }).width = c.value;
      }
      model.layers.push(layer);
      return;
    }
    n++;
    const units = x.conf && getProp(x.conf, 'units');
    const act = x.conf && getProp(x.conf, 'activation');
    let activation = 'linear';
    let actText = 'activation not stated (Keras default: linear)';
    if (act) {
      const v = act.value;
      if (v.type === 'string') activation = v.value;
      else if (v.type === 'object') {
        const c = getProp(v, 'config');
        const cn = getProp(v, 'class_name');
        if (c && c.value.type === 'string') activation = c.value.value;
        else if (cn && cn.value.type === 'string') activation = cn.value.value;
      }
      actText = sourceText(text, act.start, act.end);
    } else if (i !== lastDense) {
      model.assumptions!.push({ what: `activation of Dense layer ${n}`, value: 'linear (the Keras default)', source: 'default' });
    }
    if (i === lastDense) {
      const u = units && units.value.type === 'number' ? units.value.value : undefined;
      const origin = { text: `${units ? sourceText(text, units.start, units.end) : 'units not stated'} (last Dense: the readout)`, range: units ? r(units.value) : range };
      model.layers.push({ type: 'readout', range, origin });
      if (u !== 1) {
        d.info(
          `the last Dense layer${u !== undefined ? ` (${u} units)` : ''} is read as the readout; the analysis assumes one scalar output`,
          units ? r(units.value) : range,
          'keras-readout',
        );
      }
      return;
    }
    if (!units) {
      d.error(`Dense layer ${n} has no "units"`, range, 'keras-no-units');
      return;
    }
    const c = checkSize(units.value.type === 'number' ? units.value.value : units.value.type === 'string' ? units.value.value : null, 'units', units.value.type === 'number' ? units.value.raw : undefined);
    if (!c.ok) {
      d.error(`Dense layer ${n}: ${c.message}`, r(units.value), 'bad-width');
      return;
    }
    // Keras and TF.js dense layers add a bias unless use_bias (useBias) is false.
    const ub = x.conf && (getProp(x.conf, 'use_bias') ?? getProp(x.conf, 'useBias'));
    const stated = ub && ub.value.type === 'boolean' ? ub.value.value : undefined;
    if (ub && stated === undefined) d.warning(`"${ub.key}" should be true or false; the Keras default (a bias) is assumed`, r(ub.value), 'keras-bad-layer');
    model.layers.push({
      type: 'dense',
      width: c.value,
      activation,
      bias: stated ?? true,
      biasFrom: stated === undefined ? 'library-default' : 'file',
      range,
      origin: { text: `${sourceText(text, units.start, units.end)}, ${actText}`, range: r(units.value) },
    });
  });
  model.assumptions!.push({ what: 'data', value: `isotropic Gaussian inputs of dimension ${String(model.data.dim)} (the real data is not known from a model.json)`, source: 'default' });
  applyDefaults(model, { data: true }, options);
  collect(out, { model, diags: d });
  return out;
}
