// What torch names, builtins and methods mean to the reader: building nn modules, applying them to
// the flow of a forward pass (Linear, activations, containers, the file's own modules), torch
// functions and tensor methods, attribute look-ups, and the Python builtins a model file uses to
// compute sizes (range, len, zip, enumerate, min, ...). Pure: no Node, no VS Code.
import { lookupTable } from '../../model/names';
import { INPUT, isAncestor, isRawInput, mergeNode, stepNode, type FlowNode, type Step, type Where } from './flow';
import type { Call, Interp, Scope } from './interp';
import { callWith } from './interp';
import { mathFunction } from './builtins';
import { binop, iterate, MAX_LIST, txt, type Text } from './ops';
import {
  ACTIVATION_CLASSES,
  activationOfFunction,
  activationOfMethod,
  IDENTITY_CLASSES,
  MERGE_FUNCTIONS,
  PASS_FUNCTIONS,
  PASS_METHODS,
  SHAPE_METHODS,
  TRANSPARENT_CLASSES,
  TUPLE_RESULT_CLASSES,
} from './torchNames';
import { describe, NONE, unknown, type Mod, type Value } from './values';

/** Constructor parameters of the nn classes whose attributes (fc.out_features) a file may read back. */
const CTOR_PARAMS = lookupTable<string[]>({
  Linear: ['in_features', 'out_features', 'bias'],
  Bilinear: ['in1_features', 'in2_features', 'out_features', 'bias'],
  MultiheadAttention: ['embed_dim', 'num_heads', 'dropout', 'bias'],
  TransformerEncoderLayer: ['d_model', 'nhead', 'dim_feedforward', 'dropout', 'activation'],
  TransformerDecoderLayer: ['d_model', 'nhead', 'dim_feedforward', 'dropout', 'activation'],
  TransformerEncoder: ['encoder_layer', 'num_layers', 'norm'],
  TransformerDecoder: ['decoder_layer', 'num_layers', 'norm'],
  Transformer: ['d_model', 'nhead', 'num_encoder_layers', 'num_decoder_layers', 'dim_feedforward'],
  Embedding: ['num_embeddings', 'embedding_dim', 'padding_idx'],
  LayerNorm: ['normalized_shape', 'eps'],
  BatchNorm1d: ['num_features'],
  BatchNorm2d: ['num_features'],
  LSTM: ['input_size', 'hidden_size', 'num_layers'],
  GRU: ['input_size', 'hidden_size', 'num_layers'],
  RNN: ['input_size', 'hidden_size', 'num_layers'],
  Conv1d: ['in_channels', 'out_channels', 'kernel_size', 'stride', 'padding'],
  Conv2d: ['in_channels', 'out_channels', 'kernel_size', 'stride', 'padding'],
  Conv3d: ['in_channels', 'out_channels', 'kernel_size', 'stride', 'padding'],
  Dropout: ['p'],
  LeakyReLU: ['negative_slope'],
});

/** The value a module was built with for a constructor parameter (positional or keyword). */
export function ctorArg(m: Mod, name: string): { value: Value; at: Where } | undefined {
  const kw = m.kw.get(name);
  if (kw) return { value: kw, at: m.kwAt.get(name) ?? m.at };
  const k = (CTOR_PARAMS[m.cls] ?? []).indexOf(name);
  if (k >= 0 && k < m.args.length) return { value: m.args[k], at: m.argAt[k] ?? m.at };
  return undefined;
}

const MODULE_METHODS_SELF = new Set(['to', 'cuda', 'cpu', 'double', 'float', 'half', 'bfloat16', 'train', 'eval', 'requires_grad_', 'apply', 'type', 'share_memory', 'zero_grad']);

export class TorchSemantics {
  constructor(private readonly ip: Interp) {}

  // -------------------------------------------------------------------------------------------
  // Attributes

