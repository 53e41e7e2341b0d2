// Phase boundaries along one size (docs/method.md): the optimum is piecewise linear in each log
// size, so instead of sampling a grid we walk its pieces. On a piece the winner's energy is one exact
// monomial F; the piece ends where one of the winner's own decisions flips (a condition of its trace
// reaches zero) or where another sequence undercuts F. The first is read off the trace; the second
// is checked on the whole piece (one pass at its end where monotonicity settles it, else the pass
// along the piece of segment.ts), and where something is below F, the new winner's monomial F2 meets
// F exactly where F = F2. A piece is named by the simplest sequence at F; where the name at its end,
// or at a point inside it (segment.ts again, with the naming rule), is another one tied with it, the
// walk follows that one back to where it began to tie (renameBack).

import { exactInstance, instance, sameSequence, type Chain, type ExactInstance, type Pattern } from './chain';
import { LinForm } from './linform';
import { Passer, passerFor } from './pass';
import { Rational } from './rational';
import { pointWith } from './points';
import { sequenceId } from './sequence';
import { exactLevel, exactPass, floatLevelOf, optimumFloat, type Point, type SequenceLevel } from './solve';
import { conditionRow, levelConditions, type LevelConditions } from './trace';
import { getVec } from './sparse';
import { GAVE_UP, firstBelow } from './segment';

export interface Boundary {
  /** Winner below and above the crossing along `along`. */
  before: string;
  after: string;
  /**
   * The boundary is where this form (over the log sizes) vanishes: the difference of the two
   * energies (before - after), or, where they coincide along this size, the condition at which
   * the old winner's branch ends.
   */
  equation: LinForm;
  along: string;
  /** Exponent of d at which `along` crosses, the other sizes held at the base point. */
  at: Rational;
  /** The two winners have the same monomial: the name changes (the pattern of feature learning), P* does not. */
  samePStar?: boolean;
}

/** A boundary met along several sizes is one boundary: the same two winners, the same line (up to a factor). */
export function boundaryKey(b: Boundary): string {
  return `${[b.before, b.after].sort().join('|')}|${b.equation.directionKey()}`;
}

export interface Segment {
  from: Rational;
  to: Rational;
  winner: string;
  /** The winner's energy on this piece. */
  energy: LinForm;
}

const STEP = Rational.of(1, 4096);
const PRE_HALVINGS = 6;
/**
 * How far beyond a point a piece is read: above floating-point ties, and below the spacing of most
 * breaks (where it is not, a piece is read again nearer, exactly: Walker.piece).
 */
export const HAIR = Rational.of(1, 2 ** 16);
/** How near a point its name is read (exactly): below the spacing of breaks on the sizes' grid of 2^-20. */
const NEAR = Rational.of(1, 2 ** 24);
/**
 * How near the first place where something is below F (segment.ts, in floating point) the search
 * for the crossing begins: far above that place's rounding, and below most pieces' lengths.
 */
const NEAR_FIRST = 2 ** -12;
/**
 * The naming pass along a piece admits sequences this fraction of the point checks' margin above F
 * (ties, exactly, in floating point): a sequence that only touches F then reaches it on a stretch
 * shorter than the names' resolution.
 */
const TIE_TOLERANCE = 1e-2;
/** Stretches the naming pass along a piece looks at before it stops (each one named exactly). */
const SIMPLER_STRETCHES = 8;
/** Reads of a piece nearer a point than a hair (each halfway to where the last one ended). */
const NEARER_READS = 8;

/**
 * A sequence's branch: its energy and where it holds (read off its trace at once: a piece that kept
 * its trace to read them later kept every value of the trace alive through collections, which cost
 * more than the conditions it saved).
 */
class Piece {
  readonly sequence: Pattern[];
  readonly form: LinForm;
  /** Conditions (linear in the log sizes, each >= 0) under which the piece's trace holds. */
  readonly conditions: LevelConditions;
  private coefs?: Float64Array;
  constructor(
    level: SequenceLevel,
    private readonly symbols: readonly string[],
  ) {
    this.sequence = level.sequence;
    this.form = level.form;
    this.conditions = levelConditions(level.trace, level.binding);
  }
  /** The form's exponents as floats, in symbol order (a check reads the level at many points). */
  get coefficients(): Float64Array {
    if (!this.coefs) {
      this.coefs = new Float64Array(this.symbols.length);
      for (let i = 0; i < this.symbols.length; i++) this.coefs[i] = this.form.get(this.symbols[i]).toNumber();
    }
    return this.coefs;
  }
}

export class Walker {
  constructor(
    private readonly chain: Chain,
    private readonly base: Point,
    /** Check optimality even where monotonicity settles it (tests compare the two). */
    private readonly checkEverywhere = false,
  ) {}

  /**
   * Widening a layer never makes a sequence feasible at a level (every cost a width enters grows
   * with it: the spike M/N with M <= N, D/N, a mean-field readout's N), and nor does lowering the
   * level. So where F does not grow along a width (its exponent <= 0) and F is the optimum at q,
   * nothing undercuts F anywhere wider than q: those checks are settled without a pass. Not along d,
   * which enters the weights with either sign.
   */
  private settledWider(axis: number, form: LinForm): boolean {
    return !this.checkEverywhere && axis !== this.chain.dim && form.get(this.chain.symbols[axis]).sign() <= 0;
  }

  private point(axis: number, q: Rational): Point {
    return pointWith(this.base, axis, q);
  }

  /**
   * The sequence's piece just beyond q in direction `sign` (Newton from a nearby level): read a hair
   * beyond q, where the branch is no longer tied with the one on the other side, if it reaches back
   * to q. The sizes lie on a grid finer than a hair (2^-20 of log d), and two breaks of a branch can
   * lie closer together than that (1.4e-6 apart in a network of 32 layers: the piece read a hair
   * beyond was the one after the next, and the walk named a winner beyond a boundary that the
   * certified optimum does not name). Where the piece read ends before q, it is read again halfway
   * to that end, exactly (floating point does not tell such near points apart).
   */
  private piece(axis: number, q: Rational, sequence: Pattern[], sign: 1 | -1, guess: Rational): Piece | undefined {
    let h = HAIR;
    for (let k = 0; k < NEARER_READS; k++) {
      const at = q.add(h.mul(Rational.of(sign)));
      // Nearer than a hair, exactly (in floating point where that would outgrow exact integers).
      const exact = k > 0;
      const pt = this.point(axis, at);
      const lvl = (exact && exactLevel(this.chain, pt, sequence, guess)) || floatLevelOf(this.chain, pt, sequence, guess.toNumber());
      if (!lvl) return undefined;
      const p = toPiece(lvl, this.chain.symbols);
      const end = this.reachesBack(axis, q, at, p, sign, exact);
      if (end === true) return p;
      h = distance(end ? simpleBetween(q, end) : q.add(at).div(Rational.of(2)), q);
    }
    return undefined;
  }

