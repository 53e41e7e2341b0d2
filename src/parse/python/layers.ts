// From the steps of a forward pass to the model description's layers: nn.Linear layers with the
// activation that follows them in forward, their width (out_features) and bias; the last nn.Linear
// as the readout; d from the first nn.Linear's in_features; an attention head read as the one the
// engine covers, the rest of its model listed as not covered (as for Hugging Face configs); every
// other module or operation kept in place as not covered, with the reason. A size that cannot be
// read becomes a symbol, said by name and position, so that the result asks for it.
// Pure: no Node, no VS Code.
import type { AttentionLayer, DenseLayer, Layer, Range, SizeValue } from '../../model/types';
import { lookupTable } from '../../model/names';
import { isSymbolName } from '../../model/sizeExpr';
import { checkSize, type RawEntry } from '../checks';
import type { Diags, LineIndex } from '../text';
import type { Step, Where } from './flow';
import { ctorArg } from './torchCalls';
import { ATTENTION_CLASSES, OUTPUT_ACTIVATIONS, reasonForClass, TRANSPARENT_CLASSES } from './torchNames';
import { describe, type Mod, type Value } from './values';

export interface BuiltLayers {
  layers: Layer[];
  /** The numbers the code gives its widths, as sizes of their symbols (N1 = 512), so that a regime can name them. */
  sizes: RawEntry[];
  dim: SizeValue;
  dimOrigin?: { text: string; range: Range };
  /** The attention head the model was read as, if any. */
  attention?: AttentionLayer;
}

interface Ctx {
  lines: LineIndex;
  d: Diags;
  src: (w: Where, max?: number) => string;
  /** Where sizes can be given, for messages: "# @scaling sizes ... above the model or in net.scaling.json". */
  giveIt: (sym: string, alternative?: string) => string;
  context?: { value: SizeValue; text: string; range: Range };
  /**
   * Name numeric widths N1, N2, ... with the code's number as their size (so that a regime or sizes
   * in the tags can name them); otherwise they stay numbers, as in a Keras model.json.
   */
  symbolic: boolean;
}

const WHOLE_TRANSFORMER = lookupTable<string>({
  TransformerEncoderLayer: 'encoder',
  TransformerDecoderLayer: 'decoder',
  TransformerEncoder: 'encoder',
  TransformerDecoder: 'decoder',
  Transformer: 'encoder-decoder',
});

export class LayerBuilder {
  private readonly layers: Layer[] = [];
  private readonly sizes: RawEntry[] = [];
  /** Size symbols given to values that cannot be read, by the place that made them. */
  private readonly symbols = new Map<string, string>();
  private readonly used = new Set<string>(['d', 'kappa']);
  private denseCount = 0;
  private lastDense?: DenseLayer;
  /** An attention head came after the last dense layer (an activation then is not that layer's). */
  private attentionAfterDense = false;
  /** Dense layers whose activation forward has given. */
  private readonly activated = new Set<DenseLayer>();
  private attention?: AttentionLayer;
  private dim: SizeValue = 'd';
  private dimOrigin?: { text: string; range: Range };

  constructor(private readonly c: Ctx) {}

  private r(w: Where): Range {
    return this.c.lines.range(w.start, w.end);
  }

