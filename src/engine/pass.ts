// One pass over the layers at a trial level E (docs/method.md, "Any depth"). Every cost must stay
// below E, so each pattern takes its parameter as large as E allows and its effect on the next
// kernel is a function of the incoming state alone. The state entering a layer is the degree vector
// of the kernel feeding it (log eigenvalue of He_j(phi), j = 1..m) and the largest spiked phi path
// (what magnetization acts on). Every map is monotone, so only the Pareto frontier of states matters,
// and feasibility is monotone in E.
//
// State layout: [s, lambda_1, ..., lambda_m], -Infinity for "no path".

import type { Chain, Instance } from './chain';
import { HEAD_SPECIALIST_POWER, PATTERN_ORDER, nonLazy, type Pattern } from './chain';
import { grown } from './typed';

export interface PassOptions {
  /** The trial level (log energy), in the instance's units. */
  E: number;
  /** Make every constraint that depends on E strict (the certificate's "nothing below E*"). */
  strict?: boolean;
  /** Slack allowed in comparisons (0 for an exact instance). */
  eps?: number;
  /** Allowed patterns (default: all). */
  alphabet?: readonly Pattern[];
  /** The instance is exact (integers): track the largest magnitude, to confirm it stayed exact. */
  exact?: boolean;
  /** Follow one sequence only. */
  sequence?: readonly Pattern[];
  /**
   * Keep back-pointers and prune so that the simplest feasible sequence survives (fewer non-lazy
   * layers, then pattern order from layer 1): the pass then names it.
   */
  simplest?: boolean;
  /**
   * With `simplest`: only sequences with at most this many non-lazy layers (a known feasible
   * sequence's count: nothing with more can be simpler). Keeps the frontier small where many
   * sequences tie.
   */
  budget?: number;
  /** Name the sequence of the feasible final state with the most readout slack (a good one to descend from). */
  best?: boolean;
  /**
   * Only ask whether a sequence simpler than this one is feasible, and name one (few non-lazy
   * layers): a plain Pareto pass over (state, non-lazy count, order against this sequence's prefix),
   * whose frontier is much smaller than the simplest search's, which keeps every prefix no simpler
   * one covers.
   */
  simplerThan?: readonly Pattern[];
  /**
   * Only ask whether a sequence other than this one is feasible (states on its path or off it; off
   * it, plain Pareto), leaving out those with an idle pattern (one that leaves the state as an
   * earlier pattern does), and name one. Where none is, this one is the simplest.
   */
  otherThan?: readonly Pattern[];
  /**
   * Start from this state before this layer instead of the input kernel (whether anything from there
   * reaches the readout; no sequence is named).
   */
  from?: { layer: number; state: Float64Array };
}

export interface PassResult {
  feasible: boolean;
  /** With `simplest`: the simplest feasible sequence; with `best`: the one with the most readout slack. */
  sequence?: Pattern[];
  /** The largest finite magnitude met (an exact instance stays exact below 2^53). */
  maxAbs: number;
  /** The most states kept after one layer. */
  frontier: number;
  /** The simplest search gave up: more than SIMPLEST_FRONTIER states (see Passer.simplest). */
  overflow?: boolean;
  /** States made, over all layers (the work done). */
  steps: number;
}

/**
 * The simplest search keeps a state for every count of non-lazy layers, so where a sequence with
 * many non-lazy layers is the simplest (deep networks, many ties) its frontier can grow to
 * thousands and a pass takes seconds; past this many states the search gives up and says so.
 */
export const SIMPLEST_FRONTIER = 256;

/** Each pattern's code: its place in PATTERN_ORDER. */
export const CODE: Record<Pattern, number> = { gp: 0, specialization: 1, gfl: 2, magnetization: 3 };
/** Rounds of "make it simpler, then ask for anything simpler still" before the simplest search proper. */
const SIMPLER_ROUNDS = 16;
/** Below this many layers the simplest search itself is smaller than those rounds (measured). */
const SIMPLER_FROM_LAYERS = 6;
/** Calls between two tries of the otherThan pass where it has seldom settled a name (see Passer.others). */
const OTHERS_RETRY = 8;
/** States a layer (made, on average) above which a simplerThan pass counts as a staircase. */
const STAIRCASE = 12;
/** A prefix against the known sequence's prefix (simplerThan): earlier, equal, later in pattern order. */
export const LESS = 0;
export const EQUAL = 1;
export const MORE = 2;

/**
 * The naming rule (simplerThan), one layer on: a prefix with `nl` non-lazy layers and `order`
 * against the known sequence's prefix (which has K non-lazy layers in all, L layers) takes pattern p
 * at layer l, where the known sequence has pattern kc. Returns the child's 3·count + order, or -1
 * where no completion of it can be simpler than the known sequence (segment.ts follows the same rule
 * along a segment).
 */