  /**
   * Does a piece read at `at` (beyond q in direction `sign`) hold all the way back to just beyond q:
   * true; else where it ends on the way (undefined where it is tied at `at` itself). Its conditions
   * are linear along the size: each one that falls towards q must still be >= 0 at q.
   */
  private reachesBack(axis: number, q: Rational, at: Rational, piece: Piece, sign: 1 | -1, exact: boolean): true | Rational | undefined {
    const A = this.along(piece, axis);
    const af = at.toNumber();
    const qf = q.toNumber();
    let end: Rational | undefined;
    for (let k = 0; k < A.k.length; k++) {
      // Only a condition that falls towards q can end the piece on the way.
      if (A.k[k] * sign <= 0) continue;
      const { v, tol } = this.conditionFloat(A, k, af);
      if (v <= tol && (!exact || this.conditionAt(A, k, at).sign() <= 0)) return undefined;
      const f = this.conditionFloat(A, k, qf);
      if (f.v > f.tol) continue;
      const atQ = this.conditionAt(A, k, q);
      if (atQ.sign() >= 0) continue;
      // Zero between q and at: v(q) + k·(x - q) = 0.
      const zero = q.sub(atQ.div(Rational.of(A.k[k])));
      if (!end || distance(zero, q).cmp(distance(end, q)) < 0) end = zero;
    }
    return end ?? true;
  }

  /**
   * A form's exact value at the base point with the walked size at q. Along one size a form is
   * c0 + k·q: c0 (the other sizes at the base) is summed once per form and size, and each reading
   * is one product and one sum (a walk reads the same few forms hundreds of times, and a sum over
   * every size of a deep network cost a twentieth of its walks).
   */
  private levelAt(axis: number, q: Rational, form: LinForm): Rational {
    let line = this.lines.get(form);
    if (!line || line.axis !== axis) {
      // The base point by name (no prototype: a size may be called anything), made once; the
      // walked size is 0 for this sum and put back.
      let at = this.baseAt;
      if (!at) {
        at = this.baseAt = Object.create(null) as Record<string, Rational>;
        this.chain.symbols.forEach((s, i) => (at![s] = this.base.exact[i]));
      }
      const sym = this.chain.symbols[axis];
      at[sym] = Rational.ZERO;
      try {
        line = { axis, c0: form.evalExact(at), k: form.get(sym) };
      } finally {
        // Put back even when the sum leaves exact integers (a RangeError the walk's caller catches).
        at[sym] = this.base.exact[axis];
      }
      this.lines.set(form, line);
    }
    return line.k.isZero() ? line.c0 : line.c0.add(line.k.mul(q));
  }
  private readonly lines = new WeakMap<LinForm, { axis: number; c0: Rational; k: Rational }>();
  private baseAt?: Record<string, Rational>;

  /** Is F (the piece's energy) the optimum at q: no sequence feasible with every E-dependent constraint strict at F(q)? */
  private optimal(axis: number, q: Rational, piece: Piece): boolean {
    return this.undercutLevel(axis, q, piece) === undefined;
  }
  /** The level just below F at q where some sequence is feasible (F is not the optimum there), if there is one. */
  private undercutLevel(axis: number, q: Rational, piece: Piece): number | undefined {
    const { passer, E } = this.below(axis, q, piece);
    return passer.run({ E, eps: 0 }).feasible ? E : undefined;
  }
  /**
   * Where a check below F at q runs: the passer at q and the level just below F there (every check,
   * whether a pass, a sequence followed or a sequence made simpler, asks at this level).
   */
  private below(axis: number, q: Rational, piece: Piece): { passer: Passer; E: number } {
    const x = this.floats(axis, q.toNumber());
    return { passer: this.passer(x), E: this.levelFloat(x, piece) - this.margin(x) };
  }

  /** A sequence feasible below F at q (the one with the most readout slack), if any. */
  private undercutter(axis: number, q: Rational, piece: Piece): Pattern[] | undefined {
    const { passer, E } = this.below(axis, q, piece);
    const r = passer.run({ E, eps: 0, best: true });
    return r.feasible ? r.sequence : undefined;
  }

  /** An undercutter at q made simpler layer by layer (Passer.simplified), still below F there. */
  private simplerUndercutter(axis: number, q: Rational, piece: Piece, sequence: Pattern[]): Pattern[] {
    const { passer, E } = this.below(axis, q, piece);
    return passer.simplified({ E, eps: 0 }, sequence).sequence;
  }

  /** Does this sequence reach below F at q (the check's level, one sequence followed)? */
  private undercuts(axis: number, q: Rational, piece: Piece, sequence: Pattern[]): boolean {
    const { passer, E } = this.below(axis, q, piece);
    return passer.follows({ E, eps: 0 }, sequence);
  }

  /**
   * Along the piece from q to its end qb, the first place where a sequence is feasible below F
   * (segment.ts), as a point inside the first stretch where it is (and that sequence); undefined
   * where nothing is anywhere on the piece, at F less the point checks' largest margin on it.
   */
  private segmentUndercut(axis: number, q: Rational, qb: Rational, piece: Piece): Undercut | undefined | typeof GAVE_UP {
    const from = q.toNumber();
    const to = qb.toNumber();
    const margin = this.largestMargin(axis, from, to);
    const hit = firstBelow(this.chain, this.base.float, axis, from, to, piece.coefficients, margin);
    if (!hit || hit === GAVE_UP) return hit;
    const sign = to > from ? 1 : -1;
    const at = (u: number) => from + u * (to - from);
    const first = at(hit.first);
    // A point in the stretch, near its start (the search for the crossing starts from there: the
    // nearer, the fewer of the undercutter's own breaks lie between), and one just before it, where
    // nothing is below F: fractions with small denominators (exact passes stay cheap there).
    const reach = Math.min(Math.abs(at(hit.inside) - first), NEAR_FIRST);
    const fraction = (x: number, tol: number) => Rational.approx(x, tol, 1e6) ?? Rational.of(Math.round(x * 2 ** 32), 2 ** 32);
    let r = fraction(first + (sign * reach) / 2, reach / 4);
    // Strictly past q, not past qb.
    if (r.sub(q).sign() !== sign || qb.sub(r).sign() === -sign) r = qb;
    const before = fraction(first - sign * NEAR_FIRST, NEAR_FIRST / 4);
    const start = before.sub(q).sign() === sign && r.sub(before).sign() === sign ? before : undefined;
    return { q: r, by: hit.sequence, clear: true, from: start };
  }

