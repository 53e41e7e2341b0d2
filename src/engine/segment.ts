// The pass of pass.ts along a whole segment of one size, instead of at one point of it (walk.ts:
// is anything feasible below the walked piece's energy F somewhere on the piece, and is a simpler
// sequence tied with F anywhere inside it?). Checks at a few points cannot say: a sequence's level
// along a size is not convex, so one can undercut F between two checks and be gone again at both.
// Along the segment every input of a pass is affine in the position u (0 at the segment's start, 1
// at its end): a width is the walked size itself, along d every weight is a multiple of log d, and
// the trial level is a monomial. A state is then affine in u on an interval of its own; where a
// max, a min or a check changes its answer inside that interval, the state is split there. Pruning
// drops a state only where another covers it, so the frontier holds every state a point's frontier
// would (and some more): the answer is a point pass's at every point of the segment at once.
// Floating point, like the point checks: it locates; the walk then works exactly from what it found.

import type { Chain, Pattern } from './chain';
import { PATTERN_ORDER, nonLazy } from './chain';
import { CODE, EQUAL, endsSimpler, simplerStep } from './pass';
import { grown } from './typed';

/** The check gave up (too many states): the caller does without it (walk.ts says how). */
export const GAVE_UP = Symbol('gave up');
/**
 * States a layer past which a stretch is halved. A state is split wherever one of its maxes changes
 * sides, and a long stretch along d gathers hundreds a layer (a 32-layer network walked along d from
 * 1 to 10: 600 a layer, 0.2 s, for an undercut at 0.3% of the way); halves are checked in walking
 * order, so the work goes where the first undercut is.
 */
export const SEGMENT_STATES = 128;
/** The first stretch checked (of log d): each next one is twice as long. */
const FIRST_STRETCH = 1 / 2;
/**
 * States a layer past which the naming pass gives up at once. It keeps a state for each count of
 * non-lazy layers and order, and where many sequences tie (deep networks of one width) it passes any
 * limit on short stretches too: halving them took seconds (a 128-layer tanh network of one width:
 * 2.2 s of naming passes, 83 given up); given up at once, 0.3 s (at 32 states 0.13 s, but then a
 * 16-layer network of the sweep kept a piece's name where a simpler sequence tied inside it).
 */
export const NAMING_STATES = 64;
/**
 * The naming pass halves a stretch where it gave up only while the stretch is longer than this (of
 * log d): a random 48-layer network walked along d gave up on (1, 17/6) and named a piece's part
 * where a simpler sequence tied it, which halves down to 0.46 long found.
 */
const NAMING_SPLIT = 1 / 4;
/** Halvings before the check gives up (a stretch of 2^-20 of the segment). */
const MAX_HALVINGS = 20;
/** Intervals shorter than this (in u) are points: nothing is feasible on them with room to spare. */
const TINY = 1e-12;

export interface SegmentHit {
  /** Where (u, 0 to 1) some sequence is first feasible below the level. */
  first: number;
  /** Where (u) that first stretch ends (where some sequence is below the level throughout). */
  last: number;
  /** A place (u) in it where `sequence` is below the level. */
  inside: number;
  sequence: Pattern[];
}


/**
 * One layer's states: per state [lo, hi, a_0, b_0, ..., a_m, b_m], coordinate k being a_k + b_k·u
 * on [lo, hi] (a_k = -Infinity: no path carries it), and where it came from.
 */
class Frontier {
  S: Float64Array;
  parent: Int32Array;
  pattern: Int8Array;
  /** Naming (pass.ts simplerThan): 3 × the non-lazy layers so far + the order against the known prefix. */
  key: Int32Array;
  count = 0;
  constructor(readonly stride: number, capacity: number) {
    this.S = new Float64Array(stride * capacity);
    this.parent = new Int32Array(capacity);
    this.pattern = new Int8Array(capacity);
    this.key = new Int32Array(capacity);
  }
  /** Room for one more state; its offset. */
  push(parent: number, pattern: number, key: number): number {
    if (this.count === this.parent.length) {
      const n = 2 * this.count;
      this.S = grown(this.S, n * this.stride);
      this.parent = grown(this.parent, n);
      this.pattern = grown(this.pattern, n);
      this.key = grown(this.key, n);
    }
    this.parent[this.count] = parent;
    this.pattern[this.count] = pattern;
    this.key[this.count] = key;
    return this.count++ * this.stride;
  }
}

