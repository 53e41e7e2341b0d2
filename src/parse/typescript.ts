// The TypeScript / JavaScript front end (formats.md, section 3): `@scaling` tags in comments, the
// TensorFlow.js code right under them, and every other TF.js model the file builds without tags
// (tf.sequential() + model.add(...), tf.sequential({ layers: [...] }), tf.input -> .apply ->
// tf.model; see tfjsModels.ts). User code is only read, never run: widths are literals or `const`
// names resolved in the scope that sees them; anything else is reported, never guessed.
//
// Rule when tags and code disagree: the tag wins. Tag layers are paired, in order, with the code's
// layers of the same type (the readout excepted). A tag width that is a symbol (`width=N1`) next to a
// number in the code (`units: 512`) makes the number the size of the symbol (sizes.N1 = 512) unless
// `@scaling sizes` sets it; any other disagreement (two numbers, two activations, sizes versus
// code) is a warning that says the tag's value is used.
//
// Pure: no Node, no VS Code.
import type { AttentionLayer, DenseLayer, Layer, ModelDescription, Range, ReadoutKind, SizeValue } from '../model/types';
import {
  applyDefaults,
  applySizesAndRegime,
  uncoveredLayerWarning,
  checkDataKind,
  checkDegree,
  checkKappa,
  checkReadout,
  checkSize,
  checkTargetKind,
  setKey,
  type ParseOptions,
  type RawEntry,
  type Stated,
} from './checks';
import { tokenize, type Token } from './jsTokens';
import { blocksOf, kv, mentionsTags, miscasedTagMessage, repeatedEntryMessage, secondModelTagMessage, unknownTagMessage, type Block, type Tag, type Word } from './tsTags';
import { Code, type LayerCall, type Prop } from './tfjsCode';
import { findCodeModels, SHAPE_ONLY, type CodeModel } from './tfjsModels';
import { kerasClassOf, reasonFor } from './keras';
import { collect, type FrontEndResult } from './scalingModel';
import { Diags, LineIndex, listWords, show } from './text';

// ---------------------------------------------------------------------------------------------
// Reading one block into a model.

interface TagLayer {
  layer: Layer;
  tag: Tag;
  widthWord?: Word;
  activationWord?: Word;
}


// A Map: a layer type from the file ("constructor") must not find Object.prototype.
const TAG_LAYER_KEYS = new Map<string, string[]>([
  ['dense', ['width', 'activation', 'bias', 'name']],
  ['attention', ['context', 'heads', 'headDim', 'name']],
  ['readout', ['name']],
]);

/** A decimal number. Unambiguous (the digits before a dot are all taken by one \\d+), so it never back-tracks. */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A layer read from the code, with what merging it with a tag needs. */
interface CodeLayer {
  layer: Layer;
  call: LayerCall;
  unitsTok?: { start: number; end: number };
  units?: number;
  /** Units the code gives but not statically (a hidden layer): said where the layer gets its symbol. */
  unknownUnits?: { fact: string; range: Range };
  activationFromCode: boolean;
}

function propsOf(c: LayerCall): Prop[] {
  return c.options && c.options.kind === 'object' ? c.options.props : [];
}

class BlockReader {
  private readonly d = new Diags();
  private readonly stated: Stated = {};
  private name?: string;
  private dim?: { value: SizeValue; word: Word; text: string };
  private degree = 0;
  private readout: ReadoutKind = 'standard';
  private kappa?: number | string;
  private readonly tagLayers: TagLayer[] = [];
  private readoutTag?: Tag;
  private readonly sizes: RawEntry[] = [];
  private readonly regime: RawEntry[] = [];
  private readonly assumed: { what: string; value: string }[] = [];
  private defaultActivation?: string;
  private readonly origins: Record<string, { text: string; range?: Range }> = {};

  constructor(
    private readonly lines: LineIndex,
    /** The tag block; absent for TF.js code read without tags. */
    private readonly block: Block | undefined,
    /** The code model right under the block (or the untagged model itself). */
    private readonly cm: CodeModel | undefined,
    private readonly options: ParseOptions | undefined,
    /** The override file beside the code (net.scaling.json), named where a size is asked for. */
    private readonly overrideName: string,
  ) {}

  private r(a: { start: number; end: number }): Range {
    return this.lines.range(a.start, a.end);
  }
  private tagText(tag: Tag): string {
    return ('@scaling ' + [tag.name, ...tag.words].map((w) => w.text).join(' ')).trim();
  }
  /** Where a model-level note goes: the first tag, else the model's call. */
  private get anchor(): { start: number; end: number } {
    const first = this.block?.tags[0];
    if (first) return first;
    return this.block ?? this.cm!.call;
  }