  build(steps: Step[], onInput?: ReadonlySet<Step>): BuiltLayers {
    const linears = steps.map((s, i) => (s.s === 'module' && s.mod.cls === 'Linear' ? i : -1)).filter((i) => i >= 0);
    // The last nn.Linear is the readout, unless a call the reader could not follow comes after it
    // (a layer built in a branch it cannot decide may be the real readout): then it is a hidden
    // layer, and the call stops the analysis (it read as the readout, its activation dropped).
    let last = linears.length ? linears[linears.length - 1] : -1;
    if (last >= 0 && steps.slice(last + 1).some((s) => s.s === 'op' && s.type === 'call')) last = -1;
    // The first step the input itself goes through (another input's own steps come before it in
    // `steps` and were taken for it: "the input goes through `t` before the first nn.Linear").
    const firstReal = steps.findIndex((s) => (!onInput || onInput.has(s)) && s.s !== 'drop' && !(s.s === 'module' && TRANSPARENT_CLASSES[s.mod.cls]));
    const hasAttention = steps.some((s) => s.s === 'module' && ATTENTION_CLASSES.has(s.mod.cls));
    // A layer applied again shares its weights: the rules assume weights of their own for each
    // layer (read as two layers, such a model got a certified number for another network).
    const applied = new Set<Mod>();
    steps.forEach((s, i) => {
      if (s.s === 'act') return this.activation(s, i > last && last >= 0);
      if (s.s === 'module' && s.mod.cls === 'Linear' && applied.has(s.mod)) {
        const at = this.r(s.at);
        return this.push({ type: 'shared', reason: 'this nn.Linear is applied again (shared weights): the scale analysis assumes weights of their own for each layer', range: at, origin: { text: this.c.src(s.mod.at), range: at } });
      }
      if (s.s === 'module') applied.add(s.mod);
      // Dropout and reshaping after the readout change nothing the analysis reads.
      if (i > last && last >= 0 && (s.s === 'drop' || (s.s === 'module' && TRANSPARENT_CLASSES[s.mod.cls]))) return;
      if (s.s === 'drop') return this.push({ type: 'dropout', range: this.r(s.at), origin: { text: s.text, range: this.r(s.at) } });
      if (s.s === 'op') return this.push({ type: s.type, reason: s.reason, range: this.r(s.at), origin: { text: s.text, range: this.r(s.at) } });
      const m = s.mod;
      if (m.cls === 'Linear') return i === last ? this.readout(m, i === firstReal && !hasAttention) : this.dense(m, i === firstReal && !hasAttention);
      if (ATTENTION_CLASSES.has(m.cls)) return this.attentionModule(m, m);
      const t = TRANSPARENT_CLASSES[m.cls];
      if (t) return this.push({ type: t, range: this.r(m.at), origin: { text: this.c.src(m.at), range: this.r(m.at) } });
      this.uncovered(m);
    });
    if (!linears.length && !this.attention) return { layers: this.layers, sizes: this.sizes, dim: this.dim };
    if (this.attention) this.markPartial();
    else if (firstReal >= 0 && !(steps[firstReal].s === 'module' && (steps[firstReal] as { mod: Mod }).mod.cls === 'Linear')) {
      const first = steps[firstReal];
      const what = first.s === 'module' ? `nn.${first.mod.cls}` : first.s === 'act' ? `the activation ${first.name}` : `\`${first.text}\``;
      this.c.d.info(`the input goes through ${what} before the first nn.Linear, so d is not its in_features; d stays a symbol`, this.r(first.at), 'py-input');
    }
    this.checkShapes(steps);
    return { layers: this.layers, sizes: this.sizes, dim: this.dim, dimOrigin: this.dimOrigin, attention: this.attention };
  }

  private push(l: Layer): void {
    // An activation belongs to the layer it follows: past a layer that is not covered (Linear,
    // BatchNorm1d, ReLU) it is not the dense layer's, which was listed as relu before the norm.
    if ('reason' in l) this.lastDense = undefined;
    this.layers.push(l);
  }

  private activation(s: Extract<Step, { s: 'act' }>, afterReadout: boolean): void {
    const at = this.r(s.at);
    if (afterReadout) {
      const why = OUTPUT_ACTIVATIONS.has(s.name) ? 'it only turns the outputs into probabilities' : 'the analysis reads a linear readout';
      this.c.d.info(`${s.text} after the last nn.Linear (the readout) is not part of the analysis: ${why}`, at, 'py-output-activation');
      return;
    }
    const dense = this.lastDense;
    if (dense && !this.activated.has(dense) && !this.attentionAfterDense) {
      dense.activation = s.name;
      this.activated.add(dense);
      dense.origin = { text: `${dense.origin!.text}; activation ${s.text} at line ${at.start.line + 1}`, range: dense.origin!.range };
      return;
    }
    const reason = dense && this.activated.has(dense)
      ? `a second activation (${s.name} after ${dense.activation}) on the same layer is not covered by the scale analysis`
      : `an activation (${s.name}) that follows no nn.Linear directly is not covered by the scale analysis`;
    this.push({ type: 'activation', reason, range: at, origin: { text: s.text, range: at } });
  }