/** Candidates of one coordinate (every max of pass.ts kept as a list): a + b·u each. */
class List {
  a = new Float64Array(8);
  b = new Float64Array(8);
  n = 0;
  add(a: number, b: number): void {
    if (a === -Infinity) return;
    if (this.n === this.a.length) {
      this.a = grown(this.a, 2 * this.n);
      this.b = grown(this.b, 2 * this.n);
    }
    this.a[this.n] = a;
    this.b[this.n++] = b;
  }
  /** Keeps the candidates that are the largest somewhere on [lo, hi] (of equal ones, the first). */
  envelope(lo: number, hi: number): void {
    const { a, b } = this;
    const N = this.n;
    if (N < 2) return;
    let n = 0;
    for (let i = 0; i < N; i++) {
      const fl = a[i] + b[i] * lo;
      const fh = a[i] + b[i] * hi;
      let dropped = false;
      for (let j = 0; j < N && !dropped; j++) {
        if (j === i) continue;
        const gl = a[j] + b[j] * lo;
        const gh = a[j] + b[j] * hi;
        dropped = gl >= fl && gh >= fh && (j < i || gl > fl || gh > fh);
      }
      // In place: a slot read later holds a candidate still (a kept one moved down, or an original),
      // and whatever it drops, a kept candidate at least as large drops too.
      if (!dropped) {
        if (n !== i) (a[n] = a[i]), (b[n] = b[i]);
        n++;
      }
    }
    this.n = n;
  }
  /** The candidate largest at u (ties: the one larger just after u). */
  largest(u: number): number {
    const { a, b } = this;
    let best = 0;
    for (let i = 1; i < this.n; i++) {
      const d = a[i] + b[i] * u - (a[best] + b[best] * u);
      if (d > 0 || (d === 0 && b[i] > b[best])) best = i;
    }
    return best;
  }
  /** Where the largest candidate changes inside (lo, hi), added to `out`. */
  breaks(lo: number, hi: number, out: Cuts): void {
    const { a, b } = this;
    if (this.n < 2) return;
    let u = lo;
    let cur = this.largest(lo);
    for (let guard = 0; guard <= this.n; guard++) {
      let next = hi;
      for (let i = 0; i < this.n; i++) {
        if (b[i] <= b[cur]) continue;
        const cross = (a[cur] - a[i]) / (b[i] - b[cur]);
        if (cross > u && cross < next) next = cross;
      }
      if (next >= hi) return;
      out.add(next);
      u = next;
      cur = this.largest(u);
    }
  }
}

/** Points where a state splits, kept sorted (a few). */
class Cuts {
  u = new Float64Array(16);
  n = 0;
  add(x: number): void {
    if (this.n === this.u.length) this.u = grown(this.u, 2 * this.n);
    let i = this.n++;
    for (; i > 0 && this.u[i - 1] > x; i--) this.u[i] = this.u[i - 1];
    this.u[i] = x;
  }
}

/** The part of [lo, hi] where a + b·u >= 0: [lo', hi'], or false where that is shorter than TINY. */
function where(a: number, b: number, lo: number, hi: number, out: number[]): boolean {
  if (a === -Infinity) return false;
  let l = lo;
  let h = hi;
  if (b === 0) {
    if (a < 0) return false;
  } else if (b > 0) l = Math.max(lo, -a / b);
  else h = Math.min(hi, -a / b);
  if (h - l <= TINY) return false;
  out[0] = l;
  out[1] = h;
  return true;
}

/**
 * Along the segment of size `axis` from `from` to `to` (log sizes in the base point's units; the
 * other sizes at `base`): the first stretch longer than `shortest` (of log d) where some sequence is
 * feasible at the level `level·x - margin` (level: exponents in symbol order; a negative margin
 * raises it), with a sequence that is; undefined where there is none. With `simplerThan`, only
 * sequences simpler than that one count (pass.ts's naming rule). Calls do not nest (scratch is shared).
 */