  read(): { model?: ModelDescription; diags: Diags } {
    const d = this.d;
    for (const tag of this.block?.tags ?? []) this.readTag(tag);

    const cm = this.cm;
    // A block describes the first model built after it, however far: said where it is not right
    // under the block (a block above a helper, an import and a constant took the model 10 lines on).
    if (this.block && cm) {
      const gap = this.lines.position(cm.call.start).line - this.lines.position(this.block.end).line;
      if (gap > 3) d.info(`this block describes the model built at line ${this.lines.position(cm.call.start).line + 1} (${cm.kind === 'sequential' ? 'tf.sequential()' : 'tf.model()'}), the first one after it`, this.r(this.anchor), 'ts-block-model');
    }
    if (cm?.refused) d.warning(cm.refused.message, this.r(cm.refused), 'ts-unresolved');
    for (const p of cm?.problems ?? []) d.warning(p.message, this.r(p), 'ts-unresolved');
    const readable = cm && !cm.refused ? cm : undefined;
    if (readable && this.noDense(readable)) return { diags: d };
    const codeLayers = readable ? this.readCodeLayers(readable) : [];

    const hasTagLayers = this.tagLayers.length > 0;
    if (!hasTagLayers && codeLayers.length === 0) {
      d.error(
        'this @scaling block has no layers: add "@scaling layer dense width=N ..." tags, or put a tf.sequential() model right under it',
        this.r(this.anchor),
        'ts-no-model',
      );
      return { diags: d };
    }

    const layers = this.merge(codeLayers);
    const start = this.block?.start ?? cm!.start;
    const endOffset = Math.max(this.block?.end ?? 0, readable ? readable.end : 0);
    const name = this.name ?? cm?.name ?? cm?.target ?? `model at line ${this.lines.position(start).line + 1}`;
    if (!this.name && this.block) d.info(`no "@scaling model NAME" tag; this model is called "${name}"`, this.r(this.anchor), 'no-name');

    const model: ModelDescription = {
      name,
      data: { kind: 'gaussian', dim: this.dim?.value ?? 'd' },
      target: { kind: 'single-index', degree: this.degree },
      parametrization: { readout: this.readout },
      layers,
      range: this.lines.range(start, endOffset),
      origins: this.origins,
      assumptions: this.assumed.map((a) => ({ ...a, source: 'default' as const })),
      source: 'typescript',
    };
    if (this.kappa !== undefined) model.parametrization.kappa = this.kappa;
    for (const a of this.annotationAssumptions) model.assumptions!.push({ ...a, source: 'annotation' });
    applySizesAndRegime(model, this.sizes.length ? this.sizes : undefined, this.regime.length ? this.regime : undefined, d);
    applyDefaults(model, this.stated, this.options);
    return { model, diags: d };
  }

  private readonly annotationAssumptions: { what: string; value: string }[] = [];

  /** Neither the code nor a tag has a layer the analysis covers (a convolutional net): said, no readout made up. */
  private noDense(cm: CodeModel): boolean {
    if (cm.layers.some((c) => c.name === 'dense') || this.readoutTag || this.tagLayers.some((tl) => tl.layer.type === 'dense' || tl.layer.type === 'attention')) return false;
    const what = cm.kind === 'sequential' ? 'tf.sequential()' : 'tf.model(...)';
    const kinds = show(cm.layers.map((c) => c.name).join(', '), 60);
    this.d.warning(`${what} builds a model with no dense layer (${kinds}): the analysis needs dense layers and a readout`, this.r(cm.call), 'tfjs-no-dense');
    return true;
  }

  /** One tag: dispatched by its name. */
  private readTag(tag: Tag): void {
    if (tag.miscased) this.d.warning(miscasedTagMessage(tag.miscased.text), this.r(tag.miscased), 'tag-case');
    switch (tag.name.text) {
      case 'model':
        return this.modelTag(tag);
      case 'data':
        return this.dataTag(tag);
      case 'target':
        return this.targetTag(tag);
      case 'readout':
      case 'parametrization':
        return this.parametrizationTag(tag);
      case 'kappa':
        return this.kappaTag(tag);
      case 'assume':
        return this.assumeTag(tag);
      case 'sizes':
      case 'regime':
        return this.entriesTag(tag);
      case 'layer':
        return this.readLayerTag(tag);
      default: {
        const word = tag.name.text ? tag.name : { text: '@scaling', start: tag.start, end: tag.start + 8 };
        this.d.error(unknownTagMessage(tag.name.text), this.r(word), 'ts-unknown-tag');
      }
    }
  }

  /** The key=value words of a tag (only `allowed` keys, when given); the others are errors. */
  private pairs(tag: Tag, allowed: string[] | undefined, what: string, words: Word[] = tag.words): NonNullable<ReturnType<typeof kv>>[] {
    const out: NonNullable<ReturnType<typeof kv>>[] = [];
    for (const w of words) {
      const p = kv(w);
      if (!p) {
        this.d.error(`expected key=value in "@scaling ${tag.name.text}", found "${show(w.text)}"`, this.r(w), 'ts-bad-tag');
        continue;
      }
      if (allowed && !allowed.includes(p.key)) {
        this.d.error(`unknown key "${show(p.key)}" in ${what}; allowed keys: ${listWords(allowed)}`, this.r(p.keyWord), 'unknown-key');
        continue;
      }
      out.push(p);
    }
    return out;
  }

