// Every pattern sequence that reaches a level, counted exactly: the layer-by-layer pass again, but
// without dropping dominated states (identical states merge), so each sequence is one path through
// a small graph. In the proportional regime any subset of layers can specialize with M = 1, so ties
// can number 2^L or more: they are counted (BigInt), and the few simplest are listed.

import type { Chain, Instance } from './chain';
import { PATTERN_ORDER, exactInstance, scaleLevel, type Pattern } from './chain';
import type { Rational } from './rational';
import { applyPattern, type Passer, hashState, inputState, mapState, passerFor, readoutSlack, sameState, slackTest } from './pass';

export interface TieCount {
  /** Sequences that reach the level (the winner among them). */
  count: bigint;
  /** The simplest ones, simplest first (fewer non-lazy layers, then pattern order from layer 1). */
  simplest: Pattern[][];
  /**
   * Every tied sequence as a path: per layer l, node i's child by pattern p is at [4i + p] (-1 where
   * no tied sequence goes on that way); node 0 of layer 0 is the input kernel.
   */
  graph: Int32Array[];
}

interface Node {
  state: Float64Array;
  /** [pattern, child index] */
  edges: [number, number][];
}

/** The ties at an exact point and level, counted on integers (undefined where the count gives up). */
export function tiesAt(chain: Chain, point: Rational[], E: Rational, alphabet?: readonly Pattern[]): TieCount | undefined {
  const inst = exactInstance(chain, point, [E]);
  return inst && countTies(inst, scaleLevel(inst, E), undefined, undefined, alphabet);
}

/**
 * Counts at an exact (integer) instance; undefined when a layer has more than `cap` distinct states
 * that lead to the readout, or when finding which do took too long. `pruneAt`: from how many states
 * in a layer the dead ones are left out (Infinity: never, for tests).
 */
export function countTies(inst: Instance, E: number, limit = 5, cap = 2048, alphabet?: readonly Pattern[], pruneAt = PRUNE_AT): TieCount | undefined {
  const m = inst.chain.m;
  const L = inst.chain.layers.length;
  const ok = slackTest(false, 0);
  const P = new Float64Array(m + 1);
  const Pn = new Float64Array(m + 1);
  const root = new Float64Array(m + 1);
  inputState(inst, root, 0);
  const layers: Node[][] = [[{ state: root, edges: [] }]];
  const scratch = new Float64Array(m + 1);
  const lazy = new Float64Array(m + 1);
  const allowed = [0, 1, 2, 3].map((p) => !alphabet || alphabet.includes(PATTERN_ORDER[p]));
  /** Per distinct state of the layer being built: its node's index, or DEAD. */
  const codes: number[] = [];
  const live = new Liveness(inst, E, alphabet);
  for (let l = 0; l < L; l++) {
    const next: Node[] = [];
    // Identical states merge: found by a hash of their (integer) values, then compared. A state
    // from which nothing reaches the readout is left out once a layer holds many (DEAD marks it).
    const index = new Map<number, number[]>();
    const states: Float64Array[] = [];
    for (const node of layers[l]) {
      mapState(node.state, 0, inst.w[l], m, lazy, 0, P, Pn);
      for (let p = 0; p < 4; p++) {
        if (!allowed[p] || !applyPattern(inst, l, p, E, ok, node.state, 0, scratch, 0, P, Pn, lazy)) continue;
        const h = hashState(scratch, 0, m + 1);
        let bucket = index.get(h);
        let c = bucket?.find((i) => sameState(states[i], 0, scratch, 0, m + 1));
        if (c === undefined) {
          if (!bucket) index.set(h, (bucket = []));
          bucket.push(states.length);
          states.push(scratch.slice());
          c = states.length - 1;
          const alive = next.length < pruneAt || live.completes(l + 1, states[c]);
          if (alive === undefined || (alive && next.length >= cap)) return undefined;
          codes[c] = alive ? next.length : DEAD;
          if (alive) next.push({ state: states[c], edges: [] });
        }
        if (codes[c] !== DEAD) node.edges.push([p, codes[c]]);
      }
    }
    layers.push(next);
  }
  // Backwards: how many completions each node has, and with how many non-lazy layers.
  let ways: bigint[] = layers[L].map((n) => (ok(readoutSlack(inst, n.state, 0, E)) ? 1n : 0n));
  let reach = ways.map((w) => (w ? [true] : [] as boolean[]));
  const waysAt: bigint[][] = [];
  const reachAt: boolean[][][] = [];
  waysAt[L] = ways;
  reachAt[L] = reach;
  for (let l = L - 1; l >= 0; l--) {
    ways = layers[l].map((n) => n.edges.reduce((s, [, c]) => s + waysAt[l + 1][c], 0n));
    reach = layers[l].map((n) => {
      const r: boolean[] = [];
      for (const [p, c] of n.edges) reachAt[l + 1][c].forEach((v, k) => v && (r[k + (p ? 1 : 0)] = true));
      return r;
    });
    waysAt[l] = ways;
    reachAt[l] = reach;
  }
  const count = waysAt[0][0];
  const graph = layers.slice(0, L).map((nodes, l) => {
    const g = new Int32Array(nodes.length * 4).fill(-1);
    nodes.forEach((n, i) => waysAt[l][i] && n.edges.forEach(([p, c]) => waysAt[l + 1][c] && (g[4 * i + p] = c)));
    return g;
  });
  const simplest: Pattern[][] = [];
  // In order of non-lazy count, then depth-first in pattern order: the simplest first.
  for (let t = 0; t <= L && simplest.length < limit; t++) {
    if (!reachAt[0][0][t]) continue;
    const seq: Pattern[] = [];
    const walk = (l: number, node: number, left: number): void => {
      if (simplest.length >= limit) return;
      if (l === L) {
        simplest.push(seq.slice());
        return;
      }
      const edges = [...layers[l][node].edges].sort((a, b) => a[0] - b[0]);
      for (const [p, c] of edges) {
        const need = left - (p ? 1 : 0);
        if (need < 0 || !reachAt[l + 1][c][need]) continue;
        seq.push(PATTERN_ORDER[p]);
        walk(l + 1, c, need);
        seq.pop();
      }
    };
    walk(0, 0, t);
  }
  return { count, simplest, graph };
}