  getAttr(obj: Value, name: string, at: Where): Value {
    switch (obj.k) {
      case 'ref':
        return { k: 'ref', q: `${obj.q}.${name}` };
      case 'module':
        return this.moduleAttr(obj, name, at);
      case 'object':
        return this.instanceAttr(obj, name, at);
      case 'class': {
        const v = classAttr(obj.cls, name);
        if (v) return v;
        const m = this.ip.method(obj.cls, name);
        if (m) return { k: 'func', def: m.def, owner: m.owner };
        return unknown(`\`${this.ip.src(at)}\` is not set in class ${obj.cls.name}`, at, name);
      }
      case 'list':
      case 'dict':
      case 'str':
        return { k: 'builtin', name: `${obj.k}.${name}`, self: obj };
      case 'tensor':
        return this.tensorAttr(obj, name, at);
      case 'super':
        if (name === '__init__') return { k: 'builtin', name: 'super.__init__', self: obj };
        if (obj.cls.base) {
          const m = this.ip.method(obj.cls.base, name);
          if (m) return { k: 'func', def: m.def, self: obj.self, owner: m.owner };
        }
        // super().forward(x) of a class derived from nn.Sequential: its children, in order.
        if (name === 'forward' && obj.self.k === 'module' && (obj.self.m.items || obj.self.m.base)) return { k: 'builtin', name: 'super.forward', self: obj };
        return unknown(`\`${this.ip.src(at)}\` is not read (a method of a base class outside this file)`, at);
      case 'unknown':
        return { k: 'unknown', why: obj.why, at: obj.at, sym: /^[A-Za-z_]\w*$/.test(name) ? name : obj.sym };
      default:
        return unknown(`\`${this.ip.src(at)}\` (an attribute of ${describe(obj)}) cannot be read statically`, at, name);
    }
  }

  private moduleAttr(obj: Extract<Value, { k: 'module' }>, name: string, at: Where): Value {
    const m = obj.m;
    if (m.user) {
      const v = m.user.attrs.get(name) ?? classAttr(m.user.cls, name);
      if (v) return v;
      const meth = this.ip.method(m.user.cls, name);
      if (meth) return { k: 'func', def: meth.def, self: obj, owner: meth.owner };
      // The forward is read in evaluation mode (dropout is ignored by the analysis in any case).
      if (name === 'training') return { k: 'bool', v: false };
      // nn.Module's own dict of children (d2l's MySequential: self._modules[str(i)] = module, then a
      // loop over self._modules.values()): a ModuleDict of the module, kept among its attributes.
      if (name === '_modules') {
        const children = this.ip.newMod('ModuleDict', undefined, at);
        children.items = [];
        children.itemNames = [];
        const v: Value = { k: 'module', m: children };
        m.user.attrs.set('_modules', v);
        return v;
      }
    } else {
      const c = ctorArg(m, name);
      if (c) return c.value;
      if (m.items && m.itemNames) {
        const k = m.itemNames.indexOf(name);
        if (k >= 0) return m.items[k];
      }
    }
    // module.forward(x) is module(x).
    if (name === 'forward' || name === '__call__') return obj;
    if (MODULE_METHODS_SELF.has(name) || ['append', 'extend', 'insert', 'add_module', 'register_module', 'register_buffer', 'register_parameter', 'keys', 'values', 'items'].includes(name)) {
      return { k: 'builtin', name: `module.${name}`, self: obj };
    }
    if (m.user?.cls.torchBase && !['Sequential', 'ModuleList', 'ModuleDict'].includes(m.user.cls.torchBase)) {
      return unknown(`\`${this.ip.src(at)}\` is set by nn.${m.user.cls.torchBase}, whose own code is not read`, at, name);
    }
    const owner = m.user ? `${m.user.cls.name}.__init__` : `nn.${m.cls}`;
    return unknown(`\`${this.ip.src(at)}\` is not set in ${owner}`, at, name);
  }

  private instanceAttr(obj: Extract<Value, { k: 'object' }>, name: string, at: Where): Value {
    const v = obj.inst.attrs.get(name) ?? classAttr(obj.inst.cls, name);
    if (v) return v;
    const meth = this.ip.method(obj.inst.cls, name);
    if (meth) return { k: 'func', def: meth.def, self: obj, owner: meth.owner };
    return unknown(`\`${this.ip.src(at)}\` is not set on this ${obj.inst.cls.name}`, at, name);
  }

