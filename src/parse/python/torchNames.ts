// What the PyTorch reader knows about torch names: which nn classes are activations, which are
// transparent (dropout, flatten, identity), containers or attention, why the others are not
// covered, and which functions and tensor methods are activations or only reshape.
// Pure: no Node, no VS Code. Every table here is looked up with names from the file: none has a
// prototype (lookupTable).

import { lookupTable } from '../../model/names';

/** nn activation classes → the activation name the engine knows (or reports as unknown). */
export const ACTIVATION_CLASSES = lookupTable<string>({
  ReLU: 'relu', ReLU6: 'relu6', LeakyReLU: 'leaky_relu', PReLU: 'prelu', RReLU: 'rrelu', ELU: 'elu', SELU: 'selu', CELU: 'celu',
  GELU: 'gelu', SiLU: 'silu', Mish: 'mish', Tanh: 'tanh', Sigmoid: 'sigmoid', Hardtanh: 'hardtanh', Hardsigmoid: 'hardsigmoid',
  Hardswish: 'hardswish', Softplus: 'softplus', Softsign: 'softsign', Tanhshrink: 'tanhshrink', LogSigmoid: 'logsigmoid',
  Threshold: 'threshold', GLU: 'glu', Softmax: 'softmax', LogSoftmax: 'log_softmax', Softmin: 'softmin', Softmax2d: 'softmax',
});

/** Activation functions: torch.nn.functional.X, torch.X, torch.special.X and tensor methods. */
const ACTIVATION_FUNCTIONS = lookupTable<string>({
  relu: 'relu', relu_: 'relu', relu6: 'relu6', leaky_relu: 'leaky_relu', leaky_relu_: 'leaky_relu', prelu: 'prelu', rrelu: 'rrelu', elu: 'elu', elu_: 'elu',
  selu: 'selu', celu: 'celu', gelu: 'gelu', silu: 'silu', mish: 'mish', tanh: 'tanh', tanh_: 'tanh', sigmoid: 'sigmoid', sigmoid_: 'sigmoid',
  hardtanh: 'hardtanh', hardsigmoid: 'hardsigmoid', hardswish: 'hardswish', softplus: 'softplus', softsign: 'softsign', tanhshrink: 'tanhshrink',
  logsigmoid: 'logsigmoid', glu: 'glu', softmax: 'softmax', log_softmax: 'log_softmax', softmin: 'softmin', erf: 'erf', sin: 'sin', expit: 'sigmoid',
});

/** Activations that only turn the readout's output into probabilities: dropped after the last Linear. */
export const OUTPUT_ACTIVATIONS = new Set(['softmax', 'log_softmax', 'softmin', 'sigmoid', 'logsigmoid']);

/** The activation a qualified torch function name stands for (torch.nn.functional.relu → relu). */
export function activationOfFunction(q: string): string | undefined {
  const m = /^torch(?:\.nn\.functional|\.special)?\.([A-Za-z0-9_]+)$/.exec(q);
  if (!m) return undefined;
  // torch.relu, torch.tanh, torch.sigmoid, torch.erf, torch.sin are tensor functions; torch.gelu is not public API.
  if (!q.includes('.nn.functional') && !q.includes('.special') && !['relu', 'relu_', 'tanh', 'sigmoid', 'erf', 'sin', 'softmax', 'log_softmax', 'selu', 'celu', 'rrelu', 'prelu'].includes(m[1])) return undefined;
  return ACTIVATION_FUNCTIONS[m[1]];
}

/** Tensor methods that are activations (x.relu(), x.tanh(), x.softmax(-1)). */
export function activationOfMethod(name: string): string | undefined {
  return ['relu', 'relu_', 'tanh', 'tanh_', 'sigmoid', 'sigmoid_', 'erf', 'sin', 'softmax', 'log_softmax'].includes(name) ? ACTIVATION_FUNCTIONS[name] : undefined;
}

/** Tensor methods that only reshape, move or re-type a tensor: the flow goes through them unchanged. */
export const PASS_METHODS = new Set([
  'view', 'view_as', 'reshape', 'reshape_as', 'flatten', 'squeeze', 'unsqueeze', 'squeeze_', 'unsqueeze_', 'contiguous', 'float', 'double', 'half',
  'bfloat16', 'to', 'type', 'type_as', 'cuda', 'cpu', 'clone', 'detach', 'permute', 'transpose', 'transpose_', 't', 'expand', 'expand_as', 'repeat',
  'requires_grad_', 'long', 'int', 'movedim', 'swapaxes', 'unflatten',
]);