export function simplerStep(nl: number, order: number, p: number, kc: number, K: number, L: number, l: number): number {
  let n = nl + (p === 0 ? 0 : 1);
  if (n > K) return -1;
  let o = order !== EQUAL ? order : p < kc ? LESS : p > kc ? MORE : EQUAL;
  // A later prefix is simpler only with fewer non-lazy layers in all; the known prefix itself, once
  // it holds all K of them, can only end as the known sequence.
  if ((o === MORE && n >= K) || (o === EQUAL && n === K)) return -1;
  // A prefix with so few non-lazy layers that it ends below K even if every layer left learns ends
  // simpler whatever follows: its count and order no longer matter, and all such prefixes are one
  // class (the largest such count, LESS). Kept apart by count, they made a staircase of a state for
  // every count, every layer, where the known sequence learns at most layers (networks of one
  // width): a pass of L^2 states.
  if (n <= K - L + l) (n = K - L + l), (o = LESS);
  return 3 * n + o;
}

/** Does a whole sequence with `nl` non-lazy layers and `order` against the known one (K non-lazy) come out simpler? */
export function endsSimpler(nl: number, order: number, K: number): boolean {
  return nl < K || order === LESS;
}

/** Scratch for sortByKey: where each key's run starts, and the next free place in each run. */
interface Runs {
  start: Int32Array;
  next: Int32Array;
}

/**
 * Writes 0..n-1 into `order` sorted by their small integer keys (stable: by index within a key), and
 * into runs.start where each key's run starts (key k runs from start[k] to start[k + 1]). Returns the
 * largest key. Scratch only: a pass sorts every layer's frontier.
 */
function sortByKey(n: number, keys: Int32Array, order: Int32Array, runs: Runs): number {
  let top = 0;
  for (let i = 0; i < n; i++) if (keys[i] > top) top = keys[i];
  if (runs.start.length < top + 2) runs.start = new Int32Array(2 * top + 4);
  if (runs.next.length < top + 2) runs.next = new Int32Array(2 * top + 4);
  const { start, next } = runs;
  start.fill(0, 0, top + 2);
  for (let i = 0; i < n; i++) start[keys[i] + 1]++;
  for (let v = 0; v <= top; v++) start[v + 1] += start[v];
  for (let v = 0; v <= top; v++) next[v] = start[v];
  for (let i = 0; i < n; i++) order[next[keys[i]]++] = i;
  return top;
}

/**
 * Is the state numbered c the same as one of its elder siblings (from firstChild on: the same parent,
 * an earlier pattern)? Such a child changes nothing but its name (a specialist with M = 1, say): the
 * sibling completed the same way is feasible too and simpler, so the simplest sequence never goes
 * through it, and an otherThan pass leaves it out (a pass asking for any other sequence would find
 * the known one with an idle specialization added, at nearly every level).
 */
function redundant(S: Float64Array, firstChild: number, c: number, width: number): boolean {
  for (let s = firstChild; s < c; s++) if (sameState(S, s * width, S, c * width, width)) return true;
  return false;
}

/** Does the state numbered j drop the one numbered i: at least as good, and of two equal ones the earlier? */
function dropsFor(S: Float64Array, j: number, i: number, width: number, eps: number): boolean {
  const jo = j * width;
  const io = i * width;
  return covers(S, jo, io, width, eps) && (j < i || !covers(S, io, jo, width, eps));
}

/** Is the state at `a` at least the state at `b` in every coordinate (within eps)? */
export function covers(S: Float64Array, a: number, b: number, width: number, eps: number): boolean {
  for (let k = 0; k < width; k++) if (S[b + k] > S[a + k] + eps) return false;
  return true;
}

const F64 = new Float64Array(1);
const I32 = new Int32Array(F64.buffer);
/** A hash of the state at offset o (-0 counts as 0). */
export function hashState(S: Float64Array, o: number, width: number): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < width; k++) {
    F64[0] = S[o + k] + 0;
    h = Math.imul(h ^ I32[0], 16777619);
    h = Math.imul(h ^ I32[1], 16777619);
  }
  return h >>> 0;
}
/** Are the states at A[a..] and B[b..] equal? */
export function sameState(A: Float64Array, a: number, B: Float64Array, b: number, width: number): boolean {
  for (let k = 0; k < width; k++) if (A[a + k] !== B[b + k]) return false;
  return true;
}

/** Scratch space reused across passes: a pass allocates only when a frontier outgrows it. */
class Frontier {
  states: Float64Array;
  nl: Int32Array;
  parent: Int32Array;
  pattern: Int8Array;
  /** With `simplerThan`: the prefix against the known sequence's (LESS, EQUAL, MORE). */
  order: Int8Array;
  count = 0;
  constructor(readonly width: number, capacity: number) {
    this.states = new Float64Array(width * capacity);
    this.nl = new Int32Array(capacity);
    this.parent = new Int32Array(capacity);
    this.pattern = new Int8Array(capacity);
    this.order = new Int8Array(capacity);
  }
  ensure(capacity: number): void {
    if (this.nl.length >= capacity) return;
    const cap = Math.max(capacity, this.nl.length * 2);
    this.states = grown(this.states, this.width * cap);
    this.nl = grown(this.nl, cap);
    this.parent = grown(this.parent, cap);
    this.pattern = grown(this.pattern, cap);
    this.order = grown(this.order, cap);
  }
}

