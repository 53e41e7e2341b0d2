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
// where the winner does not win. Up to 2 hidden layers the branch is then narrowed to where the
// winner wins, when that is one polyhedron (see `narrowed`); otherwise the optimum at a point where
// it loses is solved, certified and named. Cheap for up to 3 hidden layers (a handful of sizes);
// deeper, the walks along each size say where it wins.

import { allSequences, type Chain, type Pattern } from './chain';
import { LinForm } from './linform';
import { pointOf, REFERENCE_EXPONENT } from './points';
import { Rational, gcd, lcm } from './rational';
import { exactLevel, floatLevelOf, optimumAt, solvedFromFloat, type Optimum, type Point, type SequenceLevel } from './solve';
import { conditionVectors } from './trace';

export type WinningRegion =
  /** The winner (or a sequence tied with it) is lowest everywhere its formula holds. */
  | { kind: 'branch' }
  /** It is lowest exactly on this convex part of its branch (forms >= 0; sizes >= 1 implied). */
  | { kind: 'region'; conditions: LinForm[] }
  /** Where it is lowest is not all of its branch (nor, found so, one polyhedron): a point where another sequence is lower, and the optimum there. */
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
/** Where the winner does not win on all of its branch, the exact region is sought for cones of at most this many sizes (2 hidden layers and d). */
export const REGION_NARROW_SIZES = 3;
/** Cells for that search (a count, as above); past it, a point where the winner loses is named instead. */
export const REGION_NARROW_CELLS = 300;

type Vec = number[];

class Overflow extends Error {}

class Undecided extends Error {}

/** One decision: the chain, the winner's form, the other sequences, and the cells examined against a limit. */
interface Ctx {
  chain: Chain;
  n: number;
  fW: { vec: Vec; den: number };
  sequences: Pattern[][];
  cells: number;
  limit: number;
}

/** A cell where another sequence is below the winner: its constraints, the difference of the two energies there, a ray where it is negative, and the cell's inner point. */
interface Leaf {
  cons: Vec[];
  diff: Vec;
  ray: Vec;
  p: Vec;
}

/**
 * Where does the sequence `winner`, whose energy is `energy` wherever every form of `branch` is >= 0,
 * have the least energy of all sequences (every size >= 1)? On the whole branch; exactly on a convex
 * part of it (cones of at most 3 sizes); or not everywhere, with a point where another is lower.
 */
export function winningRegion(chain: Chain, winner: readonly Pattern[], energy: LinForm, branch: readonly LinForm[]): WinningRegion {
  const n = chain.symbols.length;
  if (n > REGION_MAX_SIZES) return { kind: 'unknown', why: `${n} sizes: decided exactly for at most ${REGION_MAX_SIZES}` };
  try {
    const id = winner.join('-');
    const ctx: Ctx = { chain, n, fW: vectorOf(chain, energy), sequences: allSequences(chain).filter((s) => s.join('-') !== id), cells: 0, limit: REGION_MAX_CELLS };
    const start: Vec[] = [...orthant(n), ...branch.map((f) => vectorOf(chain, f).vec)];
    // A branch with no interior (N1 >= N2 and N2 >= N1) would make any claim about it empty.
    if (!hasInterior(start, n)) return { kind: 'unknown', why: 'its formula holds only on a boundary between sizes' };
    const first = below(ctx, start, true);
    if (!first.length) return { kind: 'branch' };
    if (n <= REGION_NARROW_SIZES) {
      const region = narrowed(ctx, start);
      if (region) return { kind: 'region', conditions: region.map((c) => LinForm.ofVector(chain.symbols, c)) };
    }
    return simplerCounterexample(ctx, start) ?? counterexample(ctx, first[0]);
  } catch (e) {
    if (e instanceof Undecided) return { kind: 'unknown', why: e.message };
    if (e instanceof Overflow || e instanceof RangeError) return { kind: 'unknown', why: 'numbers outgrew exact integers' };
    throw e;
  }
}

/**
 * Where in the branch the winner wins, when that is one polyhedron. On each cell where a sequence is
 * below the winner, with h the difference of their energies there, the winner loses where h < 0. A
 * condition h >= 0 holds wherever the winner wins when those losing parts cover {h < 0} inside the
 * branch; the branch with every such condition contains where it wins, and is exactly that when no
 * sequence is below the winner anywhere in it. Undefined when it is not (or the cells run out).
 */