/**
 * A layer holding this many states has its new ones checked for a way to the readout: most states of
 * a deep network's wide layers lead nowhere (a count of every distinct state reached thousands), and
 * a state that leads nowhere adds no sequence. Checking from 8 states rather than 64 made counting at
 * numeric sizes (one tie, thousands of dead states) about 3x faster at 32 hidden layers and a little
 * slower where many sequences tie (measured; the counts are the same).
 */
const PRUNE_AT = 8;
const DEAD = -1;
/** The checks give up (and the count with them) past this many states made by their passes. */
const LIVENESS_WORK = 100_000;

/**
 * Whether a state before layer l has a way to the readout at level E: a pass from it (pass.ts; every
 * map is monotone, so its pruning keeps what can reach the readout). Answers are remembered per layer:
 * a state covering a live one is live, one covered by a dead one dead.
 */
class Liveness {
  private readonly good: Float64Array[][] = [];
  private readonly bad: Float64Array[][] = [];
  private work = 0;
  private readonly passer: Passer;
  constructor(
    inst: Instance,
    private readonly E: number,
    private readonly alphabet?: readonly Pattern[],
  ) {
    this.passer = passerFor(inst, true);
  }

  /** Undefined when the checks ran out of work. */
  completes(l: number, s: Float64Array): boolean | undefined {
    const good = (this.good[l] ??= []);
    const bad = (this.bad[l] ??= []);
    if (good.some((g) => covers(s, g))) return true;
    if (bad.some((b) => covers(b, s))) return false;
    const r = this.passer.run({ E: this.E, eps: 0, alphabet: this.alphabet, from: { layer: l, state: s } });
    this.work += r.steps;
    if (this.work > LIVENESS_WORK) return undefined;
    (r.feasible ? good : bad).push(s);
    return r.feasible;
  }
}

/** a >= b in every coordinate (exact integers). */
function covers(a: Float64Array, b: Float64Array): boolean {
  for (let k = 0; k < a.length; k++) if (b[k] > a[k]) return false;
  return true;
}