/** The lazy map of a layer: lambda'_j = max over degrees k of sigma and j_1+...+j_k = j of sum lambda_(j_i), plus w_k. */
export function mapState(src: Float64Array, so: number, w: Float64Array, m: number, dst: Float64Array, doff: number, P: Float64Array, Pn: Float64Array): void {
  dst[doff] = src[so] + w[1];
  for (let j = 1; j <= m; j++) {
    P[j] = src[so + j];
    dst[doff + j] = -Infinity;
  }
  let cur = P;
  let nxt = Pn;
  for (let k = 1; k <= m; k++) {
    if (k > 1) {
      // cur holds compositions into k-1 parts; extend by one part.
      let any = false;
      for (let j = 1; j <= m; j++) {
        let best = -Infinity;
        if (j >= k) {
          for (let a = 1; a <= j - k + 1; a++) {
            const v = src[so + a] + cur[j - a];
            if (v > best) best = v;
          }
        }
        nxt[j] = best;
        if (best > -Infinity) any = true;
      }
      const t = cur;
      cur = nxt;
      nxt = t;
      if (!any) break;
    }
    const wk = w[k];
    if (wk === -Infinity) continue;
    for (let j = k; j <= m; j++) {
      const v = cur[j] + wk;
      if (v > dst[doff + j]) dst[doff + j] = v;
    }
  }
}

const floatPassers = new WeakMap<Chain, Passer>();
const exactPassers = new WeakMap<Chain, Passer>();

/**
 * A passer for an instance, reusing the frontier buffers of the last one made for the same chain
 * (a walk runs hundreds of passes). Use it for one call at a time: the next call takes it over.
 */
export function passerFor(inst: Instance, exact = false): Passer {
  const pool = exact ? exactPassers : floatPassers;
  let p = pool.get(inst.chain);
  if (!p) pool.set(inst.chain, (p = new Passer(inst)));
  p.inst = inst;
  return p;
}

/**
 * One layer, one pattern, at level E: writes the state after layer l into dst and returns true, or
 * returns false when the pattern cannot be used there (`ok` judges a slack that depends on E).
 */
export function applyPattern(
  inst: Instance,
  l: number,
  p: number,
  E: number,
  ok: (slack: number) => boolean,
  src: Float64Array,
  so: number,
  dst: Float64Array,
  doff: number,
  P: Float64Array,
  Pn: Float64Array,
  /** The lazy map of the state at `so` (mapState), when the caller computed it once for every pattern. */
  lazy?: Float64Array,
): boolean {
  const m = inst.chain.m;
  const w = inst.w[l];
  const n = inst.n[l];
  if (inst.chain.head === l) return attention(inst, l, p, E, ok, src, so, dst, doff, P, Pn, lazy);
  let spikeLog = -Infinity;
  if (p === 1) {
    const slack = E + src[so + 1];
    if (!ok(slack)) return false;
    spikeLog = Math.min(n, slack) - n;
  } else if (p === 2) {
    if (!ok(E - n)) return false;
  } else if (p === 3) {
    if (src[so] === -Infinity) return false;
    spikeLog = Math.min(n, E + src[so]) - n;
  }
  if (lazy) for (let j = 0; j <= m; j++) dst[doff + j] = lazy[j];
  else mapState(src, so, w, m, dst, doff, P, Pn);
  if (p === 2) {
    const logD = E - n;
    dst[doff] += logD;
    for (let j = 1; j <= m; j++) dst[doff + j] += j * logD;
  } else if (p === 1 || p === 3) {
    // The spike M/N (or beta/N) lands on every degree the activation carries.
    for (let j = 1; j <= m; j++) {
      const v = spikeLog + w[j];
      if (v > dst[doff + j]) dst[doff + j] = v;
    }
    const s = spikeLog + w[1];
    if (s > dst[doff]) dst[doff] = s;
  }
  return true;
}

/**
 * The attention head (our reconstruction): the L positions are its units. Lazy, degree j of phi
 * has d^-j; a specialized position costs d^2 (its query-key score aligns with w*w*^T, a degree-2
 * feature), and M of L positions spike the target by (M/L) d^-(m-2) through the linear value path.
 */
function attention(inst: Instance, l: number, p: number, E: number, ok: (slack: number) => boolean, src: Float64Array, so: number, dst: Float64Array, doff: number, P: Float64Array, Pn: Float64Array, lazy?: Float64Array): boolean {
  if (p > 1) return false;
  const m = inst.chain.m;
  const xd = inst.x[inst.chain.dim];
  let logM = 0;
  if (p === 1) {
    if (!ok(E - HEAD_SPECIALIST_POWER * xd)) return false;
    logM = Math.min(inst.n[l], E - HEAD_SPECIALIST_POWER * xd);
  }
  if (lazy) for (let j = 0; j <= m; j++) dst[doff + j] = lazy[j];
  else mapState(src, so, inst.w[l], m, dst, doff, P, Pn);
  if (p === 1 && m >= 2) {
    const v = logM - inst.n[l] - (m - 2) * xd;
    if (v > dst[doff + m]) dst[doff + m] = v;
  }
  return true;
}