  private dense(m: Mod, first: boolean): void {
    this.denseCount++;
    const range = this.r(m.at);
    if (first) this.inputDim(m);
    const out = ctorArg(m, 'out_features');
    const fallback = this.fresh(`N${this.denseCount}`);
    const read = this.size(out, fallback, 'out_features', m);
    // A number from the code is the size of the layer's symbol, as in a JSON model with sizes.
    const width = typeof read === 'number' && this.c.symbolic ? fallback : read;
    if (typeof read === 'number' && out && this.c.symbolic) {
      this.sizes.push({ key: fallback, value: read, raw: String(read), keyRange: this.r(out.at), valueRange: this.r(out.at), text: `${this.c.src(m.at)}: out_features ${this.shown(out, read)}` });
    }
    const layer: DenseLayer = {
      type: 'dense',
      width,
      activation: 'linear',
      range,
      origin: { text: `${this.c.src(m.at)}: out_features ${this.shown(out, read)}${typeof read === 'number' && width !== read ? ` (${width})` : ''}`, range: out ? this.r(out.at) : range },
      ...this.bias(m),
    };
    this.lastDense = layer;
    this.attentionAfterDense = false;
    this.push(layer);
  }

  /** The width of a layer, or the symbol it stands for (said as a warning at the argument). */
  private size(arg: { value: Value; at: Where } | undefined, fallback: string, what: string, m: Mod): SizeValue {
    if (!arg) {
      this.c.d.ask('warning', `nn.${m.cls}(...) does not state ${what}; it is the symbol ${fallback}.`, this.c.giveIt(fallback), this.r(m.at), 'py-unresolved', fallback);
      return fallback;
    }
    const v = arg.value;
    if (v.k === 'num') {
      const c = checkSize(v.v, what);
      if (c.ok) return c.value;
      this.c.d.error(`${what} \`${this.c.src(arg.at, 40)}\`: ${c.message}`, this.r(arg.at), 'bad-width');
      return fallback;
    }
    if (v.k !== 'unknown') {
      this.c.d.error(`${what} \`${this.c.src(arg.at, 40)}\` must be a whole number, got ${describe(v)}`, this.r(arg.at), 'bad-width');
      return fallback;
    }
    const sym = this.symbolFor(v, fallback);
    this.c.d.ask('warning', `${what} \`${this.c.src(arg.at, 40)}\` cannot be read statically: ${v.why}. It is the symbol ${sym}.`, this.c.giveIt(sym), this.r(arg.at), 'py-unresolved', sym);
    return sym;
  }

  /** One symbol per unknown (two layers with the same unknown width share it): its Python name when it has one. */
  private symbolFor(v: Extract<Value, { k: 'unknown' }>, fallback: string): string {
    const key = unknownKey(v);
    const known = this.symbols.get(key);
    if (known) return known;
    const sym = v.sym && isSymbolName(v.sym) && !/^(d|kappa|L)$/.test(v.sym) ? this.fresh(v.sym) : fallback;
    this.symbols.set(key, sym);
    return sym;
  }

  /** A symbol no other size of the model uses yet. */
  private fresh(wanted: string): string {
    let sym = wanted;
    for (let k = 2; this.used.has(sym); k++) sym = `${wanted}_${k}`;
    this.used.add(sym);
    return sym;
  }

  private shown(arg: { value: Value; at: Where } | undefined, width: SizeValue): string {
    if (!arg) return `not stated (${width})`;
    const text = this.c.src(arg.at, 40);
    return text === String(width) ? text : `${text} = ${width}`;
  }

  private bias(m: Mod): Pick<DenseLayer, 'bias' | 'biasFrom'> {
    const b = ctorArg(m, 'bias');
    if (!b) return { bias: true, biasFrom: 'library-default' };
    if (b.value.k === 'bool') return { bias: b.value.v, biasFrom: 'file' };
    if (b.value.k === 'num') return { bias: b.value.v !== 0, biasFrom: 'file' };
    const why = b.value.k === 'unknown' ? b.value.why : `it is ${describe(b.value)}`;
    this.c.d.warning(`bias=\`${this.c.src(b.at, 30)}\` cannot be read statically (${why}); the layer is read with PyTorch's default, a bias`, this.r(b.at), 'py-unresolved');
    return { bias: true, biasFrom: 'library-default' };
  }