export function firstBelow(chain: Chain, base: Float64Array, axis: number, from: number, to: number, level: Float64Array, margin: number, simplerThan?: readonly Pattern[], shortest = 0): SegmentHit | undefined | typeof GAVE_UP {
  const naming = !!simplerThan;
  const limit = naming ? NAMING_STATES : SEGMENT_STATES;
  let gaveUp = false;
  // Stretches in walking order, halving those with too many states.
  const search = (a: number, b: number, depth: number): SegmentHit | undefined | typeof GAVE_UP => {
    const hit = scan(chain, base, axis, from + a * (to - from), from + b * (to - from), level, margin, simplerThan, shortest, limit);
    if (hit !== GAVE_UP) return hit && { first: a + hit.first * (b - a), last: a + hit.last * (b - a), inside: a + hit.inside * (b - a), sequence: hit.sequence };
    if (naming) {
      // Too many states on a short stretch: many sequences tie (deep networks of one width), and
      // halves tie as much. On a long one they come from the stretch's length (every decision that
      // changes along it splits a state), and halves can be named; a stretch given up is passed
      // over, and a simpler sequence tied further on is still a name the walk can use.
      if ((b - a) * Math.abs(to - from) <= NAMING_SPLIT) {
        gaveUp = true;
        return undefined;
      }
    } else if (depth >= MAX_HALVINGS) return GAVE_UP;
    const mid = (a + b) / 2;
    return search(a, mid, depth + 1) ?? search(mid, b, depth + 1);
  };
  // Short stretches first, doubling: an undercut is often near where the piece begins.
  let h = Math.min(1, FIRST_STRETCH / Math.abs(to - from));
  for (let a = 0; a < 1; h *= 2) {
    const b = Math.min(1, a + h);
    const r = search(a, b, 0);
    if (r) return r;
    a = b;
  }
  return gaveUp ? GAVE_UP : undefined;
}

