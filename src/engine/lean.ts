// A lean trace: one pattern sequence followed at a level E with every value kept as two plain
// numbers, its value at the point and its slope in E, which is all a Newton step on the level needs
// (solve.ts). It decides every max and min as the Tracer does, by value and then just below the
// level; where both of those tie, the Tracer looks further (each size in order), but the two
// candidates then have the same value and slope, so every slack comes out the same. It allocates
// almost nothing, where a Tracer builds an object per value (a Newton step cost several passes).

import { HEAD_SPECIALIST_POWER, type Chain, type Pattern } from './chain';
import { Rational, lcm } from './rational';
import { chainScale, floatTieTolerance } from './trace';

const LIMIT = 2 ** 53;

/** A slack of the lean trace: what Newton reads of a Tracer's Value. */
export class LeanSlack {
  constructor(
    /** Value times K·Q (an integer for an exact trace). */
    private readonly v: number,
    /** Slope in E times K (an integer). */
    private readonly e: number,
    private readonly K: number,
    private readonly KQ: number,
  ) {}
  get num(): number {
    return this.v / this.KQ;
  }
  get val(): Rational {
    return Rational.of(this.v, this.KQ);
  }
  slope(): Rational {
    return Rational.of(this.e, this.K);
  }
}

export interface LeanTrace {
  /** Whether a path carries the target to the readout. */
  target: boolean;
  constraints: { slack: LeanSlack }[];
}

/**
 * Values live in a pool of slots (value, slope), NaN for "no path"; a layer's degree vector is a
 * run of m+1 slots. Scratch grows with the largest m seen and is reused: traces do not nest.
 */
let V = new Float64Array(64);
let S = new Float64Array(64);