/** The readout's slack: a_y = N_last^(chi-1) / lambda_m must stay below E. */
export function readoutSlack(inst: Instance, state: Float64Array, so: number, E: number): number {
  return state[so + inst.chain.m] + E - inst.r;
}

/** The input kernel x·x'/d is linear: phi has eigenvalue 1/d, no other degree. */
export function inputState(inst: Instance, dst: Float64Array, doff: number): void {
  dst.fill(-Infinity, doff, doff + inst.chain.m + 1);
  dst[doff + 1] = -inst.x[inst.chain.dim];
}

/** A comparison of slacks: non-strict with tolerance eps, or strict. */
export function slackTest(strict: boolean, eps: number): (slack: number) => boolean {
  return strict ? (slack) => slack > eps : (slack) => slack >= -eps;
}

export class Passer {
  private readonly m: number;
  private readonly width: number;
  private layers: Frontier[] = [];
  private P: Float64Array;
  private Pn: Float64Array;
  /** The lazy map of the state being extended (shared by its four patterns). */
  private lazy: Float64Array;
  private readonly allowed = new Uint8Array(4);
  private keep = new Uint8Array(64);
  /** Open-addressing table of kept states (markSimplest). */
  private table = new Int32Array(64);
  private order = new Int32Array(64);
  private kept = new Int32Array(64);
  /** Sort keys and runs (sortByKey). */
  private keys = new Int32Array(64);
  private runs: Runs = { start: new Int32Array(16), next: new Int32Array(16) };
  /** The componentwise maximum of the states kept so far (markSimpler). */
  private envelope?: Float64Array;
  /** The last simplerThan pass kept more than STAIRCASE states a layer (see simplest). */
  private staircase = false;
  /**
   * How often the otherThan pass, asked first, settled the name lately (a moving average, 1 at first),
   * and the calls since it was last asked: where it settles a quarter of them or fewer it is not
   * asked (a pass lost each time), except every OTHERS_RETRY-th call, so that a passer that met a few
   * unsettled names first (its counts once ruled it out for the rest of an analysis: a 128-layer
   * network of one width asked the longer way 500 times, a third more time) asks again where they
   * settle.
   */
  private readonly others = { rate: 1, skipped: 0 };
  /** Two states for `follows`, apart from the frontiers. */
  private replayA?: Float64Array;
  private replayB?: Float64Array;
  /**
   * What the frontiers in the buffers were made from, when the last run was a plain one: a plain run
   * at the same level, with the same options and weights, whose widths agree on the first layers
   * starts after them (a walk checks one level along one width: every frontier before it is the same).
   */
  private memo?: { E: number; eps: number; strict: boolean; allowed: number; w: Float64Array[]; n: Float64Array; made: number };

  constructor(public inst: Instance) {
    this.m = inst.chain.m;
    this.width = this.m + 1;
    this.P = new Float64Array(this.m + 1);
    this.Pn = new Float64Array(this.m + 1);
    this.lazy = new Float64Array(this.m + 1);
  }

  /** The patterns an alphabet allows, by code (all without one). */
  private allow(alphabet?: readonly Pattern[]): Uint8Array {
    this.allowed.fill(alphabet ? 0 : 1);
    if (alphabet) for (const p of alphabet) this.allowed[CODE[p]] = 1;
    return this.allowed;
  }

  private frontier(l: number): Frontier {
    while (this.layers.length <= l) this.layers.push(new Frontier(this.width, 8));
    return this.layers[l];
  }