  /**
   * The point checks the segment pass replaces, where it gave up (too many states): a step from the
   * design point on the first piece (several sequences can tie there, and one steeper along this
   * size undercuts the winner at once and can be gone again by the middle), the middle, a hair
   * before the end (a sequence that comes from below F and meets it at the end is not below F there).
   */
  private pointUndercut(axis: number, cur: Rational, qb: Rational, mid: Rational, piece: Piece, sign: 1 | -1, first: boolean): Undercut | undefined {
    const beyond = (a: Rational, b: Rational) => (sign > 0 ? a.cmp(b) >= 0 : a.cmp(b) <= 0);
    const nearEnd = Math.abs(qb.sub(cur).toNumber()) > 4 * HAIR.toNumber() ? qb.sub(HAIR.mul(Rational.of(sign))) : qb;
    const nearStart = first ? cur.add(STEP.mul(Rational.of(sign))) : undefined;
    const atStart = nearStart && beyond(mid, nearStart) && !nearStart.equals(mid) ? this.undercutter(axis, nearStart, piece) : undefined;
    const atMid = atStart ? undefined : this.undercutter(axis, mid, piece);
    const by = atStart ?? atMid ?? this.undercutter(axis, nearEnd, piece);
    return by && { q: atStart ? nearStart! : atMid ? mid : nearEnd, by };
  }

  /**
   * A simpler sequence tied with F strictly inside the piece from q to qb, where point checks at its
   * ends do not see it (it comes to tie F and stops again inside): the naming pass along the piece
   * (segment.ts) finds stretches where one reaches F within a tolerance far below the point checks'
   * margin; a stretch shorter than the names' resolution (2^-24) is one that only touches F there,
   * and each longer one is named exactly at a point of it where the named sequence ties F on both
   * sides (not at one of its own breaks). The first one so named, with its pieces before and after
   * that point; undefined where there is none, or where the naming pass gave up (past NAMING_STATES
   * states a layer: deep networks of one width, where many sequences tie), and the piece is then
   * named at its ends only.
   */
  private simplerInside(axis: number, q: Rational, qb: Rational, piece: Piece, sign: 1 | -1): { at: Rational; before: Piece; after: Piece } | undefined {
    const to = qb.toNumber();
    let from = q.toNumber();
    const tol = TIE_TOLERANCE * this.largestMargin(axis, from, to);
    const resolution = NEAR.toNumber();
    const sym = this.chain.symbols[axis];
    // Tied with F along this size just there: the same level at `at` and the same slope.
    const ties = (p: Piece, at: Rational) => p.form.get(sym).equals(piece.form.get(sym)) && this.levelAt(axis, at, p.form).equals(this.levelAt(axis, at, piece.form));
    for (let k = 0; k < SIMPLER_STRETCHES && (to - from) * sign > resolution; k++) {
      const hit = firstBelow(this.chain, this.base.float, axis, from, to, piece.coefficients, -tol, piece.sequence, resolution);
      if (!hit || hit === GAVE_UP) return undefined;
      const a = from + hit.first * (to - from);
      const b = from + hit.last * (to - from);
      // Points of the stretch on a fine grid (a break of the named sequence lies on a coarse one).
      for (const f of [1 / 2, 3 / 8, 5 / 8]) {
        const x = a + f * (b - a);
        const at = Rational.of(Math.round(x * 2 ** 30), 2 ** 30);
        if (at.sub(q).sign() !== sign || qb.sub(at).sign() !== sign) continue;
        const lvl = this.simplestTied(axis, at, piece);
        if (!lvl || lvl instanceof Piece) break;
        const before = this.pieceFrom(lvl, axis, at, (-sign) as 1 | -1);
        const after = this.pieceFrom(lvl, axis, at, sign);
        if (ties(before, at) && ties(after, at)) return { at, before, after };
      }
      from = b;
    }
    return undefined;
  }

  /** The base point with one size moved, as floats (what a floating-point pass needs). */
  private floats(axis: number, q: number): Float64Array {
    const x = this.base.float.slice();
    x[axis] = q;
    return x;
  }
  private levelFloat(x: Float64Array, piece: Piece): number {
    const c = piece.coefficients;
    let v = 0;
    for (let i = 0; i < x.length; i++) v += c[i] * x[i];
    return v;
  }
  private passer(x: Float64Array): Passer {
    return passerFor(instance(this.chain, x));
  }
  /**
   * The largest margin of the point checks between two places along a size (at one of the two:
   * the margin grows with the largest log size): a pass along that stretch at F less this finds only
   * what a point check there would find too.
   */
  private largestMargin(axis: number, from: number, to: number): number {
    return Math.max(this.margin(this.floats(axis, from)), this.margin(this.floats(axis, to)));
  }
  /** Levels closer than this are the same level (floating point). */
  private margin(x: Float64Array): number {
    let scale = 1;
    for (let i = 0; i < x.length; i++) scale = Math.max(scale, Math.abs(x[i]));
    return 1e-8 * scale;
  }

  /** The optimum's piece at q, searched from the level `near` (a feasible guess). */
  private winnerAt(axis: number, q: Rational, sign: 1 | -1, near: LinForm): Piece | undefined {
    const opt = optimumFloat(this.chain, this.point(axis, q), this.levelAt(axis, q, near).toNumber() + 1 / 64);
    if (!opt) return undefined;
    return this.pieceFrom(opt, axis, q, sign);
  }

  /**
   * A sequence's piece from its trace at q: it holds on the walking side unless one of its decisions
   * is tight at q and turns against that side; only then is the piece read a hair beyond.
   */
  private pieceFrom(level: SequenceLevel, axis: number, q: Rational, sign: 1 | -1): Piece {
    const own = toPiece(level, this.chain.symbols);
    const A = this.along(own, axis);
    let turns = false;
    for (let k = 0; k < A.k.length && !turns; k++) {
      if (A.k[k] * sign >= 0) continue;
      const { v, tol } = this.conditionFloat(A, k, q.toNumber());
      turns = Math.abs(v) <= tol && this.conditionAt(A, k, q).isZero();
    }
    return (turns && this.piece(axis, q, level.sequence, sign, level.E)) || own;
  }

