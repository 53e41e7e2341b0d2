// A sweep of the walks (phase boundaries) against the certified optimum, on networks nobody chose:
// random networks under every rule (activations, biases, degrees, readouts; half at exact regimes,
// where many sequences tie, half at numeric sizes), the benchmark's networks of mixed widths, and
// deep networks of one width. For
// every crossing, the optimum a 2^-24 on each side (exact passes, certified, named by the rule) must
// be its two winners; just beyond the design point along every size (a 2^-20 each way), and at three
// points inside every piece, the walked piece there must have the optimum's name and energy (a name
// that holds at that one point alone, the same on both sides 2^-20 away, is not a piece's). The tests
// run a short sweep (engine-walk.test.ts); `npm run sweep:walks` a long one.
import { analyze, compileChain, optimumAt, pointWith, type ScaleProblem } from '../../src/engine/index';
import { Rational } from '../../src/engine/rational';
import { randomProblem, randomRegime } from '../unit/engineRandom';

export interface SweepResult {
  networks: number;
  crossings: number;
  /** Points just beyond the design point checked. */
  starts: number;
  /** Points inside the pieces checked. */
  inside: number;
  /** Of those, points where the optimum's name holds at the point alone (a simpler sequence only touches the level there). */
  pointNames: number;
  /** What disagreed, in words (at most `keep` of them; `wrong` counts all). */
  disagreements: string[];
  wrong: number;
}

/** The benchmark's network of mixed widths and activations (bench/engine.bench.ts). */
export function benchmarkNetwork(L: number, seed: number): ScaleProblem {
  const acts = ['erf', 'tanh', 'relu', 'gelu', 'sigmoid'];
  const hidden = Array.from({ length: L }, (_, i) => ({ kind: 'dense' as const, width: `N${i + 1}`, activation: acts[(seed + i) % acts.length], index: i }));
  return { dim: 'd', degree: 3, readout: 'standard', hidden, sizes: Object.fromEntries([['d', 784], ...hidden.map((h, i) => [h.width, 64 * (1 + ((seed * 7 + i * 13) % 64))])]) };
}

/** A random network under every rule, at an exact regime (d = 1, widths from a small set, often all one) or at numeric sizes. */
export function randomNetwork(r: () => number, L: number): ScaleProblem {
  const problem = randomProblem(r, L);
  const symbols = compileChain(problem).symbols;
  if (r() < 0.5) problem.regime = randomRegime(r, symbols, problem.dim);
  else {
    problem.sizes = Object.fromEntries(symbols.map((s) => [s, s === problem.dim ? 64 + Math.floor(r() * 4000) : 2 + Math.floor(r() * 4000)]));
  }
  return problem;
}

const DEEP_ACTS = ['relu', 'gelu', 'tanh', 'erf', 'sigmoid', 'silu', 'elu', 'softplus', 'sin'];

/**
 * A deep network built as most are: one width for every hidden layer, one activation (or two in
 * turn), biases on all layers or none, at numeric sizes or at a regime of one exponent. Every layer
 * then ties with its neighbours, and a piece can be renamed layer after layer (the random networks
 * above rarely are: their widths and activations differ).
 */
export function deepNetwork(r: () => number, L: number): ScaleProblem {
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const first = pick(DEEP_ACTS);
  const second = r() < 0.3 ? pick(DEEP_ACTS) : first;
  const bias = r() < 0.3;
  const hidden = Array.from({ length: L }, (_, i) => ({ kind: 'dense' as const, width: `N${i + 1}`, activation: i % 2 ? second : first, bias, index: i }));
  const problem: ScaleProblem = { dim: 'd', degree: pick([2, 3, 3, 3, 4, 5]), readout: r() < 0.8 ? 'standard' : 'mean-field', hidden, biasVariance: pick([Rational.ZERO, Rational.of(-1)]) };
  if (r() < 0.3) {
    const e = Rational.parse(pick(['1/2', '2/3', '1', '3/2', '2']));
    problem.regime = Object.fromEntries([['d', Rational.ONE], ...hidden.map((h) => [h.width, e])]);
  } else {
    const width = 32 + Math.floor(r() * 4000);
    problem.sizes = Object.fromEntries([['d', 64 + Math.floor(r() * 4000)], ...hidden.map((h) => [h.width, width])]);
  }
  return problem;
}

const SIDE = Rational.of(1, 2 ** 24);
const START = Rational.of(1, 2 ** 20);

/** Checks the walks of each network; `keep` disagreements are described. */
export function sweepWalks(networks: Iterable<{ problem: ScaleProblem; what: string }>, keep = 5): SweepResult {
  const out: SweepResult = { networks: 0, crossings: 0, starts: 0, inside: 0, pointNames: 0, disagreements: [], wrong: 0 };
  const disagree = (text: string) => {
    out.wrong++;
    if (out.disagreements.length < keep) out.disagreements.push(text);
  };
  for (const { problem, what } of networks) {
    const chain = compileChain(problem);
    const a = analyze(problem, { table: false });
    if (!a.base) continue;
    out.networks++;
    const base = a.base;
    /** The certified optimum at a point along a size: its name and level (undefined where not certified). */
    const optimum = (axis: number, q: Rational) => {
      const pt = pointWith(base, axis, q);
      const o = optimumAt(chain, pt);
      return o?.certificate.checked ? { name: o.sequence.join('-'), E: o.E, pt } : undefined;
    };
    for (const w of a.walks) {
      const axis = a.symbols.indexOf(w.along);
      for (const c of w.crossings) {
        const below = optimum(axis, c.at.sub(SIDE));
        const above = optimum(axis, c.at.add(SIDE));
        if (!below || !above) continue;
        out.crossings++;
        if (below.name !== c.before || above.name !== c.after) disagree(`${what}: along ${w.along} at d^${c.at}, the walk's ${c.before} | ${c.after}, the optimum's ${below.name} | ${above.name}`);
      }
      for (const seg of w.segments) {
        for (let k = 1; k <= 3; k++) {
          const q = seg.from.add(seg.to.sub(seg.from).mul(Rational.of(k, 4)));
          const o = optimum(axis, q);
          if (!o) continue;
          out.inside++;
          const at = Object.fromEntries(a.symbols.map((s, i) => [s, o.pt.exact[i]]));
          const level = seg.energy.evalExact(at);
          if (level.equals(o.E) && seg.winner === o.name) continue;
          // Another name at this point alone (a simpler sequence that only touches the level here).
          if (level.equals(o.E) && [-1, 1].every((side) => optimum(axis, q.add(START.mul(Rational.of(side))))?.name === seg.winner)) {
            out.pointNames++;
            continue;
          }
          disagree(`${what}: along ${w.along} at d^${q}, inside a piece, the walk's ${seg.winner} (level ${level}), the optimum's ${o.name} (${o.E})`);
        }
      }
      for (const side of [-1, 1]) {
        const q = base.exact[axis].add(START.mul(Rational.of(side)));
        const seg = w.segments.find((s) => s.from.cmp(q) <= 0 && q.cmp(s.to) <= 0);
        const o = seg && optimum(axis, q);
        if (!seg || !o) continue;
        out.starts++;
        const at = Object.fromEntries(a.symbols.map((s, i) => [s, o.pt.exact[i]]));
        if (!seg.energy.evalExact(at).equals(o.E) || seg.winner !== o.name) disagree(`${what}: along ${w.along} at d^${q}, just beyond the design point, the walk's ${seg.winner} (level ${seg.energy.evalExact(at)}), the optimum's ${o.name} (${o.E})`);
      }
    }
  }
  return out;
}