  /** `@scaling model NAME` */
  private modelTag(tag: Tag): void {
    const args = tag.words;
    if (!args.length) return this.d.error('"@scaling model" needs a name, e.g. "@scaling model mnist-mlp"', this.r(tag), 'ts-bad-tag');
    const name = args.map((w) => w.text).join(' ');
    if (this.name !== undefined) this.d.warning(secondModelTagMessage(name, this.name), this.r(tag), 'repeated-key');
    this.name = name;
    this.origins.name = { text: this.tagText(tag), range: this.r({ start: args[0].start, end: args[args.length - 1].end }) };
  }

  /** `@scaling data gaussian dim=d` */
  private dataTag(tag: Tag): void {
    let rest = tag.words;
    if (rest[0] && !rest[0].text.includes('=')) {
      const k = checkDataKind(rest[0].text);
      if (!k.ok) this.d.error(k.message, this.r(rest[0]), 'bad-data');
      rest = rest.slice(1);
    }
    this.stated.data = true;
    for (const p of this.pairs(tag, ['dim', 'kind'], '"@scaling data"', rest)) {
      if (p.key === 'kind') {
        const k = checkDataKind(p.value);
        if (!k.ok) this.d.error(k.message, this.r(p.valueWord), 'bad-data');
        continue;
      }
      const c = checkSize(p.value, 'data dimension');
      if (!c.ok) {
        this.d.error(c.message, this.r(p.valueWord), 'bad-width');
        continue;
      }
      this.dim = { value: c.value, word: p.valueWord, text: this.tagText(tag) };
      this.origins.d = { text: this.tagText(tag), range: this.r(p.valueWord) };
    }
  }

  /** `@scaling target single-index degree=3` */
  private targetTag(tag: Tag): void {
    let rest = tag.words;
    if (rest[0] && !rest[0].text.includes('=')) {
      const k = checkTargetKind(rest[0].text);
      if (!k.ok) this.d.error(k.message, this.r(rest[0]), 'bad-target');
      rest = rest.slice(1);
    }
    this.stated.target = true;
    for (const p of this.pairs(tag, ['degree', 'kind'], '"@scaling target"', rest)) {
      if (p.key === 'kind') {
        const k = checkTargetKind(p.value);
        if (!k.ok) this.d.error(k.message, this.r(p.valueWord), 'bad-target');
      } else this.setDegree(p.value, p.valueWord, tag, false);
    }
  }

  /** `@scaling readout standard`, `@scaling parametrization readout=mean-field kappa=0.1` */
  private parametrizationTag(tag: Tag): void {
    const name = tag.name.text;
    let rest = tag.words;
    if (rest[0] && !rest[0].text.includes('=')) {
      this.setReadout(rest[0].text, rest[0], tag, false);
      rest = rest.slice(1);
    }
    for (const p of this.pairs(tag, ['readout', 'kappa'], `"@scaling ${name}"`, rest)) {
      if (p.key === 'readout') this.setReadout(p.value, p.valueWord, tag, false);
      else this.setKappa(p.value, p.valueWord, tag, false);
    }
    if (name === 'readout') {
      if (this.readoutTag) this.d.warning('a second "@scaling readout" tag: a model has one readout', this.r(tag), 'ts-bad-tag');
      this.readoutTag = tag;
    }
  }

  /** `@scaling kappa 0.01` */
  private kappaTag(tag: Tag): void {
    const w = tag.words[0];
    if (!w || tag.words.length > 1) return this.d.error('"@scaling kappa" takes one value, e.g. "@scaling kappa 0.01"', this.r(tag), 'ts-bad-tag');
    const p = kv(w);
    this.setKappa(p ? p.value : w.text, p ? p.valueWord : w, tag, false);
  }

  /** `@scaling assume degree=3 activation=tanh`: values the code does not state. */
  private assumeTag(tag: Tag): void {
    for (const p of this.pairs(tag, ['degree', 'readout', 'kappa', 'activation'], '"@scaling assume"')) {
      if (p.key === 'degree') this.setDegree(p.value, p.valueWord, tag, true);
      else if (p.key === 'readout') this.setReadout(p.value, p.valueWord, tag, true);
      else if (p.key === 'kappa') this.setKappa(p.value, p.valueWord, tag, true);
      else {
        this.defaultActivation = p.value;
        this.annotationAssumptions.push({ what: 'activation of layers that do not state one', value: p.value });
      }
    }
    if (!tag.words.length) this.d.error('"@scaling assume" needs key=value pairs, e.g. "@scaling assume degree=3"', this.r(tag), 'ts-bad-tag');
  }

  /** `@scaling sizes d=100 N1=10000`, `@scaling regime N1=d^2` */
  private entriesTag(tag: Tag): void {
    const name = tag.name.text;
    if (!tag.words.length) this.d.error(`"@scaling ${name}" needs key=value pairs, e.g. "@scaling ${name} ${name === 'sizes' ? 'd=100 N1=10000' : 'N1=d^2'}"`, this.r(tag), 'ts-bad-tag');
    for (const p of this.pairs(tag, undefined, '')) {
      const list = name === 'sizes' ? this.sizes : this.regime;
      // Given before (this tag or another): the last is read, and said at this one, which wins.
      const before = list.find((e) => e.key === p.key);
      if (before) this.d.warning(repeatedEntryMessage(name, before), this.r(p.keyWord), 'repeated-key');
      list.push({
        key: p.key,
        value: name === 'sizes' && DECIMAL.test(p.value) ? Number(p.value) : p.value,
        raw: p.value,
        keyRange: this.r(p.keyWord),
        valueRange: this.r(p.valueWord),
        text: `@scaling ${name} ${p.key}=${p.value}`,
      });
    }
  }

