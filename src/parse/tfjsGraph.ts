// TensorFlow.js graph models (`model.json` with `"format": "graph-model"`: a frozen TensorFlow
// graph, no layers list). When the graph is a plain stack of dense layers (MatMul + bias +
// activation, or the converter's fused _FusedMatMul), the layers are read back from the nodes and
// their widths from the weight shapes. Any other graph is refused with the node that stops the
// reading and the ops the graph holds, never guessed. Linear in the number of nodes.
// Pure: no Node, no VS Code.
import type { DenseLayer, Layer, ModelDescription, Range } from '../model/types';
import { lookupTable } from '../model/names';
import type { JsonArray, JsonObject, JsonValue } from './json';
import { getObject, getProp } from './json';
import { applyDefaults, checkSize, newModel, type ParseOptions } from './checks';
import { collect, type FrontEndResult } from './scalingModel';
import { Diags, LineIndex, show } from './text';

interface GraphNode {
  name: string;
  op: string;
  inputs: string[];
  obj: JsonObject;
}

/** Activation ops after a MatMul, as the analysis names them. */
const ACTIVATIONS = lookupTable<string>({ Relu: 'relu', Relu6: 'relu6', Elu: 'elu', Selu: 'selu', Sigmoid: 'sigmoid', Tanh: 'tanh', Softplus: 'softplus', LeakyRelu: 'leaky_relu', Softmax: 'softmax', Gelu: 'gelu' });
const BIAS_OPS = new Set(['BiasAdd', 'Add', 'AddV2']);
const PASS_THROUGH = new Set(['Identity', 'Cast']);
const EMPTY: JsonObject = { type: 'object', properties: [], start: 0, end: 0 };

/** A graph model: `format: "graph-model"`, or a `modelTopology` holding `node` instead of layers. */
export function isGraphModel(root: JsonValue): boolean {
  if (root.type !== 'object') return false;
  const format = getProp(root, 'format');
  if (format?.value.type === 'string' && format.value.value === 'graph-model') return true;
  return getProp(getObject(root, 'modelTopology') ?? EMPTY, 'node')?.value.type === 'array';
}

function str(o: JsonObject, key: string): string | undefined {
  const p = getProp(o, key);
  return p && p.value.type === 'string' ? p.value.value : undefined;
}

/** Decodes the base64 strings the converter writes for `fused_ops` (pure: no atob, no Buffer). */
function fromBase64(s: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let bits = 0;
  let value = 0;
  let out = '';
  for (const ch of s) {
    const k = alphabet.indexOf(ch);
    if (k < 0) continue; // padding or noise
    value = (value << 6) | k;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((value >> bits) & 0xff);
    }
  }
  return out;
}

/** A tensor name without its output index or control-dependency mark ("^x", "x:0" -> "x"). */
function base(name: string): string {
  return name.replace(/^\^/, '').replace(/:\d+$/, '');
}

class GraphReader {
  readonly d = new Diags();
  private readonly nodes = new Map<string, GraphNode>();
  private readonly consumers = new Map<string, GraphNode[]>();
  private readonly shapes = new Map<string, number[]>();

  constructor(
    private readonly lines: LineIndex,
    private readonly root: JsonObject,
  ) {}

  private r(v: { start: number; end: number }): Range {
    return this.lines.range(v.start, v.end);
  }

