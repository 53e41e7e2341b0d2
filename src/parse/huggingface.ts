// The Hugging Face config.json front end (formats.md, section 2), mapped honestly: the scale
// analysis covers one softmax attention head (context L, tokens of dimension hidden size); the
// rest of a transformer (blocks, MLPs, layer norms, residuals, a decoder stack, experts) is
// listed as not covered.
//
// Configs are read as they come: decoders (GPT-2, Llama, Mistral), encoders (BERT), vision
// transformers (L = (image_size / patch_size)^2 + 1 patches and the class token) and
// encoder-decoders (Whisper, T5, NLLB: the head stands for the encoder's self-attention, over
// max_source_positions when there is one). A config that nests its models (VisionEncoderDecoder's
// encoder and decoder, CLIP's vision_config and text_config) is read from its encoder or vision
// model, the other listed. A backbone (DETR's ResNet) is listed, and the context it makes is asked
// for. A size the config does not give stays a symbol (d, L) that the result asks for by name;
// `--set L=...` or an override supplies it.
// Pure: no Node, no VS Code.
import type { Layer, ModelDescription, Range } from '../model/types';
import { lookupTable } from '../model/names';
import type { JsonObject, JsonProperty, JsonValue } from './json';
import { getObject, getProp } from './json';
import { applyDefaults, checkSize, newModel, type ParseOptions } from './checks';
import { collect, sourceText, type FrontEndResult } from './scalingModel';
import { Diags, LineIndex, show } from './text';

/** Model types with no softmax attention, and what they have instead. */
const NO_SOFTMAX_ATTENTION = lookupTable<string>({
  mamba: 'a state-space model (a selective scan), with no attention',
  mamba2: 'a state-space model (a selective scan), with no attention',
  falcon_mamba: 'a state-space model (a selective scan), with no attention',
  rwkv: 'a recurrent model with linear (WKV) attention, not softmax attention',
  convnext: 'a convolutional network',
  convnextv2: 'a convolutional network',
  resnet: 'a convolutional network',
  regnet: 'a convolutional network',
  efficientnet: 'a convolutional network',
  mobilenet_v1: 'a convolutional network',
  mobilenet_v2: 'a convolutional network',
  bit: 'a convolutional network',
  poolformer: 'a network that pools where a transformer attends',
  van: 'a convolutional network (its "attention" is a large-kernel convolution)',
});

/** A per-layer list of windows longer than this is not read as one. */
const LIMITS_WINDOWS = 1024;

/** Sub-models of a nested config listed one by one (the rest in one line). */
const MAX_SUBMODELS = 8;

/** Aliases, first match wins: GPT-2 names, BERT/LLaMA names, T5/BART/Whisper names, DistilBERT names. */
const HF_KEYS = {
  hidden: ['hidden_size', 'n_embd', 'd_model', 'dim'],
  heads: ['num_attention_heads', 'n_head', 'num_heads', 'encoder_attention_heads', 'n_heads'],
  layers: ['num_hidden_layers', 'n_layer', 'num_layers', 'encoder_layers', 'n_layers'],
  encoderLayers: ['encoder_layers', 'num_layers', 'num_hidden_layers', 'n_layers'],
  decoderLayers: ['decoder_layers', 'num_decoder_layers'],
  context: ['max_position_embeddings', 'n_positions', 'n_ctx', 'max_seq_len', 'seq_length'],
  encoderContext: ['max_source_positions', 'max_position_embeddings', 'n_positions', 'max_seq_len'],
  decoderContext: ['max_target_positions'],
  inner: ['intermediate_size', 'n_inner', 'd_ff', 'ffn_dim', 'encoder_ffn_dim', 'hidden_dim'],
  norm: ['layer_norm_eps', 'layer_norm_epsilon', 'rms_norm_eps'],
  vocab: ['vocab_size'],
  kvHeads: ['num_key_value_heads', 'n_head_kv', 'multi_query_group_num'],
  experts: ['num_local_experts', 'num_experts', 'n_routed_experts', 'num_routed_experts', 'moe_num_experts', 'num_moe_experts'],
  expertsPerToken: ['num_experts_per_tok', 'num_experts_per_token', 'moe_topk', 'top_k'],
} as const;