  /**
   * The winner's piece just beyond q in direction `sign`: the same sequence on its next branch when
   * nothing undercuts it there, else a new optimum. With `undercut`: the piece is still the winner's
   * beyond q, but this sequence undercuts it at this point on it (the walk finds where, from there).
   */
  private winnerBeyond(axis: number, q: Rational, sign: 1 | -1, prev: Piece, holds: boolean, walkEnd: Rational): { piece: Piece; undercut?: Undercut } | undefined {
    // `holds`: prev is already the piece beyond q (read there, reaching back to q).
    const same = holds ? prev : this.piece(axis, q, prev.sequence, sign, this.levelAt(axis, q, prev.form));
    // The checks below read F at the probe off the piece's form: the probe must lie on the piece.
    // Where it ends within a step (many conditions break close together where widths are equal),
    // the probe is its middle: beyond its end the form is not the sequence's level, the sequence
    // can miss that level, and asking for the simplest sequence there searched for a sequence that
    // nothing was known of (tens of milliseconds in a deep network of one width, answer unused).
    // Nor beyond the walk's end (a break 6e-5 above d^0, walking down: the probe read the optimum at
    // d^-2e-4, and took the winner's next branch for the optimum beyond the break).
    let probe = q.add(STEP.mul(Rational.of(sign)));
    const end = same && this.nextBreak(axis, q, same, sign);
    if (end && end.sub(probe).sign() !== sign) probe = q.add(end).div(Rational.of(2));
    if (walkEnd.sub(probe).sign() !== sign) probe = q.add(walkEnd).div(Rational.of(2));
    // Where the optimum is searched from: a level that something reaches.
    let from: number | undefined;
    if (same) {
      const under = sign > 0 && this.settledWider(axis, same.form) ? undefined : this.undercutLevel(axis, probe, same);
      // Still the optimum: named just beyond q (a simpler sequence can come to tie it there).
      if (under === undefined) return { piece: this.namedAt(axis, q, same, (-sign) as 1 | -1) };
      from = under; // something is feasible just below F: the optimum is nearer than that guess
    }
    const opt = optimumFloat(this.chain, this.point(axis, probe), from ?? this.levelAt(axis, probe, prev.form).toNumber() + 1 / 64);
    if (!opt) return undefined;
    const there = toPiece(opt, this.chain.symbols);
    const next = this.reachesBack(axis, q, probe, there, sign, false) === true ? there : (this.piece(axis, q, opt.sequence, sign, opt.E) ?? there);
    // The optimum at the probe starts at q only if it meets F there. Above F at q, it undercuts the
    // winner's next piece between q and the probe: that piece comes first, and the walk finds where
    // from the probe (taking the probe's optimum for the piece beyond q put the boundary at q).
    // (Only where the probe's check found something below F: a simpler sequence tied with F there,
    // on another branch, undercuts nothing.)
    if (same && !sameSequence(next.sequence, same.sequence) && this.levelAt(axis, q, next.form).cmp(this.levelAt(axis, q, prev.form)) > 0) {
      return { piece: this.namedAt(axis, q, same, (-sign) as 1 | -1), undercut: from === undefined ? undefined : { q: probe, by: opt.sequence } };
    }
    // Named at the probe; the name just beyond q can be a simpler sequence tied with it only there.
    return { piece: this.namedAt(axis, q, next, (-sign) as 1 | -1) };
  }

  /**
   * F is the optimum at `lo` and not at `hi`: the point between where another sequence's monomial
   * first meets F. The optimum's piece at hi (read towards lo) usually meets F inside (lo, hi] and
   * covers the meeting point; when it does not, something else wins in between, and the interval is
   * halved towards the first change.
   */
  private undercut(axis: number, lo: Rational, hi: Rational, piece: Piece, sign: 1 | -1, by: Pattern[], clear = false): { qx: Rational; other: Piece; holds: boolean } | undefined {
    const sym = this.chain.symbols[axis];
    const start = lo;
    const back = -sign as 1 | -1;
    // Between a and b, a included: narrowing stops on a tie, where F is still the optimum.
    const inside = (q: Rational, a: Rational, b: Rational) => (sign > 0 ? q.cmp(a) >= 0 && q.cmp(b) <= 0 : q.cmp(a) <= 0 && q.cmp(b) >= 0);
    // Where the other piece meets F, if inside [a, b] and the piece (read at b) reaches back to it.
    const meets = (other: Piece, a: Rational, b: Rational, end = this.nextBreak(axis, b, other, back)): Rational | undefined => {
      const diff = piece.form.sub(other.form);
      const slope = diff.get(sym);
      if (slope.isZero()) return undefined;
      const qx = this.levelAt(axis, Rational.ZERO, diff.restrict((s) => s !== sym)).neg().div(slope);
      return inside(qx, a, b) && (!end || !inside(end, qx, b) || end.equals(qx)) ? qx : undefined;
    };
    // First follow a sequence that undercuts F at hi back along its own pieces: it cannot pass
    // below F before its piece meets F, and that meeting point is usually the change (one pass
    // confirms F still wins there, another halfway back that nothing else came first). Where its
    // piece ends before meeting F, continue from that end if it still undercuts there.
    // A few halvings first make it likely that the piece read at hi reaches F. `by` undercuts F at
    // hi (from the check that found hi); a halving first follows it alone, and only where it no
    // longer undercuts asks a whole pass, whose answer names the next one.
    for (let k = 0; k < PRE_HALVINGS && Math.abs(hi.sub(lo).toNumber()) > 1e-3; k++) {
      const mid = simpleBetween(lo, hi);
      // The undercutter in hand often still undercuts at mid: one sequence followed, not a pass.
      const under: Pattern[] | undefined = this.undercuts(axis, mid, piece, by) ? by : this.undercutter(axis, mid, piece);
      if (!under) lo = mid;
      else [hi, by] = [mid, under];
    }
    // Made simpler first (layer by layer, still below F at hi): the side beyond the change is named
    // by the simplest sequence there, and an undercutter that is already simple is often that one,
    // which saves solving the name again.
    let seq: Pattern[] | undefined = this.simplerUndercutter(axis, hi, piece, by);
    for (let step = 0; seq && step < 8; step++) {
      const lvl = floatLevelOf(this.chain, this.point(axis, hi), seq, this.levelAt(axis, hi, piece.form).toNumber());
      if (!lvl) break;
      const other = this.pieceFrom(lvl, axis, hi, back);
      const end = this.nextBreak(axis, hi, other, back);
      const qx = meets(other, lo, hi, end);
      if (qx) {
        // Walking narrower with F settled wider, F optimal at qx is optimal back to lo; and where
        // the pass along the piece found nothing below F before this stretch, nothing is.
        const settled = (sign < 0 && this.settledWider(axis, piece.form)) || clear;
        const early = this.undercutter(axis, qx, piece) ?? (settled ? undefined : this.undercutter(axis, simpleBetween(lo, qx), piece));
        if (early) {
          [hi, seq] = [qx, early];
          continue;
        }
        // A sequence's level is not convex along a size: one can undercut F on an interval that ends
        // where F ties it again, and a halving that found nothing below F at that point moved lo
        // past the interval (a network of 16 layers: below F on most of (1, 3/2) along d, tied at
        // 3/2, where a halving landed). Once more between where the search began and qx.
        const between = settled || lo.equals(start) ? undefined : simpleBetween(start, qx);
        const before = between && this.undercutter(axis, between, piece);
        if (!before) return { qx, other, holds: !qx.equals(hi) };
        [lo, hi, seq] = [start, between!, before];
        continue;
      }
      if (!end || !inside(end, lo, hi) || end.equals(hi)) break;
      seq = this.undercutter(axis, end, piece);
      hi = end;
    }
    // Otherwise narrow the first change with optimality checks alone (one pass each), then ask who wins there.
    for (let round = 0; round < 4; round++) {
      for (let k = 0; k < 12 && Math.abs(hi.sub(lo).toNumber()) > 1e-6; k++) {
        const mid = simpleBetween(lo, hi);
        if (this.optimal(axis, mid, piece)) lo = mid;
        else hi = mid;
      }
      const other = this.winnerAt(axis, hi, back, piece.form);
      if (!other) return undefined;
      const qx = meets(other, lo, hi);
      if (qx && this.optimal(axis, qx, piece)) return { qx, other, holds: !qx.equals(hi) };
    }
    return undefined;
  }