function narrowed(ctx: Ctx, start: Vec[]): Vec[] | undefined {
  const { n } = ctx;
  ctx.cells = 0;
  ctx.limit = REGION_NARROW_CELLS;
  try {
    const leaves = below(ctx, start);
    const losing = leaves.map((l) => [...l.cons, l.diff.map((v) => -v)]);
    const cuts = uniqueVecs(leaves.map((l) => reduced(l.diff))).filter((h) => covered([...start, h.map((v) => -v)], losing, ctx));
    const region = irredundant([...start, ...cuts], n);
    if (!cuts.length || !hasInterior(region, n) || below(ctx, region, true).length) return undefined;
    // A condition with no negative coefficient holds for every size >= 1.
    return region.filter((c) => c.some((v) => v < 0));
  } catch (e) {
    if (e instanceof Undecided) return undefined;
    throw e;
  }
}

/**
 * Cuts a cone into cells on which the sequence has one branch, and calls `leaf` with each cell, its
 * rays, its inner point and the difference of the sequence's energy and the winner's there (an
 * integer vector; linear on the cell). `leaf` returns true to stop.
 */
function eachLeaf(ctx: Ctx, seq: Pattern[], cone: Vec[], leaf: (cons: Vec[], rays: Vec[], p: Vec, diff: Vec) => boolean): void {
  const { chain, n, fW } = ctx;
  const stack: Vec[][] = [cone];
  while (stack.length) {
    if (++ctx.cells > ctx.limit) throw new Undecided(`more than ${ctx.limit} cells to check`);
    const cons = stack.pop()!;
    const rays = extremeRays(cons, n);
    if (!fullDimensional(cons, rays)) continue;
    const p = sum(rays, n);
    const piece = pieceAt(chain, seq, p, fW);
    if (!piece) throw new Undecided(`no exact level for ${seq.join('-')} at a point of the branch`);
    if (piece.conditions.some((c) => dot(c, p) < 0)) throw new Undecided('a branch read at a point does not hold there');
    const cut = piece.conditions.find((c) => rays.some((r) => dot(c, r) < 0));
    if (cut) {
      stack.push([...cons, cut], [...cons, cut.map((v) => -v)]);
      continue;
    }
    if (leaf(cons, rays, p, piece.form.map((v, i) => v * fW.den - fW.vec[i] * piece.den))) return;
  }
}

/** The cells of other sequences where they are below the winner somewhere in the cone (`first`: stop at one). */
function below(ctx: Ctx, cone: Vec[], first = false): Leaf[] {
  const found: Leaf[] = [];
  for (const seq of ctx.sequences) {
    eachLeaf(ctx, seq, cone, (cons, rays, p, diff) => {
      const ray = rays.find((r) => dot(diff, r) < 0);
      if (ray) found.push({ cons, diff, ray, p });
      return first && found.length > 0;
    });
    if (first && found.length) break;
  }
  return found;
}

/**
 * Do the closed cones `parts` cover the cone `target` (up to a set of no volume)? Each part is cut
 * away in turn: what is left of a cell outside a part is, per constraint of the part, the piece on
 * its far side (inside the constraints before it).
 */
function covered(target: Vec[], parts: Vec[][], ctx: Ctx): boolean {
  const { n } = ctx;
  let left: Vec[][] = hasInterior(target, n) ? [target] : [];
  for (const part of parts) {
    if (!left.length) break;
    const next: Vec[][] = [];
    for (let cell of left) {
      let rays = extremeRays(cell, n);
      for (const c of part) {
        if (rays.every((r) => dot(c, r) >= 0)) continue;
        if (++ctx.cells > ctx.limit) throw new Undecided(`more than ${ctx.limit} cells to check`);
        const outside = withoutUnused([...cell, c.map((v) => -v)], n);
        if (outside) next.push(outside);
        cell = [...cell, c];
        rays = extremeRays(cell, n);
        if (!fullDimensional(cell, rays)) break;
      }
      // What is left of the cell now lies inside the part: covered.
    }
    left = next;
  }
  return !left.length;
}

/**
 * A full-dimensional cone with the constraints that are tight on none of its rays left out (they
 * cannot bound it), or undefined when it has no interior. Cheaper than `irredundant`: one set of rays.
 */