const PRIMARY = ['hidden_size', 'n_embd', 'd_model'];

/**
 * The sub-model the head is read from when a config nests its models, first found wins: the
 * encoder of an encoder-decoder (the head an encoder-decoder is read as), else CLIP's vision model
 * (also a vision-language model's CLIP tower): the image is the input CLIP is used on.
 */
const HEAD_SUBMODELS = [
  { key: 'encoder', what: 'encoder' },
  { key: 'vision_config', what: 'vision model' },
  { key: 'vision_config_dict', what: 'vision model' },
] as const;

/** How the other sub-models of a nested config are listed (keys come from the file). */
const SUBMODEL_NAMES = lookupTable<{ type: string; what: string }>({
  decoder: { type: 'decoder', what: 'the decoder' },
  text_config: { type: 'text-model', what: 'the text model' },
  text_config_dict: { type: 'text-model', what: 'the text model' },
});

export function isHuggingFaceConfig(root: JsonValue): boolean {
  if (root.type !== 'object') return false;
  return (
    getProp(root, 'model_type')?.value.type === 'string' ||
    getProp(root, 'architectures')?.value.type === 'array' ||
    PRIMARY.some((k) => getProp(root, k)?.value.type === 'number')
  );
}

function find(root: JsonObject, keys: readonly string[]): JsonProperty | undefined {
  for (const k of keys) {
    const p = getProp(root, k);
    if (p && p.value.type !== 'null') return p;
  }
  return undefined;
}

/** A config's name: its first architecture, else its model_type (never `_name_or_path`, which is often a local path). */
function configName(cfg: JsonObject): string | undefined {
  const arch = getProp(cfg, 'architectures');
  if (arch && arch.value.type === 'array' && arch.value.items[0]?.type === 'string' && arch.value.items[0].value) return arch.value.items[0].value;
  const type = getProp(cfg, 'model_type');
  if (type && type.value.type === 'string' && type.value.value) return type.value.value;
  return undefined;
}

/** A sub-object that is a model's config (it has a model_type or a hidden size), not a setting such as quantization_config. */
function isSubModel(v: JsonValue): v is JsonObject {
  return v.type === 'object' && (getProp(v, 'model_type')?.value.type === 'string' || find(v, HF_KEYS.hidden) !== undefined);
}

/** Where the head is read from: the config, or the sub-model of a config that nests its models and has no hidden size of its own. */
interface HeadSource {
  cfg: JsonObject;
  nested?: { prop: JsonProperty; what: string };
}

function headSource(root: JsonObject): HeadSource {
  if (find(root, HF_KEYS.hidden)) return { cfg: root };
  for (const { key, what } of HEAD_SUBMODELS) {
    const prop = getProp(root, key);
    if (prop && prop.value.type === 'object') return { cfg: prop.value, nested: { prop, what } };
  }
  return { cfg: root };
}

/**
 * The network that turns an image into the encoder's tokens (DETR's ResNet, a ViT-hybrid's BiT):
 * `backbone` names a timm model, `backbone_config` holds a Hugging Face one.
 */
function backboneOf(cfg: JsonObject): { prop: JsonProperty; name: string } | undefined {
  const named = getProp(cfg, 'backbone');
  const name = named?.value.type === 'string' && named.value.value ? named.value.value : undefined;
  const timm = getProp(cfg, 'use_timm_backbone');
  if (timm?.value.type === 'boolean' && timm.value.value) return named && name ? { prop: named, name: `${name}, from timm` } : { prop: timm, name: 'from timm' };
  const config = getProp(cfg, 'backbone_config');
  if (config?.value.type === 'object') return { prop: config, name: configName(config.value) ?? 'backbone_config' };
  return named && name ? { prop: named, name } : undefined;
}

/** Which kind of transformer a config describes. */
type Kind = 'vision' | 'encoder-decoder' | 'single-stack';

