// From a model description (what a file says) to the engine's problem (symbols only), keeping
// what the analysis covers, what it does not and why, and the assumptions it had to make.

import { Rational, activationInfo, knownActivations, type HiddenSpec, type ScaleProblem } from '../engine/index';
import { growingBiasVariance, parseSizeExpr, isSymbolName, shrinkingRegime } from './sizeExpr';
import { lookupTable, nearestName } from './names';
import type { Assumption, AttentionLayer, DenseLayer, Layer, ModelDescription, Note, Range } from './types';

export interface NotCovered {
  layer: number;
  type: string;
  reason: string;
  range?: Range;
  /** An activation the rules do not know: said at the layer too, where a typo is (report/build.ts). */
  atLayer?: true;
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
const TRANSPARENT = lookupTable<string>({
  dropout: 'dropout is the identity at inference; ignored',
  flatten: 'flatten only reshapes; ignored',
  reshape: 'reshape only reshapes; ignored',
  input: 'input layer: gives d only',
  inputlayer: 'input layer: gives d only',
});

/** Why a layer of this type does not change the function (dropout, flatten, ...), or undefined. */
export function transparentReason(type: string): string | undefined {
  return TRANSPARENT[type.toLowerCase()];
}

const LINEAR = new Set(['linear', 'identity', 'none']);

export function toProblem(model: ModelDescription, sizeOverrides: Record<string, number> = {}): Prepared {
  const p = new Preparer(model);
  model.layers.forEach((layer, index) => p.layer(layer, index));
  return p.finish(sizeOverrides);
}

/** Walks the layers once, collecting what the analysis covers, what it does not and why. */
class Preparer {
  readonly assumptions: Assumption[];
  readonly notes: Note[] = [];
  /** Layers (1-based) by what their activation carries: one note each, however deep the network. */
  private readonly activationLayers = new Map<string, number[]>();
  readonly notCovered: NotCovered[] = [];
  readonly blocking: string[] = [];
  readonly sizes: Record<string, number>;
  readonly layers: LayerInfo[] = [];
  readonly hidden: HiddenSpec[] = [];
  /** The input dimension's symbol. */
  readonly dim: string = 'd';
  /** Symbols the model uses, so that a numeric size gets a fresh name (N1, N1', ...). */
  private readonly used = new Set<string>();
  private denseCount = 0;
  private partial = false;
  private readoutSeen = false;

  constructor(private readonly model: ModelDescription) {
    this.assumptions = [...(model.assumptions ?? [])];
    this.sizes = { ...(model.sizes ?? {}) };
    const dataDim = model.data?.dim ?? 'd';
    if (typeof dataDim === 'number') {
      if (this.sizes.d === undefined) this.sizes.d = dataDim;
    } else this.dim = dataDim;
    this.used.add(this.dim);
    for (const l of model.layers) {
      const w = l.type === 'dense' ? (l as { width?: unknown }).width : l.type === 'attention' ? (l as { context?: unknown }).context : undefined;
      if (typeof w === 'string') this.used.add(w);
    }
  }

  private fresh(wanted: string): string {
    let name = wanted;
    while (this.used.has(name)) name += "'";
    this.used.add(name);
    return name;
  }

  /** A layer that stops the analysis (`blocks`: the words said for it), or one only listed. */
  private uncovered(index: number, type: string, reason: string, range: Range | undefined, blocks?: string): void {
    this.notCovered.push({ layer: index, type, reason, range });
    this.layers.push({ index, type, covered: false, reason });
    if (blocks) this.blocking.push(blocks);
  }

  layer(layer: Layer, index: number): void {
    const type = layer.type;
    if (this.readoutSeen) return this.uncovered(index, type, 'comes after the readout', layer.range, `layer ${index + 1} (${type}) comes after the readout`);
    if (type === 'readout') {
      this.readoutSeen = true;
      this.layers.push({ index, type, covered: true });
      return;
    }
    if (type === 'dense') return this.dense(layer as DenseLayer, index);
    if (type === 'attention') return this.attention(layer as AttentionLayer, index);
    const reason = (layer as { reason?: string }).reason;
    const transparent = transparentReason(type);
    if (transparent) {
      this.notes.push({ kind: 'ignored', text: `layer ${index + 1} (${type}): ${transparent}` });
      // Listed with its reason, and a note; covered (the function is the same without it), and not
      // in notCovered, which lists what stops the analysis (a dropout there read "not covered"
      // beside a P*, and "not covered: ... ignored" in the layer list).
      this.layers.push({ index, type, covered: true, reason: transparent });
      return;
    }
    if ((layer as { partial?: boolean }).partial) {
      this.partial = true;
      return this.uncovered(index, type, reason ?? `'${type}' is not covered`, layer.range);
    }
    const why = reason ?? `'${type}' layers are not covered by the scale analysis (it covers dense layers, one softmax attention head and the readout)`;
    this.uncovered(index, type, why, layer.range, `layer ${index + 1} (${type}) is not covered`);
  }