  run(o: PassOptions): PassResult {
    const { inst, m, width } = this;
    const L = inst.chain.layers.length;
    const E = o.E;
    const eps = o.eps ?? 0;
    const strict = !!o.strict;
    const known = o.simplerThan;
    const other = o.otherThan;
    // The sequence whose prefix each state is ordered against (LESS, EQUAL, MORE).
    const path = known ?? other;
    const K = known ? nonLazy(known) : 0;
    const budget = known ? K : (o.budget ?? Infinity);
    const ok = slackTest(strict, eps);
    const allowed = this.allow(o.alphabet);
    let maxAbs = 0;
    let widest = 1;
    let steps = 0;

    // Plain runs (no naming rule, no start state, floating point) can reuse the last one's frontiers.
    const plain = !path && !o.simplest && !o.sequence && !o.from && !o.exact && o.budget === undefined;
    const mask = allowed[0] | (allowed[1] << 1) | (allowed[2] << 2) | (allowed[3] << 3);
    const memo = this.memo;
    this.memo = undefined;
    let start = o.from?.layer ?? 0;
    let prev: Frontier;
    if (plain && memo && memo.E === E && memo.eps === eps && memo.strict === strict && memo.allowed === mask && memo.w === inst.w) {
      // Frontier l (the states entering layer l) was made from layers 0..l-1 alone.
      while (start < memo.made && memo.n[start] === inst.n[start]) start++;
      prev = this.layers[start];
      for (let l = 1; l <= start; l++) widest = Math.max(widest, this.layers[l].count);
    } else {
      // Layer -1: the input kernel x·x'/d is linear: phi has eigenvalue 1/d, no other degree.
      prev = this.frontier(start);
      prev.count = 1;
      if (o.from) prev.states.set(o.from.state, 0);
      else inputState(inst, prev.states, 0);
      prev.nl[0] = 0;
      prev.parent[0] = -1;
      prev.order[0] = EQUAL;
    }
    // The frontiers this run makes (index of the last one), for the next run to reuse.
    let made = L;
    for (let l = start; l < L; l++) {
      const next = this.frontier(l + 1);
      next.ensure(prev.count * 4);
      next.count = 0;
      const only = o.sequence ? CODE[o.sequence[l]] : -1;
      const kc = path ? CODE[path[l]] : -1;
      for (let i = 0; i < prev.count; i++) {
        // Every pattern starts from the same lazy map of the state: computed once.
        mapState(prev.states, i * width, inst.w[l], m, this.lazy, 0, this.P, this.Pn);
        const firstChild = next.count;
        for (let p = 0; p < 4; p++) {
          if (only >= 0 ? p !== only : !allowed[p]) continue;
          const c = next.count;
          let nl = prev.nl[i] + (p === 0 ? 0 : 1);
          if (nl > budget) continue;
          let order = EQUAL;
          if (known) {
            const key = simplerStep(prev.nl[i], prev.order[i], p, kc, K, L, l);
            if (key < 0) continue;
            nl = (key / 3) | 0;
            order = key - 3 * nl;
          } else if (other) order = prev.order[i] !== EQUAL ? prev.order[i] : p < kc ? LESS : p > kc ? MORE : EQUAL;
          if (!applyPattern(inst, l, p, E, ok, prev.states, i * width, next.states, c * width, this.P, this.Pn, this.lazy)) continue;
          if (other && redundant(next.states, firstChild, c, width)) continue;
          next.count++;
          next.nl[c] = nl;
          next.order[c] = order;
          next.parent[c] = i;
          next.pattern[c] = p;
        }
      }
      steps += next.count;
      this.prune(next, eps, o.simplest ? 'simplest' : known ? 'simpler' : other ? 'other' : 'plain');
      if (!next.count) {
        // Nothing reaches this layer: the readout below finds no state.
        prev = next;
        made = l + 1;
        break;
      }
      if (o.simplest && next.count > SIMPLEST_FRONTIER) return { feasible: false, maxAbs, frontier: next.count, overflow: true, steps };
      if (next.count > widest) widest = next.count;
      if (o.exact) {
        for (let k = 0; k < next.count * width; k++) {
          const v = next.states[k];
          if (v !== -Infinity && Math.abs(v) > maxAbs) maxAbs = Math.abs(v);
        }
      }
      prev = next;
    }
    if (plain) this.memo = { E, eps, strict, allowed: mask, w: inst.w, n: inst.n, made };

    let best = -1;
    let bestSlack = -Infinity;
    for (let i = 0; i < prev.count; i++) {
      const slack = readoutSlack(inst, prev.states, i * width, E);
      if (!ok(slack)) continue;
      if (other) {
        if (prev.order[i] === EQUAL) continue;
        best = i;
        break;
      }
      if (known) {
        // A witness: a simpler sequence with the fewest non-lazy layers as counted (those that end
        // simpler whatever follows are one class), an earlier prefix first.
        if (endsSimpler(prev.nl[i], prev.order[i], K) && (best < 0 || prev.nl[i] < prev.nl[best] || (prev.nl[i] === prev.nl[best] && prev.order[i] < prev.order[best]))) best = i;
        continue;
      }
      if (o.best) {
        if (slack > bestSlack) [best, bestSlack] = [i, slack];
        continue;
      }
      if (!o.simplest) return { feasible: true, maxAbs, frontier: widest, steps };
      if (best < 0 || prev.nl[i] < prev.nl[best]) best = i;
    }
    if (best < 0) return { feasible: false, maxAbs, frontier: widest, steps };
    return { feasible: true, sequence: o.from ? undefined : this.backtrack(L, best), maxAbs, frontier: widest, steps };
  }