  private inputDim(m: Mod): void {
    const inp = ctorArg(m, 'in_features');
    if (!inp) return;
    const v = inp.value;
    if (v.k === 'unknown') {
      this.c.d.ask('warning', `in_features \`${this.c.src(inp.at, 40)}\` cannot be read statically: ${v.why}. The input dimension stays the symbol d.`, this.c.giveIt('d'), this.r(inp.at), 'py-unresolved', 'd');
      // The same unknown as a width later is d too (timm's `hidden_features or in_features`): two
      // symbols for it made the hidden width a size of its own.
      this.symbols.set(unknownKey(v), 'd');
      return;
    }
    const c = v.k === 'num' ? checkSize(v.v, 'in_features') : undefined;
    if (c?.ok) {
      this.dim = c.value;
      this.dimOrigin = { text: `${this.c.src(m.at)}: in_features ${this.shown(inp, c.value)}`, range: this.r(inp.at) };
    } else this.c.d.error(`in_features \`${this.c.src(inp.at, 40)}\` ${c && !c.ok ? `: ${c.message}` : `must be a whole number, got ${describe(v)}`}`, this.r(inp.at), 'bad-width');
  }

  private readout(m: Mod, first: boolean): void {
    const range = this.r(m.at);
    if (first) this.inputDim(m);
    const out = ctorArg(m, 'out_features');
    const n = out?.value.k === 'num' ? out.value.v : undefined;
    if (n !== 1) {
      const outputs = n !== undefined ? ` (${n} outputs)` : out ? ` (out_features \`${this.c.src(out.at, 30)}\`)` : '';
      this.c.d.info(`the last nn.Linear${outputs} is read as the readout; the analysis assumes one scalar output`, out ? this.r(out.at) : range, 'py-readout');
    }
    this.push({ type: 'readout', range, origin: { text: `${this.c.src(m.at)} (the last nn.Linear: the readout)`, range: out ? this.r(out.at) : range } });
  }

  private uncovered(m: Mod): void {
    const range = this.r(m.at);
    const l: Layer = { type: m.cls, reason: reasonForClass(m.cls), range, origin: { text: this.c.src(m.at), range } };
    const w = ctorArg(m, 'out_channels') ?? ctorArg(m, 'hidden_size') ?? ctorArg(m, 'embedding_dim') ?? ctorArg(m, 'num_features');
    if (w?.value.k === 'num' && checkSize(w.value.v, 'width').ok) (l as { width?: SizeValue }).width = w.value.v;
    this.push(l);
  }

  // -------------------------------------------------------------------------------------------
  // Attention: one head, as the engine covers it; the rest of the block listed as not covered.