  private setDegree(v: string, w: Word, tag: Tag, assumed: boolean): void {
    const c = checkDegree(v, v);
    if (!c.ok) return this.d.error(c.message, this.r(w), 'bad-degree');
    this.degree = this.stated.degree = c.value;
    this.origins.degree = { text: this.tagText(tag), range: this.r(w) };
    if (assumed) this.annotationAssumptions.push({ what: 'target degree', value: String(c.value) });
  }
  private setReadout(v: string, w: Word, tag: Tag, assumed: boolean): void {
    const c = checkReadout(v);
    if (!c.ok) return this.d.error(c.message, this.r(w), 'bad-readout');
    this.readout = this.stated.readout = c.value;
    this.origins.readout = { text: this.tagText(tag), range: this.r(w) };
    if (assumed) this.annotationAssumptions.push({ what: 'readout', value: c.value });
  }
  private setKappa(v: string, w: Word, tag: Tag, assumed: boolean): void {
    const c = checkKappa(v, v);
    if (!c.ok) return this.d.error(c.message, this.r(w), 'bad-kappa');
    this.kappa = c.value;
    this.origins.kappa = { text: this.tagText(tag), range: this.r(w) };
    if (assumed) this.annotationAssumptions.push({ what: 'kappa', value: String(c.value) });
  }

  private readLayerTag(tag: Tag): void {
    const d = this.d;
    const typeWord = tag.words[0];
    const range = this.r(tag);
    const origin = { text: this.tagText(tag), range };
    if (!typeWord || typeWord.text.includes('=')) {
      d.error('"@scaling layer" needs a type first: dense, attention or readout (e.g. "@scaling layer dense width=N1")', range, 'no-layer-type');
      return;
    }
    const type = typeWord.text;
    if (type === 'readout') {
      this.readoutTag = tag;
      return;
    }
    const allowed = TAG_LAYER_KEYS.get(type);
    const vals: Record<string, { value: string; word: Word }> = {};
    for (const w of tag.words.slice(1)) {
      const p = kv(w);
      if (!p) {
        d.error(`expected key=value in "@scaling layer ${type}", found "${show(w.text)}"`, this.r(w), 'ts-bad-tag');
        continue;
      }
      if (allowed && !allowed.includes(p.key)) {
        d.error(`unknown key "${show(p.key)}" for a ${type} layer; allowed keys: ${listWords(allowed)}`, this.r(p.keyWord), 'unknown-key');
        continue;
      }
      setKey(vals, p.key, { value: p.value, word: p.valueWord });
    }
    const n = this.tagLayers.length + 1;
    const size = (key: string, what: string, required: boolean): SizeValue | undefined => {
      const v = vals[key];
      if (!v) {
        if (required) d.error(`"@scaling layer ${type}" needs ${key}=..., e.g. ${key}=${key === 'width' ? `N${n}` : 'L'}`, range, 'missing-width');
        return undefined;
      }
      const c = checkSize(v.value, what);
      if (!c.ok) {
        d.error(c.message, this.r(v.word), 'bad-width');
        return undefined;
      }
      return c.value;
    };
    if (type === 'dense') {
      const width = size('width', 'width', false);
      const layer: DenseLayer = { type: 'dense', width: width ?? '', range, origin };
      if (vals.activation) layer.activation = vals.activation.value;
      if (vals.bias) {
        // bias=true|false (default false, as in the paper): it brings in the other parity's degrees.
        if (vals.bias.value === 'true' || vals.bias.value === 'false') {
          if (vals.bias.value === 'true') Object.assign(layer, { bias: true, biasFrom: 'file' as const });
        } else d.error('bias must be true or false', this.r(vals.bias.word), 'bad-bias');
      }
      if (width === undefined && !vals.width) {
        // The width may come from the code; checked when merging.
      } else if (width === undefined) return;
      this.tagLayers.push({ layer, tag, widthWord: vals.width?.word, activationWord: vals.activation?.word });
    } else if (type === 'attention') {
      const context = size('context', 'context length', true);
      const heads = size('heads', 'heads', false);
      const headDim = size('headDim', 'head dimension', false);
      if (vals.heads && heads !== undefined && typeof heads !== 'number') d.error('heads must be a whole number', this.r(vals.heads.word), 'bad-heads');
      if (context === undefined) return;
      const layer: AttentionLayer = { type: 'attention', context, range, origin };
      if (typeof heads === 'number') layer.heads = heads;
      if (headDim !== undefined) layer.headDim = headDim;
      this.tagLayers.push({ layer, tag });
    } else {
      const warning = uncoveredLayerWarning(type);
      if (warning) d.warning(warning, this.r(typeWord), 'uncovered-layer');
      const layer: Layer = { type, reason: `the scale analysis has no rule for "${show(type)}" layers`, range, origin };
      if (vals.width) {
        const c = checkSize(vals.width.value, 'width');
        if (c.ok) (layer as { width?: SizeValue }).width = c.value;
      }
      this.tagLayers.push({ layer, tag });
    }
  }