  /**
   * The simplest feasible sequence: searched with the budget `upper` (the count of non-lazy layers of
   * a sequence known to be feasible), or where that search overflows or no count is known, with
   * growing budgets (0, 1, 2, 4, ... up to `upper`): the first budget that admits one gives the
   * simplest overall, and a small budget keeps the frontier small where many sequences tie. Past
   * SIMPLEST_FRONTIER states it gives up (`overflow`): callers keep the sequence they have, which
   * reaches the same level but may not be the simplest.
   */
  simplest(o: Omit<PassOptions, 'simplest' | 'budget' | 'best' | 'simplerThan' | 'otherThan'>, known?: readonly Pattern[]): PassResult {
    // The search below takes the count of the simplest sequence in hand as its budget.
    let upper = known ? nonLazy(known) : Infinity;
    if (known) {
      // Is the known sequence feasible here? On an exact instance a pass says so and tracks the
      // largest magnitude; in floating point following it alone is enough.
      const own = o.exact ? this.run({ ...o, sequence: known }) : { feasible: this.follows(o, known), steps: known.length, maxAbs: 0 };
      let { steps, maxAbs } = own;
      let cur: readonly Pattern[] | undefined = own.feasible && (!o.alphabet || known.every((p) => o.alphabet!.includes(p))) ? known : undefined;
      if (cur && known.length >= SIMPLER_FROM_LAYERS && this.staircase && (this.others.rate > 0.25 || ++this.others.skipped >= OTHERS_RETRY)) {
        // Where the last simplerThan pass made many states a layer (a state for each count of
        // non-lazy layers near the known one's: uniform widths, GFL at most layers), the known
        // sequence is often the only one at this level (a walk asks whether its winner still is
        // the simplest): a plain pass, on its path or off it, says so. Elsewhere other sequences
        // (idle specialists that raise only the spiked path) are feasible at most levels, and that
        // pass would rarely settle it; where it seldom does, it is not asked (others).
        const r = this.run({ ...o, otherThan: cur });
        steps += r.steps;
        maxAbs = Math.max(maxAbs, r.maxAbs);
        this.others.skipped = 0;
        this.others.rate = 0.75 * this.others.rate + (r.feasible ? 0 : 0.25);
        if (!r.feasible) return { feasible: true, sequence: cur.slice(), maxAbs, frontier: r.frontier, steps };
      }
      // The common case then: the known sequence, or one a few of its layers made simpler, is the
      // simplest. Making it simpler layer by layer and then asking whether anything is simpler still
      // (a plain pass over (state, count, order), a tenth of the simplest search's states) settles it;
      // where something is, that pass names it, and it is made simpler in turn. Each round names a
      // strictly simpler sequence, so this ends; a few rounds almost always do.
      for (let round = 0; cur && known.length >= SIMPLER_FROM_LAYERS && round < SIMPLER_ROUNDS; round++) {
        const s = this.simplified(o, cur, undefined, true);
        const r = this.run({ ...o, simplerThan: s.sequence });
        this.staircase = r.steps > STAIRCASE * known.length;
        steps += s.steps + r.steps;
        maxAbs = Math.max(maxAbs, s.maxAbs, r.maxAbs);
        if (!r.feasible) return { feasible: true, sequence: s.sequence, maxAbs, frontier: r.frontier, steps };
        cur = r.sequence;
        upper = nonLazy(cur!);
      }
    }
    // With a known count, one search at that budget usually settles it: the smaller budgets' searches
    // find nothing where the known sequence is the simplest. Only where that search overflows are the
    // small budgets tried (their frontiers are smaller).
    if (upper < Infinity) {
      const r = this.run({ ...o, simplest: true, budget: upper });
      if (!r.overflow) return r;
    }
    for (let k = 0; ; k = k ? 2 * k : 1) {
      const r = this.run({ ...o, simplest: true, budget: Math.min(k, upper) });
      if (r.feasible || r.overflow || k >= upper) return r;
    }
  }

  /**
   * Whether one sequence reaches the readout at level E: a replay on two scratch states, so the
   * frontiers stay as the last run left them (and what the next plain run may reuse of them).
   */
  follows(o: Pick<PassOptions, 'E' | 'eps' | 'strict'>, sequence: readonly Pattern[]): boolean {
    const { inst, width } = this;
    const ok = slackTest(!!o.strict, o.eps ?? 0);
    let a = (this.replayA ??= new Float64Array(width));
    let b = (this.replayB ??= new Float64Array(width));
    inputState(inst, a, 0);
    for (let l = 0; l < sequence.length; l++) {
      if (!applyPattern(inst, l, CODE[sequence[l]], o.E, ok, a, 0, b, 0, this.P, this.Pn)) return false;
      [a, b] = [b, a];
    }
    return ok(readoutSlack(inst, a, 0, o.E));
  }

