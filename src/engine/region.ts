// Where the winner wins, without a regime or sizes (docs/method.md, "Where the winner wins"): the
// winner is named at the reference point, and its formula holds on a region of log-size space (its
// branch: the conditions read off its trace). Printing those conditions says "this is P* there"
// only if no other pattern sequence is lower anywhere in that region. This decides it exactly.
//
// Every energy is homogeneous of degree 1 in the log sizes, so regions are cones; with every size
// at least 1 they are cones inside the positive orthant, described by their extreme rays. For each
// other sequence S the branch is cut into cells on which S has one branch (its own conditions, read
// at a point inside the cell, split the cell until one holds throughout), and on each such cell the
// difference of two linear forms is checked on the cell's rays. A ray where S is lower is a point
// where the winner does not win; the optimum there is solved and certified and named. Cheap for up
// to 3 hidden layers (a handful of sizes); deeper, the walks along each size say where it wins.

import { allSequences, instance, type Chain, type Pattern } from './chain';
import type { LinForm } from './linform';
import { passerFor } from './pass';
import { pointOf, REFERENCE_EXPONENT } from './points';
import { Rational, gcd, lcm } from './rational';
import { exactLevel, floatLevel, floatLevelOf, optimumAt, type Optimum, type Point, type SequenceLevel } from './solve';
import { conditionVectors } from './trace';

export type WinningRegion =
  /** The winner (or a sequence tied with it) is lowest everywhere its formula holds. */
  | { kind: 'branch' }
  /** Somewhere its formula holds another sequence is lower: the optimum at such a point. */
  | { kind: 'depends'; at: Point; optimum: Optimum }
  /** Not decided (too many sizes or cells, or a level or number that could not be kept exact): why. */
  | { kind: 'unknown'; why: string };

/** Cones of at most this many sizes are decided (3 hidden layers and d). */
export const REGION_MAX_SIZES = 4;
/**
 * Cells examined per decision, over all sequences, before it gives up: a count, not a time, so
 * that the same model always gets the same answer (random networks of up to 3 hidden layers, every
 * activation, need at most about 100).
 */
export const REGION_MAX_CELLS = 1000;

type Vec = number[];

class Overflow extends Error {}

/**
 * Does the sequence `winner`, whose energy is `energy` wherever every form of `branch` is >= 0, have
 * the least energy of all sequences on that whole branch (every size >= 1)?
 */
export function winningRegion(chain: Chain, winner: readonly Pattern[], energy: LinForm, branch: readonly LinForm[]): WinningRegion {
  const n = chain.symbols.length;
  if (n > REGION_MAX_SIZES) return { kind: 'unknown', why: `${n} sizes: decided exactly for at most ${REGION_MAX_SIZES}` };
  try {
    const fW = vectorOf(chain, energy);
    const start: Vec[] = [...orthant(n), ...branch.map((f) => vectorOf(chain, f).vec)];
    const id = winner.join('-');
    // A branch with no interior (N1 >= N2 and N2 >= N1) would make any claim about it empty.
    if (!fullDimensional(start, extremeRays(start, n))) return { kind: 'unknown', why: 'its formula holds only on a boundary between sizes' };
    let cells = 0;
    for (const seq of allSequences(chain)) {
      if (seq.join('-') === id) continue;
      const stack: Vec[][] = [start];
      while (stack.length) {
        if (++cells > REGION_MAX_CELLS) return { kind: 'unknown', why: `more than ${REGION_MAX_CELLS} cells to check` };
        const cons = stack.pop()!;
        const rays = extremeRays(cons, n);
        if (!fullDimensional(cons, rays)) continue;
        const p = sum(rays, n);
        const piece = pieceAt(chain, seq, p, fW);
        if (!piece) return { kind: 'unknown', why: `no exact level for ${seq.join('-')} at a point of the branch` };
        if (piece.conditions.some((c) => dot(c, p) < 0)) return { kind: 'unknown', why: 'a branch read at a point does not hold there' };
        const cut = piece.conditions.find((c) => rays.some((r) => dot(c, r) < 0));
        if (cut) {
          stack.push([...cons, cut], [...cons, cut.map((v) => -v)]);
          continue;
        }
        const diff = piece.form.map((v, i) => v * fW.den - fW.vec[i] * piece.den);
        const below = rays.find((r) => dot(diff, r) < 0);
        if (below) return simplerCounterexample(chain, fW, start) ?? counterexample(chain, fW, diff, below, p);
      }
    }
    return { kind: 'branch' };
  } catch (e) {
    if (e instanceof Overflow || e instanceof RangeError) return { kind: 'unknown', why: 'numbers outgrew exact integers' };
    throw e;
  }
}

