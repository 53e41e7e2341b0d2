// A stack of dense layers compiled for the layer-by-layer analysis (docs/method.md, "Any depth"):
// per layer, the size symbol of its width and the weight of each Hermite degree of its activation.
// A point gives every size symbol a log value; `instance` turns the chain into plain numbers there.

import { activationInfo, degreeWeights, type ActivationInfo } from './activation';
import type { HiddenSpec, ScaleProblem } from './problem';
import { sizeSymbols } from './problem';
import { Rational, lcm } from './rational';

export type Pattern = 'gp' | 'specialization' | 'gfl' | 'magnetization';

/**
 * The power of d a specialized position of the attention head costs (its query-key score aligns with
 * w*·w*^T, a degree-2 feature): the one place the pass, the traces and the parameter ranges read it.
 */
export const HEAD_SPECIALIST_POWER = 2;

/** Tie order (docs/method.md, "Ties"): fewer non-lazy layers first, then this order from layer 1. */
export const PATTERN_ORDER: readonly Pattern[] = ['gp', 'specialization', 'gfl', 'magnetization'];

/** The same patterns layer by layer (a walk asks at every break whether its winner kept its name). */
export function sameSequence(a: readonly Pattern[], b: readonly Pattern[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** How many layers of a sequence are not lazy (the simplicity rule counts them first). */
export function nonLazy(sequence: readonly Pattern[]): number {
  let n = 0;
  for (const p of sequence) if (p !== 'gp') n++;
  return n;
}

export interface ChainLayer {
  spec: HiddenSpec;
  /** Undefined for the attention head. */
  act?: ActivationInfo;
  /** Index of the width symbol in `symbols`. */
  width: number;
  /** Weight of Hermite degree k = 0..m, as an exponent of d (null: the layer cannot carry it). */
  weights: (Rational | null)[];
}

export interface Chain {
  problem: ScaleProblem;
  /** Target degree. */
  m: number;
  symbols: string[];
  dim: number;
  layers: ChainLayer[];
  /** Index of the last width for a mean-field readout (a_y gains N_last), else -1. */
  readoutWidth: number;
  /** The layer that is an attention head, else -1 (read on every step of a pass). */
  head: number;
}

/**
 * Compiles a problem: dense layers, or one softmax attention head (our reconstruction, rules.ts:
 * its lazy kernel gives a degree-j feature d^-j, a specialized position costs d^2 and spikes the
 * target by (M/L) d^-(m-2)).
 */
export function compileChain(problem: ScaleProblem): Chain {
  const symbols = sizeSymbols(problem);
  const m = problem.degree;
  const bv = problem.biasVariance ?? Rational.ZERO;
  const layers = problem.hidden.map((h): ChainLayer => {
    if (h.kind === 'attention') {
      if (problem.hidden.length > 1) throw new Error('internal: an attention head is analysed on its own');
      return { spec: h, width: symbols.indexOf(h.context), weights: Array.from({ length: m + 1 }, () => Rational.ZERO) };
    }
    const act = activationInfo(h.activation);
    if (!act) throw new Error(`internal: unknown activation '${h.activation}'`);
    return { spec: h, act, width: symbols.indexOf(h.width), weights: degreeWeights(act, m, !!h.bias, bv) };
  });
  const last = layers[layers.length - 1];
  return {
    problem,
    m,
    symbols,
    dim: symbols.indexOf(problem.dim),
    layers,
    readoutWidth: problem.readout === 'mean-field' && last ? last.width : -1,
    head: layers.findIndex((l) => !l.act),
  };
}

/** The chain at one point, as plain numbers: floats, or integers when every value was scaled by Q. */
export interface Instance {
  chain: Chain;
  /** Log size of each symbol. */
  x: Float64Array;
  /** Per layer, the log weight of degree k = 0..m (-Infinity where absent). */
  w: Float64Array[];
  /** Log width per layer. */
  n: Float64Array;
  /** Readout factor (log N_last for mean-field, else 0). */
  r: number;
}

export function instance(chain: Chain, x: Float64Array): Instance {
  return finish(chain, x, floatWeights(chain, x[chain.dim]));
}

/** The log weights at one log d, kept for the last d asked (a walk along a width keeps d). */
const weightCache = new WeakMap<Chain, { xd: number; w: Float64Array[] }>();
function floatWeights(chain: Chain, xd: number): Float64Array[] {
  const hit = weightCache.get(chain);
  if (hit && hit.xd === xd) return hit.w;
  const w = chain.layers.map((l) => {
    const out = new Float64Array(l.weights.length);
    for (let k = 0; k < out.length; k++) out[k] = l.weights[k] === null ? -Infinity : l.weights[k]!.toNumber() * xd;
    return out;
  });
  weightCache.set(chain, { xd, w });
  return w;
}

function finish(chain: Chain, x: Float64Array, w: Float64Array[]): Instance {
  return { chain, x, w, n: widths(chain, x), r: readout(chain, x) };
}
function widths(chain: Chain, x: Float64Array): Float64Array {
  const n = new Float64Array(chain.layers.length);
  for (let l = 0; l < n.length; l++) n[l] = x[chain.layers[l].width];
  return n;
}
function readout(chain: Chain, x: Float64Array): number {
  return chain.readoutWidth >= 0 ? x[chain.readoutWidth] : 0;
}

/**
 * The chain at an exact point, every value multiplied by a common denominator Q so that the pass
 * runs on integers: sums, small integer multiples, max and min of integers below 2^53 are exact in
 * floating point. `scale(E)` maps an exact level to the same units.
 */
export interface ExactInstance extends Instance {
  Q: number;
}

export function exactInstance(chain: Chain, point: Rational[], levels: Rational[]): ExactInstance | undefined {
  const { weights, Q: Qw } = exactWeights(chain, point[chain.dim]);
  let Q = Qw;
  for (const r of point) Q = lcm(Q, r.den);
  for (const r of levels) Q = lcm(Q, r.den);
  if (!Number.isFinite(Q) || Q > 2 ** 40) return undefined;
  const x = new Float64Array(point.length);
  for (let i = 0; i < point.length; i++) {
    x[i] = point[i].num * (Q / point[i].den);
    if (!Number.isSafeInteger(x[i])) return undefined;
  }
  const w = weights.map((ws) => {
    const out = new Float64Array(ws.length);
    for (let k = 0; k < ws.length; k++) out[k] = ws[k] === null ? -Infinity : ws[k]!.num * (Q / ws[k]!.den);
    return out;
  });
  const n = widths(chain, x);
  return { chain, x, w, n, r: readout(chain, x), Q };
}

/** The exact log weights at one log d and their common denominator, kept for the last d asked. */
const exactWeightCache = new WeakMap<Chain, { xd: Rational; weights: (Rational | null)[][]; Q: number }>();
function exactWeights(chain: Chain, xd: Rational): { weights: (Rational | null)[][]; Q: number } {
  const hit = exactWeightCache.get(chain);
  if (hit && hit.xd.equals(xd)) return hit;
  const weights = chain.layers.map((l) => l.weights.map((c) => (c === null ? null : c.mul(xd))));
  let Q = 1;
  for (const ws of weights) for (const v of ws) if (v) Q = lcm(Q, v.den);
  const entry = { xd, weights, Q };
  exactWeightCache.set(chain, entry);
  return entry;
}

/** An exact level in an instance's units (integers for an ExactInstance). */
export function scaleLevel(inst: ExactInstance, E: Rational): number {
  return E.num * (inst.Q / E.den);
}

/** Every sequence the rules admit (magnetization needs a lower layer that specialized). */
export function allSequences(chain: Chain): Pattern[][] {
  const out: Pattern[][] = [];
  const rec = (i: number, acc: Pattern[], spiked: boolean) => {
    if (i === chain.layers.length) {
      out.push([...acc]);
      return;
    }
    const options: readonly Pattern[] = chain.layers[i].act ? PATTERN_ORDER : ['gp', 'specialization'];
    for (const p of options) {
      if (p === 'magnetization' && !spiked) continue;
      acc.push(p);
      rec(i + 1, acc, spiked || p === 'specialization');
      acc.pop();
    }
  };
  rec(0, [], false);
  return out;
}