  /**
   * The last segment was named where it began, but just before its end the method names `named`, a
   * simpler sequence tied with the piece along this size (the same level and slope) that began to
   * tie somewhere inside: its own branch changes there, which the piece's own breaks do not show.
   * Walks back along the renamed pieces to where each one's branch begins and names each part by the
   * simplest sequence there. Where a part's name changes and its monomial with it (the line lies on
   * the plane where the two meet), that is a boundary like any other, returned in walking order.
   */
  private renameBack(axis: number, segments: Segment[], named: Piece, piece: Piece, sign: 1 | -1): { named: Piece; crossings: Boundary[] } {
    const last = segments[segments.length - 1];
    if (!last || sameSequence(named.sequence, piece.sequence)) return { named, crossings: [] };
    const [from, to] = sign > 0 ? [last.from, last.to] : [last.to, last.from];
    const back = -sign as 1 | -1;
    const sym = this.chain.symbols[axis];
    const inside = (q: Rational) => (sign > 0 ? q.cmp(from) > 0 && q.cmp(to) < 0 : q.cmp(from) < 0 && q.cmp(to) > 0);
    // Parts from the end backwards ([r, hi] named by cur), and the changes of name between them.
    const parts: Segment[] = [];
    const changes: Boundary[] = [];
    let hi = to;
    let cur = named;
    // Where widths are equal the renamed parts come two a layer (a 64-layer network of one width: 19,
    // each layer in turn a specialist, then lazy), so the guard grows with depth. A walk that reaches
    // it gives nothing along this size, as where exact integers run out, rather than the piece's
    // name on the part not yet named (a guard of 16 parts did that).
    const most = 16 + 4 * this.chain.layers.length;
    for (let n = 0; ; n++) {
      if (n === most) throw new RangeError('internal: renaming a piece did not end');
      const brk = this.nextCondition(axis, hi, cur, back);
      if (!brk || !inside(brk.at)) {
        parts.push(seg(from, hi, cur, sign));
        hi = from;
        break;
      }
      const r = brk.at;
      parts.push(seg(r, hi, cur, sign));
      hi = r;
      const before = this.namedAt(axis, r, piece, sign);
      if (!sameSequence(before.sequence, cur.sequence)) {
        // A change of name is a change of winner, with the same P* or not (a simpler sequence that
        // ties the winner from here names the pattern of feature learning): before, one with the
        // same monomial ended the winner's range with no boundary, and the walk went on to list the
        // next one, between two other sequences, as the winner's.
        const c = crossing(before, cur, sym, r, sign);
        // The two coincide along this size: the change is where the renamed one's branch begins.
        if (c.equation.get(sym).isZero()) c.equation = LinForm.ofVector(this.chain.symbols, conditionRow(cur.conditions, brk.condition));
        changes.push(c);
      }
      if (sameSequence(before.sequence, piece.sequence)) break;
      cur = before;
    }
    if (!hi.equals(from)) parts.push(seg(from, hi, piece, sign));
    // In walking order; a name kept across a branch of its own with the same monomial is one part.
    parts.reverse();
    const merged: Segment[] = [];
    for (const p of parts) {
      const prev = merged[merged.length - 1];
      if (prev && prev.winner === p.winner && prev.energy.equals(p.energy)) {
        if (sign > 0) prev.to = p.to;
        else prev.from = p.from;
      } else merged.push({ ...p });
    }
    segments.splice(segments.length - 1, 1, ...merged);
    return { named, crossings: changes.reverse() };
  }

  /**
   * Boundaries found inside the last segment (renameBack): recorded in walking order; a walk to the
   * first change stops at the first of them, and drops the parts beyond it. True where it stopped.
   */
  private crossedInside(segments: Segment[], crossings: Boundary[], found: Boundary[], sign: 1 | -1, firstChange: boolean): boolean {
    if (!found.length) return false;
    if (!firstChange) {
      crossings.push(...found);
      return false;
    }
    const first = found[0];
    crossings.push(first);
    // The parts beyond the first change go (walking order: those that begin at or past it).
    while (segments.length && (sign > 0 ? segments[segments.length - 1].from.cmp(first.at) >= 0 : segments[segments.length - 1].to.cmp(first.at) <= 0)) segments.pop();
    return true;
  }

  /**
   * The winner's name just before q (walking in direction `sign`; just beyond q with -sign, for a
   * piece that begins there): along a piece the energy is F, but a simpler sequence can tie F on
   * part of it, and the method names the simplest. A boundary names the winners on its two sides, so
   * the piece is renamed there (with its own form, which can differ from F away from this line).
   */
  private namedAt(axis: number, q: Rational, piece: Piece, sign: 1 | -1): Piece {
    // Read exactly, nearer q than a hair: a simpler sequence can tie F on less than a hair before q
    // (1.8e-6 of log d in a network of 16 layers), and read a hair before q the piece was named as
    // the certified optimum names it only beyond that. At the exact level, no margin admits a
    // sequence that lies above F.
    const at = q.sub(NEAR.mul(Rational.of(sign)));
    return this.nameAt(axis, at, piece, sign) ?? this.namedAtFloat(axis, q, piece, sign);
  }

  /**
   * The method's name at the point `at` of a piece (walking in direction `sign`), exactly: the piece
   * itself, or the simplest sequence tied with it there, on its own piece before `at`; undefined
   * where the exact pass would outgrow exact integers.
   */
  private nameAt(axis: number, at: Rational, piece: Piece, sign: 1 | -1): Piece | undefined {
    const lvl = this.simplestTied(axis, at, piece);
    return lvl === undefined || lvl instanceof Piece ? lvl : this.pieceFrom(lvl, axis, at, (-sign) as 1 | -1);
  }

  /**
   * The simplest sequence at the piece's level at `at`, exactly, where it is simpler and tied with the
   * piece along this size (the same level and slope): its level there; else the piece; undefined
   * where the exact pass would outgrow exact integers.
   */
  private simplestTied(axis: number, at: Rational, piece: Piece): SequenceLevel | Piece | undefined {
    const pt = this.point(axis, at);
    const F = this.levelAt(axis, at, piece.form);
    // Usually nothing simpler is feasible at F there: one pass says so.
    const simpler = exactPass(this.chain, pt, F, { simplerThan: piece.sequence });
    if (!simpler) return undefined;
    if (!simpler.feasible) return piece;
    const r = exactPass(this.chain, pt, F, { simplest: true, known: piece.sequence });
    if (!r?.sequence || sameSequence(r.sequence, piece.sequence)) return piece;
    const lvl = exactLevel(this.chain, pt, r.sequence, F);
    const sym = this.chain.symbols[axis];
    return lvl && lvl.E.equals(F) && lvl.form.get(sym).equals(piece.form.get(sym)) ? lvl : piece;
  }