  private tensorAttr(obj: Extract<Value, { k: 'tensor' }>, name: string, at: Where): Value {
    if (name === 'T' || name === 'mT' || name === 'data') return obj;
    if (PASS_METHODS.has(name)) return { k: 'builtin', name: 'tensor.pass', self: obj };
    const act = activationOfMethod(name);
    if (act) return { k: 'builtin', name: `tensor.act:${act}`, self: obj };
    if (SHAPE_METHODS.has(name)) {
      if (['shape', 'ndim', 'device', 'dtype', 'is_cuda'].includes(name)) return unknown(`\`${this.ip.src(at)}\` is a property of a tensor, known only when the model runs`, at);
      return { k: 'builtin', name: 'tensor.shape', self: obj };
    }
    return { k: 'builtin', name: `tensor.op:${name}`, self: obj };
  }

  // -------------------------------------------------------------------------------------------
  // Operators with tensors

  binary(op: string, a: Value, b: Value, at: Where, text: Text): Value {
    if (a.k !== 'tensor' && b.k !== 'tensor') return binop(op, a, b, at, text);
    if (a.k === 'tensor' && b.k === 'tensor') {
      let type = op === '*' ? 'product' : op === '@' ? 'matmul' : op === '/' ? 'ratio' : 'combination';
      if (op === '+' || op === '-') type = isAncestor(a.node, b.node) || isAncestor(b.node, a.node) ? 'residual' : 'add';
      const reason =
        type === 'residual'
          ? 'a residual connection (x + f(x)) is not covered by the scale analysis'
          : `combining two tensors of the forward (${type}) is not covered by the scale analysis`;
      return { k: 'tensor', node: mergeNode([a.node, b.node], { s: 'op', type, reason, at, text: txt(text) }) };
    }
    const t = (a.k === 'tensor' ? a : b) as Extract<Value, { k: 'tensor' }>;
    const other = a.k === 'tensor' ? b : a;
    // Scaling by a constant (x * 0.5, x / temperature) does not change the exponents.
    if (other.k !== 'list' && other.k !== 'module' && (op === '*' || (op === '/' && a.k === 'tensor'))) return t;
    return this.op(t.node, op === '+' || op === '-' ? 'shift' : 'operation', `\`${txt(text)}\` (${op} with a value that is not a tensor of the forward) is not covered by the scale analysis`, at, txt(text));
  }

  private op(node: FlowNode, type: string, reason: string, at: Where, text: string): Value {
    return { k: 'tensor', node: stepNode(node, { s: 'op', type, reason, at, text }) };
  }

  private step(node: FlowNode, step: Step): Value {
    return { k: 'tensor', node: stepNode(node, step) };
  }

  // -------------------------------------------------------------------------------------------
  // Modules

  /** nn.X(...): a module, with containers' children read. */
  construct(cls: string, c: Call): Value {
    const m = this.ip.newMod(cls, c, c.at);
    if (cls === 'Sequential' || cls === 'ModuleList' || cls === 'ModuleDict') this.containerInit(m, cls, c);
    else for (const v of [...c.args, ...c.kw.values()]) this.ip.consume(v);
    return { k: 'module', m };
  }

  /** The children of a container: Sequential(a, b), Sequential(OrderedDict(...)), ModuleList([...]), ModuleDict({...}). */
  containerInit(m: Mod, cls: string, c: Call): void {
    m.items ??= [];
    const only = c.args.length === 1 ? c.args[0] : undefined;
    if (only?.k === 'dict') {
      m.itemNames ??= [];
      only.keys.forEach((k, i) => {
        m.itemNames!.push(k.k === 'str' ? k.v : String(i));
        m.items!.push(only.vals[i]);
      });
      if (only.taint) m.items.push(unknown(only.taint, c.at));
    } else if (cls === 'ModuleList' || cls === 'ModuleDict') {
      if (only) {
        const it = iterate(only, MAX_LIST);
        if ('items' in it) m.items.push(...it.items);
        else m.items.push(unknown(`the modules \`${this.ip.src(c.argAt[0] ?? c.at)}\` cannot be read statically: ${it.why}`, c.argAt[0] ?? c.at));
        if (only.k === 'list' && only.taint) m.items.push(unknown(only.taint, c.argAt[0] ?? c.at));
      }
    } else {
      if (!m.items.length) m.itemAt = c.argAt.slice(0, c.args.length);
      m.items.push(...c.args);
    }
    for (const v of m.items) this.ip.consume(v);
  }

