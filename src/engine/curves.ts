// Exact curves for charts: one sequence's energy along one size, piece by piece (each piece one
// monomial, ending where a decision of its trace flips), and the optimum along a size (the walk).
// Charts evaluate these pieces at as many points as they like; nothing is sampled to find them.

import type { Chain, Pattern } from './chain';
import type { LinForm } from './linform';
import { Rational } from './rational';
import { pointWith } from './points';
import { describeSequence } from './sequence';
import { optimumAt, sequenceLevel, type Point, type SequenceLevel } from './solve';
import { conditionVectors } from './trace';
import { HAIR, Walker, type Boundary, type Segment } from './walk';

export interface CurvePiece {
  from: Rational;
  to: Rational;
  /** The sequence's energy on this piece (log, over the log sizes). */
  energy: LinForm;
  /** Its parameters' logs on this piece, by name (M1, D2, beta...). */
  params: Record<string, LinForm>;
}

/** A sequence's energy along size `axis` from exponent 0 to qMax, the other sizes at `base`. */
export function sequenceCurve(chain: Chain, base: Point, axis: number, sequence: Pattern[], qMax: Rational): CurvePiece[] {
  const pieces: CurvePiece[] = [];
  const sym = chain.symbols[axis];
  let q = Rational.ZERO;
  let guess: Rational | undefined;
  try {
    // A guard that grows with depth: along d, a deep relu network of one width breaks its sequence's
    // branch about twice a layer (64 pieces stopped a 64-layer network's curve at d^1.5).
    const most = 64 + 8 * chain.layers.length;
    for (let guard = 0; guard < most && q.cmp(qMax) < 0; guard++) {
      const pt = pointWith(base, axis, q);
      const at: Record<string, Rational> = Object.create(null);
      chain.symbols.forEach((s, i) => (at[s] = pt.exact[i]));
      // Read a hair beyond q, where this piece is no longer tied with the one before it; where the
      // branch read there ends before q (two breaks closer than a hair: Walker.piece), halfway to
      // that end.
      let h = HAIR;
      let lvl: SequenceLevel | undefined;
      let to = qMax;
      for (let k = 0; k < 8; k++) {
        lvl = sequenceLevel(chain, pointWith(base, axis, q.add(h)), sequence, guess?.toNumber());
        if (!lvl) break;
        to = qMax;
        let behind: Rational | undefined;
        for (const c of conditionVectors(lvl.trace, lvl.binding)) {
          if (!c[axis]) continue;
          let v = Rational.ZERO;
          c.forEach((coef, i) => coef && (v = v.add(pt.exact[i].mul(Rational.of(coef)))));
          const dist = v.div(Rational.of(-c[axis]));
          if (c[axis] < 0 && dist.sign() > 0 && q.add(dist).cmp(to) < 0) to = q.add(dist);
          // Rising along the size and negative at q: the branch begins beyond q, at q + dist.
          if (c[axis] > 0 && v.sign() < 0 && (!behind || dist.cmp(behind) < 0)) behind = dist;
        }
        if (!behind) break;
        h = behind.div(Rational.of(2));
      }
      if (!lvl) break;
      const r = describeSequence(chain, lvl);
      const params: Record<string, LinForm> = {};
      for (const p of r.params) params[p.name] = p.log;
      pieces.push({ from: q, to, energy: lvl.form, params });
      guess = lvl.form.evalExact({ ...at, [sym]: to });
      q = to;
    }
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
  }
  return pieces;
}

/**
 * The optimum along size `axis` through `base` from exponent 0 to qMax: its pieces and the
 * boundaries crossed (with `firstChange`, only up to the first change of winner on each side).
 * Past the deadline (Date.now(), checked between pieces) the walk stops and says so (`cut`), with
 * nothing else.
 */
export function optimumCurve(chain: Chain, base: Point, axis: number, qMax: Rational, known?: SequenceLevel, firstChange = false, deadline = Infinity): OptimumCurve & { cut?: boolean } {
  const it = optimumCurveSteps(chain, base, axis, qMax, known, firstChange);
  for (;;) {
    const r = it.next();
    if (r.done) return r.value;
    if (Date.now() > deadline) return { segments: [], crossings: [], cut: true };
  }
}

export interface OptimumCurve {
  segments: Segment[];
  crossings: Boundary[];
  /**
   * The walk could not follow the optimum exactly on one side or both (a boundary within about a
   * millionth of the base point, or numbers beyond exact integers): what it has is partial.
   */
  unsettled?: boolean;
}

/**
 * optimumCurve a piece at a time: it pauses after finding the optimum at the base point and before
 * each piece, so that a view can walk a line over several short steps (a line of a deep network
 * takes seconds: the view would not answer meanwhile).
 */
export function* optimumCurveSteps(chain: Chain, base: Point, axis: number, qMax: Rational, known?: SequenceLevel, firstChange = false): Generator<void, OptimumCurve> {
  const none = { segments: [], crossings: [] };
  const start = known ?? optimumAt(chain, base);
  if (!start) return none;
  if (!known) yield;
  try {
    const walker = new Walker(chain, base);
    const up = yield* walker.steps(axis, start, qMax, 1, firstChange);
    const down = yield* walker.steps(axis, start, Rational.ZERO, -1, firstChange);
    return { segments: [...down.segments.reverse(), ...up.segments], crossings: [...down.crossings, ...up.crossings], ...(up.gaveUp || down.gaveUp ? { unsettled: true } : {}) };
  } catch (e) {
    if (e instanceof RangeError) return { ...none, unsettled: true };
    throw e;
  }
}

/** One sequence's least level at a point (exact), for a chart's straight lines. */
export function sequenceLevelAt(chain: Chain, pt: Point, sequence: Pattern[], guess?: Rational): Rational | undefined {
  try {
    return sequenceLevel(chain, pt, sequence, guess?.toNumber())?.E;
  } catch (e) {
    if (e instanceof RangeError) return undefined;
    throw e;
  }
}

/** Evaluates a piecewise curve at x (an exponent of d along the axis); undefined outside its pieces. */
export function curveValue(pieces: { from: Rational; to: Rational; energy: LinForm }[], base: Point, symbols: string[], axis: number, x: number): number | undefined {
  const p = pieces.find((s) => s.from.toNumber() <= x + 1e-12 && x <= s.to.toNumber() + 1e-12);
  if (!p) return undefined;
  let v = 0;
  symbols.forEach((s, i) => (v += p.energy.get(s).toNumber() * (i === axis ? x : base.float[i])));
  return v;
}
