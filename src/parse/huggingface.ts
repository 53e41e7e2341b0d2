// The Hugging Face config.json front end (formats.md, section 2), mapped honestly: the scale
// analysis covers one softmax attention head (context L, tokens of dimension hidden size); the
// rest of a transformer (blocks, MLPs, layer norms, residuals) is listed as not covered.
// Pure: no Node, no VS Code.
import type { Layer, ModelDescription, Range } from '../model/types';
import type { JsonObject, JsonProperty, JsonValue } from './json';
import { firstItems, getProp } from './json';
import { applyDefaults, checkSize, type ParseOptions } from './checks';
import { collect, sourceText, type FrontEndResult } from './scalingModel';
import { Diags, LineIndex, show } from './text';

/** Aliases, first match wins: GPT-2 names, BERT/LLaMA names, T5/BART names. */
export const HF_KEYS = {
  hidden: ['hidden_size', 'n_embd', 'd_model', 'dim'],
  heads: ['num_attention_heads', 'n_head', 'num_heads', 'encoder_attention_heads', 'n_heads'],
  layers: ['num_hidden_layers', 'n_layer', 'num_layers', 'encoder_layers', 'n_layers'],
  context: ['max_position_embeddings', 'n_positions', 'n_ctx', 'max_seq_len', 'seq_length'],
  inner: ['intermediate_size', 'n_inner', 'd_ff', 'ffn_dim', 'encoder_ffn_dim', 'hidden_dim'],
  norm: ['layer_norm_eps', 'layer_norm_epsilon', 'rms_norm_eps', 'layer_norm_eps'],
  vocab: ['vocab_size'],
  kvHeads: ['num_key_value_heads'],
} as const;

const PRIMARY = ['hidden_size', 'n_embd', 'd_model'];

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