  /** super().__init__(...) of a class derived from a torch class: a container's children, or the layer it is. */
  baseInit(m: Mod, torchBase: string, c: Call): void {
    if (torchBase === 'Sequential' || torchBase === 'ModuleList' || torchBase === 'ModuleDict') this.containerInit(m, torchBase, c);
    else m.base = this.ip.newMod(torchBase, c, m.at);
  }

  /** module(x): the module applied to the flow. */
  applyModule(m: Mod, c: Call): Value {
    const x = c.args[0];
    if (m.user) return this.applyUser(m, c);
    if (!x || x.k !== 'tensor') {
      if (x?.k === 'list' && x.items.some((i) => i.k === 'tensor')) return this.applyModule(m, callWith(c, [x.items.find((i) => i.k === 'tensor')!, ...c.args.slice(1)]));
      if (x?.k === 'unknown') return x;
      return unknown(`\`${c.text}\` applies nn.${m.cls} to ${x ? describe(x) : 'nothing'}, not to the flow of the forward input`, c.at);
    }
    if (m.cls === 'Sequential') return this.applyAll(m.items ?? [], x, c, m.itemAt);
    if (m.cls === 'ModuleList' || m.cls === 'ModuleDict') return this.op(x.node, 'call', `\`${c.text}\`: a ${m.cls} cannot be called`, c.at, c.text);
    if (IDENTITY_CLASSES.has(m.cls)) return x;
    const act = ACTIVATION_CLASSES[m.cls];
    if (act) return this.step(x.node, { s: 'act', name: act, at: m.at, text: this.ip.src(m.at) });
    if (TRANSPARENT_CLASSES[m.cls] === 'dropout') return this.step(x.node, { s: 'drop', at: m.at, text: this.ip.src(m.at), mod: m });
    this.ip.appliedMods.add(m);
    // A reparametrized layer is said just before it, and keeps its place (and its activation).
    const before = m.reparam ? this.op(x.node, m.reparam, `${m.reparam}(nn.${m.cls}(...)) sets the layer's weights as ${m.reparam === 'weight_norm' ? 'a direction times a learned length' : 'a matrix divided by its largest singular value'}: not covered by the scale analysis, whose rules take plain Gaussian weights`, m.at, this.ip.src(m.at)) : x;
    const out = this.step((before as Extract<Value, { k: 'tensor' }>).node, { s: 'module', mod: m, at: c.at });
    if (TUPLE_RESULT_CLASSES.has(m.cls)) return { k: 'list', items: [out, unknown(`the second output of nn.${m.cls} is not read`, c.at)], tuple: true };
    return out;
  }