/** One stretch: firstBelow's answer, or GAVE_UP past `limit` states a layer. */
function scan(chain: Chain, base: Float64Array, axis: number, from: number, to: number, level: Float64Array, margin: number, known: readonly Pattern[] | undefined, shortest: number, limit: number): SegmentHit | undefined | typeof GAVE_UP {
  const m = chain.m;
  // Naming: only sequences simpler than `known` (pass.ts simplerThan, its rules to the letter).
  const K = known ? nonLazy(known) : 0;
  const codes = known ? Int8Array.from(known, (p) => CODE[p]) : undefined;
  const W = m + 1;
  const stride = 2 + 2 * W;
  const L = chain.layers.length;
  // Every input as a + b·u.
  const xa = (i: number) => (i === axis ? from : base[i]);
  const xb = (i: number) => (i === axis ? to - from : 0);
  let ea = -margin;
  let eb = 0;
  for (let i = 0; i < base.length; i++) if (level[i]) (ea += level[i] * xa(i)), (eb += level[i] * xb(i));
  const da = xa(chain.dim);
  const db = xb(chain.dim);
  const ra = chain.readoutWidth >= 0 ? xa(chain.readoutWidth) : 0;
  const rb = chain.readoutWidth >= 0 ? xb(chain.readoutWidth) : 0;
  const { lazy, cur, nxt, child, cuts, lazyCuts, iv, wa, wb, frontiers } = scratchFor(m, L + 1);

  let prev = frontiers[0];
  prev.count = 0;
  {
    const o = prev.push(-1, 0, EQUAL);
    const S = prev.S;
    S[o] = 0;
    S[o + 1] = 1;
    for (let k = 0; k < W; k++) (S[o + 2 + 2 * k] = -Infinity), (S[o + 3 + 2 * k] = 0);
    // The input kernel is linear: lambda_1 = -log d, no other degree.
    S[o + 4] = -da;
    S[o + 5] = -db;
  }
  for (let l = 0; l < L; l++) {
    const layer = chain.layers[l];
    const na = xa(layer.width);
    const nb = xb(layer.width);
    for (let k = 0; k < W; k++) {
      const c = layer.weights[k];
      wa[k] = c === null ? -Infinity : c.toNumber() * da;
      wb[k] = c === null ? 0 : c.toNumber() * db;
    }
    const head = chain.head === l;
    const next = frontiers[l + 1];
    next.count = 0;
    for (let i = 0; i < prev.count; i++) {
      const S = prev.S;
      const o = i * stride;
      const lo = S[o];
      const hi = S[o + 1];
      // The lazy map (pass.ts mapState), each max a list: for degree j, every composition's sum plus
      // the weight of its number of parts; for s, s + w_1.
      for (let j = 0; j < W; j++) lazy[j].n = 0;
      if (wa[1] !== -Infinity) lazy[0].add(S[o + 2] + wa[1], S[o + 3] + wb[1]);
      for (let j = 1; j < W; j++) {
        cur[j].n = 0;
        cur[j].add(S[o + 2 + 2 * j], S[o + 3 + 2 * j]);
      }
      let curL = cur;
      let nxtL = nxt;
      for (let k = 1; k <= m; k++) {
        if (k > 1) {
          let any = false;
          for (let j = 1; j <= m; j++) {
            const t = nxtL[j];
            t.n = 0;
            for (let a = 1; a <= j - k + 1; a++) {
              const xa1 = S[o + 2 + 2 * a];
              if (xa1 === -Infinity) continue;
              const xb1 = S[o + 3 + 2 * a];
              const c = curL[j - a];
              for (let q = 0; q < c.n; q++) t.add(xa1 + c.a[q], xb1 + c.b[q]);
            }
            t.envelope(lo, hi);
            if (t.n) any = true;
          }
          const swap = curL;
          curL = nxtL;
          nxtL = swap;
          if (!any) break;
        }
        if (wa[k] === -Infinity) continue;
        for (let j = k; j <= m; j++) {
          const c = curL[j];
          for (let q = 0; q < c.n; q++) lazy[j].add(c.a[q] + wa[k], c.b[q] + wb[k]);
        }
      }
      for (let j = 0; j < W; j++) lazy[j].envelope(lo, hi);
      // Where the lazy map's largest candidates change: every child splits there.
      lazyCuts.n = 0;
      for (let j = 0; j < W; j++) lazy[j].breaks(lo, hi, lazyCuts);

      const key0 = prev.key[i];
      const nl0 = (key0 / 3) | 0;
      const order0 = key0 - 3 * nl0;
      for (let p = 0; p < (head ? 2 : 4); p++) {
        // The child's count of non-lazy layers and order against the known prefix (naming only).
        const key = codes ? simplerStep(nl0, order0, p, codes[l], K, L, l) : 0;
        if (key < 0) continue;
        // Where pattern p can be used (pass.ts applyPattern's checks, as intervals), in parts on each
        // of which its spike, a min of two affine functions, is affine.
        let roomA = 0;
        let roomB = 0;
        let spike = false;
        let shiftA = 0;
        let shiftB = 0;
        let u1 = lo;
        let u2 = hi;
        if (head) {
          if (p === 1) {
            // A specialized position: E - 2 log d >= 0; log M = min(n, E - 2 log d).
            roomA = ea - 2 * da;
            roomB = eb - 2 * db;
            if (!where(roomA, roomB, lo, hi, iv)) continue;
            (u1 = iv[0]), (u2 = iv[1]);
            spike = m >= 2;
          }
        } else if (p === 2) {
          shiftA = ea - na;
          shiftB = eb - nb;
          if (!where(shiftA, shiftB, lo, hi, iv)) continue;
          (u1 = iv[0]), (u2 = iv[1]);
        } else if (p === 1 || p === 3) {
          const f = o + 2 + 2 * (p === 1 ? 1 : 0);
          if (S[f] === -Infinity) continue;
          roomA = ea + S[f];
          roomB = eb + S[f + 1];
          // A specialist needs room below the level; a magnetization has no check of its own.
          if (p === 1) {
            if (!where(roomA, roomB, lo, hi, iv)) continue;
            (u1 = iv[0]), (u2 = iv[1]);
          }
          spike = true;
        }
        // The spike min(n, room) - n: 0 where n <= room (part 0), room - n where room <= n (part 1).
        const gapA = roomA - na;
        const gapB = roomB - nb;
        const parts = spike && (gapA !== 0 || gapB !== 0) ? 2 : 1;
        for (let part = 0; part < parts; part++) {
          let v1 = u1;
          let v2 = u2;
          let sa = 0;
          let sb = 0;
          if (spike) {
            if (parts === 2) {
              if (!where(part === 0 ? gapA : -gapA, part === 0 ? gapB : -gapB, u1, u2, iv)) continue;
              v1 = iv[0];
              v2 = iv[1];
            }
            if (part === 1) (sa = gapA), (sb = gapB);
            // At the head the spike lands on the target's degree only, times d^-(m - 2).
            if (head) (sa -= (m - 2) * da), (sb -= (m - 2) * db);
          }
          // The child: the lazy map, shifted by j·log D (GFL: the same for every candidate of a
          // degree, so it moves no break), or with the spike landing on each degree the activation
          // carries (and on s): one more candidate there.
          cuts.n = 0;
          cuts.add(v1);
          cuts.add(v2);
          for (let c = 0; c < lazyCuts.n; c++) if (lazyCuts.u[c] > v1 && lazyCuts.u[c] < v2) cuts.add(lazyCuts.u[c]);
          if (spike) {
            for (let j = 0; j < W; j++) {
              const t = child[j];
              t.n = 0;
              const k = head ? m : j === 0 ? 1 : j;
              if (head ? j !== m : wa[k] === -Infinity) continue;
              const src = lazy[j];
              for (let q = 0; q < src.n; q++) t.add(src.a[q], src.b[q]);
              if (head) t.add(sa, sb);
              else t.add(sa + wa[k], sb + wb[k]);
              t.breaks(v1, v2, cuts);
            }
          }
          for (let c = 0; c + 1 < cuts.n; c++) {
            const a = cuts.u[c];
            const b = cuts.u[c + 1];
            if (b - a <= TINY) continue;
            const mid = (a + b) / 2;
            const q = next.push(i, p, key);
            const T = next.S;
            T[q] = a;
            T[q + 1] = b;
            for (let j = 0; j < W; j++) {
              const k = head ? m : j === 0 ? 1 : j;
              const t = spike && (head ? j === m : wa[k] !== -Infinity) ? child[j] : lazy[j];
              if (!t.n) {
                T[q + 2 + 2 * j] = -Infinity;
                T[q + 3 + 2 * j] = 0;
                continue;
              }
              const best = t.n === 1 ? 0 : t.largest(mid);
              const mul = p === 2 && !head ? (j === 0 ? 1 : j) : 0;
              T[q + 2 + 2 * j] = t.a[best] + mul * shiftA;
              T[q + 3 + 2 * j] = t.b[best] + mul * shiftB;
            }
          }
        }
      }
    }
    prune(next, W, !!known);
    if (!next.count) return undefined;
    if (next.count > limit) return GAVE_UP;
    prev = next;
  }
  // The readout: lambda_m + E - r >= 0 somewhere on a state's interval. States are pieces of
  // sequences, so the stretches where some state reaches it are merged; the first one longer than
  // `shortest` is the answer, with a state that reaches it at its middle.
  const alive: number[] = [];
  for (let i = 0; i < prev.count; i++) {
    const o = i * stride;
    const am = prev.S[o + 2 + 2 * m];
    if (am === -Infinity) continue;
    // Naming: simpler than the known sequence (fewer non-lazy layers, or as many and earlier).
    if (known && !endsSimpler((prev.key[i] / 3) | 0, prev.key[i] % 3, K)) continue;
    if (where(am + ea - ra, prev.S[o + 3 + 2 * m] + eb - rb, prev.S[o], prev.S[o + 1], iv)) alive.push(iv[0], iv[1], i);
  }
  const order = Array.from({ length: alive.length / 3 }, (_, k) => k).sort((x, y) => alive[3 * x] - alive[3 * y]);
  const min = shortest / Math.abs(to - from);
  let best = -1;
  let first = 0;
  let last = 0;
  let inside = 0;
  for (let k = 0; k < order.length && best < 0; ) {
    const lo = alive[3 * order[k]];
    let hi = alive[3 * order[k] + 1];
    let j = k + 1;
    while (j < order.length && alive[3 * order[j]] <= hi + TINY) hi = Math.max(hi, alive[3 * order[j++] + 1]);
    if (hi - lo > min) {
      [first, last] = [lo, hi];
      // The state that reaches the level first (its own middle); or, for a stretch asked to be long,
      // one at the stretch's middle.
      best = alive[3 * order[k] + 2];
      inside = (lo + alive[3 * order[k] + 1]) / 2;
      if (min > 0) {
        inside = (lo + hi) / 2;
        for (let q = k; q < j; q++) if (alive[3 * order[q]] <= inside && inside <= alive[3 * order[q] + 1]) best = alive[3 * order[q] + 2];
      }
    }
    k = j;
  }
  if (best < 0) return undefined;
  const sequence: Pattern[] = new Array(L);
  for (let l = L - 1, k = best; l >= 0; l--) {
    sequence[l] = PATTERN_ORDER[frontiers[l + 1].pattern[k]];
    k = frontiers[l + 1].parent[k];
  }
  return { first, last, inside, sequence };
}