  /**
   * A feasible sequence at least as simple as `known` (which is feasible): from layer 1 on, each
   * layer takes the first pattern in pattern order with which the rest of the sequence still
   * reaches the readout (and which `accept` accepts, given the pattern codes). Each try replays the
   * rest of the sequence from the layer's state. With `later`, a layer that still learns then tries
   * to hand its pattern on to a later one, the last before the next layer that learns, else the
   * next: lazy layers first are simpler, and no change of one layer alone finds that (a specialist
   * moved one layer a round took sixteen rounds of the simplest search, then the search itself).
   */
  simplified(o: PassOptions, known: readonly Pattern[], accept?: (codes: readonly number[]) => boolean, later = false): { sequence: Pattern[]; maxAbs: number; steps: number } {
    const { inst, width } = this;
    const L = known.length;
    const ok = slackTest(!!o.strict, o.eps ?? 0);
    const codes = known.map((p) => CODE[p]);
    const allowed = this.allow(o.alphabet);
    // The state before layer l of the current sequence, and scratch for the replays.
    let at = new Float64Array(width);
    let a = new Float64Array(width);
    let b = new Float64Array(width);
    inputState(inst, at, 0);
    let maxAbs = 0;
    let steps = 0;
    const track = (S: Float64Array) => {
      for (let k = 0; k < width; k++) if (S[k] !== -Infinity && Math.abs(S[k]) > maxAbs) maxAbs = Math.abs(S[k]);
    };
    const reaches = (l: number, p: number): boolean => {
      if (!applyPattern(inst, l, p, o.E, ok, at, 0, a, 0, this.P, this.Pn)) return false;
      steps++;
      track(a);
      for (let k = l + 1; k < L; k++) {
        if (!applyPattern(inst, k, codes[k], o.E, ok, a, 0, b, 0, this.P, this.Pn)) return false;
        steps++;
        track(b);
        [a, b] = [b, a];
      }
      return ok(readoutSlack(inst, a, 0, o.E));
    };
    for (let l = 0; l < L; l++) {
      for (let p = 0, was = codes[l]; p < was; p++) {
        if (!allowed[p]) continue;
        codes[l] = p;
        if ((!accept || accept(codes)) && reaches(l, p)) break;
        codes[l] = was;
      }
      if (later && codes[l] !== 0 && allowed[0]) {
        let next = l + 1;
        while (next < L && codes[next] === 0) next++;
        const was = codes[l];
        for (const t of next - 1 > l + 1 ? [next - 1, l + 1] : next - 1 === l + 1 ? [l + 1] : []) {
          codes[l] = 0;
          codes[t] = was;
          if ((!accept || accept(codes)) && reaches(l, 0)) break;
          codes[l] = was;
          codes[t] = 0;
        }
      }
      // The sequence in hand must be feasible: where it is not, stop making it simpler.
      if (!applyPattern(inst, l, codes[l], o.E, ok, at, 0, a, 0, this.P, this.Pn)) break;
      [at, a] = [a, at];
    }
    return { sequence: codes.map((c) => PATTERN_ORDER[c]), maxAbs, steps };
  }

  private backtrack(L: number, last: number): Pattern[] {
    const seq: Pattern[] = new Array(L);
    let i = last;
    for (let l = L; l >= 1; l--) {
      const f = this.layers[l];
      seq[l - 1] = PATTERN_ORDER[f.pattern[i]];
      i = f.parent[i];
    }
    return seq;
  }

  /** Marks the states another dominates (of two equal states, the later one). */
  private markDominated(f: Frontier, eps: number): void {
    const { width, keep } = this;
    const n = f.count;
    const S = f.states;
    // Siblings are often dropped by the same state: try the last one that dropped a state first.
    let last = -1;
    for (let i = 0; i < n; i++) {
      if (last >= 0 && last !== i && keep[last] && dropsFor(S, last, i, width, eps)) {
        keep[i] = 0;
        continue;
      }
      for (let j = 0; j < n; j++) {
        if (j !== i && keep[j] && dropsFor(S, j, i, width, eps)) {
          keep[i] = 0;
          last = j;
          break;
        }
      }
    }
  }

  /** Grows the order and kept-state buffers of the two naming prunings to n states. */
  private growSortBuffers(n: number): void {
    if (this.order.length < n) (this.order = new Int32Array(n * 2)), (this.kept = new Int32Array(n * 2)), (this.keys = new Int32Array(n * 2));
  }

  /**
   * The simplest search's pruning: a state is dropped for one at least as good whose prefix is
   * simpler (fewer non-lazy layers, or as many and earlier). Only a simpler state can drop another,
   * so the states are visited simplest first and each is compared with the ones kept so far: a
   * dropped state's dropper dominates what it would have dropped. Linear in the states times those
   * kept, where comparing every pair was quadratic in the states (a deep network's frontier reaches
   * a thousand children a layer).
   */
  private markSimplest(f: Frontier, eps: number): void {
    const { width, keep } = this;
    const n = f.count;
    const S = f.states;
    this.growSortBuffers(n);
    const { order, kept } = this;
    // By the count of non-lazy layers; within one count, by index (the sequence order).
    const keys = this.keys;
    for (let i = 0; i < n; i++) keys[i] = f.nl[i];
    sortByKey(n, keys, order, this.runs);
    let nk = 0;
    // Many children equal a kept state exactly (a pattern that changes nothing at this level): found
    // by a hash of their values, in a table of the kept states.
    let size = 16;
    while (size < 2 * n) size *= 2;
    if (this.table.length < size) this.table = new Int32Array(size);
    const table = this.table;
    const mask = size - 1;
    table.fill(-1, 0, size);
    // Siblings are often dropped by the same state: try the last one that dropped a state first.
    let last = -1;
    for (let r = 0; r < n; r++) {
      const i = order[r];
      const io = i * width;
      let h = hashState(S, io, width) & mask;
      let dropped = false;
      for (; table[h] >= 0; h = (h + 1) & mask) if ((dropped = sameState(S, table[h] * width, S, io, width))) break;
      if (!dropped) dropped = last >= 0 && covers(S, kept[last] * width, io, width, eps);
      for (let q = 0; q < nk && !dropped; q++) if ((dropped = covers(S, kept[q] * width, io, width, eps))) last = q;
      if (dropped) keep[i] = 0;
      else (kept[nk++] = i), (table[h] = i);
    }
  }