  private attentionModule(m: Mod, site: Mod): void {
    // The head and the rest of its block sit on the layer's own line; the stack of blocks on the encoder's.
    const range = this.r(m.at);
    const part = (type: string, reason: string, width?: Value, on: Mod = m): void => {
      const at = this.r(on.at);
      const l: Layer = { type, reason, range: at, origin: { text: this.c.src(on.at), range: at }, partial: true };
      if (width?.k === 'num' && checkSize(width.v, 'width').ok) (l as { width?: SizeValue }).width = width.v;
      this.push(l);
    };
    if (m.cls === 'TransformerEncoder' || m.cls === 'TransformerDecoder') {
      const inner = ctorArg(m, m.cls === 'TransformerEncoder' ? 'encoder_layer' : 'decoder_layer');
      if (inner?.value.k === 'module') this.attentionModule(inner.value.m, site);
      const n = ctorArg(m, 'num_layers')?.value;
      part('transformer-blocks', `${n?.k === 'num' ? n.v : 'several'} stacked ${WHOLE_TRANSFORMER[m.cls]} layers: the scale analysis covers one softmax attention head; full transformers are not covered`, undefined, site);
      return;
    }
    if (this.attention) {
      part('attention-layer', 'a further attention layer: the analysis reads one softmax attention head (the first); the others are not covered');
      return;
    }
    const isMha = m.cls === 'MultiheadAttention';
    const embed = ctorArg(m, isMha ? 'embed_dim' : 'd_model');
    const headsArg = ctorArg(m, isMha ? 'num_heads' : 'nhead');
    const context = this.c.context;
    const layer: AttentionLayer = {
      type: 'attention',
      context: context?.value ?? 'L',
      range,
      origin: { text: `${this.c.src(m.at)}${context ? `; ${context.text}` : ''}`, range: embed ? this.r(embed.at) : range },
    };
    const heads = headsArg?.value.k === 'num' && Number.isInteger(headsArg.value.v) && headsArg.value.v >= 1 ? headsArg.value.v : undefined;
    if (heads !== undefined) layer.heads = heads;
    if (embed?.value.k === 'num' && heads !== undefined && embed.value.v % heads === 0) layer.headDim = embed.value.v / heads;
    if (!context) {
      this.c.d.ask('info', 'the context length of this attention head is not in the code: it is the size L.', this.c.giveIt('L', '"# @scaling context=..."'), range, 'py-context', 'L');
    }
    if (embed) {
      const v = embed.value;
      if (v.k === 'num' && checkSize(v.v, 'embed_dim').ok) {
        this.dim = v.v;
        this.dimOrigin = { text: `${this.c.src(m.at)}: ${isMha ? 'embed_dim' : 'd_model'} ${this.shown(embed, v.v)}`, range: this.r(embed.at) };
      } else if (v.k === 'unknown') {
        this.c.d.ask('warning', `${isMha ? 'embed_dim' : 'd_model'} \`${this.c.src(embed.at, 40)}\` cannot be read statically: ${v.why}. The token dimension stays the symbol d.`, this.c.giveIt('d'), this.r(embed.at), 'py-unresolved', 'd');
      }
    }
    this.attention = layer;
    this.attentionAfterDense = true;
    this.push(layer);
    if (isMha) return;
    const ff = ctorArg(m, 'dim_feedforward')?.value;
    const act = ctorArg(m, 'activation')?.value;
    const actName = act?.k === 'str' ? act.v : act?.k === 'ref' ? act.q.slice(act.q.lastIndexOf('.') + 1) : 'relu';
    if (m.cls === 'TransformerDecoderLayer' || m.cls === 'Transformer') part('cross-attention', 'the attention over the encoder\'s output is not covered: the analysis reads one softmax attention head');
    part('mlp', `the transformer MLP after attention (${ff?.k === 'num' ? ff.v : 2048} units, ${actName}) is not covered: the scale analysis covers one softmax attention head`, ff ?? { k: 'num', v: 2048, int: true });
    part('layer-norm', 'layer normalisation is not covered by the scale analysis');
    part('residual', 'residual connections are not covered by the scale analysis');
    if (m.cls === 'Transformer') part('transformer-blocks', 'the stacked encoder and decoder layers of nn.Transformer are not covered: the analysis reads one softmax attention head');
  }

  /** In a model read as one attention head, every other layer is listed, not analysed. */
  private markPartial(): void {
    this.layers.forEach((l, i) => {
      if (l === this.attention || l.type === 'readout' || (l as { partial?: boolean }).partial) return;
      if (l.type === 'dropout' || l.type === 'flatten') return;
      const reason =
        l.type === 'dense'
          ? 'an nn.Linear around the attention head: the analysis reads one softmax attention head; the rest of the model is not covered'
          : `${(l as { reason?: string }).reason ?? `'${l.type}' is not covered`} (the analysis reads one softmax attention head)`;
      const copy: Layer = { type: l.type === 'dense' ? 'linear' : l.type, reason, range: l.range, origin: l.origin, partial: true };
      const w = (l as { width?: SizeValue }).width;
      if (w !== undefined) (copy as { width?: SizeValue }).width = w;
      this.layers[i] = copy;
    });
  }

  /** Consecutive nn.Linear layers whose sizes do not chain (a misread would show here). */
  private checkShapes(steps: Step[]): void {
    let prev: Mod | undefined;
    for (const s of steps) {
      if (s.s === 'act' || s.s === 'drop') continue;
      if (s.s !== 'module' || s.mod.cls !== 'Linear') {
        prev = undefined;
        continue;
      }
      const out = prev && ctorArg(prev, 'out_features')?.value;
      const inp = ctorArg(s.mod, 'in_features');
      if (out?.k === 'num' && inp?.value.k === 'num' && out.v !== inp.value.v) {
        this.c.d.warning(`in_features ${inp.value.v} does not match the ${out.v} outputs of the nn.Linear before it in forward`, this.r(inp.at), 'py-shape');
      }
      prev = s.mod;
    }
  }
}

/** The same name with the same reason is the same size, wherever it is used; else the same place. */
function unknownKey(v: Extract<Value, { k: 'unknown' }>): string {
  return v.sym ? `${v.sym}:${v.why}` : `${v.at.start}:${v.at.end}:${v.why}`;
}