/**
 * Drops (in place) each state where another covers it (at least as large in every coordinate): on
 * the whole of its interval, the state goes (of two equal states, the later one); on a stretch at
 * one end of it, its interval ends where that stretch begins. A state is affine, so the stretch
 * where one covers another is an interval: where each coordinate's difference is >= 0.
 */
let keepBuffer = new Uint8Array(64);
function prune(f: Frontier, W: number, naming: boolean): void {
  const { S, stride, key } = f;
  const n = f.count;
  if (keepBuffer.length < n) keepBuffer = new Uint8Array(2 * n);
  const keep = keepBuffer;
  keep.fill(1, 0, n);
  for (let i = 0; i < n; i++) {
    const B = i * stride;
    for (let j = 0; j < n && keep[i]; j++) {
      // Naming: only a state at least as simple (pass.ts markSimpler: an earlier count and order, or the same).
      if (j === i || !keep[j] || (naming && key[j] > key[i])) continue;
      // Where j covers i: within both intervals, where each coordinate's difference is >= 0.
      const A = j * stride;
      let lo = S[A] > S[B] ? S[A] : S[B];
      let hi = S[A + 1] < S[B + 1] ? S[A + 1] : S[B + 1];
      let equal = true;
      for (let k = 0; k < W && hi - lo > TINY; k++) {
        const ba = S[B + 2 + 2 * k];
        const aa = S[A + 2 + 2 * k];
        if (ba === -Infinity) {
          if (aa !== -Infinity) equal = false;
          continue;
        }
        if (aa === -Infinity) {
          hi = lo;
          break;
        }
        // (aa - ba) + (ab - bb)·u >= 0
        const c = aa - ba;
        const d = S[A + 3 + 2 * k] - S[B + 3 + 2 * k];
        if (c !== 0 || d !== 0) equal = false;
        if (d === 0) {
          if (c < 0) hi = lo;
        } else if (d > 0) {
          const r = -c / d;
          if (r > lo) lo = r;
        } else {
          const r = -c / d;
          if (r < hi) hi = r;
        }
      }
      if (hi - lo <= TINY) continue;
      // Of two states equal there (and as simple), the later one gives way.
      if (equal && j > i && (!naming || key[j] === key[i])) continue;
      const atLo = lo <= S[B] + TINY;
      const atHi = hi >= S[B + 1] - TINY;
      if (atLo && atHi) keep[i] = 0;
      else if (atLo) S[B] = hi;
      else if (atHi) S[B + 1] = lo;
    }
  }
  let c = 0;
  for (let i = 0; i < n; i++) {
    if (!keep[i]) continue;
    if (c !== i) {
      S.copyWithin(c * stride, i * stride, (i + 1) * stride);
      f.parent[c] = f.parent[i];
      f.pattern[c] = f.pattern[i];
      f.key[c] = f.key[i];
    }
    c++;
  }
  f.count = c;
}

interface Scratch {
  lazy: List[];
  cur: List[];
  nxt: List[];
  child: List[];
  cuts: Cuts;
  lazyCuts: Cuts;
  iv: number[];
  wa: Float64Array;
  wb: Float64Array;
  /** One per layer and the input: the states entering each layer, and where each came from. */
  frontiers: Frontier[];
}
const scratches = new Map<number, Scratch>();
function scratchFor(m: number, layers: number): Scratch {
  let s = scratches.get(m);
  if (!s) {
    const lists = () => Array.from({ length: m + 1 }, () => new List());
    s = { lazy: lists(), cur: lists(), nxt: lists(), child: lists(), cuts: new Cuts(), lazyCuts: new Cuts(), iv: [0, 0], wa: new Float64Array(m + 1), wb: new Float64Array(m + 1), frontiers: [] };
    scratches.set(m, s);
  }
  while (s.frontiers.length < layers) s.frontiers.push(new Frontier(2 + 2 * (m + 1), 8));
  return s;
}