  /** The same in floating point, a hair before q (where the exact pass would outgrow exact integers). */
  private namedAtFloat(axis: number, q: Rational, piece: Piece, sign: 1 | -1): Piece {
    const at = q.sub(HAIR.mul(Rational.of(sign)));
    const x = this.floats(axis, at.toNumber());
    const F = this.levelFloat(x, piece);
    const simplest = this.passer(x).simplest({ E: F + this.margin(x), eps: 0 }, piece.sequence).sequence;
    if (!simplest || sameSequence(simplest, piece.sequence)) return piece;
    const lvl = floatLevelOf(this.chain, this.point(axis, at), simplest, F);
    // Tied on the piece, not only near it: the same level there, exactly, and the same slope along
    // this size. The pass's margin also admits a sequence that meets F at q and rises slowly away
    // from it (a specialist in place of a GFL layer, by a few 1e-9 a hair from q): it does not win
    // on this side, and naming it named a boundary with a winner the certified optimum is not.
    const sym = this.chain.symbols[axis];
    const tied = lvl && lvl.E.equals(this.levelAt(axis, at, piece.form)) && lvl.form.get(sym).equals(piece.form.get(sym));
    return tied ? this.pieceFrom(lvl, axis, at, (-sign) as 1 | -1) : piece;
  }

  /**
   * A piece's conditions along one size: each one's coefficient of that size at once; its value at
   * the base point with that size at 0, as a float with a bound on its rounding and exactly (times
   * the base's common denominator, where that stays an exact integer), when first asked (most
   * conditions point the other way, or are far from zero, and are never read further).
   */
  private along(piece: Piece, axis: number): Along {
    const hit = this.alongs.get(piece);
    if (hit && hit.axis === axis) return hit;
    const { b, slope, c, ce } = piece.conditions;
    const n = c.length;
    const a: Along = { piece, axis, k: new Float64Array(n), v0: new Float64Array(n).fill(NaN), size0: new Float64Array(n), s0: undefined, b: undefined };
    for (let j = 0; j < n; j++) a.k[j] = slope * getVec(c[j], axis) - ce[j] * b[axis];
    this.alongs.set(piece, a);
    return a;
  }
  private readonly alongs = new WeakMap<Piece, Along>();

  /** The binding balance's value at the base with the walked size at 0: float, bound, exact (or NaN). */
  private bindingSums(a: Along): { x: number; size: number; s: number } {
    if (a.b) return a.b;
    const { b } = a.piece.conditions;
    const x = this.base.float;
    const ints = this.ints();
    let bx = 0;
    let bsize = 0;
    let bs = ints ? 0 : NaN;
    for (let i = 0; i < b.length; i++) {
      if (!b[i] || i === a.axis) continue;
      bx += b[i] * x[i];
      bsize += Math.abs(b[i] * x[i]);
      if (ints) {
        const t = b[i] * ints.x[i];
        bs += t;
        if (!(Math.abs(t) < 2 ** 53 && Math.abs(bs) < 2 ** 53)) bs = NaN;
      }
    }
    return (a.b = { x: bx, size: bsize, s: bs });
  }
  /** The base point over one denominator (its exact instance): a condition's other terms sum to one integer there. */
  private ints(): ExactInstance | null {
    return this.baseInts === undefined ? (this.baseInts = exactInstance(this.chain, this.base.exact, []) ?? null) : this.baseInts;
  }
  private baseInts?: ExactInstance | null;

  /** Condition j's float value (and bound) at the base with the walked size at 0, read once. */
  private value0(a: Along, j: number): number {
    if (!Number.isNaN(a.v0[j])) return a.v0[j];
    const { slope, c, ce } = a.piece.conditions;
    const x = this.base.float;
    const bs = this.bindingSums(a);
    const cj = c[j];
    let cx = 0;
    let csize = 0;
    for (let t = 0; t < cj.length && cj[t] < x.length; t += 2) {
      if (cj[t] === a.axis) continue;
      cx += cj[t + 1] * x[cj[t]];
      csize += Math.abs(cj[t + 1] * x[cj[t]]);
    }
    a.size0[j] = Math.abs(slope) * csize + Math.abs(ce[j]) * bs.size;
    return (a.v0[j] = slope * cx - ce[j] * bs.x);
  }

  /** Condition j of a piece at q along the size (the other sizes at the base), exactly. */
  private conditionAt(a: Along, j: number, q: Rational): Rational {
    const k = Rational.of(a.k[j]);
    const ints = this.ints();
    if (ints) {
      const s0 = (a.s0 ??= new Float64Array(a.k.length).fill(NaN));
      if (Number.isNaN(s0[j])) {
        // The condition's own terms over the base's denominator, then the binding's.
        const { slope, c, ce } = a.piece.conditions;
        const bs = this.bindingSums(a).s;
        const cj = c[j];
        let cs = 0;
        let exact = !Number.isNaN(bs);
        for (let t = 0; t < cj.length && cj[t] < ints.x.length && exact; t += 2) {
          if (cj[t] === a.axis) continue;
          const u = cj[t + 1] * ints.x[cj[t]];
          cs += u;
          exact = Math.abs(u) < 2 ** 53 && Math.abs(cs) < 2 ** 53;
        }
        const v = slope * cs - ce[j] * bs;
        if (exact && Math.abs(slope * cs) < 2 ** 53 && Math.abs(ce[j] * bs) < 2 ** 53 && Math.abs(v) < 2 ** 53) s0[j] = v;
        else s0[j] = Infinity;
      }
      if (Number.isFinite(s0[j])) return Rational.of(s0[j], ints.Q).add(q.mul(k));
    }
    // Past exact integers: the sum in fractions, term by term (rare: huge sizes or coefficients).
    const row = conditionRow(a.piece.conditions, j);
    let v = Rational.ZERO;
    row.forEach((r, i) => r && (v = v.add((i === a.axis ? q : this.base.exact[i]).mul(Rational.of(r)))));
    return v;
  }
  /**
   * The same in floating point, with a bound on its error: where the float is farther from a
   * decision than that, the exact value is not needed (most conditions are far from zero and from
   * being the nearest).
   */
  private conditionFloat(a: Along, j: number, q: number): { v: number; tol: number } {
    const t = a.k[j] * q;
    const v0 = this.value0(a, j);
    return { v: v0 + t, tol: 1e-9 * (1 + a.size0[j] + Math.abs(t)) };
  }
  /** Where the next condition of a piece reaches zero, walking from q in direction `sign`. */
  private nextBreak(axis: number, q: Rational, piece: Piece, sign: 1 | -1): Rational | undefined {
    return this.nextCondition(axis, q, piece, sign)?.at;
  }
  private nextCondition(axis: number, q: Rational, piece: Piece, sign: 1 | -1): { at: Rational; condition: number } | undefined {
    // Floats first: a condition surely behind, or surely farther than one surely ahead, is not
    // evaluated exactly; the rest are, in order, as before.
    const A = this.along(piece, axis);
    const qf = q.toNumber();
    const ahead: { j: number; slope: number; v: number; tol: number }[] = [];
    let nearest = Infinity;
    for (let j = 0; j < A.k.length; j++) {
      const slope = A.k[j] * sign;
      if (slope >= 0) continue;
      const { v, tol } = this.conditionFloat(A, j, qf);
      if (v < -tol) continue;
      ahead.push({ j, slope, v, tol });
      if (v > tol) nearest = Math.min(nearest, (v + tol) / -slope);
    }
    let best: { dist: Rational; condition: number } | undefined;
    for (const { j, slope, v, tol } of ahead) {
      if ((v - tol) / -slope > nearest) continue;
      const dist = this.conditionAt(A, j, q).div(Rational.of(-slope));
      if (dist.sign() <= 0) continue;
      if (!best || dist.cmp(best.dist) < 0) best = { dist, condition: j };
    }
    return best && { at: q.add(best.dist.mul(Rational.of(sign))), condition: best.condition };
  }