function kindOf(root: JsonObject): Kind {
  if (find(root, ['image_size']) && find(root, ['patch_size'])) return 'vision';
  const encDec = getProp(root, 'is_encoder_decoder');
  if ((encDec && encDec.value.type === 'boolean' && encDec.value.value) || find(root, HF_KEYS.decoderLayers) || find(root, ['max_source_positions'])) return 'encoder-decoder';
  return 'single-stack';
}

class HfReader {
  readonly d = new Diags();
  /** The config the head is read from: the file's, or its encoder or vision model. */
  private readonly cfg: JsonObject;
  private readonly nested?: { prop: JsonProperty; what: string };
  private readonly backbone?: { prop: JsonProperty; name: string };
  /** Where a missing value is said: the opening brace, or the key of the sub-model read. */
  private readonly whole: Range;
  /** The object a missing value was looked for in, in words. */
  private readonly where: string;
  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
    private readonly root: JsonObject,
    /** The override file beside the config (config.scaling.json), named where a size is asked for. */
    private readonly overrideName: string,
  ) {
    ({ cfg: this.cfg, nested: this.nested } = headSource(root));
    this.backbone = backboneOf(this.cfg);
    this.whole = this.nested ? lines.range(this.nested.prop.keyStart, this.nested.prop.keyEnd) : lines.range(root.start, root.start + 1);
    this.where = this.nested ? `"${this.nested.prop.key}"` : 'this config';
  }
  r(v: { start: number; end: number }): Range {
    return this.lines.range(v.start, v.end);
  }
  src(p: JsonProperty): string {
    return sourceText(this.text, p.start, p.end);
  }
  /** A whole number >= 1 from a property, or undefined with an error said. */
  num(p: JsonProperty | undefined, what: string): number | undefined {
    if (!p) return undefined;
    const v = p.value;
    const c = checkSize(v.type === 'number' ? v.value : v.type === 'string' ? v.value : null, what, v.type === 'number' ? v.raw : undefined);
    if (c.ok && typeof c.value === 'number') return c.value;
    this.d.error(`"${p.key}": ${c.ok ? `${what} must be a number` : c.message}`, this.r(v), 'hf-bad-value');
    return undefined;
  }

  read(options: ParseOptions | undefined): { model?: ModelDescription; diags: Diags } {
    const cfg = this.cfg;
    if (this.refused()) return { diags: this.d };
    const kind = kindOf(cfg);
    const hiddenP = find(cfg, HF_KEYS.hidden);
    const hidden = this.num(hiddenP, 'hidden size');
    const model = newModel(configName(this.root) ?? 'huggingface model', hidden ?? 'd', this.r(this.root), 'huggingface');
    if (hiddenP && hidden !== undefined) model.origins!.d = { text: this.src(hiddenP), range: this.r(hiddenP.value) };
    else if (!hiddenP) {
      this.d.ask('warning', `no hidden size in ${this.where} (expected one of ${HF_KEYS.hidden.slice(0, 3).join(', ')}): the token dimension is the size d.`, this.giveIt('d'), this.whole, 'hf-no-hidden', 'd');
    }
    // A convolutional feature encoder turns audio into the tokens (wav2vec2, HuBERT: conv_dim).
    const convP = getProp(cfg, 'conv_dim');
    if (convP?.value.type === 'array') this.uncovered(model, 'feature-encoder', convP, `the convolutional feature encoder (${convP.value.items.length} layers) that turns the audio into the tokens is not covered`);
    // The backbone comes before the encoder it feeds.
    if (this.backbone) this.uncovered(model, 'backbone', this.backbone.prop, `the backbone (${this.backbone.name}) that turns the image into the encoder's tokens is not covered: the scale analysis covers one softmax attention head, not convolutions or other backbones`);
    const attn = this.attention(kind, hidden);
    model.layers.push(attn.layer);
    if (attn.assumedOneHead) model.assumptions!.push({ what: 'attention heads', value: '1', source: 'default' });
    if (attn.contextOrigin) model.origins!.context = attn.contextOrigin;
    const others = this.notCovered(model, kind, hidden);
    this.readout(model);
    const blocks = this.num(find(cfg, kind === 'encoder-decoder' ? HF_KEYS.encoderLayers : HF_KEYS.layers), 'number of layers');
    const rest = [...(blocks !== undefined ? [`${blocks} blocks`, 'MLPs', 'layer norms', 'residuals'] : []), ...(this.backbone ? ['the backbone'] : []), ...others];
    const typeP = getProp(this.root, 'model_type');
    this.d.info(
      `Hugging Face config read as one softmax attention head (${attn.stack}; context ${String(attn.layer.context)}, token dimension ${String(model.data.dim)}${attn.layer.heads ? `, ${attn.layer.heads} heads` : ''}); ` +
        `the rest of the transformer${rest.length ? ` (${rest.join(', ')})` : ''} is not covered`,
      typeP ? this.r(typeP) : this.whole,
      'hf-partial',
    );
    model.assumptions!.push({ what: 'data', value: `isotropic Gaussian tokens of dimension ${String(model.data.dim)} (the real data is not known from a config.json)`, source: 'default' });
    applyDefaults(model, { data: true }, options);
    return { model, diags: this.d };
  }

  /**
   * A config the one-head reading does not fit, said and not read: a model with no softmax
   * attention (Mamba, RWKV, ConvNeXt got an attention head's P*, "reported, certified", one head
   * assumed), or one of several stages with sizes of their own (SegFormer's, Swin's lists).
   */
  private refused(): boolean {
    const typeP = this.typeProp();
    const type = typeP?.value.type === 'string' ? typeP.value.value.toLowerCase() : undefined;
    const none = type !== undefined ? NO_SOFTMAX_ATTENTION[type] : undefined;
    if (none && typeP) {
      this.d.warning(`model_type "${show(type!)}" is ${none}: the scale analysis covers one softmax attention head, and this model has none; it is not analysed`, this.r(typeP), 'hf-no-attention');
      return true;
    }
    const staged = [...HF_KEYS.hidden, ...HF_KEYS.heads, 'hidden_sizes', 'depths'].map((k) => getProp(this.cfg, k)).find((p) => p?.value.type === 'array');
    if (staged) {
      this.d.warning(`"${staged.key}" is a list, ${show(this.src(staged), 60)}: a model of several stages, each with sizes of its own${type ? ` (${show(type)})` : ''}, is not covered: the scale analysis covers one softmax attention head of one size; it is not analysed`, this.r(staged.value), 'hf-stages');
      return true;
    }
    return false;
  }

  /** The model_type of the config the head is read from, else of the file. */
  private typeProp(): JsonProperty | undefined {
    return getProp(this.cfg, 'model_type') ?? getProp(this.root, 'model_type');
  }

  /** The one head the analysis reads, with its context length and where it came from. */
  private attention(kind: Kind, hidden: number | undefined): { layer: Layer & { type: 'attention'; context: number | string; heads?: number }; stack: string; assumedOneHead: boolean; contextOrigin?: { text: string; range: Range } } {
    const cfg = this.cfg;
    const headsP = find(cfg, HF_KEYS.heads);
    const heads = this.num(headsP, 'number of heads');
    let context: number | string | undefined;
    let contextOrigin: { text: string; range: Range } | undefined;
    let stack = kind === 'encoder-decoder' ? 'an encoder self-attention head' : 'a self-attention head';
    if (this.backbone) {
      stack += " over the backbone's feature map";
      this.noBackboneContext();
      context = 'L';
    } else if (kind === 'vision') {
      stack = 'a self-attention head over image patches';
      const v = this.patches();
      if (v) [context, contextOrigin] = [v.context, v.origin];
    } else {
      const cp = find(cfg, kind === 'encoder-decoder' ? HF_KEYS.encoderContext : HF_KEYS.context);
      context = this.num(cp, 'context length');
      if (cp && context !== undefined) contextOrigin = { text: this.src(cp), range: this.r(cp.value) };
      // A head that attends over a window of the context (Mistral's sliding_window, Longformer's
      // attention_window) sees the window: L was the whole context (4098 for Longformer's 512).
      const w = this.window();
      if (w && (context === undefined || w.size < context)) {
        context = w.size;
        contextOrigin = { text: `${cp ? `${this.src(cp)}; ` : ''}${w.text}`, range: w.range };
        stack += ' over a sliding window';
      }
      if (kind === 'encoder-decoder' && cp?.key === 'max_source_positions') stack = 'an encoder self-attention head over the source (max_source_positions)';
    }
    if (this.nested) stack += `, in "${this.nested.prop.key}"`;
    if (context === undefined) {
      const expected = kind === 'vision' ? 'image_size and patch_size' : `one of ${(kind === 'encoder-decoder' ? HF_KEYS.encoderContext : HF_KEYS.context).slice(0, 3).join(', ')}`;
      this.d.ask('warning', `no context length in ${this.where} (expected ${expected}): the attention head's context is the size L.`, this.giveIt('L'), this.whole, 'hf-no-context', 'L');
      context = 'L';
    }
    const range = headsP ? this.r(headsP) : contextOrigin?.range ?? this.whole;
    const originText = [contextOrigin?.text, headsP && this.src(headsP), find(cfg, HF_KEYS.hidden) && this.src(find(cfg, HF_KEYS.hidden)!)].filter(Boolean).join(', ');
    const layer: Layer & { type: 'attention'; context: number | string; heads?: number; headDim?: number } = {
      type: 'attention',
      context,
      range,
      origin: { text: originText || 'context length L (not in the config)', range: contextOrigin?.range ?? range },
    };
    let assumedOneHead = false;
    if (heads !== undefined) {
      layer.heads = heads;
      if (hidden !== undefined && hidden % heads === 0) layer.headDim = hidden / heads;
      else if (hidden !== undefined) this.d.warning(`hidden size ${hidden} is not divisible by ${heads} heads`, this.r(headsP!.value), 'hf-head-dim');
    } else if (!headsP) {
      this.d.warning(`no number of heads in ${this.where} (${HF_KEYS.heads.slice(0, 2).join(' / ')}); one head is assumed`, this.whole, 'hf-no-heads');
      assumedOneHead = true;
    }
    return { layer, stack, assumedOneHead, contextOrigin };
  }

  /** How to give a size the config lacks: the command line, or the override file beside it. */
  private giveIt(size: string): string {
    return `Give it with --set ${size}=<n>, or in ${this.overrideName}: {"scalingModel": {"sizes": {"${size}": <n>}}}.`;
  }

  /**
   * Behind a backbone the encoder's tokens are the positions of its feature map, which the image
   * size sets (not in a config); max_position_embeddings or image_size / patch_size do not count them.
   */
  private noBackboneContext(): void {
    const ignored = ['max_position_embeddings', 'image_size'].filter((k) => find(this.cfg, [k]));
    this.d.ask(
      'warning',
      `the encoder runs over the backbone's feature map, whose number of positions depends on the image size and is not in this config${ignored.length ? ` (${ignored.join(' and ')} ${ignored.length > 1 ? 'do' : 'does'} not give it)` : ''}: the attention head's context is the size L.`,
      this.giveIt('L'),
      this.r(this.backbone!.prop),
      'hf-no-context',
      'L',
    );
  }

  /** The window a head attends over, where the config sets one (the widest of a per-layer list). */
  private window(): { size: number; text: string; range: Range } | undefined {
    const use = getProp(this.cfg, 'use_sliding_window');
    if (use?.value.type === 'boolean' && !use.value.value) return undefined;
    const p = getProp(this.cfg, 'sliding_window') ?? getProp(this.cfg, 'attention_window');
    if (!p) return undefined;
    const v = p.value;
    const sizes = v.type === 'number' ? [v.value] : v.type === 'array' && v.items.length <= LIMITS_WINDOWS ? v.items.map((x) => (x.type === 'number' ? x.value : NaN)) : [];
    if (!sizes.length || sizes.some((n) => !Number.isSafeInteger(n) || n < 1)) return undefined;
    const size = Math.max(...sizes);
    const text = `${show(this.src(p), 60)}: each position attends to a window of ${size}${sizes.length > 1 ? ' (the widest)' : ''}`;
    return { size, text, range: this.r(v) };
  }

  /** A vision transformer's sequence: (image_size / patch_size)^2 patches and the class token. */
  private patches(): { context: number; origin: { text: string; range: Range } } | undefined {
    const imageP = find(this.cfg, ['image_size'])!;
    const patchP = find(this.cfg, ['patch_size'])!;
    const sides = (p: JsonProperty, what: string): number[] | undefined => {
      if (p.value.type === 'array' && p.value.items.length === 2) {
        const out = p.value.items.map((x) => (x.type === 'number' ? checkSize(x.value, what, x.raw) : undefined));
        if (out.every((c) => c?.ok && typeof c.value === 'number')) return out.map((c) => (c as { value: number }).value);
        this.d.error(`"${p.key}": each side must be a whole number >= 1`, this.r(p.value), 'hf-bad-value');
        return undefined;
      }
      const n = this.num(p, what);
      return n === undefined ? undefined : [n, n];
    };
    const image = sides(imageP, 'image size');
    const patch = sides(patchP, 'patch size');
    if (!image || !patch) return undefined;
    const grid = [Math.floor(image[0] / patch[0]), Math.floor(image[1] / patch[1])];
    if (image[0] % patch[0] || image[1] % patch[1]) this.d.warning(`image_size ${image.join('×')} is not a multiple of patch_size ${patch.join('×')}: ${grid.join('×')} whole patches are counted`, this.r(imageP.value), 'hf-patches');
    if (grid[0] < 1 || grid[1] < 1) {
      this.d.error(`patch_size ${patch.join('×')} is larger than image_size ${image.join('×')}`, this.r(patchP.value), 'hf-bad-value');
      return undefined;
    }
    // SigLIP pools without a class token: its sequence is the patches alone.
    const typeP = this.typeProp();
    const noClassToken = typeP?.value.type === 'string' && /siglip/i.test(typeP.value.value);
    const context = grid[0] * grid[1] + (noClassToken ? 0 : 1);
    // A product past exact integers (image_size 1e300) was "context Infinity".
    if (!Number.isSafeInteger(context)) {
      this.d.error(`image_size ${image.join('×')} and patch_size ${patch.join('×')} give more patches than a size can be`, this.r(imageP.value), 'hf-bad-value');
      return undefined;
    }
    const plus = noClassToken ? '' : ' + 1';
    const formula = image[0] === image[1] && patch[0] === patch[1] ? `(${image[0]}/${patch[0]})²${plus}` : `(${image[0]}/${patch[0]})·(${image[1]}/${patch[1]})${plus}`;
    return { context, origin: { text: `${this.src(imageP)}, ${this.src(patchP)}: L = ${formula} = ${context} (${noClassToken ? 'the patches; no class token' : 'the patches and the class token'})`, range: this.r(imageP.value) } };
  }

  /** A part of the model the result is explicitly not about: listed (partial), not analysed. */
  private uncovered(model: ModelDescription, type: string, p: JsonProperty | undefined, reason: string, width?: number): void {
    // A part no key of the config states (residuals) has no place in the file: no range, so no hint
    // or hover of its own (it took the model's line: its hint merged with the model's, and the
    // model line's hover began with "Layer 4 (residual)"); the model's hover lists it.
    const range = p ? this.r(p) : undefined;
    const layer: Layer = { type, reason, ...(range ? { range } : {}), origin: { text: p ? this.src(p) : reason, ...(range ? { range } : {}) }, partial: true };
    if (width !== undefined) (layer as { width?: number }).width = width;
    model.layers.push(layer);
  }

  /** The parts of the transformer the result is explicitly not about; returns the names of the other sub-models listed. */
  private notCovered(model: ModelDescription, kind: Kind, hidden: number | undefined): string[] {
    const cfg = this.cfg;
    const uncovered = (type: string, p: JsonProperty | undefined, reason: string, width?: number): void => this.uncovered(model, type, p, reason, width);
    const innerP = find(cfg, HF_KEYS.inner);
    const inner = this.num(innerP, 'intermediate size');
    if (innerP && inner !== undefined) {
      uncovered('mlp', innerP, 'the transformer MLP after attention is not covered: the scale analysis covers one softmax attention head; full transformers are not covered', inner);
    } else if (getProp(cfg, 'n_inner') && hidden !== undefined) {
      uncovered('mlp', getProp(cfg, 'n_inner'), `the transformer MLP (n_inner null: 4 × ${hidden} = ${4 * hidden}) is not covered: the scale analysis covers one softmax attention head`, 4 * hidden);
    } else {
      uncovered('mlp', undefined, 'the transformer MLP is not covered: the scale analysis covers one softmax attention head');
    }
    const expertsP = find(cfg, HF_KEYS.experts);
    const experts = this.num(expertsP, 'number of experts');
    if (expertsP && experts !== undefined) {
      const perTokenP = find(cfg, HF_KEYS.expertsPerToken);
      const perToken = perTokenP && perTokenP.value.type === 'number' ? ` (${perTokenP.value.value} per token)` : '';
      uncovered('mixture-of-experts', expertsP, `${experts} experts${perToken} replace the MLP: mixture-of-experts routing is not covered by the scale analysis`);
    }
    uncovered('layer-norm', find(cfg, HF_KEYS.norm), 'layer normalisation is not covered by the scale analysis');
    uncovered('residual', undefined, 'residual connections are not covered by the scale analysis');
    const headsP = find(cfg, HF_KEYS.heads);
    const heads = headsP?.value.type === 'number' ? headsP.value.value : undefined;
    const kvP = find(cfg, HF_KEYS.kvHeads);
    const kv = kvP?.value.type === 'number' ? kvP.value.value : undefined;
    // Grouped-query attention only when the key/value heads are fewer than the heads.
    if (kvP && kv !== undefined && heads !== undefined && kv < heads) {
      const what = kv === 1 ? 'multi-query attention (one key/value head shared by' : `grouped-query attention (${kv} key/value heads shared by`;
      uncovered('grouped-query-attention', kvP, `${what} ${heads} query heads) is not covered; the analysis reads one softmax head`);
    }
    const layersP = find(cfg, kind === 'encoder-decoder' ? HF_KEYS.encoderLayers : HF_KEYS.layers);
    const nLayers = layersP?.value.type === 'number' ? layersP.value.value : undefined;
    if (layersP && nLayers !== undefined) {
      const stack = kind === 'encoder-decoder' ? 'encoder blocks' : 'stacked transformer blocks';
      uncovered('transformer-blocks', layersP, `${nLayers} ${stack}: the scale analysis covers one softmax attention head; full transformers are not covered`);
    }
    if (kind === 'encoder-decoder') {
      const decP = find(cfg, HF_KEYS.decoderLayers) ?? layersP;
      const dec = decP?.value.type === 'number' ? `${decP.value.value} ` : '';
      uncovered('decoder', decP, `the decoder (${dec}blocks of self-attention${this.decoderPositions()} and cross-attention to the encoder) is not covered: the head read here is the encoder's`);
    }
    return [...(kind === 'encoder-decoder' ? ['the decoder'] : []), ...this.otherSubModels(model)];
  }

  /** What a flat encoder-decoder's decoder attends over: target positions, or DETR's object queries. */
  private decoderPositions(): string {
    const tgtP = find(this.cfg, HF_KEYS.decoderContext);
    if (tgtP?.value.type === 'number') return ` over up to ${tgtP.value.value} target positions`;
    const queriesP = getProp(this.cfg, 'num_queries');
    return queriesP?.value.type === 'number' ? ` over ${queriesP.value.value} object queries` : '';
  }

  /** A nested config's other sub-models (the decoder, the text model), each listed with its size (MAX_SUBMODELS of them); returns their names. */
  private otherSubModels(model: ModelDescription): string[] {
    const nested = this.nested;
    if (!nested) return [];
    const names: string[] = [];
    // A key given twice counts once, as JSON.parse keeps the last: the last place of each key, in
    // one pass (a look-up per key made 64,000 plain keys take 50 s).
    const last = new Map<string, number>();
    for (const p of this.root.properties) last.set(p.key, p.start);
    let more = 0;
    for (const p of this.root.properties) {
      if (p.start === nested.prop.start || last.get(p.key) !== p.start || !isSubModel(p.value)) continue;
      // A few are listed one by one; 600 of them were 600 layers, and the config "has 606 layers".
      if (names.length === MAX_SUBMODELS) {
        more++;
        continue;
      }
      const { type, what } = SUBMODEL_NAMES[p.key] ?? { type: 'sub-model', what: `the model in "${p.key}"` };
      this.uncovered(model, type, p, `${what} (${subModelSummary(p.key, p.value)}) is not covered: the head read here is the ${nested.what}'s`);
      names.push(what);
    }
    if (more) model.layers.push({ type: 'sub-model', reason: `${more} more sub-models of this config are not covered either`, range: this.whole, origin: { text: `${more} more sub-models`, range: this.whole } });
    return names;
  }

  /** The head: a language-model head over the vocabulary or a classifier, read as a scalar readout. */
  private readout(model: ModelDescription): void {
    // An encoder-decoder's output head is its decoder's, which a nested config keeps in "decoder".
    const sources = [this.cfg, this.root, ...(this.nested ? [getObject(this.root, 'decoder')] : [])].filter((o): o is JsonObject => o !== undefined);
    const first = (keys: readonly string[]): JsonProperty | undefined => sources.map((o) => find(o, keys)).find((p) => p !== undefined);
    const vocabP = first(HF_KEYS.vocab);
    const labelsP = first(['id2label']);
    let text = 'readout assumed';
    let p: JsonProperty | undefined;
    if (vocabP) [p, text] = [vocabP, `${this.src(vocabP)} (the language-model head is read as a scalar readout)`];
    else if (labelsP && labelsP.value.type === 'object') [p, text] = [labelsP, `id2label: ${labelsP.value.properties.length} labels (the classifier is read as a scalar readout)`];
    const range = p ? this.r(p) : this.whole;
    model.layers.push({ type: 'readout', range, origin: { text, range } });
  }
}

