// From a model description (what a file says) to the engine's problem (symbols only), keeping
// what the analysis covers, what it does not and why, and the assumptions it had to make.

import { Rational, activationInfo, knownActivations, type HiddenSpec, type ScaleProblem } from '../engine/index';
import { parseSizeExpr, isSymbolName } from './sizeExpr';
import type { Assumption, Layer, ModelDescription, Note, Range } from './types';

export interface NotCovered {
  layer: number;
  type: string;
  reason: string;
  range?: Range;
}

export interface LayerInfo {
  index: number;
  type: string;
  /** Width or context symbol used by the analysis. */
  symbol?: string;
  value?: number;
  covered: boolean;
  activation?: string;
  /** Index into problem.hidden when the layer is a covered hidden layer. */
  hidden?: number;
  /** The layer adds a bias. */
  bias?: boolean;
  reason?: string;
}

export interface Prepared {
  /** Absent when the model cannot be analysed (the reasons are in notCovered / blocking). */
  problem?: ScaleProblem;
  layers: LayerInfo[];
  notCovered: NotCovered[];
  /** Why there is no analysis at all, when there is none. */
  blocking: string[];
  assumptions: Assumption[];
  notes: Note[];
  sizes: Record<string, number>;
  kappa?: number;
}

/** Layers that do not change the function the analysis models at equilibrium. */
const TRANSPARENT: Record<string, string> = {
  dropout: 'dropout is the identity at inference; ignored',
  flatten: 'flatten only reshapes; ignored',
  reshape: 'reshape only reshapes; ignored',
  input: 'input layer: gives d only',
  inputlayer: 'input layer: gives d only',
};

const LINEAR = new Set(['linear', 'identity', 'none']);

