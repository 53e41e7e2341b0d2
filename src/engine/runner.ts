// The runner-up: the best sequence not tied with the winner (its level, and whether it is surely the
// nearest). At numeric sizes a runner-up within a factor 4 marks the model near a boundary.

import { PATTERN_ORDER, instance, sameSequence, type Chain, type Instance, type Pattern } from './chain';
import { applyPattern, covers, inputState, mapState, passerFor, readoutSlack, slackTest } from './pass';
import type { Rational } from './rational';
import { floatLevelOf, type Point, type SequenceLevel } from './solve';
import { tiesAt, type TieCount } from './ties';

/** A search gave up: its frontier passed its limit. */
export const OVERFLOW = Symbol('overflow');

/**
 * The best sequence not tied with the winner. A pass finds a sequence feasible at a level E that is
 * not one of the winner's ties; its own level is solved (Newton in floating point, its monomial
 * exact), and the pass asked again just below that level, descending until nothing is found there.
 * The ties are known as paths (countTies' graph, at the point or counted here): the pass follows
 * them (TiePathPass). Where they could not be counted, pairs of states (one at E*, one at E) tell a
 * sequence feasible at E but not at E* (PairPass), which can give up.
 */
export function runnerUp(
  chain: Chain,
  point: Point,
  Estar: Rational,
  /**
   * The winner's ties at the point when already counted (`tiesGaveUp`: that count gave up, so they
   * are not counted again); `pairs`: use the pair pass (for tests).
   */
  o: { ties?: TieCount; tiesGaveUp?: boolean; pairs?: boolean } = {},
): { level: SequenceLevel; nearest: boolean } | typeof OVERFLOW | undefined {
  const inst = instance(chain, point.float);
  let scale = 1;
  for (const v of point.float) scale = Math.max(scale, Math.abs(v));
  const eps = 1e-9 * scale;
  const E0 = Estar.toNumber();
  const graph = o.pairs || o.tiesGaveUp ? undefined : (o.ties ?? tiesAt(chain, point.exact, Estar))?.graph;
  const pass = graph ? new TiePathPass(inst, graph, eps) : new PairPass(inst, E0, eps);
  let hi = E0 + 1;
  let n = 0;
  let seq: Pattern[] | typeof OVERFLOW | undefined;
  while (!(seq = pass.run(hi))) {
    if (++n > 40) return undefined;
    hi = E0 + (hi - E0) * 2;
  }
  if (seq === OVERFLOW) return OVERFLOW;
  let best: SequenceLevel | undefined;
  for (let round = 0; round < 64; round++) {
    const lvl = floatLevelOf(chain, point, seq, best ? best.E.toNumber() : hi);
    if (!lvl || lvl.E.cmp(Estar) <= 0 || (best && lvl.E.cmp(best.E) >= 0)) break;
    best = lvl;
    // Anything else, still not tied with the winner, clearly below this level?
    const below = pass.run(best.E.toNumber() - 10 * eps);
    // Past the frontier's limit below a sequence already found: it is above the winner, but a nearer one may exist.
    if (below === OVERFLOW) return { level: best, nearest: false };
    if (!below) break;
    seq = below;
  }
  return best && { level: named(inst, point, best, graph, eps), nearest: true };
}

/**
 * The runner-up's name: several sequences can share its level, and the pass picks the one with the
 * most slack. Made simpler layer by layer (the first pattern in pattern order that keeps it off the
 * winner's ties and at its level), as the winner is named.
 */
function named(inst: Instance, point: Point, level: SequenceLevel, graph: Int32Array[] | undefined, eps: number): SequenceLevel {
  if (!graph) return level;
  const passer = passerFor(inst);
  const E = level.E.toNumber() + 10 * eps;
  const offTies = (codes: readonly number[]) => {
    let node = 0;
    for (let l = 0; l < codes.length && node >= 0; l++) node = graph[l][4 * node + codes[l]];
    return node < 0;
  };
  const seq = passer.simplified({ E, eps: 0 }, level.sequence, offTies).sequence;
  if (sameSequence(seq, level.sequence)) return level;
  const lvl = floatLevelOf(inst.chain, point, seq, level.E.toNumber());
  return lvl && lvl.E.equals(level.E) ? lvl : level;
}

/** The tie-path pass keeps per layer a Pareto frontier off the ties and one per node of the tie graph: past this many states it gives up. */
export const TIE_PATH_FRONTIER = 4096;
const OFF = -1;

/**
 * Sequences feasible at level E that are not ties of the winner. Each state carries where its prefix
 * is in the tie graph: at a node (a prefix some tied sequence shares) or off it (every completion is
 * not a tie). A state off the graph drops any state it covers; a state at a node drops only states
 * at the same node (the other's completions may be ties where its own are not). At the readout only
 * states off the graph count.
 */
class TiePathPass {
  private readonly w: number;
  constructor(
    private readonly inst: ReturnType<typeof instance>,
    private readonly graph: Int32Array[],
    private readonly eps: number,
  ) {
    this.w = inst.chain.m + 1;
  }