  /** Code layer calls → layers, in the code's order; the last dense is the readout where it ends the model (see readoutIndex). */
  private readCodeLayers(cm: CodeModel): CodeLayer[] {
    const out: CodeLayer[] = [];
    const calls = cm.layers;
    const readout = readoutIndex(calls);
    if (cm.input) this.readInputDim(cm.input, ['shape', 'batchShape']);
    calls.forEach((c, i) => {
      const range = this.r(c);
      if (readout >= 0 && i > readout) {
        // Kept, it would stand after the readout and stop the analysis for a layer that changes nothing.
        const why = OUTPUT_LAYER.test(c.name) ? 'is not part of the analysis, which reads a linear readout' : 'changes nothing the analysis reads';
        this.d.info(`tf.layers.${c.name}(…) after the last dense layer (the readout) ${why}; it is left out`, range, 'ts-after-readout');
        return;
      }
      if (c.options && c.options.kind !== 'object') {
        this.d.warning(`the options of tf.layers.${c.name}(...) cannot be read statically${c.options.kind === 'unknown' ? ` (${c.options.why})` : ''}`, range, 'ts-unresolved');
      }
      for (const p of propsOf(c)) {
        if (p.key === '...' || p.key === '?') this.d.warning(`${p.value.kind === 'unknown' ? p.value.why : 'cannot be read'}: ${show(p.value.text, 40)}`, this.r(p), 'ts-unresolved');
      }
      this.readInputDim(c, ['inputShape', 'batchInputShape', 'inputDim']);
      if (c.name !== 'dense') {
        const layer: Layer = { type: c.name, reason: reasonFor(kerasClassOf(c.name)), range, origin: { text: `tf.layers.${c.name}(...)`, range } };
        out.push({ layer, call: c, activationFromCode: false });
        return;
      }
      out.push(this.readDense(c, i === readout));
    });
    return out;
  }

  /** The input dimension from `inputShape: [784]`, `batchInputShape: [null, 784]`, `inputDim: 784` or tf.input's `shape`. */
  private readInputDim(c: LayerCall, keys: string[]): void {
    const props = propsOf(c);
    for (const key of keys) {
      const p = props.find((x) => x.key === key);
      if (!p || this.codeDim) continue;
      let v = p.value;
      if (v.kind === 'array') {
        // batchInputShape: [null, ...]. A dense layer acts on the last axis; any other input (an
        // image to flatten or convolve) has as many dimensions as the product of its axes.
        const axes = v.items.slice(key.startsWith('batch') ? 1 : 0);
        const bad = axes.find((x) => x.kind !== 'number');
        if (bad || !axes.length) v = bad ?? v;
        else if (c.name === 'dense' || axes.length === 1) {
          v = axes[axes.length - 1];
          if (axes.length > 1) this.d.warning(`${key} ${show(p.value.text, 30)} has ${axes.length} axes: tf.layers.dense acts on the last one, so d = ${(v as { value: number }).value}`, this.r(p), 'ts-input-axes');
        } else {
          const value = axes.reduce((acc, x) => acc * (x as { value: number }).value, 1);
          v = { kind: 'number', value, text: `${axes.map((x) => x.text).join(' × ')} = ${value}` };
        }
      }
      if (v.kind === 'number') {
        const chk = checkSize(v.value, 'input dimension', v.text);
        if (chk.ok && typeof chk.value === 'number') this.codeDim = { value: chk.value, prop: p };
        else if (!chk.ok) this.d.error(chk.message, this.r(p), 'bad-width');
      } else {
        const why = v.kind === 'unknown' ? `${v.text}: ${v.why}` : show(v.text, 30);
        this.d.warning(`${key} cannot be read statically (${why}); the input dimension is left symbolic (d)`, this.r(p), 'ts-unresolved');
      }
    }
  }