export function toProblem(model: ModelDescription, sizeOverrides: Record<string, number> = {}): Prepared {
  const assumptions: Assumption[] = [...(model.assumptions ?? [])];
  const notes: Note[] = [];
  /** Layers (1-based) by what their activation carries: one note each, however deep the network. */
  const activationLayers = new Map<string, number[]>();
  const notCovered: NotCovered[] = [];
  const blocking: string[] = [];
  const sizes: Record<string, number> = { ...(model.sizes ?? {}) };
  const layers: LayerInfo[] = [];
  const hidden: HiddenSpec[] = [];
  const used = new Set<string>();

  let dim = 'd';
  const dataDim = model.data?.dim ?? 'd';
  if (typeof dataDim === 'number') {
    if (sizes.d === undefined) sizes.d = dataDim;
  } else dim = dataDim;
  used.add(dim);
  for (const l of model.layers) {
    const w = l.type === 'dense' ? (l as { width?: unknown }).width : l.type === 'attention' ? (l as { context?: unknown }).context : undefined;
    if (typeof w === 'string') used.add(w);
  }
  const fresh = (wanted: string) => {
    let name = wanted;
    while (used.has(name)) name += "'";
    used.add(name);
    return name;
  };

  let denseCount = 0;
  let partial = false;
  let readoutSeen = false;
  model.layers.forEach((layer: Layer, index) => {
    const type = layer.type;
    const key = type.toLowerCase();
    if (readoutSeen) {
      const reason = 'comes after the readout';
      notCovered.push({ layer: index, type, reason, range: layer.range });
      layers.push({ index, type, covered: false, reason });
      blocking.push(`layer ${index + 1} (${type}) ${reason}`);
      return;
    }
    if (type === 'readout') {
      readoutSeen = true;
      layers.push({ index, type, covered: true });
      return;
    }
    if (type === 'dense') {
      denseCount++;
      const l = layer as { width: number | string; activation?: string };
      const { symbol, value } = sizeSymbol(l.width, () => fresh(`N${denseCount}`));
      if (value !== undefined) setSize(sizes, symbol, value, notes);
      let act = l.activation;
      if (!act) {
        act = 'erf';
        const what = `activation of layer ${index + 1}`;
        if (!assumptions.some((a) => a.what === what)) assumptions.push({ what, value: 'erf', source: 'default' });
      }
      const info = activationInfo(act);
      if (!info) {
        const reason = LINEAR.has(act.toLowerCase())
          ? 'a linear layer has no Hermite component beyond degree 1, so its lazy kernel does not carry the target; the rules do not cover it'
          : `activation '${act}' is not one the rules know (known: ${knownActivations().join(', ')})`;
        notCovered.push({ layer: index, type, reason, range: layer.range });
        layers.push({ index, type, symbol, value, covered: false, activation: act, reason });
        blocking.push(`layer ${index + 1}: ${reason}`);
        return;
      }
      if (info.name !== 'erf') {
        const what = `${info.name} carries ${info.degrees} of its input (derived)`;
        activationLayers.set(what, [...(activationLayers.get(what) ?? []), index + 1]);
      }
      const bias = !!(layer as { bias?: boolean }).bias;
      if (bias) {
        const from = (layer as { biasFrom?: string }).biasFrom;
        assumptions.push({
          what: `bias of layer ${index + 1}`,
          value: from === 'library-default' ? "yes (the library's default)" : 'yes',
          source: from === 'library-default' ? 'default' : from === 'file' ? 'file' : 'annotation',
        });
      }
      layers.push({ index, type, symbol, value, covered: true, activation: info.name, hidden: hidden.length, bias });
      hidden.push({ kind: 'dense', width: symbol, activation: info.name, bias, index });
      return;
    }
    if (type === 'attention') {
      const l = layer as { context: number | string; heads?: number };
      const { symbol, value } = sizeSymbol(l.context, () => fresh('L'));
      if (value !== undefined) setSize(sizes, symbol, value, notes);
      const heads = l.heads ?? 1;
      if (heads > 1) notes.push({ kind: 'attention', text: `layer ${index + 1}: ${heads} heads; the analysis covers the scaling of one softmax head, not their interaction` });
      layers.push({ index, type, symbol, value, covered: true, hidden: hidden.length });
      hidden.push({ kind: 'attention', context: symbol, heads, index });
      return;
    }
    const reason = (layer as { reason?: string }).reason;
    if (TRANSPARENT[key]) {
      notes.push({ kind: 'ignored', text: `layer ${index + 1} (${type}): ${TRANSPARENT[key]}` });
      layers.push({ index, type, covered: false, reason: TRANSPARENT[key] });
      notCovered.push({ layer: index, type, reason: TRANSPARENT[key], range: layer.range });
      return;
    }
    if ((layer as { partial?: boolean }).partial) {
      const why = reason ?? `'${type}' is not covered`;
      notCovered.push({ layer: index, type, reason: why, range: layer.range });
      layers.push({ index, type, covered: false, reason: why });
      partial = true;
      return;
    }
    const why = reason ?? `'${type}' layers are not covered by the scale analysis (it covers dense layers, one softmax attention head and the readout)`;
    notCovered.push({ layer: index, type, reason: why, range: layer.range });
    layers.push({ index, type, covered: false, reason: why });
    blocking.push(`layer ${index + 1} (${type}) is not covered`);
  });

  for (const [what, at] of activationLayers) notes.push({ kind: 'activation', text: `${layerList(at)}: ${what}` });
  if (partial) notes.push({ kind: 'partial', text: 'the result covers only the analysed layers (e.g. one attention head of a transformer); the layers listed as not covered are outside it' });
  if (!readoutSeen) assumptions.push({ what: 'readout', value: 'a linear readout after the last layer', source: 'default' });
  if (!hidden.length && !blocking.length) blocking.push('the model has no hidden layer to analyse');
  if (hidden.some((h) => h.kind === 'attention') && hidden.length > 1)
    blocking.push('an attention head combined with other layers is outside the rules (they cover a single softmax head before the readout)');

  let readout = model.parametrization?.readout ?? 'standard';
  if (readout === 'mean-field' && hidden.some((h) => h.kind === 'attention')) {
    notes.push({ kind: 'attention', text: 'mean-field readout after an attention head is not covered; the standard readout is used' });
    readout = 'standard';
  }

  for (const [k, v] of Object.entries(sizeOverrides)) sizes[k] = v;

  let regime: Record<string, Rational> | undefined;
  if (model.regime && Object.keys(model.regime).length) {
    regime = {};
    for (const [sym, expr] of Object.entries(model.regime)) {
      const parsed = parseSizeExpr(expr);
      if (!parsed.ok) {
        blocking.push(`regime ${sym}: ${parsed.error}`);
        continue;
      }
      const keys = Object.keys(parsed.value.exponents);
      if (keys.some((k) => k !== dim)) {
        blocking.push(`regime ${sym} = ${expr}: a regime may only mention ${dim}`);
        continue;
      }
      if (sym === dim) continue;
      regime[sym] = Rational.parse(parsed.value.exponents[dim] ?? '0');
    }
  }

  // sigma_b^2 ∝ d^c, for layers with a bias (docs/method.md, "Biases").
  let biasVariance: Rational | undefined;
  if (hidden.some((h) => h.kind === 'dense' && h.bias)) {
    const stated = model.biasVariance;
    if (stated !== undefined) {
      const parsed = parseSizeExpr(stated);
      const keys = parsed.ok ? Object.keys(parsed.value.exponents) : [];
      if (!parsed.ok) blocking.push(`bias variance: ${parsed.error}`);
      else if (keys.some((k) => k !== dim)) blocking.push(`bias variance ${stated}: it may only mention ${dim}`);
      else biasVariance = Rational.parse(parsed.value.exponents[dim] ?? '0');
      if (!assumptions.some((a) => a.what === 'bias variance sigma_b^2')) assumptions.push({ what: 'bias variance sigma_b^2', value: `∝ ${stated}`, source: 'file' });
    } else {
      biasVariance = Rational.ZERO;
      assumptions.push({ what: 'bias variance sigma_b^2', value: `∝ ${dim}^0 (a file or override may state another scaling, e.g. 1/${dim})`, source: 'default' });
    }
  }

  let kappa: number | undefined;
  if (typeof model.parametrization?.kappa === 'number') kappa = model.parametrization.kappa;

  const problem: ScaleProblem | undefined = blocking.length
    ? undefined
    : { dim, degree: model.target?.degree ?? 3, readout, hidden, sizes: Object.keys(sizes).length ? sizes : undefined, regime, ...(biasVariance ? { biasVariance } : {}) };
  return { problem, layers, notCovered, blocking, assumptions, notes, sizes, kappa };
}

function sizeSymbol(w: number | string, freshName: () => string): { symbol: string; value?: number } {
  if (typeof w === 'number') return { symbol: freshName(), value: w };
  if (isSymbolName(w)) return { symbol: w };
  // A numeric string ("512") from a permissive front end.
  const n = Number(w);
  if (Number.isFinite(n) && n > 0) return { symbol: freshName(), value: n };
  return { symbol: w };
}

function setSize(sizes: Record<string, number>, symbol: string, value: number, notes: Note[]) {
  if (sizes[symbol] !== undefined && sizes[symbol] !== value) notes.push({ kind: 'sizes', text: `${symbol}: the layer says ${value}, sizes say ${sizes[symbol]}; the layer wins` });
  sizes[symbol] = value;
}

/** "layer 3", "layers 2, 6", "layers 2, 6, 10, …, 126 (32 layers)". */
function layerList(at: number[]): string {
  if (at.length === 1) return `layer ${at[0]}`;
  if (at.length <= 6) return `layers ${at.join(', ')}`;
  return `layers ${at.slice(0, 3).join(', ')}, …, ${at[at.length - 1]} (${at.length} layers)`;
}