export function leanTrace(chain: Chain, point: Float64Array | readonly Rational[], E: number | Rational, seq: readonly Pattern[]): LeanTrace {
  const m = chain.m;
  const K = chainScale(chain);
  const n = chain.symbols.length;
  const at = new Float64Array(n);
  let Ev: number;
  let KQ: number;
  let tol: number;
  const exact = !(point instanceof Float64Array);
  if (point instanceof Float64Array) {
    if (typeof E !== 'number') throw new Error('internal: a float trace takes a float level');
    let scale = 1;
    for (let i = 0; i < n; i++) (at[i] = point[i] * K), (scale = Math.max(scale, Math.abs(point[i])));
    Ev = E * K;
    KQ = K;
    tol = floatTieTolerance(chain, scale);
  } else {
    if (typeof E === 'number') throw new Error('internal: an exact trace takes an exact level');
    let Q = E.den;
    for (const r of point) Q = lcm(Q, r.den);
    KQ = K * Q;
    for (let i = 0; i < n; i++) at[i] = point[i].num * (KQ / point[i].den);
    Ev = E.num * (KQ / E.den);
    for (const v of at) if (!(Math.abs(v) < LIMIT)) throw new RangeError('a trace point outgrew exact integers');
    if (!(Math.abs(Ev) < LIMIT)) throw new RangeError('a trace point outgrew exact integers');
    tol = 0;
  }
  const w = m + 1;
  // Slots: lam (w), cur (w), nxt (w), out (w), weights (w), then singles.
  const need = 5 * w + 16;
  if (V.length < need) (V = new Float64Array(2 * need)), (S = new Float64Array(2 * need));
  const LAM = 0;
  const CUR = w;
  const NXT = 2 * w;
  const OUT = 3 * w;
  const WT = 4 * w;
  const X = 5 * w; // scratch singles from here
  const SP = X; // the spiked path s
  const T1 = X + 1;
  const T2 = X + 2;
  const T3 = X + 3;

  const check = (v: number) => {
    if (exact && !(Math.abs(v) < LIMIT)) throw new RangeError('a trace value outgrew exact integers');
    return v;
  };
  const set = (i: number, v: number, e: number) => {
    V[i] = check(v);
    S[i] = e;
  };
  const has = (i: number) => !Number.isNaN(V[i]);
  /** Sign of a - b: by value, then just below the level (the smaller slope is the larger). */
  const cmp = (a: number, b: number): number => {
    const diff = V[a] - V[b];
    if (diff > tol || diff < -tol) return diff > 0 ? 1 : -1;
    const s = S[b] - S[a];
    return s ? (s > 0 ? 1 : -1) : 0;
  };
  /** dst = max(dst, value (v, e)); a tie keeps dst. */
  const maxInto = (dst: number, v: number, e: number) => {
    check(v);
    if (!has(dst)) return set(dst, v, e);
    const diff = V[dst] - v;
    const c = diff > tol || diff < -tol ? (diff > 0 ? 1 : -1) : Math.sign(e - S[dst]);
    if (c < 0) set(dst, v, e);
  };
  const constraints: { slack: LeanSlack }[] = [];
  const push = (v: number, e: number) => constraints.push({ slack: new LeanSlack(check(v), e, K, KQ) });

  const xd = at[chain.dim];
  for (let j = 0; j <= m; j++) V[LAM + j] = NaN;
  set(LAM + 1, -xd, 0);
  V[SP] = NaN;
  for (let l = 0; l < chain.layers.length; l++) {
    const layer = chain.layers[l];
    const p = seq[l];
    const Nv = at[layer.width];
    for (let k = 0; k <= m; k++) {
      const c = layer.weights[k];
      if (!c) V[WT + k] = NaN;
      else {
        const v = (c.num * (K / c.den) * xd) / K;
        set(WT + k, exact ? Math.round(v) : v, 0);
      }
    }
    mapLazy(m, LAM, CUR, NXT, OUT, WT, maxInto, has);
    if (!layer.act) {
      // The attention head (pass.ts): M of L positions at d^2 each spike y by (M/L) d^-(m-2).
      if (p === 'specialization') {
        const rv = Ev - HEAD_SPECIALIST_POWER * xd;
        push(rv, K);
        // logM = min(N, room): the room when it is below N (ties keep N).
        set(T1, Nv, 0);
        set(T2, rv, K);
        const pick = cmp(T1, T2) <= 0 ? T1 : T2;
        if (m >= 2) maxInto(OUT + m, V[pick] - Nv - (m - 2) * xd, S[pick]);
      }
    } else {
      // The spiked path through this layer's degree-1 weight.
      if (has(SP) && has(WT + 1)) set(T3, V[SP] + V[WT + 1], S[SP]);
      else V[T3] = NaN;
      if (p === 'gfl') {
        const dv = Ev - Nv;
        push(dv, K);
        for (let j = 1; j <= m; j++) if (has(OUT + j)) set(OUT + j, V[OUT + j] + j * dv, S[OUT + j] + j * K);
        if (has(T3)) set(T3, V[T3] + dv, S[T3] + K);
      } else if (p === 'specialization' || p === 'magnetization') {
        const feed = p === 'specialization' ? LAM + 1 : SP;
        if (!has(feed)) throw new Error(`internal: ${p} at layer ${l + 1} has nothing to act on`);
        const rv = check(Ev + V[feed]);
        const re = K + S[feed];
        if (p === 'specialization') push(rv, re);
        set(T1, Nv, 0);
        set(T2, rv, re);
        const pick = cmp(T1, T2) <= 0 ? T1 : T2;
        const spv = check(V[pick] - Nv);
        const spe = S[pick];
        for (let j = 1; j <= m; j++) if (has(WT + j)) maxInto(OUT + j, spv + V[WT + j], spe);
        if (has(WT + 1)) maxInto(T3, spv + V[WT + 1], spe);
      }
      V[SP] = V[T3];
      S[SP] = S[T3];
    }
    for (let j = 0; j <= m; j++) (V[LAM + j] = V[OUT + j]), (S[LAM + j] = S[OUT + j]);
  }
  const target = has(LAM + m);
  if (target) {
    const rv = chain.readoutWidth >= 0 ? at[chain.readoutWidth] : 0;
    push(V[LAM + m] + Ev - rv, S[LAM + m] + K);
  }
  return { target, constraints };
}

/** lambda'_j = max over k and compositions j_1+...+j_k = j of sum lambda_(j_i) + w_k (as Tracer.mapLazy). */
function mapLazy(
  m: number,
  LAM: number,
  CUR: number,
  NXT: number,
  OUT: number,
  WT: number,
  maxInto: (dst: number, v: number, e: number) => void,
  has: (i: number) => boolean,
): void {
  for (let j = 0; j <= m; j++) (V[OUT + j] = NaN), (V[CUR + j] = V[LAM + j]), (S[CUR + j] = S[LAM + j]);
  for (let k = 1; k <= m; k++) {
    if (k > 1) {
      let any = false;
      for (let j = 0; j <= m; j++) V[NXT + j] = NaN;
      for (let j = k; j <= m; j++) {
        for (let a = 1; a <= j - k + 1; a++) {
          if (has(LAM + a) && has(CUR + j - a)) maxInto(NXT + j, V[LAM + a] + V[CUR + j - a], S[LAM + a] + S[CUR + j - a]);
        }
        if (has(NXT + j)) any = true;
      }
      for (let j = 0; j <= m; j++) (V[CUR + j] = V[NXT + j]), (S[CUR + j] = S[NXT + j]);
      if (!any) break;
    }
    if (!has(WT + k)) continue;
    for (let j = k; j <= m; j++) if (has(CUR + j)) maxInto(OUT + j, V[CUR + j] + V[WT + k], S[CUR + j] + S[WT + k]);
  }
}