function withoutUnused(cons: Vec[], n: number): Vec[] | undefined {
  const rays = extremeRays(cons, n);
  if (!fullDimensional(cons, rays)) return undefined;
  return cons.filter((c) => rays.filter((r) => dot(c, r) === 0).length >= n - 1);
}

/**
 * The constraints of a cone that are not implied by the others (each checked on the rest's rays).
 * The orthant's constraints (a size >= 1) stay: they keep every cone pointed, which its rays need.
 */
function irredundant(cons: Vec[], n: number): Vec[] {
  let out = uniqueVecs(cons);
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i].filter((v) => v !== 0).length === 1 && out[i].some((v) => v > 0)) continue;
    const rest = out.filter((_, j) => j !== i);
    if (extremeRays(rest, n).every((r) => dot(out[i], r) >= 0)) out = rest;
  }
  return out;
}

function uniqueVecs(vs: Vec[]): Vec[] {
  const seen = new Set<string>();
  return vs.filter((v) => {
    const k = v.join(',');
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
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
  // The floating-point trace's forms are exact; its branch is taken when its conditions hold at p
  // exactly (then they hold on the cell they define, whatever rounding chose them), else the
  // level is solved on exact traces.
  const near = floatLevelOf(chain, point, seq, guess);
  const fast = near && readPiece(chain, near);
  if (fast && fast.conditions.every((c) => dot(c, p) >= 0)) return fast;
  const lvl = (near && exactLevel(chain, point, seq, near.E)) || solvedFromFloat(chain, point, seq);
  return lvl && readPiece(chain, lvl);
}

function readPiece(chain: Chain, lvl: SequenceLevel): { form: Vec; den: number; conditions: Vec[] } {
  const names = lvl.trace.names;
  if (chain.symbols.some((s, i) => names[i] !== s)) throw new Error('internal: trace coordinates are not the size symbols');
  const f = vectorOf(chain, lvl.form);
  const conditions = conditionVectors(lvl.trace, lvl.binding);
  conditions.forEach(check);
  return { form: f.vec, den: f.den, conditions };
}

/** A point of the branch where the winner is not lowest, and the certified optimum there. */
function counterexample(ctx: Ctx, { diff, ray, p }: Leaf): WinningRegion {
  const { chain, fW } = ctx;
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
function simplerCounterexample(ctx: Ctx, branch: Vec[]): WinningRegion | undefined {
  const { chain, fW } = ctx;
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

/** Has the cone an interior (is it full-dimensional)? */
function hasInterior(cons: Vec[], n: number): boolean {
  return fullDimensional(cons, extremeRays(cons, n));
}

/** A cone is full-dimensional when no constraint is zero on all its rays (no implicit equality). */
function fullDimensional(cons: Vec[], rays: Vec[]): boolean {
  return rays.length > 0 && cons.every((c) => rays.some((r) => dot(c, r) > 0));
}

/** The null vector of n-1 rows in n dimensions by cofactors, reduced (undefined when the rows are dependent). */
function nullVector(rows: Vec[], n: number): Vec | undefined {
  const v = new Array<number>(n);
  for (let j = 0; j < n; j++) v[j] = (j % 2 ? -1 : 1) * minor(rows, j);
  if (v.every((x) => x === 0)) return undefined;
  return reduced(v);
}

/** The determinant of the rows without column `skip` (n-1 rows of n entries), written out up to 3 rows. */
function minor(rows: Vec[], skip: number): number {
  const col = (c: number) => (c < skip ? c : c + 1);
  switch (rows.length) {
    case 0:
      return 1;
    case 1:
      return rows[0][col(0)];
    case 2:
      return rows[0][col(0)] * rows[1][col(1)] - rows[0][col(1)] * rows[1][col(0)];
    case 3: {
      const [a, b, c] = rows;
      const [x, y, z] = [col(0), col(1), col(2)];
      return a[x] * (b[y] * c[z] - b[z] * c[y]) - a[y] * (b[x] * c[z] - b[z] * c[x]) + a[z] * (b[x] * c[y] - b[y] * c[x]);
    }
    default:
      return det(rows.map((r) => r.filter((_, i) => i !== skip)));
  }
}

/** A vector divided by the gcd of its entries (the same ray or condition, in its smallest integers). */
function reduced(v: Vec): Vec {
  // Zeros are skipped: gcd(0, 0) is 1, which would stop the reduction at a leading zero.
  const g = v.reduce((acc, x) => (x ? gcd(acc, x) : acc), 0) || 1;
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