  read(options: ParseOptions | undefined): { model?: ModelDescription; diags: Diags } {
    const topo = getObject(this.root, 'modelTopology');
    const list = topo && getProp(topo, 'node');
    const where = this.r(this.root);
    if (!list || list.value.type !== 'array') {
      this.d.error('this TF.js graph model has no modelTopology.node list to read', where, 'tfjs-graph');
      return { diags: this.d };
    }
    this.index(list.value);
    const inputs = [...this.nodes.values()].filter((n) => n.op === 'Placeholder');
    const refuse = (why: string, at: { start: number; end: number } = list.value): { diags: Diags } => {
      this.d.warning(`a TensorFlow.js graph model (a frozen graph, no layers list): its layers cannot be recovered: ${why}. Ops in this graph: ${this.opSummary()}`, this.r(at), 'tfjs-graph-unread');
      return { diags: this.d };
    };
    if (inputs.length !== 1) return refuse(inputs.length ? `it has ${inputs.length} inputs (${inputs.slice(0, 3).map((n) => n.name).join(', ')}); only a model of one input is read` : 'it has no input (Placeholder) node');
    const layers: { width: number; activation: string; bias: boolean; node: GraphNode; inDim: number }[] = [];
    let current = inputs[0];
    for (let steps = 0; steps <= this.nodes.size; steps++) {
      const next = (this.consumers.get(current.name) ?? []).filter((n) => n.op !== 'NoOp');
      if (next.length === 0) break;
      if (next.length > 1) return refuse(`the tensor of node "${show(current.name, 60)}" feeds ${next.length} nodes (${next.slice(0, 3).map((n) => n.op).join(', ')}): the graph branches, so it is not a plain stack`, next[0].obj);
      const n = next[0];
      if (PASS_THROUGH.has(n.op)) {
        current = n;
        continue;
      }
      const step = this.denseAt(n);
      if (typeof step === 'string') return refuse(step, n.obj);
      layers.push(step.layer);
      current = step.last;
    }
    if (!layers.length) return refuse('no MatMul follows the input');
    for (let i = 1; i < layers.length; i++) {
      if (layers[i].inDim !== layers[i - 1].width) return refuse(`the weight shapes do not chain (layer ${i} gives ${layers[i - 1].width}, layer ${i + 1} takes ${layers[i].inDim})`, layers[i].node.obj);
    }
    return { model: this.model(layers, options), diags: this.d };
  }

  private index(list: JsonArray): void {
    for (const item of list.items) {
      if (item.type !== 'object') continue;
      const name = str(item, 'name');
      const op = str(item, 'op');
      if (!name || !op) continue;
      const ip = getProp(item, 'input');
      const inputs = ip && ip.value.type === 'array' ? ip.value.items.flatMap((x) => (x.type === 'string' && !x.value.startsWith('^') ? [base(x.value)] : [])) : [];
      const node: GraphNode = { name, op, inputs, obj: item };
      this.nodes.set(name, node);
      for (const i of inputs) {
        const c = this.consumers.get(i);
        if (c) c.push(node);
        else this.consumers.set(i, [node]);
      }
    }
    // Weight shapes: from the manifest, else from the Const node's tensorShape.
    const manifest = getProp(this.root, 'weightsManifest');
    for (const group of manifest && manifest.value.type === 'array' ? manifest.value.items : []) {
      const ws = group.type === 'object' ? getProp(group, 'weights') : undefined;
      for (const w of ws && ws.value.type === 'array' ? ws.value.items : []) {
        if (w.type !== 'object') continue;
        const name = str(w, 'name');
        const shape = getProp(w, 'shape');
        if (name && shape && shape.value.type === 'array') this.shapes.set(name, shape.value.items.map((x) => (x.type === 'number' ? x.value : NaN)));
      }
    }
  }

  private shapeOf(name: string): number[] | undefined {
    const known = this.shapes.get(name);
    if (known) return known;
    const node = this.nodes.get(name);
    const dims = node && getObject(getObject(getObject(getObject(node.obj, 'attr'), 'value'), 'tensor'), 'tensorShape');
    const dim = dims && getProp(dims, 'dim');
    if (!dim || dim.value.type !== 'array') return undefined;
    return dim.value.items.map((x) => (x.type === 'object' ? Number(str(x, 'size') ?? NaN) : NaN));
  }