  run(E: number): Pattern[] | typeof OVERFLOW | undefined {
    const { inst, w, eps, graph } = this;
    const P = new Float64Array(w);
    const Pn = new Float64Array(w);
    const lazy = new Float64Array(w);
    const okE = slackTest(false, eps);
    let cur = new Float64Array(w);
    inputState(inst, cur, 0);
    let tags = Int32Array.of(0);
    let count = 1;
    const parents: Int32Array[] = [];
    const patterns: Int8Array[] = [];
    for (let l = 0; l < inst.chain.layers.length; l++) {
      const next = new Float64Array(count * 4 * w);
      const nextTags = new Int32Array(count * 4);
      const par = new Int32Array(count * 4);
      const pat = new Int8Array(count * 4);
      let c = 0;
      for (let i = 0; i < count; i++) {
        mapState(cur, i * w, inst.w[l], inst.chain.m, lazy, 0, P, Pn);
        for (let p = 0; p < 4; p++) {
          if (!applyPattern(inst, l, p, E, okE, cur, i * w, next, c * w, P, Pn, lazy)) continue;
          nextTags[c] = tags[i] === OFF ? OFF : graph[l][4 * tags[i] + p];
          par[c] = i;
          pat[c] = p;
          c++;
        }
      }
      c = pruneTagged(next, nextTags, c, w, eps, par, pat);
      if (!c) return undefined;
      if (c > TIE_PATH_FRONTIER) return OVERFLOW;
      cur = next;
      tags = nextTags;
      count = c;
      parents.push(par);
      patterns.push(pat);
    }
    // The sequence off the ties with the most readout slack at E (the lowest level, usually).
    let pick = -1;
    let most = -Infinity;
    for (let i = 0; i < count; i++) {
      if (tags[i] !== OFF) continue;
      const slack = readoutSlack(inst, cur, i * w, E);
      if (okE(slack) && slack > most) [pick, most] = [i, slack];
    }
    return pick < 0 ? undefined : backtrack(parents, patterns, pick);
  }
}

/** The sequence that ends at state `last` of the last layer, from the back-pointers. */
function backtrack(parents: Int32Array[], patterns: Int8Array[], last: number): Pattern[] {
  const seq: Pattern[] = new Array(parents.length);
  let k = last;
  for (let l = parents.length - 1; l >= 0; l--) {
    seq[l] = PATTERN_ORDER[patterns[l][k]];
    k = parents[l][k];
  }
  return seq;
}

/**
 * Keeps (in place) the states off the ties that no other such state covers, and the states at a
 * node that no state off the ties and no other state at the same node covers (of two equal states,
 * the earlier one). Returns how many are kept.
 */
function pruneTagged(S: Float64Array, tag: Int32Array, n: number, w: number, eps: number, par: Int32Array, pat: Int8Array): number {
  const drops = (j: number, i: number) => covers(S, j * w, i * w, w, eps) && (!covers(S, i * w, j * w, w, eps) || j < i);
  // Grouped by tag (off the ties first), each group in index order: a counting sort on the tags,
  // which are node numbers (a comparator sort of boxed indices was most of this pruning's time).
  let top = OFF;
  for (let i = 0; i < n; i++) if (tag[i] > top) top = tag[i];
  const start = new Int32Array(top + 3);
  for (let i = 0; i < n; i++) start[tag[i] + 2]++;
  for (let t = 1; t < start.length; t++) start[t] += start[t - 1];
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[start[tag[i] + 1]++] = i;
  const keep = new Uint8Array(n);
  // The kept states off the ties (the first group), and one group's states no such state covers.
  const off = new Int32Array(n);
  let nOff = 0;
  const group = new Int32Array(n);
  for (let a = 0; a < n; ) {
    let b = a;
    while (b < n && tag[order[b]] === tag[order[a]]) b++;
    const isOff = tag[order[a]] === OFF;
    let g = 0;
    for (let r = a; r < b; r++) {
      const i = order[r];
      let covered = false;
      for (let q = 0; q < nOff && !isOff && !covered; q++) covered = covers(S, off[q] * w, i * w, w, eps);
      if (!covered) group[g++] = i;
    }
    for (let x = 0; x < g; x++) {
      const i = group[x];
      let dropped = false;
      for (let y = 0; y < g && !dropped; y++) dropped = y !== x && drops(group[y], i);
      if (!dropped) keep[i] = 1;
    }
    if (isOff) for (let x = 0; x < g; x++) if (keep[group[x]]) off[nOff++] = group[x];
    a = b;
  }
  let c = 0;
  for (let i = 0; i < n; i++) {
    if (!keep[i]) continue;
    if (c !== i) {
      S.copyWithin(c * w, i * w, (i + 1) * w);
      tag[c] = tag[i];
      par[c] = par[i];
      pat[c] = pat[i];
    }
    c++;
  }
  return c;
}

/**
 * The pair pass keeps pairs of states, whose frontier grows much faster than a pass's (twice the
 * dimensions): a deep network of mixed activations can reach tens of thousands of pairs, and the
 * pruning is quadratic in them. Past this many the search gives up and says so.
 */
export const PAIR_FRONTIER = 384;