  /**
   * The simplerThan pass's pruning: a state is dropped for one at least as good with fewer non-lazy
   * layers, or as many and a prefix no later against the known sequence. Every completion that makes
   * the dropped one simpler than the known sequence makes the keeper simpler too: with fewer non-lazy
   * layers it ends below the known count whatever its order, with as many its order is no later.
   * Visited by (count, order), so every state of an earlier group qualifies as a dropper; within a
   * group, plain Pareto.
   */
  private markSimpler(f: Frontier, eps: number): void {
    const { width, keep } = this;
    const n = f.count;
    const S = f.states;
    this.growSortBuffers(n);
    const { order, kept } = this;
    const keys = this.keys;
    for (let i = 0; i < n; i++) keys[i] = 3 * f.nl[i] + f.order[i];
    const top = sortByKey(n, keys, order, this.runs);
    const first = this.runs.start;
    let nk = 0;
    // Siblings are often dropped by the same state: try the last one that dropped a state first.
    let last = -1;
    // The componentwise maximum of the kept states: a state above it in some coordinate is covered by
    // none of them (on a staircase, where each count's state rises above the last, that is every one).
    const env = (this.envelope ??= new Float64Array(width)).fill(-Infinity);
    for (let g = 0; g <= top; g++) {
      const a = first[g];
      const b = first[g + 1];
      if (a === b) continue;
      // Against the states kept from earlier groups.
      for (let r = a; r < b; r++) {
        const io = order[r] * width;
        let above = false;
        for (let k = 0; k < width && !above; k++) above = S[io + k] > env[k] + eps;
        if (above) continue;
        let dropped = last >= 0 && covers(S, kept[last] * width, io, width, eps);
        for (let q = 0; q < nk && !dropped; q++) if ((dropped = covers(S, kept[q] * width, io, width, eps))) last = q;
        if (dropped) keep[order[r]] = 0;
      }
      // Within the group: plain Pareto (of two equal states, the later one goes).
      for (let r = a; r < b; r++) {
        const i = order[r];
        if (!keep[i]) continue;
        for (let t = a; t < b; t++) {
          const j = order[t];
          if (j === i || !keep[j] || !covers(S, j * width, i * width, width, eps)) continue;
          if (!covers(S, i * width, j * width, width, eps) || j < i) {
            keep[i] = 0;
            break;
          }
        }
      }
      for (let r = a; r < b; r++) {
        const i = order[r];
        if (!keep[i]) continue;
        kept[nk++] = i;
        for (let k = 0; k < width; k++) if (S[i * width + k] > env[k]) env[k] = S[i * width + k];
      }
    }
  }

  /**
   * The otherThan pass's pruning: plain Pareto among the states off the path (of two equal ones the
   * later goes); the state on it drops nothing (its completions may all be the path itself) and goes
   * where one off it covers it (that one completed as the path is another feasible sequence).
   */
  private markOther(f: Frontier, eps: number): void {
    const { width, keep } = this;
    const n = f.count;
    const S = f.states;
    for (let i = 0; i < n; i++) {
      const on = f.order[i] === EQUAL;
      for (let j = 0; j < n; j++) {
        if (j === i || !keep[j] || f.order[j] === EQUAL) continue;
        if (on ? covers(S, j * width, i * width, width, eps) : dropsFor(S, j, i, width, eps)) {
          keep[i] = 0;
          break;
        }
      }
    }
  }

  /**
   * Drops dominated states. Children are generated in lexicographic order of their sequences, so a
   * lower index is a lexicographically earlier prefix. With `simplest`, a state is dropped only for
   * one at least as good whose prefix is simpler (fewer non-lazy layers, or as many and earlier):
   * every completion of the dropped prefix then works for the kept one and is simpler there.
   */
  private prune(f: Frontier, eps: number, how: 'plain' | 'simplest' | 'simpler' | 'other'): void {
    const { width } = this;
    const n = f.count;
    if (n <= 1) return;
    const S = f.states;
    if (this.keep.length < n) this.keep = new Uint8Array(n * 2);
    const keep = this.keep;
    keep.fill(1, 0, n);
    if (how === 'simplest') this.markSimplest(f, eps);
    else if (how === 'simpler') this.markSimpler(f, eps);
    else if (how === 'other') this.markOther(f, eps);
    else this.markDominated(f, eps);
    let c = 0;
    for (let i = 0; i < n; i++) {
      if (!keep[i]) continue;
      if (c !== i) {
        for (let k = 0; k < width; k++) S[c * width + k] = S[i * width + k];
        f.nl[c] = f.nl[i];
        f.parent[c] = f.parent[i];
        f.pattern[c] = f.pattern[i];
        f.order[c] = f.order[i];
      }
      c++;
    }
    f.count = c;
  }
}