/** A form over the symbols as integers over a positive denominator. */
function vectorOf(chain: Chain, f: LinForm): { vec: Vec; den: number } {
  let den = 1;
  for (const s of f.symbols()) den = lcm(den, f.get(s).den);
  const vec = chain.symbols.map((s) => {
    const r = f.get(s);
    return r.num * (den / r.den);
  });
  check(vec);
  return { vec, den };
}

function orthant(n: number): Vec[] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}

/**
 * The other sequence's branch at the interior point p (homogeneous integer coordinates): its energy
 * as integers over a denominator, and its conditions (>= 0 where it holds).
 */
function pieceAt(chain: Chain, seq: Pattern[], p: Vec, fW: { vec: Vec; den: number }): { form: Vec; den: number; conditions: Vec[] } | undefined {
  const pd = p[chain.dim];
  const point = pointOf(p.map((v) => Rational.of(v, pd)));
  const guess = dot(fW.vec, p) / fW.den / pd;
  let lvl: SequenceLevel | undefined;
  const near = floatLevelOf(chain, point, seq, guess);
  if (near) lvl = exactLevel(chain, point, seq, near.E);
  if (!lvl) {
    const f = floatLevel(passerFor(instance(chain, point.float)), undefined, seq);
    if (f === undefined) return undefined;
    lvl = exactLevel(chain, point, seq, f);
  }
  if (!lvl) return undefined;
  const names = lvl.trace.names;
  if (chain.symbols.some((s, i) => names[i] !== s)) throw new Error('internal: trace coordinates are not the size symbols');
  const f = vectorOf(chain, lvl.form);
  const conditions = conditionVectors(lvl.trace, lvl.binding);
  conditions.forEach(check);
  return { form: f.vec, den: f.den, conditions };
}

/** A point of the branch where the winner is not lowest, and the certified optimum there. */
function counterexample(chain: Chain, fW: { vec: Vec; den: number }, diff: Vec, ray: Vec, p: Vec): WinningRegion {
  // A ray with d = 0 lies at infinity (the widths grow faster than any power of d): step back
  // toward the interior until the difference is still negative and d is positive.
  let q = ray;
  if (ray[chain.dim] === 0) {
    const a = -dot(diff, ray);
    const b = dot(diff, p);
    const k = b < 0 ? 1 : Math.floor(b / a) + 1;
    q = ray.map((v, i) => k * v + p[i]);
    check(q);
  }
  const at = pointOf(q.map((v) => Rational.of(v, q[chain.dim])));
  const opt = optimumAt(chain, at);
  const wAt = Rational.of(dot(fW.vec, q), fW.den * q[chain.dim]);
  if (!opt?.certificate.checked || opt.E.cmp(wAt) >= 0) return { kind: 'unknown', why: 'a point found lower was not confirmed by the certified optimum there' };
  return { kind: 'depends', at, optimum: opt };
}

/**
 * A counterexample a person can read: the reference point (every width d^2) with one size moved to a
 * whole power of d, the nearest first, inside the branch, where the optimum is lower than the winner's
 * formula. Tried once a counterexample is known to exist; undefined when none of these is one.
 */