  /** A dense layer starting at node n (MatMul or _FusedMatMul), with what follows it, or why not. */
  private denseAt(n: GraphNode): { layer: { width: number; activation: string; bias: boolean; node: GraphNode; inDim: number }; last: GraphNode } | string {
    if (n.op !== 'MatMul' && n.op !== '_FusedMatMul') {
      return `node "${show(n.name, 60)}" is a ${n.op}, not part of a plain dense stack (MatMul + bias + activation)`;
    }
    const attr = getObject(n.obj, 'attr');
    const tb = getProp(getObject(attr, 'transpose_b') ?? EMPTY, 'b');
    const transposed = tb?.value.type === 'boolean' && tb.value.value;
    const shape = this.shapeOf(n.inputs[1] ?? '');
    if (!shape || shape.length !== 2 || !shape.every((x) => Number.isInteger(x) && x > 0)) return `the weights of "${show(n.name, 60)}" have no 2-D shape in the manifest`;
    const [inDim, width] = transposed ? [shape[1], shape[0]] : shape;
    let bias = false;
    let activation = 'linear';
    let last = n;
    if (n.op === '_FusedMatMul') {
      const fused = getObject(getObject(attr, 'fused_ops'), 'list');
      const s = fused && getProp(fused, 's');
      const ops = s && s.value.type === 'array' ? s.value.items.map((x) => (x.type === 'string' ? fromBase64(x.value) : '')) : [];
      for (const op of ops) {
        if (op === 'BiasAdd') bias = true;
        else if (ACTIVATIONS[op]) activation = ACTIVATIONS[op];
        else return `node "${show(n.name, 60)}" fuses ${show(op, 30)}, which is not a bias or a known activation`;
      }
    }
    // Unfused: MatMul -> BiasAdd/Add -> activation, each the only consumer of the one before.
    const only = (node: GraphNode): GraphNode | undefined => {
      const c = this.consumers.get(node.name) ?? [];
      return c.length === 1 ? c[0] : undefined;
    };
    let next = only(last);
    if (!bias && next && BIAS_OPS.has(next.op)) {
      bias = true;
      last = next;
      next = only(last);
    }
    if (activation === 'linear' && next && ACTIVATIONS[next.op]) {
      activation = ACTIVATIONS[next.op];
      last = next;
    }
    return { layer: { width, activation, bias, node: n, inDim }, last };
  }

  private model(layers: { width: number; activation: string; bias: boolean; node: GraphNode; inDim: number }[], options: ParseOptions | undefined): ModelDescription {
    const m = newModel('graph model', layers[0].inDim, this.r(this.root), 'tfjs-graph');
    m.origins!.d = { text: `the first MatMul's weights: ${layers[0].inDim} × ${layers[0].width}`, range: this.r(layers[0].node.obj) };
    const dim = checkSize(layers[0].inDim, 'input dimension');
    if (!dim.ok) this.d.error(dim.message, this.r(layers[0].node.obj), 'bad-width');
    layers.forEach((l, i) => {
      const range = this.r(l.node.obj);
      const origin = { text: `${l.node.op} "${show(l.node.name, 60)}": ${l.inDim} × ${l.width}${l.bias ? ' + bias' : ''}, ${l.activation}`, range };
      if (i === layers.length - 1) {
        if (l.width !== 1) this.d.info(`the last dense layer (${l.width} units) is read as the readout; the analysis assumes one scalar output`, range, 'keras-readout');
        // Its activation is dropped: said, as the Keras and TF.js code readers say it.
        if (l.activation !== 'linear') this.d.info(`the readout's activation (${l.activation}) is not part of the analysis, which reads a linear readout`, range, 'keras-readout-activation');
        m.layers.push({ type: 'readout', range, origin });
        return;
      }
      const layer: DenseLayer = { type: 'dense', width: l.width, activation: l.activation, bias: l.bias, biasFrom: 'file', range, origin };
      m.layers.push(layer as Layer);
    });
    this.d.info(`a TensorFlow.js graph model (a frozen graph): read as a plain stack of ${layers.length} dense layers from its MatMul nodes and weight shapes`, this.r(this.root), 'tfjs-graph');
    m.assumptions!.push({ what: 'data', value: `isotropic Gaussian inputs of dimension ${layers[0].inDim} (the real data is not known from a model.json)`, source: 'default' });
    applyDefaults(m, { data: true }, options);
    return m;
  }

  private opSummary(): string {
    const counts = new Map<string, number>();
    for (const n of this.nodes.values()) counts.set(n.op, (counts.get(n.op) ?? 0) + 1);
    const top = [...counts.entries()].filter(([op]) => op !== 'Const').sort((a, b) => b[1] - a[1]);
    return top.slice(0, 8).map(([op, k]) => `${op} ×${k}`).join(', ') + (top.length > 8 ? `, and ${top.length - 8} more` : '');
  }
}

export function readGraphModel(lines: LineIndex, root: JsonValue, options?: ParseOptions): FrontEndResult {
  const out: FrontEndResult = { models: [], diagnostics: [] };
  if (root.type !== 'object') return out;
  collect(out, new GraphReader(lines, root).read(options));
  return out;
}