  /** A tf.layers.dense(...) call: a hidden layer, or the readout when it is the last dense layer. */
  private readDense(c: LayerCall, isLast: boolean): CodeLayer {
    const d = this.d;
    const range = this.r(c);
    const props = propsOf(c);
    const get = (key: string) => props.find((p) => p.key === key);
    const unitsP = get('units');
    const actP = get('activation');
    let activation: string | undefined;
    if (actP) {
      if (actP.value.kind === 'string') activation = actP.value.value;
      else d.warning(`activation ${show(actP.value.text, 30)} cannot be read statically${actP.value.kind === 'unknown' ? ` (${actP.value.why})` : ''}`, this.r(actP), 'ts-unresolved');
    }
    let units: number | undefined;
    let unknownUnits: CodeLayer['unknownUnits'];
    if (!unitsP) {
      if (!isLast) d.warning(`tf.layers.dense(...) without units: the width must come from a "@scaling layer dense width=..." tag`, range, 'ts-no-units');
    } else if (unitsP.value.kind === 'number') {
      const chk = checkSize(unitsP.value.value, 'units', unitsP.value.text);
      if (chk.ok && typeof chk.value === 'number') units = chk.value;
      else if (!chk.ok) d.error(chk.message, this.r(unitsP), 'bad-width');
    } else if (unitsP.value.kind === 'unknown') {
      const fact = `units: ${show(unitsP.value.text, 40)} cannot be read statically: ${unitsP.value.why}`;
      // A hidden layer's width becomes a symbol that the result asks for (codeOnly, mergeDense).
      if (isLast) d.warning(fact, this.r(unitsP), 'ts-unresolved');
      else unknownUnits = { fact: `${fact}.`, range: this.r(unitsP) };
    } else {
      d.error(`units must be a number, got ${show(unitsP.value.text, 30)}`, this.r(unitsP), 'bad-width');
    }
    const unitsText = unitsP ? `units: ${show(unitsP.value.text, 40)}${unitsP.value.kind === 'number' && unitsP.value.text !== String(units) ? ` = ${units}` : ''}` : 'units not stated';
    if (isLast) {
      if (units !== 1) {
        d.info(`the last dense layer${units !== undefined ? ` (${units} units)` : ''} is read as the readout; the analysis assumes one scalar output`, unitsP ? this.r(unitsP) : range, 'ts-readout');
      }
      // Its activation is dropped: said, as the PyTorch reader says it (it went without a word).
      if (activation && !/^(linear|identity)$/i.test(activation)) d.info(`the readout's activation (${show(activation, 20)}) is not part of the analysis, which reads a linear readout`, this.r(actP!), 'ts-readout-activation');
      return { layer: { type: 'readout', range, origin: { text: `${unitsText} (last dense layer: the readout)`, range: unitsP ? this.r(unitsP) : range } }, call: c, activationFromCode: false };
    }
    const layer: DenseLayer = {
      type: 'dense',
      width: units ?? '',
      activation: activation ?? 'linear',
      range,
      origin: { text: `${unitsText}, ${actP ? `activation: ${show(actP.value.text, 30)}` : 'activation not stated'}`, range: unitsP ? this.r(unitsP) : range },
    };
    // TF.js dense layers add a bias unless useBias: false.
    const biasP = get('useBias');
    if (biasP && biasP.value.kind === 'boolean') {
      layer.bias = biasP.value.value;
      layer.biasFrom = 'file';
    } else {
      if (biasP) d.warning(`useBias: ${show(biasP.value.text, 30)} cannot be read statically; the TF.js default (a bias) is assumed`, this.r(biasP), 'ts-unresolved');
      layer.bias = true;
      layer.biasFrom = 'library-default';
    }
    return { layer, call: c, unitsTok: unitsP ? { start: unitsP.start, end: unitsP.end } : undefined, units, unknownUnits, activationFromCode: !!actP };
  }

  private codeDim?: { value: number; prop: Prop };

  /** Combines tag layers and code layers (the tag wins; see the rule at the top of the file). */
  /** Dense layers met so far while merging (their numbers in messages). */
  private denseSeen = 0;

  /**
   * The layers: the code's, each matched in order with the tag layer of its kind (the tag wins, a
   * conflict is said); then the tag layers the code lacks; then the readout; and d from the code.
   */
  private merge(codeLayers: CodeLayer[]): Layer[] {
    const layers: Layer[] = [];
    const tagsByType = new Map<string, TagLayer[]>();
    for (const tl of this.tagLayers) {
      const list = tagsByType.get(tl.layer.type) ?? [];
      list.push(tl);
      tagsByType.set(tl.layer.type, list);
    }
    const usedTags = new Set<TagLayer>();
    let codeReadout: Layer | undefined;
    for (const cl of codeLayers) {
      if (cl.layer.type === 'readout') {
        codeReadout = cl.layer;
        continue;
      }
      const tl = tagsByType.get(cl.layer.type)?.shift();
      if (!tl) layers.push(this.codeOnly(cl));
      else {
        usedTags.add(tl);
        layers.push(cl.layer.type === 'dense' ? this.mergeDense(cl, tl) : { ...tl.layer, range: cl.layer.range, origin: { text: `${tl.layer.origin!.text}; code: ${cl.layer.origin!.text}`, range: tl.layer.range } });
      }
    }
    layers.push(...this.tagsOnly(this.tagLayers.filter((tl) => !usedTags.has(tl)), codeLayers.length > 0));
    const readout = this.readoutLayer(codeReadout);
    if (readout) layers.push(readout);
    this.mergeDim();
    return layers;
  }

  /** A code layer no tag describes: as the code says, with the TF.js defaults said. */
  private codeOnly(cl: CodeLayer): Layer {
    if (cl.layer.type !== 'dense') return cl.layer;
    const layer = cl.layer as DenseLayer;
    // Units the code does not say statically: a symbol, as d is, that the result asks for.
    if (layer.width === '') {
      const sym = `N${this.denseSeen + 1}`;
      layer.width = sym;
      if (cl.unknownUnits) this.askWidth(cl.unknownUnits, sym);
    }
    if (this.defaultActivation && !cl.activationFromCode) layer.activation = this.defaultActivation;
    this.denseSeen++;
    if (!cl.activationFromCode && !this.defaultActivation) this.assumed.push({ what: `activation of dense layer ${this.denseSeen}`, value: 'linear (the TF.js default)' });
    return layer;
  }