/**
 * Sequences feasible at level E that are not feasible at E0: states are pairs (at E0, at E). The E0
 * half is "alive" while every check there passes; a smaller E0 state is closer to failing and a
 * larger E state closer to succeeding, so a pair dominates another when it is below in the first half
 * and above in the second (a dead first half is below everything).
 */
class PairPass {
  private readonly w: number;
  constructor(
    private readonly inst: ReturnType<typeof instance>,
    private readonly E0: number,
    private readonly eps: number,
  ) {
    this.w = inst.chain.m + 1;
  }

  run(E: number): Pattern[] | typeof OVERFLOW | undefined {
    const { inst, w, E0, eps } = this;
    const P = new Float64Array(w);
    const Pn = new Float64Array(w);
    const lazyE = new Float64Array(w);
    const lazyE0 = new Float64Array(w);
    // One test at both levels: a slack of at least -eps, so "infeasible at E0" is a slack clearly
    // below it (ties are not runners-up).
    const ok = slackTest(false, eps);
    // Per state: a (w values, NaN in a[0] when dead) then b (w values), and a back-pointer.
    let cur = new Float64Array(2 * w);
    inputState(inst, cur, 0);
    inputState(inst, cur, w);
    let count = 1;
    const parents: Int32Array[] = [];
    const patterns: Int8Array[] = [];
    for (let l = 0; l < inst.chain.layers.length; l++) {
      let next = new Float64Array(count * 4 * 2 * w);
      const par = new Int32Array(count * 4);
      const pat = new Int8Array(count * 4);
      let c = 0;
      for (let i = 0; i < count; i++) {
        const so = i * 2 * w;
        // Each half's lazy map, shared by the four patterns.
        mapState(cur, so + w, inst.w[l], inst.chain.m, lazyE, 0, P, Pn);
        const alive = !Number.isNaN(cur[so]);
        if (alive) mapState(cur, so, inst.w[l], inst.chain.m, lazyE0, 0, P, Pn);
        for (let p = 0; p < 4; p++) {
          const to = c * 2 * w;
          if (!applyPattern(inst, l, p, E, ok, cur, so + w, next, to + w, P, Pn, lazyE)) continue;
          if (!alive || !applyPattern(inst, l, p, E0, ok, cur, so, next, to, P, Pn, lazyE0)) next[to] = NaN;
          par[c] = i;
          pat[c] = p;
          c++;
        }
      }
      if (c > PAIR_FRONTIER * 4) return OVERFLOW;
      c = prunePairs(next, c, w, eps, par, pat);
      if (!c) return undefined;
      if (c > PAIR_FRONTIER) return OVERFLOW;
      cur = next;
      count = c;
      parents.push(par);
      patterns.push(pat);
      next = cur;
    }
    // The sequence with the most readout slack at E (the lowest level, usually).
    let pick = -1;
    let most = -Infinity;
    for (let i = 0; i < count; i++) {
      const so = i * 2 * w;
      const slack = readoutSlack(inst, cur, so + w, E);
      if (!ok(slack)) continue;
      if (!Number.isNaN(cur[so]) && ok(readoutSlack(inst, cur, so, E0))) continue;
      if (slack > most) [pick, most] = [i, slack];
    }
    return pick < 0 ? undefined : backtrack(parents, patterns, pick);
  }
}

/** Keeps the pairs no other pair dominates (in place); returns how many are kept. */
function prunePairs(S: Float64Array, n: number, w: number, eps: number, par: Int32Array, pat: Int8Array): number {
  const dominates = (j: number, i: number): boolean => {
    const jo = j * 2 * w;
    const io = i * 2 * w;
    // Above in the E half, below in the E0 half (a dead E0 half is below everything).
    if (!covers(S, jo + w, io + w, w, eps)) return false;
    if (Number.isNaN(S[jo])) return true;
    if (Number.isNaN(S[io])) return false;
    return covers(S, io, jo, w, eps);
  };
  const keep = new Uint8Array(n).fill(1);
  // A pair dominates another only if its target eigenvalue at E (the last coordinate) is at least as
  // large: sorted by it, each pair is compared with a prefix only (worth sorting for many pairs).
  const key = new Float64Array(n);
  for (let i = 0; i < n; i++) key[i] = S[i * 2 * w + 2 * w - 1];
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (n > 32) order.sort((x, y) => (key[y] > key[x] ? 1 : key[y] < key[x] ? -1 : x - y));
  for (let i = 0; i < n; i++) {
    const floor = key[i] - eps;
    for (let r = 0; r < n; r++) {
      const j = order[r];
      if (n > 32 && key[j] < floor) break;
      if (j === i || !keep[j] || !dominates(j, i)) continue;
      if (!dominates(i, j) || j < i) {
        keep[i] = 0;
        break;
      }
    }
  }
  let c = 0;
  for (let i = 0; i < n; i++) {
    if (!keep[i]) continue;
    if (c !== i) {
      S.copyWithin(c * 2 * w, i * 2 * w, (i + 1) * 2 * w);
      par[c] = par[i];
      pat[c] = pat[i];
    }
    c++;
  }
  return c;
}