/** Tensor methods and attributes that give a shape or property, not a tensor of the flow. */
export const SHAPE_METHODS = new Set(['size', 'dim', 'numel', 'shape', 'ndim', 'device', 'dtype', 'nelement', 'item', 'tolist', 'numpy', 'is_cuda', 'stride']);

/** torch functions that only reshape (torch.flatten(x, 1)). */
export const PASS_FUNCTIONS = new Set(['torch.flatten', 'torch.reshape', 'torch.squeeze', 'torch.unsqueeze', 'torch.transpose', 'torch.permute', 'torch.movedim', 'torch.nn.functional.dropout', 'torch.nn.functional.dropout1d', 'torch.nn.functional.dropout2d', 'torch.nn.functional.alpha_dropout', 'torch.nn.functional.normalize_not']);

/** torch functions that combine several tensors. */
export const MERGE_FUNCTIONS = lookupTable<string>({ 'torch.cat': 'concatenate', 'torch.concat': 'concatenate', 'torch.concatenate': 'concatenate', 'torch.stack': 'stack', 'torch.hstack': 'concatenate', 'torch.vstack': 'concatenate', 'torch.add': 'add', 'torch.mul': 'product', 'torch.matmul': 'matmul', 'torch.bmm': 'matmul', 'torch.einsum': 'einsum' });

/** Classes read as the identity (no layer at all). */
export const IDENTITY_CLASSES = new Set(['Identity']);
/** Classes read as transparent layers (kept in the list, ignored with a note by the analysis). */
export const TRANSPARENT_CLASSES = lookupTable<string>({
  Dropout: 'dropout', Dropout1d: 'dropout', Dropout2d: 'dropout', Dropout3d: 'dropout', AlphaDropout: 'dropout', FeatureAlphaDropout: 'dropout',
  Flatten: 'flatten', Unflatten: 'reshape',
});

export const ATTENTION_CLASSES = new Set(['MultiheadAttention', 'TransformerEncoderLayer', 'TransformerDecoderLayer', 'TransformerEncoder', 'TransformerDecoder', 'Transformer']);
/** Modules whose call returns a tuple whose first item carries the flow. */
export const TUPLE_RESULT_CLASSES = new Set(['MultiheadAttention', 'LSTM', 'GRU', 'RNN', 'LSTMCell']);

const REASONS: [RegExp, string][] = [
  [/^(Lazy)?Conv(Transpose)?\dd$/, 'convolutions are not covered by the scale analysis (the paper reports only non-overlapping patches)'],
  [/Norm(\dd)?$|^LocalResponseNorm$/, 'normalisation layers are not covered by the scale analysis'],
  [/Pool\dd$|^AdaptiveLogSoftmaxWithLoss$/, 'pooling layers are not covered by the scale analysis'],
  [/^(RNN|LSTM|GRU)(Cell)?$/, 'recurrent layers are not covered by the scale analysis'],
  [/^Embedding(Bag)?$/, 'embeddings are not covered by the scale analysis'],
  [/^(Upsample|UpsamplingNearest2d|UpsamplingBilinear2d|PixelShuffle|PixelUnshuffle|Fold|Unfold|ChannelShuffle)$/, 'resampling layers are not covered by the scale analysis'],
  [/Pad\dd$/, 'padding layers are not covered by the scale analysis'],
  [/^(Bilinear|LazyLinear)$/, 'this kind of linear layer is not read: the analysis reads nn.Linear with its in_features stated'],
  [/^(Sequential|ModuleList|ModuleDict)$/, 'a container that is not applied as a chain is not read'],
];

/** Why an nn class is not covered, in words. */
export function reasonForClass(cls: string): string {
  for (const [re, why] of REASONS) if (re.test(cls)) return why;
  return `nn.${cls} layers are not covered by the scale analysis`;
}

/** Qualified names of the bases that make a class an nn.Module. */
export function isModuleBase(q: string): boolean {
  return /^torch\.nn(\.modules(\.[a-z_]+)*)?\.(Module|Sequential|ModuleList|ModuleDict)$/.test(q) || /(^|\.)LightningModule$/.test(q);
}

/** The conventional alias of a top-level name when a file uses it without importing it. */
export const CONVENTIONAL = lookupTable<string>({ nn: 'torch.nn', F: 'torch.nn.functional', torch: 'torch', OrderedDict: 'collections.OrderedDict' });