  /** A width the code does not give statically, as the symbol `sym`: asked for until some source gives it (settleAsked). */
  private askWidth(u: NonNullable<CodeLayer['unknownUnits']>, sym: string): void {
    this.d.ask('warning', `${u.fact} It is the symbol ${sym}.`, `Give its size with "@scaling sizes ${sym}=..." in a comment block above the model, or in ${this.overrideName}.`, u.range, 'ts-unresolved', sym);
  }

  /** A dense layer both the tag and the code state: the tag's width and activation win, a conflict is said. */
  private mergeDense(cl: CodeLayer, tl: TagLayer): Layer {
    const d = this.d;
    const n = ++this.denseSeen;
    const tagW = (tl.layer as { width: SizeValue }).width;
    const codeW = cl.units;
    let width: SizeValue = tagW === '' ? (codeW ?? '') : tagW;
    if (tagW !== '' && codeW !== undefined) this.widthConflict(tagW, codeW, cl, this.r(tl.widthWord ?? tl.tag));
    const unknown = cl.unknownUnits;
    // The tag gives what the code does not: a number settles it, a symbol is asked for like the code's own.
    if (unknown) {
      if (typeof tagW === 'number') d.info(`${unknown.fact} The tag gives the width: ${tagW}.`, unknown.range, 'ts-unresolved');
      else if (tagW !== '') this.askWidth(unknown, tagW);
      else d.warning(unknown.fact, unknown.range, 'ts-unresolved');
    }
    if (width === '') {
      d.error(`dense layer ${n} has no width: neither the tag nor the code states it`, cl.layer.range!, 'missing-width');
      width = 1;
    }
    const tagAct = (tl.layer as { activation?: string }).activation;
    const codeAct = (cl.layer as { activation?: string }).activation;
    let activation = tagAct ?? (cl.activationFromCode ? codeAct : this.defaultActivation ?? codeAct);
    if (tagAct && cl.activationFromCode && codeAct !== tagAct) {
      d.warning(`the tag says activation=${tagAct} but the code says '${codeAct}'; the tag wins (${tagAct})`, this.r(tl.activationWord ?? tl.tag), 'ts-conflict');
    }
    if (!tagAct && !cl.activationFromCode && !this.defaultActivation) this.assumed.push({ what: `activation of dense layer ${n}`, value: 'linear (the TF.js default)' });
    activation ??= 'linear';
    const { bias, biasFrom } = cl.layer as DenseLayer;
    return {
      type: 'dense',
      width,
      activation,
      ...(bias !== undefined ? { bias, biasFrom } : {}),
      range: cl.layer.range,
      origin: { text: `${tl.layer.origin!.text}; code: ${cl.layer.origin!.text}`, range: cl.layer.origin!.range },
    };
  }

  /** The tag's width against the code's units: a number that differs is said; a symbol gets the code's value as its size. */
  private widthConflict(tagW: SizeValue, codeW: number, cl: CodeLayer, tagRange: Range): void {
    if (typeof tagW === 'number') {
      if (tagW !== codeW) this.d.warning(`the tag says width=${tagW} but the code says units: ${codeW}; the tag wins (width ${tagW})`, tagRange, 'ts-conflict');
      return;
    }
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(tagW)) return;
    const existing = this.sizes.find((s) => s.key === tagW);
    if (!existing) {
      this.sizes.push({ key: tagW, value: codeW, raw: String(codeW), keyRange: tagRange, valueRange: this.r(cl.unitsTok!), text: `units: ${codeW} (code, for ${tagW})` });
    } else if (existing.value !== codeW) {
      this.d.warning(`"@scaling sizes" sets ${tagW}=${String(existing.raw ?? existing.value)} but the code says units: ${codeW}; the tag wins (${tagW} = ${String(existing.raw ?? existing.value)})`, this.r(cl.unitsTok!), 'ts-conflict');
    }
  }

  /** Tag layers the code does not have (all of them when there is no code), kept as the tags say. */
  private tagsOnly(leftover: TagLayer[], hasCode: boolean): Layer[] {
    const d = this.d;
    if (hasCode) {
      for (const tl of leftover) d.warning('this tag layer has no matching layer in the code below; it is kept as the tag says, after the code\'s layers', this.r(tl.tag), 'ts-conflict');
    }
    const layers: Layer[] = [];
    for (const tl of leftover) {
      if (tl.layer.type === 'dense') {
        this.denseSeen++;
        if ((tl.layer as { width: SizeValue }).width === '') {
          d.error('"@scaling layer dense" needs width=..., e.g. width=N1', tl.layer.range!, 'missing-width');
          continue;
        }
        if (!(tl.layer as { activation?: string }).activation) {
          if (this.defaultActivation) (tl.layer as { activation?: string }).activation = this.defaultActivation;
          else this.assumed.push({ what: `activation of dense layer ${this.denseSeen}`, value: 'erf' });
        }
      }
      layers.push(tl.layer);
    }
    return layers;
  }

  /**
   * The readout: the code's last dense layer, else the readout tag, else for a tag block assumed
   * (and said). Code alone whose last dense layer is not its readout gets none: it is not analysed.
   */
  private readoutLayer(codeReadout: Layer | undefined): Layer | undefined {
    if (codeReadout) {
      if (this.readoutTag) codeReadout.origin = { text: `${this.tagText(this.readoutTag)}; code: ${codeReadout.origin!.text}`, range: codeReadout.origin!.range };
      return codeReadout;
    }
    if (this.readoutTag) {
      const range = this.r(this.readoutTag);
      return { type: 'readout', range, origin: { text: this.tagText(this.readoutTag), range } };
    }
    if (!this.block) return undefined;
    const range = this.r(this.anchor);
    this.assumed.push({ what: 'readout layer', value: 'added after the last layer' });
    return { type: 'readout', range, origin: { text: 'no readout stated: one is assumed after the last layer', range } };
  }

  /** The input dimension from the code (inputShape): the tag wins when it states one, a symbol gets the code's value. */
  private mergeDim(): void {
    const cd = this.codeDim;
    if (!cd) return;
    if (!this.dim) {
      this.dim = { value: cd.value, word: { text: String(cd.value), start: cd.prop.start, end: cd.prop.end }, text: '' };
      this.origins.d = { text: `${cd.prop.key}: ${show(cd.prop.value.text, 40)}`, range: this.r(cd.prop) };
    } else if (typeof this.dim.value === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(this.dim.value)) {
      const sym = this.dim.value;
      if (!this.sizes.some((s) => s.key === sym)) {
        this.sizes.push({ key: sym, value: cd.value, raw: String(cd.value), keyRange: this.r(this.dim.word), valueRange: this.r(cd.prop), text: `${cd.prop.key}: ${show(cd.prop.value.text, 40)} (code, for ${sym})` });
      }
    } else if (this.dim.value !== cd.value) {
      this.d.warning(`the tag says dim=${String(this.dim.value)} but the code says ${cd.prop.key}: ${show(cd.prop.value.text, 30)}; the tag wins`, this.r(this.dim.word), 'ts-conflict');
    }
  }
}