export function readHuggingFaceConfig(text: string, lines: LineIndex, root: JsonValue, options?: ParseOptions): FrontEndResult {
  const out: FrontEndResult = { models: [], diagnostics: [] };
  const d = new Diags();
  if (root.type !== 'object') return out;
  const r = (v: { start: number; end: number }): Range => lines.range(v.start, v.end);
  const src = (p: JsonProperty): string => sourceText(text, p.start, p.end);
  const num = (p: JsonProperty | undefined, what: string): number | undefined => {
    if (!p) return undefined;
    const v = p.value;
    const c = checkSize(v.type === 'number' ? v.value : v.type === 'string' ? v.value : null, what, v.type === 'number' ? v.raw : undefined);
    if (c.ok && typeof c.value === 'number') return c.value;
    d.error(`"${p.key}": ${c.ok ? `${what} must be a number` : c.message}`, r(v), 'hf-bad-value');
    return undefined;
  };

  const archP = getProp(root, 'architectures');
  const typeP = getProp(root, 'model_type');
  const nameP = getProp(root, '_name_or_path');
  let name = 'huggingface model';
  const arch = archP && archP.value.type === 'array' ? firstItems(archP.value, 1)[0] : undefined;
  if (arch?.type === 'string') name = arch.value;
  else if (typeP && typeP.value.type === 'string') name = typeP.value.value;
  if (nameP && nameP.value.type === 'string' && nameP.value.value) name = nameP.value.value;

  const hiddenP = find(root, HF_KEYS.hidden);
  const headsP = find(root, HF_KEYS.heads);
  const layersP = find(root, HF_KEYS.layers);
  const contextP = find(root, HF_KEYS.context);
  const innerP = find(root, HF_KEYS.inner);
  const normP = find(root, HF_KEYS.norm);
  const vocabP = find(root, HF_KEYS.vocab);
  const kvP = find(root, HF_KEYS.kvHeads);
  const whole = lines.range(root.start, root.start + 1);

  const hidden = num(hiddenP, 'hidden size');
  const heads = num(headsP, 'number of heads');
  const nLayers = num(layersP, 'number of layers');
  const context = num(contextP, 'context length');
  const inner = num(innerP, 'intermediate size');
  if (!hiddenP) d.error(`no hidden size in this config: expected one of ${HF_KEYS.hidden.slice(0, 3).join(', ')}`, whole, 'hf-no-hidden');
  if (!contextP) {
    d.error(`no context length in this config: expected one of ${HF_KEYS.context.slice(0, 3).join(', ')} (the attention head's L)`, whole, 'hf-no-context');
  }
  if (hidden === undefined || context === undefined) {
    collect(out, { diags: d });
    return out;
  }

  const model: ModelDescription = {
    name,
    data: { kind: 'gaussian', dim: hidden },
    target: { kind: 'single-index', degree: 3 },
    parametrization: { readout: 'standard' },
    layers: [],
    range: r(root),
    origins: { d: { text: src(hiddenP!), range: r(hiddenP!.value) } },
    assumptions: [],
    source: 'huggingface',
  };
  const keep = (key: string, p: JsonProperty | undefined): void => {
    if (p) model.origins![key] = { text: src(p), range: r(p.value) };
  };
  keep('context', contextP);
  keep('heads', headsP);
  keep('blocks', layersP);
  keep('intermediate', innerP);
  keep('vocab', vocabP);
  keep('kvHeads', kvP);
  const attnRange = headsP ? r(headsP) : r(contextP!);
  const attn: Layer = {
    type: 'attention',
    context,
    range: attnRange,
    origin: { text: [contextP, headsP, hiddenP].filter((p): p is JsonProperty => !!p).map(src).join(', '), range: r(contextP!.value) },
  };
  if (heads !== undefined) {
    attn.heads = heads;
    if (hidden % heads === 0) attn.headDim = hidden / heads;
    else d.warning(`hidden size ${hidden} is not divisible by ${heads} heads`, r(headsP!.value), 'hf-head-dim');
  } else {
    d.warning(`no number of heads (${HF_KEYS.heads.slice(0, 2).join(' / ')}); one head is assumed`, whole, 'hf-no-heads');
    model.assumptions!.push({ what: 'attention heads', value: '1', source: 'default' });
  }
  model.layers.push(attn);

  const uncovered = (type: string, p: JsonProperty | undefined, reason: string, width?: number): void => {
    const range = p ? r(p) : whole;
    // partial: the result is explicitly about one head; these parts are listed, not analysed.
    const layer: Layer = { type, reason, range, origin: { text: p ? src(p) : reason, range }, partial: true };
    if (width !== undefined) (layer as { width?: number }).width = width;
    model.layers.push(layer);
  };
  if (innerP && inner !== undefined) {
    uncovered('mlp', innerP, 'the transformer MLP after attention is not covered: the scale analysis covers one softmax attention head; full transformers are not covered', inner);
  } else if (getProp(root, 'n_inner')) {
    uncovered('mlp', getProp(root, 'n_inner'), `the transformer MLP (n_inner null: 4 × ${hidden} = ${4 * hidden}) is not covered: the scale analysis covers one softmax attention head`, 4 * hidden);
  } else {
    uncovered('mlp', undefined, 'the transformer MLP is not covered: the scale analysis covers one softmax attention head');
  }
  uncovered('layer-norm', normP, 'layer normalisation is not covered by the scale analysis');
  uncovered('residual', undefined, 'residual connections are not covered by the scale analysis');
  if (kvP) uncovered('grouped-query-attention', kvP, 'grouped key/value heads are not covered; the analysis reads one softmax head');
  if (nLayers !== undefined) {
    uncovered(
      'transformer-blocks',
      layersP,
      `${nLayers} stacked transformer blocks: the scale analysis covers one softmax attention head; full transformers are not covered`,
    );
  }
  const vocabRange = vocabP ? r(vocabP) : whole;
  model.layers.push({ type: 'readout', range: vocabRange, origin: { text: vocabP ? `${src(vocabP)} (the language-model head is read as a scalar readout)` : 'readout assumed', range: vocabRange } });
  d.info(
    `Hugging Face config read as one softmax attention head (context ${context}, token dimension ${hidden}${heads ? `, ${heads} heads` : ''}); ` +
      `the rest of the transformer${nLayers !== undefined ? ` (${nLayers} blocks, MLPs, layer norms, residuals)` : ''} is not covered`,
    typeP ? r(typeP) : whole,
    'hf-partial',
  );
  model.assumptions!.push({ what: 'data', value: `isotropic Gaussian tokens of dimension ${hidden} (the real data is not known from a config.json)`, source: 'default' });
  applyDefaults(model, { data: true }, options);
  void show;
  collect(out, { model, diags: d });
  return out;
}