  /** The piece of the last segment, where it ends at q (read again at its middle), if there is one. */
  private lastSegmentPiece(axis: number, segments: Segment[], q: Rational, sign: 1 | -1): Piece | undefined {
    const last = segments[segments.length - 1];
    if (!last || !(sign > 0 ? last.to : last.from).equals(q)) return undefined;
    const mid = last.from.add(last.to).div(Rational.of(2));
    const lvl = floatLevelOf(this.chain, this.point(axis, mid), last.winner.split('-') as Pattern[], this.levelAt(axis, mid, last.energy).toNumber());
    return lvl && lvl.form.equals(last.energy) ? toPiece(lvl, this.chain.symbols) : undefined;
  }

  /**
   * Walks one size from the base point to `end` (an exponent of d), in direction `sign`. Returns the
   * pieces in walking order and the boundaries crossed.
   */
  walk(axis: number, start: SequenceLevel, end: Rational, sign: 1 | -1, firstChange = false): WalkResult {
    const it = this.steps(axis, start, end, sign, firstChange);
    for (;;) {
      const r = it.next();
      if (r.done) return r.value;
    }
  }

  /**
   * The same walk a piece at a time: it pauses before each piece (a walk with a deadline stops
   * there, optimumCurve; a view walking a line over several short steps resumes it), and returns
   * what `walk` returns.
   */
  *steps(axis: number, start: SequenceLevel, end: Rational, sign: 1 | -1, firstChange = false): Generator<void, WalkResult> {
    const segments: Segment[] = [];
    const crossings: Boundary[] = [];
    const sym = this.chain.symbols[axis];
    const beyond = (a: Rational, b: Rational) => (sign > 0 ? a.cmp(b) >= 0 : a.cmp(b) <= 0);
    let cur = this.base.exact[axis];
    let piece = this.pieceFrom(start, axis, cur, sign);
    // Where monotonicity does not settle the piece, a simpler sequence can also come to tie F inside
    // it, from cur to `to`, and stop again (where F does not grow along a width, none can: walking
    // wider none comes to tie it, and walking narrower one that ties inside still ties at the end,
    // where the piece is named). The piece is then renamed from where that one begins to tie
    // (renameBack, from the point where it was named), and the walk goes on along it from there:
    // 'stop' where that is the first change of a walk that wants only the first.
    const tieInside = (to: Rational): 'stop' | 'go' | undefined => {
      if (to.equals(cur) || this.settledWider(axis, piece.form)) return undefined;
      const tie = this.simplerInside(axis, cur, to, piece, sign);
      if (!tie) return undefined;
      segments.push(seg(cur, tie.at, piece, sign));
      const back = this.renameBack(axis, segments, tie.before, piece, sign);
      if (this.crossedInside(segments, crossings, back.crossings, sign, firstChange)) return 'stop';
      cur = tie.at;
      piece = tie.after;
      return 'go';
    };
    // Where the last step already found the piece undercut (winnerBeyond).
    let known: Undercut | undefined;
    // A guard, not a limit: a chart's walk along d through a deep network of one width crosses a
    // boundary for nearly every layer (a 64-layer relu network: 127 pieces from d^0 to d^10), so it
    // grows with depth (48 pieces cut that walk at d^1.2).
    const most = 48 + 8 * this.chain.layers.length;
    // A search that gave up (or the guard reached) ends the walk short: the result says so.
    let gaveUp = false;
    let guard = 0;
    for (; guard < most && !beyond(cur, end); guard++) {
      yield;
      const brk = this.nextCondition(axis, cur, piece, sign);
      const qb = brk && !beyond(brk.at, end) ? brk.at : end;
      const mid = cur.add(qb).div(Rational.of(2));
      // Is F still the optimum at the piece's middle and near its end? Near, a hair before: where
      // several sequences meet F at the end (widths all equal), one that comes from below F reaches
      // F there and undercuts it only before; a check at the end itself found it at no level below F,
      // and the walk missed a boundary. Where F is settled wider, walking wider needs no check.
      let bad = known && !beyond(known.q, qb) ? known : undefined;
      known = undefined;
      if (!bad && (sign < 0 || !this.settledWider(axis, piece.form))) {
        if (sign < 0 && this.settledWider(axis, piece.form)) {
          // Walking narrower where F does not fall: narrowing never makes a sequence infeasible at
          // a level and F only rises, so whatever is below F anywhere on the piece is below F at its
          // end too. One pass there settles the piece.
          const by = this.undercutter(axis, qb, piece);
          if (by) bad = { q: qb, by };
        } else {
          // Elsewhere a sequence can be below F between any two points and not at them (a level is
          // not convex along a size): the pass along the whole piece finds the first place.
          const hit = this.segmentUndercut(axis, cur, qb, piece);
          if (hit === GAVE_UP) bad = this.pointUndercut(axis, cur, qb, mid, piece, sign, guard === 0);
          else bad = hit;
        }
      }
      const early = bad ? undefined : tieInside(qb);
      if (early === 'stop') break;
      if (early === 'go') continue;
      let beyondQb: { piece: Piece; undercut?: Undercut } | undefined;
      if (!bad) {
        segments.push(seg(cur, qb, piece, sign));
        if (qb.equals(end)) {
          // The last piece's name at the walk's end, as at a boundary. Walking wider where F is
          // settled, no simpler sequence can come to tie it (none becomes feasible at a level it was
          // not), so the name holds.
          if (sign < 0 || !this.settledWider(axis, piece.form)) this.crossedInside(segments, crossings, this.renameBack(axis, segments, this.namedAt(axis, qb, piece, sign), piece, sign).crossings, sign, firstChange);
          break;
        }
        beyondQb = this.winnerBeyond(axis, qb, sign, piece, false, end);
        if (!beyondQb) {
          gaveUp = true;
          break;
        }
        const next = beyondQb.piece;
        if (this.levelAt(axis, qb, next.form).cmp(this.levelAt(axis, qb, piece.form)) < 0) {
          // Below F at the break: the optimum beyond it undercut F inside this piece, past the check
          // a hair before its end (a network of 6 layers: two other winners on the last 3.4e-6 of a
          // piece). The search below finds where, from the break.
          segments.pop();
          bad = { q: qb, by: next.sequence };
        }
      }
      if (!bad && beyondQb) {
        const next = beyondQb.piece;
        known = beyondQb.undercut;
        if (!sameSequence(next.sequence, piece.sequence)) {
          // Renamed at the break, or a boundary there: the name just before it may have changed inside.
          const back = this.renameBack(axis, segments, this.namedAt(axis, qb, piece, sign), piece, sign);
          if (this.crossedInside(segments, crossings, back.crossings, sign, firstChange)) break;
          if (sameSequence(back.named.sequence, next.sequence)) {
            cur = qb;
            piece = next;
            continue;
          }
          // Where the two energies coincide along this size (the same monomial, another name, or
          // two monomials that meet along this line), the change is the old branch ending: its
          // condition is the boundary.
          const c = crossing(back.named, next, sym, qb, sign);
          if (c.equation.get(sym).isZero() && brk) c.equation = LinForm.ofVector(this.chain.symbols, conditionRow(piece.conditions, brk.condition));
          crossings.push(c);
          if (firstChange) break;
        }
        cur = qb;
        piece = next;
        continue;
      }
      if (!bad) break;
      // Another sequence undercuts F before qb: find where, exactly.
      const hit = this.undercut(axis, bad.from ?? cur, bad.q, piece, sign, bad.by, bad.clear);
      if (!hit) {
        gaveUp = true;
        break;
      }
      const { qx, other, holds } = hit;
      const tied = tieInside(qx);
      if (tied === 'stop') break;
      if (tied === 'go') continue;
      if (!qx.equals(cur)) segments.push(seg(cur, qx, piece, sign));
      const beyondQx = this.winnerBeyond(axis, qx, sign, other, holds, end);
      const next = beyondQx?.piece ?? other;
      known = beyondQx?.undercut;
      if (sequenceId(next.sequence) !== sequenceId(piece.sequence) && !piece.form.equals(next.form)) {
        // Undercut where this piece begins (a break of the same sequence), the winner just before qx
        // is the last segment's: named on this piece, beyond its start, a simpler sequence that came
        // to tie the last one was missed (a network of 12 layers, where GFL at layers 6 and 7 gave
        // way to specialists on the same monomial before the break).
        const before = qx.equals(cur) ? this.lastSegmentPiece(axis, segments, cur, sign) : piece;
        const named = this.namedAt(axis, qx, before ?? piece, sign);
        const back = before ? this.renameBack(axis, segments, named, before, sign) : { named, crossings: [] };
        if (this.crossedInside(segments, crossings, back.crossings, sign, firstChange)) break;
        crossings.push(crossing(back.named, next, sym, qx, sign));
        if (firstChange) break;
      }
      cur = qx;
      piece = next;
    }
    if (guard === most) gaveUp = true;
    return { segments: merged(segments, sign), crossings, ...(gaveUp ? { gaveUp } : {}) };
  }
}