/**
 * Index of the code's readout: its last dense layer when only layers that change nothing the
 * analysis reads (dropout, flatten, reshape) follow it. Else -1: a dense layer followed by a
 * convolution is a hidden layer, kept in place with what follows it, and no readout is made up.
 */
function readoutIndex(calls: LayerCall[]): number {
  for (let i = calls.length - 1; i >= 0; i--) {
    if (calls[i].name === 'dense') return i;
    if (!SHAPE_ONLY.test(calls[i].name) && !OUTPUT_LAYER.test(calls[i].name)) return -1;
  }
  return -1;
}

/** An activation as a layer of its own (softmax over the outputs): after the readout, as the PyTorch reader drops one. */
const OUTPUT_LAYER = /^(activation|softmax)$/;

/** Index of the first token starting at or after `offset` (binary search). */
function firstTokenAt(t: Token[], offset: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t[mid].start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Cheap test (substring search) of whether a script may hold a model: a tag or a TF.js model being built. */
export function mightHoldScriptModel(text: string): boolean {
  return mentionsTags(text) || text.includes('sequential') || text.includes('.model(');
}

/**
 * Reads every model of a TypeScript/JavaScript file: each `@scaling` block with the code right
 * under it, and every other TF.js model the code builds (untagged: the code alone says it all).
 */
/** `overrideName`: the override file beside the code (net.scaling.json), for the advice where a size is missing. */
export function readTypeScript(text: string, options?: ParseOptions, overrideName = 'net.scaling.json'): FrontEndResult {
  const out: FrontEndResult = { models: [], diagnostics: [] };
  if (!mightHoldScriptModel(text)) return out;
  const { tokens, comments } = tokenize(text);
  const blocks = mentionsTags(text) ? blocksOf(comments, text) : [];
  const code = new Code(text, tokens);
  const models = findCodeModels(code);
  if (!blocks.length && !models.length) return out;
  const lines = new LineIndex(text);
  // Each block takes the first model built between it and the next block.
  const claimed = new Set<CodeModel>();
  let next = 0;
  blocks.forEach((b, i) => {
    const k0 = firstTokenAt(tokens, b.end);
    const k1 = firstTokenAt(tokens, i + 1 < blocks.length ? blocks[i + 1].start : text.length);
    while (next < models.length && models[next].tok < k0) next++;
    const cm = next < models.length && models[next].tok < k1 ? models[next] : undefined;
    if (cm) claimed.add(cm);
    collect(out, new BlockReader(lines, b, cm, options, overrideName).read());
  });
  // In the order of the calls, so that what is said about each model comes in the file's order.
  for (const cm of models) {
    if (claimed.has(cm)) continue;
    if (!cm.refused) {
      collect(out, new BlockReader(lines, undefined, cm, options, overrideName).read());
      continue;
    }
    const d = new Diags();
    d.warning(cm.refused.message, lines.range(cm.refused.start, cm.refused.end), 'tfjs-unread');
    out.diagnostics.push(...d.list);
  }
  return out;
}
