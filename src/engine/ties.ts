// Every pattern sequence that reaches a level, counted exactly: the layer-by-layer pass again, but
// without dropping dominated states (identical states merge), so each sequence is one path through
// a small graph. In the proportional regime any subset of layers can specialize with M = 1, so ties
// can number 2^L or more: they are counted (BigInt), and the few simplest are listed.

import type { Instance } from './chain';
import { PATTERN_ORDER, type Pattern } from './chain';
import { applyPattern, inputState, mapState, readoutSlack, slackTest } from './pass';

export interface TieCount {
  /** Sequences that reach the level (the winner among them). */
  count: bigint;
  /** The simplest ones, simplest first (fewer non-lazy layers, then pattern order from layer 1). */
  simplest: Pattern[][];
}

interface Node {
  state: Float64Array;
  /** [pattern, child index] */
  edges: [number, number][];
}

/** Counts at an exact (integer) instance; undefined when a layer has more than `cap` distinct states. */
export function countTies(inst: Instance, E: number, limit = 5, cap = 2048, alphabet?: readonly Pattern[]): TieCount | undefined {
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
  for (let l = 0; l < L; l++) {
    const next: Node[] = [];
    // Identical states merge: found by a hash of their (integer) values, then compared.
    const index = new Map<number, number[]>();
    for (const node of layers[l]) {
      mapState(node.state, 0, inst.w[l], m, lazy, 0, P, Pn);
      for (let p = 0; p < 4; p++) {
        if (!allowed[p] || !applyPattern(inst, l, p, E, ok, node.state, 0, scratch, 0, P, Pn, lazy)) continue;
        const h = hashState(scratch);
        let bucket = index.get(h);
        let c = bucket?.find((i) => sameState(next[i].state, scratch));
        if (c === undefined) {
          c = next.length;
          if (c >= cap) return undefined;
          if (!bucket) index.set(h, (bucket = []));
          bucket.push(c);
          next.push({ state: scratch.slice(), edges: [] });
        }
        node.edges.push([p, c]);
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
  return { count, simplest };
}

/** A hash of a state's values (integers below 2^53, or -Infinity). */
function hashState(s: Float64Array): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < s.length; k++) {
    const v = s[k];
    const x = v === -Infinity ? 0x7ff00000 : (v | 0) ^ ((v / 4294967296) | 0);
    h = Math.imul(h ^ x, 16777619);
  }
  return h;
}

function sameState(a: Float64Array, b: Float64Array): boolean {
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}