  /** The children of a Sequential applied in order. */
  private applyAll(items: Value[], x: Value, c: Call, itemAt?: Where[]): Value {
    let v = x;
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      this.ip.tick();
      if (v.k !== 'tensor') return v;
      if (item.k === 'module') v = this.applyModule(item.m, callWith(c, [v]));
      else if (item.k === 'unknown') {
        // Said where the layer is written (layer_init(nn.Linear(8, 64))), not where its name was imported.
        const at = itemAt?.[i] ?? item.at;
        v = this.op(v.node, 'call', `a layer of this nn.Sequential cannot be read statically: ${item.why}`, at, this.ip.src(at));
      } else v = this.op(v.node, 'call', `${describe(item)} in an nn.Sequential is not a module`, c.at, c.text);
    }
    return v;
  }

  /** A module class of the file applied: its forward (or its container's children), followed inline. */
  private applyUser(m: Mod, c: Call): Value {
    const self: Value = { k: 'module', m };
    this.ip.applied.add(m.user!.cls);
    const fwd = this.ip.method(m.user!.cls, 'forward') ?? this.ip.method(m.user!.cls, '__call__');
    if (fwd) return this.ip.callFunction({ k: 'func', def: fwd.def, self, owner: fwd.owner }, c, false);
    const x = c.args[0];
    if (m.items && x?.k === 'tensor') return this.applyAll(m.items, x, c);
    if (m.base) return this.applyModule(m.base, c);
    if (x?.k === 'tensor') return this.op(x.node, 'call', `${m.cls} has no forward() in this file`, c.at, c.text);
    return unknown(`\`${c.text}\`: ${m.cls} has no forward() in this file`, c.at);
  }

  /** A call of something unknown: on the flow it is an operation the analysis does not cover. */
  unknownCall(fn: Extract<Value, { k: 'unknown' }>, c: Call): Value {
    const t = firstTensor(c);
    if (t) return this.op(t.node, 'call', `\`${c.text}\` cannot be read statically: ${fn.why}`, c.at, c.text);
    return { k: 'unknown', why: fn.why, at: fn.at, sym: fn.sym };
  }

  // -------------------------------------------------------------------------------------------
  // torch.*, collections, math

  callRef(q: string, c: Call): Value {
    const nn = /^torch\.nn(?:\.modules(?:\.[a-z_]+)*)?\.([A-Z][A-Za-z0-9_]*)$/.exec(q);
    if (nn) {
      if (nn[1] === 'Parameter') return unknown(`\`${c.text}\` is a parameter tensor, not read`, c.at);
      return this.construct(nn[1], c);
    }
    if (/^torch\.nn\.init\./.test(q)) return NONE;
    // weight_norm(nn.Linear(...)) keeps the layer, with its weights reparametrized (the reason was
    // "computed by torch when the model runs", though it is applied once, when the model is built).
    const reparam = /^torch\.nn\.utils\.(?:parametrizations\.)?(weight_norm|spectral_norm)$/.exec(q);
    if (reparam && c.args[0]?.k === 'module') {
      c.args[0].m.reparam = reparam[1];
      return c.args[0];
    }
    if (q.startsWith('torch.')) return this.torchFunction(q, c);
    if (q === 'collections.OrderedDict' || q === 'typing.OrderedDict') return this.orderedDict(c);
    if (q.startsWith('math.') || q.startsWith('numpy.') || q.startsWith('np.')) {
      const r = mathFunction(q.slice(q.indexOf('.') + 1), c);
      if (r) return r;
    }
    if (q === 'dataclasses.field') return c.kw.get('default') ?? unknown(`\`${c.text}\` has no static default`, c.at);
    const t = firstTensor(c);
    const why = `\`${q}\` comes from ${q.split('.')[0]}, which is not read (only this file is)`;
    if (t) return this.op(t.node, 'call', `\`${c.text}\` cannot be read statically: ${why}`, c.at, c.text);
    return unknown(why, c.at, q.slice(q.lastIndexOf('.') + 1));
  }

  private torchFunction(q: string, c: Call): Value {
    const x = c.args[0];
    if ((q === 'torch.clamp' || q === 'torch.clip') && x?.k === 'tensor' && isReluClamp(c.args.slice(1), c.kw)) return this.step(x.node, { s: 'act', name: 'relu', at: c.at, text: c.text });
    const act = activationOfFunction(q);
    if (act && x?.k === 'tensor') return this.step(x.node, { s: 'act', name: act, at: c.at, text: c.text });
    if (PASS_FUNCTIONS.has(q) && x?.k === 'tensor') {
      return /dropout/.test(q) ? this.step(x.node, { s: 'drop', at: c.at, text: c.text }) : x;
    }
    const merge = MERGE_FUNCTIONS[q];
    if (merge) {
      const parts = x?.k === 'list' ? x.items : c.args;
      const tensors = parts.filter((v): v is Extract<Value, { k: 'tensor' }> => v.k === 'tensor');
      // The inputs themselves joined before any layer (a Q-network's torch.cat([state, action], 1)):
      // one input, as wide as the first nn.Linear's in_features says.
      if (tensors.length >= 2 && merge === 'concatenate' && tensors.every((t) => isRawInput(t.node)) && tensors.length === parts.length) return { k: 'tensor', node: INPUT };
      if (tensors.length >= 2) return { k: 'tensor', node: mergeNode(tensors.map((t) => t.node), { s: 'op', type: merge, reason: `${merge === 'concatenate' ? 'concatenating' : 'combining'} tensors of the forward (${q.replace(/^torch\./, 'torch.')}) is not covered by the scale analysis`, at: c.at, text: c.text }) };
      // torch.cat([x], 1) is x; joined to a value that is not a tensor of the forward (a parameter,
      // something imported), the flow gains features the analysis does not see.
      if (tensors.length === 1 && (merge === 'concatenate' || merge === 'stack')) {
        const rest = parts.filter((v) => v.k !== 'tensor');
        if (!rest.length) return tensors[0];
        return this.op(tensors[0].node, merge, `${q.replace(/^torch\./, 'torch.')}(...) joins the flow with ${describe(rest[0])}, which is not a tensor of the forward: not covered by the scale analysis`, c.at, c.text);
      }
    }
    const t = firstTensor(c);
    const short = q.replace(/^torch\.nn\.functional\./, 'F.');
    if (t) return this.op(t.node, q.slice(q.lastIndexOf('.') + 1), `${short}(...) applied to the flow is not covered by the scale analysis`, c.at, c.text);
    const u = [...c.args, ...c.kw.values()].find((v): v is Extract<Value, { k: 'unknown' }> => v.k === 'unknown');
    if (u) return u;
    return unknown(`\`${c.text}\` is computed by torch when the model runs`, c.at);
  }

  private orderedDict(c: Call): Value {
    const keys: Value[] = [];
    const vals: Value[] = [];
    const src = c.args[0];
    if (src?.k === 'dict') return { k: 'dict', keys: [...src.keys], vals: [...src.vals], taint: src.taint };
    if (src) {
      const it = iterate(src, MAX_LIST);
      if ('why' in it) return { k: 'dict', keys, vals, taint: `\`${c.text}\` cannot be read statically: ${it.why}` };
      for (const pair of it.items) {
        if (pair.k === 'list' && pair.items.length === 2) (keys.push(pair.items[0]), vals.push(pair.items[1]));
        else return { k: 'dict', keys, vals, taint: `an item of \`${c.text}\` is not a (name, module) pair` };
      }
    }
    for (const [k, v] of c.kw) (keys.push({ k: 'str', v: k }), vals.push(v));
    return { k: 'dict', keys, vals };
  }

  // -------------------------------------------------------------------------------------------
  // Builtins and bound methods

  callBuiltin(fn: Extract<Value, { k: 'builtin' }>, c: Call, scope: Scope): Value {
    this.ip.tick();
    const [kind, method] = fn.name.includes('.') ? [fn.name.slice(0, fn.name.indexOf('.')), fn.name.slice(fn.name.indexOf('.') + 1)] : ['', fn.name];
    switch (kind) {
      case '':
        return this.ip.builtins.call(method, c, scope);
      case 'list':
      case 'dict':
      case 'str':
        return this.ip.builtins.method(fn.self!, method, c);
      case 'module':
        return this.moduleMethod(fn.self as Extract<Value, { k: 'module' }>, method, c);
      case 'tensor':
        return this.tensorMethod(fn.self as Extract<Value, { k: 'tensor' }>, method, c);
      case 'super': {
        const sup = fn.self as Extract<Value, { k: 'super' }>;
        if (method === 'forward' && sup.self.k === 'module') {
          const m = sup.self.m;
          const x = c.args[0];
          if (m.base) return this.applyModule(m.base, c);
          return x?.k === 'tensor' ? this.applyAll(m.items ?? [], x, c) : x ?? NONE;
        }
        return this.ip.superInit(sup, c);
      }
      default:
        return unknown(`\`${c.text}\` cannot be read statically`, c.at);
    }
  }

  private moduleMethod(self: Extract<Value, { k: 'module' }>, method: string, c: Call): Value {
    const m = self.m;
    const a = c.args;
    if (MODULE_METHODS_SELF.has(method)) return self;
    switch (method) {
      case 'append':
      case 'extend':
      case 'insert': {
        if (!m.items) return NONE;
        if (method === 'append' && a[0]) m.items.push(a[0]);
        else if (method === 'extend' && a[0]) {
          const it = a[0].k === 'module' && a[0].m.items ? { items: a[0].m.items } : iterate(a[0], MAX_LIST);
          if ('items' in it) m.items.push(...it.items);
          else m.items.push(unknown(`\`${c.text}\` cannot be read statically: ${it.why}`, c.at));
        } else if (method === 'insert' && a[1]) {
          const k = this.ip.int(a[0] ?? NONE);
          if (k === undefined) m.items.push(unknown(`\`${c.text}\` cannot be read statically`, c.at));
          else m.items.splice(k, 0, a[1]);
        }
        for (const v of a) this.ip.consume(v);
        return NONE;
      }
      case 'add_module':
      case 'register_module': {
        const name = a[0]?.k === 'str' ? a[0].v : undefined;
        if (a[1]) this.ip.consume(a[1]);
        // A container keeps its children in order; their names matter only for look-ups by name.
        if (m.items && a[1]) {
          m.items.push(a[1]);
          if (m.itemNames) m.itemNames.push(name ?? `?${m.items.length}`);
        } else if (m.user && name !== undefined && a[1]) m.user.attrs.set(name, a[1]);
        return NONE;
      }
      case 'register_buffer':
      case 'register_parameter':
        if (m.user && a[0]?.k === 'str') m.user.attrs.set(a[0].v, unknown(`\`${this.ip.src(c.at)}\` is a tensor of the module, not read`, c.at));
        return NONE;
      case 'keys':
        return { k: 'list', items: (m.itemNames ?? []).map((v): Value => ({ k: 'str', v })), tuple: false };
      case 'values':
        return { k: 'list', items: [...(m.items ?? [])], tuple: false };
      case 'items':
        return { k: 'list', items: (m.items ?? []).map((v, k): Value => ({ k: 'list', items: [{ k: 'str', v: m.itemNames?.[k] ?? String(k) }, v], tuple: true })), tuple: false };
      default:
        return unknown(`\`${c.text}\` cannot be read statically`, c.at);
    }
  }

  private tensorMethod(t: Extract<Value, { k: 'tensor' }>, method: string, c: Call): Value {
    if (method === 'pass') return t;
    if ((method === 'op:clamp' || method === 'op:clip' || method === 'op:clamp_') && isReluClamp(c.args, c.kw)) return this.step(t.node, { s: 'act', name: 'relu', at: c.at, text: c.text });
    if (method === 'op:clamp_min' && c.args[0]?.k === 'num' && c.args[0].v === 0) return this.step(t.node, { s: 'act', name: 'relu', at: c.at, text: c.text });
    if (method === 'shape') return unknown(`\`${c.text}\` is known only when the model runs`, c.at);
    if (method.startsWith('act:')) return this.step(t.node, { s: 'act', name: method.slice(4), at: c.at, text: c.text });
    const name = method.slice(method.indexOf(':') + 1);
    return this.op(t.node, name, `\`.${name}(...)\` applied to the flow is not covered by the scale analysis`, c.at, c.text);
  }
}

function classAttr(cls: import('./values').ClassInfo, name: string): Value | undefined {
  for (let x: import('./values').ClassInfo | undefined = cls, k = 0; x && k < 32; x = x.base, k++) {
    const v = x.attrs.get(name);
    if (v) return v;
  }
  return undefined;
}

function firstTensor(c: Call): Extract<Value, { k: 'tensor' }> | undefined {
  for (const v of [...c.args, ...c.kw.values()]) {
    if (v.k === 'tensor') return v;
    if (v.k === 'list') for (const x of v.items) if (x.k === 'tensor') return x;
  }
  return undefined;
}

/** clamp(min=0) with no upper bound is a ReLU (x.clamp(min=0), torch.clamp(x, 0)). */
function isReluClamp(args: Value[], kw: Map<string, Value>): boolean {
  const min = kw.get('min') ?? args[0];
  const max = kw.get('max') ?? args[1];
  return min?.k === 'num' && min.v === 0 && (max === undefined || max.k === 'none');
}