  private dense(l: DenseLayer, index: number): void {
    const type = l.type;
    this.denseCount++;
    const { symbol, value } = sizeSymbol(l.width, () => this.fresh(`N${this.denseCount}`));
    if (value !== undefined) setSize(this.sizes, symbol, value, this.notes);
    let act = l.activation;
    if (!act) {
      act = 'erf';
      const what = `activation of layer ${index + 1}`;
      if (!this.assumptions.some((a) => a.what === what)) this.assumptions.push({ what, value: 'erf', source: 'default' });
    }
    const info = activationInfo(act);
    if (!info) {
      // True for every target: for He_1 a linear layer carries it, and the rules still do not cover it.
      const reason = LINEAR.has(act.toLowerCase())
        ? `a linear layer has no Hermite component beyond degree 1${(this.model.target?.degree ?? 3) > 1 ? ', so it does not carry the target' : ''}; the rules do not cover linear layers`
        : `activation '${act}' is not one the rules know (${unknownActivationHint(act)}known: ${knownActivations().join(', ')})`;
      this.notCovered.push({ layer: index, type, reason, range: l.range, ...(LINEAR.has(act.toLowerCase()) ? {} : { atLayer: true as const }) });
      this.layers.push({ index, type, symbol, value, covered: false, activation: act, reason });
      this.blocking.push(`layer ${index + 1}: ${reason}`);
      return;
    }
    if (info.name !== 'erf') {
      const what = `${info.name} carries ${info.degrees} of its input (derived)`;
      this.activationLayers.set(what, [...(this.activationLayers.get(what) ?? []), index + 1]);
    }
    const bias = !!l.bias;
    if (bias) {
      const from = l.biasFrom;
      this.assumptions.push({
        what: `bias of layer ${index + 1}`,
        value: from === 'library-default' ? "yes (the library's default)" : 'yes',
        source: from === 'library-default' ? 'default' : from === 'file' ? 'file' : 'annotation',
      });
    }
    this.layers.push({ index, type, symbol, value, covered: true, activation: info.name, hidden: this.hidden.length, bias });
    this.hidden.push({ kind: 'dense', width: symbol, activation: info.name, bias, index });
  }

  private attention(l: AttentionLayer, index: number): void {
    const { symbol, value } = sizeSymbol(l.context, () => this.fresh('L'));
    if (value !== undefined) setSize(this.sizes, symbol, value, this.notes);
    const heads = l.heads ?? 1;
    if (heads > 1) this.notes.push({ kind: 'attention', text: `layer ${index + 1}: ${heads} heads; the analysis covers the scaling of one softmax head, not their interaction` });
    this.layers.push({ index, type: l.type, symbol, value, covered: true, hidden: this.hidden.length });
    this.hidden.push({ kind: 'attention', context: symbol, heads, index });
  }

  /** After the layers: the readout, the regime, the bias variance, and the problem when nothing blocks it. */
  finish(sizeOverrides: Record<string, number>): Prepared {
    const { model, hidden, notes, assumptions, blocking, sizes, dim } = this;
    for (const [what, at] of this.activationLayers) notes.push({ kind: 'activation', text: `${layerList(at)}: ${what}` });
    if (this.partial) notes.push({ kind: 'partial', text: 'the result covers only the analysed layers (e.g. one attention head of a transformer); the layers listed as not covered are outside it' });
    if (!this.readoutSeen) assumptions.push({ what: 'readout', value: 'a linear readout after the last layer', source: 'default' });
    if (!hidden.length && !blocking.length) blocking.push('the model has no hidden layer to analyse');
    // The rules cover one softmax head before a standard readout: anything else with a head is
    // refused, the head marked as the layer that stops the analysis (a mean-field readout was
    // replaced by the standard one, and the result said "reported" of a model the file does not hold).
    const heads = hidden.filter((h) => h.kind === 'attention');
    const readout = model.parametrization?.readout ?? 'standard';
    const headWhy =
      heads.length && hidden.length > 1
        ? 'an attention head combined with other layers is outside the rules (they cover a single softmax head before the readout)'
        : heads.length && readout === 'mean-field'
          ? 'a mean-field readout after an attention head is outside the rules (they cover the standard readout there)'
          : undefined;
    if (headWhy) {
      for (const h of heads) {
        const info = this.layers.find((l) => l.index === h.index);
        if (info) Object.assign(info, { covered: false, reason: headWhy });
        this.notCovered.push({ layer: h.index, type: model.layers[h.index]?.type ?? 'attention', reason: headWhy, range: model.layers[h.index]?.range });
      }
      blocking.push(headWhy);
    }
    for (const [k, v] of Object.entries(sizeOverrides)) sizes[k] = v;
    const regime = this.regime();
    const biasVariance = this.biasVariance();
    let kappa: number | undefined;
    if (typeof model.parametrization?.kappa === 'number') {
      kappa = model.parametrization.kappa;
      // Said where every assumption is: a prefactor, which the exponents and the values leave out.
      if (!assumptions.some((a) => a.what === 'kappa')) assumptions.push({ what: 'kappa', value: `${kappa} (a prefactor of P*: the values at the sizes leave it out)`, source: 'file' });
    }

    const problem: ScaleProblem | undefined = blocking.length
      ? undefined
      : { dim, degree: model.target?.degree ?? 3, readout, hidden, sizes: Object.keys(sizes).length ? sizes : undefined, regime, ...(biasVariance ? { biasVariance } : {}) };
    return { problem, layers: this.layers, notCovered: this.notCovered, blocking, assumptions: mergeLayerAssumptions(assumptions), notes, sizes, kappa };
  }