function simplerCounterexample(chain: Chain, fW: { vec: Vec; den: number }, branch: Vec[]): WinningRegion | undefined {
  const tries: Vec[] = [];
  const base = chain.symbols.map((_, i) => (i === chain.dim ? 1 : REFERENCE_EXPONENT));
  for (let step = 1; step <= 8; step++) {
    for (const e of [REFERENCE_EXPONENT - step, REFERENCE_EXPONENT + step]) {
      if (e < 0) continue;
      chain.symbols.forEach((_, i) => i !== chain.dim && tries.push(base.map((v, j) => (j === i ? e : v))));
    }
  }
  for (const q of tries) {
    if (branch.some((c) => dot(c, q) < 0)) continue;
    const at = pointOf(q.map((v) => Rational.of(v)));
    const opt = optimumAt(chain, at);
    if (opt?.certificate.checked && opt.E.cmp(Rational.of(dot(fW.vec, q), fW.den)) < 0) return { kind: 'depends', at, optimum: opt };
  }
  return undefined;
}

/**
 * The extreme rays of the pointed cone { x : c·x >= 0 for every c } (the constraints include x >= 0):
 * each is the null vector of n-1 constraints that satisfies all of them. Brute force over subsets,
 * on integers: the cones here have a handful of dimensions and tens of constraints.
 */
export function extremeRays(cons: Vec[], n: number): Vec[] {
  const out: Vec[] = [];
  const keys = new Set<string>();
  const pick: number[] = [];
  const visit = (from: number) => {
    if (pick.length === n - 1) {
      let v = nullVector(pick.map((i) => cons[i]), n);
      if (!v) return;
      if (!cons.every((c) => dot(c, v!) >= 0)) {
        v = v.map((x) => -x);
        if (!cons.every((c) => dot(c, v!) >= 0)) return;
      }
      const key = v.join(',');
      if (!keys.has(key)) keys.add(key), out.push(v);
      return;
    }
    for (let i = from; i < cons.length; i++) {
      pick.push(i);
      visit(i + 1);
      pick.pop();
    }
  };
  visit(0);
  return out;
}

/** A cone is full-dimensional when no constraint is zero on all its rays (no implicit equality). */
function fullDimensional(cons: Vec[], rays: Vec[]): boolean {
  return rays.length > 0 && cons.every((c) => rays.some((r) => dot(c, r) > 0));
}

/** The null vector of n-1 rows in n dimensions by cofactors, reduced (undefined when the rows are dependent). */
function nullVector(rows: Vec[], n: number): Vec | undefined {
  const v = Array.from({ length: n }, (_, j) => (j % 2 ? -1 : 1) * det(rows.map((r) => r.filter((_, k) => k !== j))));
  if (v.every((x) => x === 0)) return undefined;
  return reduced(v);
}

/** A vector divided by the gcd of its entries (the same ray or condition, in its smallest integers). */
function reduced(v: Vec): Vec {
  const g = v.reduce((acc, x) => gcd(acc, x), 0);
  const r = v.map((x) => x / g || 0);
  check(r);
  return r;
}

function det(m: Vec[]): number {
  const n = m.length;
  if (n === 0) return 1;
  if (n === 1) return m[0][0];
  if (n === 2) return m[0][0] * m[1][1] - m[0][1] * m[1][0];
  let s = 0;
  for (let j = 0; j < n; j++) {
    if (!m[0][j]) continue;
    s += (j % 2 ? -1 : 1) * m[0][j] * det(m.slice(1).map((r) => r.filter((_, k) => k !== j)));
  }
  return s;
}

/** A point inside the cone: the sum of its rays. */
function sum(rays: Vec[], n: number): Vec {
  const p = new Array<number>(n).fill(0);
  for (const r of rays) for (let i = 0; i < n; i++) p[i] += r[i];
  return reduced(p);
}

function dot(a: Vec, b: Vec): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  if (!Number.isSafeInteger(s)) throw new Overflow();
  return s;
}

function check(v: Vec): void {
  for (const x of v) if (!Number.isSafeInteger(x) || Math.abs(x) > 2 ** 40) throw new Overflow();
}