/** A sub-model in a few words: "\"text_config\": clip_text_model, 12 blocks, hidden size 512, 8 heads, context 77". */
function subModelSummary(key: string, cfg: JsonObject): string {
  const n = (keys: readonly string[]): number | undefined => {
    const p = find(cfg, keys);
    return p?.value.type === 'number' ? p.value.value : undefined;
  };
  const [blocks, hidden, heads, context] = [n(HF_KEYS.layers), n(HF_KEYS.hidden), n(HF_KEYS.heads), n(HF_KEYS.context)];
  const cross = getProp(cfg, 'add_cross_attention')?.value;
  const name = configName(cfg);
  return [
    `"${key}"${name ? `: ${name}` : ''}`,
    blocks !== undefined && `${blocks} blocks`,
    hidden !== undefined && `hidden size ${hidden}`,
    heads !== undefined && `${heads} heads`,
    context !== undefined && `context ${context}`,
    cross?.type === 'boolean' && cross.value && 'with cross-attention to the encoder',
  ].filter(Boolean).join(', ');
}

/** `overrideName`: the override file beside the config, by name (config.scaling.json), for the advice where a size is missing. */
export function readHuggingFaceConfig(text: string, lines: LineIndex, root: JsonValue, options?: ParseOptions, overrideName = 'config.scaling.json'): FrontEndResult {
  const out: FrontEndResult = { models: [], diagnostics: [] };
  if (root.type !== 'object') return out;
  collect(out, new HfReader(text, lines, root, overrideName).read(options));
  return out;
}