  /** The regime as exponents of d; an entry that is not a power of d blocks the analysis, with why. */
  private regime(): Record<string, Rational> | undefined {
    const { model, dim, blocking } = this;
    if (!model.regime || !Object.keys(model.regime).length) return undefined;
    const regime: Record<string, Rational> = {};
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
      const shrinks = shrinkingRegime(sym, expr, parsed.value, dim);
      if (shrinks) {
        blocking.push(shrinks);
        continue;
      }
      regime[sym] = Rational.parse(parsed.value.exponents[dim] ?? '0');
    }
    return regime;
  }

  /** sigma_b^2 ∝ d^c, for layers with a bias (docs/method.md, "Biases"); d^0 unless stated. */
  private biasVariance(): Rational | undefined {
    const { model, dim, blocking, assumptions } = this;
    if (!this.hidden.some((h) => h.kind === 'dense' && h.bias)) return undefined;
    const stated = model.biasVariance;
    if (stated === undefined) {
      assumptions.push({ what: 'bias variance sigma_b^2', value: `∝ ${dim}^0 (a file or override may state another scaling, e.g. 1/${dim})`, source: 'default' });
      return Rational.ZERO;
    }
    let biasVariance: Rational | undefined;
    const parsed = parseSizeExpr(stated);
    const keys = parsed.ok ? Object.keys(parsed.value.exponents) : [];
    if (!parsed.ok) blocking.push(`bias variance: ${parsed.error}`);
    else if (keys.some((k) => k !== dim)) blocking.push(`bias variance ${stated}: it may only mention ${dim}`);
    else {
      const grows = growingBiasVariance(stated, parsed.value, dim);
      if (grows) blocking.push(grows);
      else biasVariance = Rational.parse(parsed.value.exponents[dim] ?? '0');
    }
    if (!assumptions.some((a) => a.what === 'bias variance sigma_b^2')) assumptions.push({ what: 'bias variance sigma_b^2', value: `∝ ${stated}`, source: 'file' });
    return biasVariance;
  }
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

/**
 * Layer numbers (ascending) in a few words, runs of three or more as ranges: "layer 3",
 * "layers 2, 6", "layers 1–64", "layers 1–3, 5, 7–9", "layers 2, 6, 10, …, 126 (32 layers)".
 */
export function layerList(at: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < at.length; ) {
    let j = i;
    while (j + 1 < at.length && at[j + 1] === at[j] + 1) j++;
    if (j - i >= 2) parts.push(`${at[i]}–${at[j]}`);
    else for (let k = i; k <= j; k++) parts.push(String(at[k]));
    i = j + 1;
  }
  const word = at.length === 1 ? 'layer' : 'layers';
  if (parts.length <= 6) return `${word} ${parts.join(', ')}`;
  return `layers ${parts.slice(0, 3).join(', ')}, …, ${parts[parts.length - 1]} (${at.length} layers)`;
}

/**
 * One assumption for the layers that assume the same thing from the same source ("bias of layer 1",
 * ..., "bias of layer 64", each "yes": "bias of layers 1–64"), where the first of them stood; a deep
 * network's list had a line per layer. Others are left as they are.
 */
export function mergeLayerAssumptions(list: readonly Assumption[]): Assumption[] {
  const out: Assumption[] = [];
  const groups = new Map<string, { index: number; prefix: string; at: number[] }>();
  for (const a of list) {
    const cut = a.what.lastIndexOf(' layer ');
    const n = cut > 0 && /^\d{1,6}$/.test(a.what.slice(cut + 7)) ? Number(a.what.slice(cut + 7)) : undefined;
    const prefix = a.what.slice(0, cut);
    const key = n === undefined ? undefined : `${prefix}\u0000${a.value}\u0000${a.source}`;
    const g = key === undefined ? undefined : groups.get(key);
    if (g) g.at.push(n!);
    else {
      if (key !== undefined) groups.set(key, { index: out.length, prefix, at: [n!] });
      out.push(a);
    }
  }
  for (const { index, prefix, at } of groups.values()) {
    if (at.length > 1) out[index] = { ...out[index], what: `${prefix} ${layerList([...new Set(at)].sort((p, q) => p - q))}` };
  }
  return out;
}

/** "did you mean 'relu'? " for a name two edits from a known activation, else nothing. */
function unknownActivationHint(act: string): string {
  const near = nearestName(act.trim(), knownActivations());
  return near ? `did you mean '${near}'? ` : '';
}