/** A walk's pieces in walking order, the boundaries crossed, and whether it stopped short (a search gave up). */
export interface WalkResult {
  segments: Segment[];
  crossings: Boundary[];
  gaveUp?: boolean;
}

/**
 * Neighbouring segments with the same winner and energy as one (in walking order): a piece renamed
 * from inside (simplerInside) meets the part walked on from there with the same name, and a branch
 * of the winner's own that keeps its monomial changes nothing a result shows.
 */
function merged(segments: Segment[], sign: 1 | -1): Segment[] {
  const out: Segment[] = [];
  for (const s of segments) {
    const prev = out[out.length - 1];
    const touch = prev && (sign > 0 ? prev.to.equals(s.from) : prev.from.equals(s.to));
    if (touch && prev.winner === s.winner && prev.energy.equals(s.energy)) {
      if (sign > 0) prev.to = s.to;
      else prev.from = s.from;
    } else out.push(s);
  }
  return out;
}

/** A piece's conditions along one size (Walker.along): condition j is v0[j] + k[j]·q at q. */
interface Along {
  piece: Piece;
  axis: number;
  /** Coefficient of the size. */
  k: Float64Array;
  /** Value with the size at 0, the others at the base (NaN until read), and a bound on its terms. */
  v0: Float64Array;
  size0: Float64Array;
  /** The same value exactly, times the base's common denominator (NaN until read; Infinity: not an exact integer). */
  s0?: Float64Array;
  /** The binding balance's sums (Walker.bindingSums). */
  b?: { x: number; size: number; s: number };
}

/** A sequence that undercuts the walked piece at q (below its energy there). */
interface Undercut {
  q: Rational;
  by: Pattern[];
  /** Nothing is below F from where the piece begins to the first stretch where `by` is (segment.ts). */
  clear?: boolean;
  /** A point before q, past the piece's start, where nothing is below F (the search starts there). */
  from?: Rational;
}

function distance(a: Rational, b: Rational): Rational {
  const d = a.sub(b);
  return d.sign() < 0 ? d.neg() : d;
}

/** A fraction with a small denominator in the middle half of (a, b): keeps exact passes cheap. */
function simpleBetween(a: Rational, b: Rational): Rational {
  const mid = a.add(b).div(Rational.of(2));
  const r = Rational.approx(mid.toNumber(), Math.abs(b.sub(a).toNumber()) / 4, 1e6);
  return r && r.cmp(a) !== 0 && r.cmp(b) !== 0 && (r.cmp(a) > 0) === (b.cmp(a) > 0) && (r.cmp(b) < 0) === (b.cmp(a) > 0) ? r : mid;
}

/** Pieces read off a level, kept while the level lives: every walk starts from the same one. */
const pieces = new WeakMap<SequenceLevel, Piece>();
function toPiece(l: SequenceLevel, symbols: readonly string[]): Piece {
  let p = pieces.get(l);
  if (!p) pieces.set(l, (p = new Piece(l, symbols)));
  return p;
}

function seg(a: Rational, b: Rational, p: Piece, sign: 1 | -1): Segment {
  const [from, to] = sign > 0 ? [a, b] : [b, a];
  return { from, to, winner: sequenceId(p.sequence), energy: p.form };
}

function crossing(left: Piece, right: Piece, along: string, at: Rational, sign: 1 | -1): Boundary {
  // "before" is the winner at the smaller exponent.
  const [lo, hi] = sign > 0 ? [left, right] : [right, left];
  return { before: sequenceId(lo.sequence), after: sequenceId(hi.sequence), equation: lo.form.sub(hi.form), along, at, ...(lo.form.equals(hi.form) ? { samePStar: true } : {}) };
}
