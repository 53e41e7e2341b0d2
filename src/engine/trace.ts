// One pattern sequence followed exactly and symbolically: every value is a linear form over the
// log sizes and the level E (a monomial), evaluated at an exact point so that each max and min can
// be decided. Where two values are equal at the point, the decision is the one that holds just
// below a held parameter (when there is one), then just below the level (the left germ in E: what
// the optimum is made of), then along each size in order, so that the branch reported is the one on
// the interior side (slightly wider layers need no step of their own: see tieOrder). Each decision
// is kept as a condition (the region where this branch holds), each constraint as its slack.
//
// Inside a trace every form has integer coefficients (times one common factor K for fractional bias
// exponents) and every value is an integer (times K·Q, Q the point's common denominator), so the
// arithmetic is exact in floating point; forms become LinForms only when a result reads them.

import { HEAD_SPECIALIST_POWER, type Chain, type Pattern } from './chain';
import { LinForm } from './linform';
import { Rational, gcd, lcm } from './rational';
import { addVec, dotVec, eqVec, firstDifference, getVec, scaleVec, unitVec, type Sparse } from './sparse';

/** The symbol of the level E inside a form (not a valid size name, so it cannot clash). */
export const LEVEL = '#E';
/** The symbol of a parameter held at a chosen value (for its range). */
export const HELD = '#T';

export interface Held {
  layer: number;
  /** Its log value at the point. */
  value: Rational;
}

export interface TraceOptions {
  held?: Held;
  /**
   * The branch with every parameter interior and every pattern's own contribution used (what a
   * result without a point shows for a candidate), instead of the branch active at the point.
   */
  interior?: boolean;
}

/** Names of the coordinates of a trace's vectors: the size symbols, then E, then the held parameter. */
class Space {
  readonly names: string[];
  readonly E: number;
  readonly T: number;
  constructor(
    /** The size symbols with a coefficient in each vector. */
    symbols: string[],
    /** Coefficients are stored times K. */
    readonly K: number,
    /** Values are stored times K·Q. */
    readonly KQ: number,
    /** Values are floats at a float point (no exactness check); forms stay exact. */
    readonly float = false,
  ) {
    this.names = [...symbols, LEVEL, HELD];
    this.E = symbols.length;
    this.T = symbols.length + 1;
  }
  form(c: Vec): LinForm {
    const entries: [string, Rational][] = [];
    for (let k = 0; k < c.length; k += 2) entries.push([this.names[c[k]], Rational.of(c[k + 1], this.K)]);
    return LinForm.of(entries);
  }
}

const LIMIT = 2 ** 53;

/** A form's coefficients, sparse (sparse.ts). */
type Vec = Sparse;

/** What a value depends on: the decisions (indices into the trace's conditions) that made it. */
export interface Dep {
  /** The decision made here, or -1 for a join of two dependencies. */
  decision: number;
  /** What it rests on (two fields, not an array: a trace makes one of these per value). */
  a: Dep | undefined;
  b: Dep | undefined;
  /** The last walk that visited this node (conditionVectors). */
  visit: number;
}

function join(a: Dep | undefined, b: Dep | undefined): Dep | undefined {
  return !a ? b : !b ? a : a === b ? a : { decision: -1, a, b, visit: 0 };
}

/** A value of the trace: a form and its value at the point, with where it came from. */
export class Value {
  private f?: LinForm;
  constructor(
    private readonly space: Space,
    readonly c: Vec,
    /** Value at the point, times K·Q (an integer). */
    readonly v: number,
    /** Made by a spike or magnetization (and which layer made the latest one); -1 for the lazy path. */
    readonly spikeLayer = -1,
    /** A spike that crossed a lazy layer on its way here (the least certain rule). */
    readonly crossedLazy = false,
    readonly dep?: Dep,
    /**
     * What ties are broken by first (Tracer.cmp), kept as the values are made since they are linear:
     * the coefficients of E and of the held parameter. Read off the vector at each tie, they cost a
     * pass over a form with a term for every layer that learned.
     */
    readonly e = 0,
    readonly t = 0,
  ) {
    if (!space.float && !(Math.abs(v) < LIMIT)) throw new RangeError('a trace value outgrew exact integers');
  }
  /** The value at the point as a float. */
  get num(): number {
    return this.v / this.space.KQ;
  }
  /** The form over the log sizes, E and the held parameter. */
  get form(): LinForm {
    return (this.f ??= this.space.form(this.c));
  }
  /** The value at the point, exactly (exact traces only). */
  get val(): Rational {
    if (this.space.float) throw new Error('internal: an exact value was asked of a floating-point trace');
    return Rational.of(this.v, this.space.KQ);
  }
  /** The coefficient of E (exact). */
  slope(): Rational {
    return Rational.of(this.e, this.space.K);
  }
  /** The common factor of the stored coefficients. */
  scaleK(): number {
    return this.space.K;
  }
  heldSlope(): Rational {
    return Rational.of(this.t, this.space.K);
  }
  with(spikeLayer: number, crossedLazy: boolean, dep = this.dep): Value {
    return new Value(this.space, this.c, this.v, spikeLayer, crossedLazy, dep, this.e, this.t);
  }
  /** The same value read at another point: the form (and what it rests on) kept, the value given. */
  at(v: number): Value {
    const out = new Value(this.space, this.c, v, this.spikeLayer, this.crossedLazy, this.dep, this.e, this.t);
    out.f = this.f;
    return out;
  }
}

export interface Constraint {
  kind: 'specialization' | 'magnetization' | 'gfl' | 'readout';
  layer: number;
  /** Must be >= 0. */
  slack: Value;
}

export interface TraceParam {
  layer: number;
  pattern: Pattern;
  /** log M, log D or log beta as a form over sizes and E. */
  log: Value;
  /** The bound M <= N (or beta <= N) binds. */
  atUpper: boolean;
}

export interface Trace {
  constraints: Constraint[];
  params: TraceParam[];
  /** Conditions (forms >= 0 over sizes and E) under which every decision holds. */
  readonly conditions: LinForm[];
  /** The target's eigenvalue at the readout, with its provenance. */
  target: Value | null;
  /** phi's eigenvalue feeding each layer (what a specialist pays for). */
  phiIn: (Value | null)[];
  /** The spiked phi path feeding each magnetized layer. */
  spikedIn: (Value | null)[];
  /** The decisions' conditions as integer vectors (see conditionsAt). */
  readonly raw: Vec[];
  /** Coordinate names of the vectors: the size symbols, then E, then the held parameter. */
  readonly names: string[];
}

type V = Value | null;

/**
 * A trace, its conditions as LinForms made when first read. A class, not an object literal with a
 * getter: with the literal, about 40% of what a trace allocated survived each minor collection
 * (every value of the trace, kept alive until a full collection), and a full trace cost three to
 * five times as much, most of it collecting; with the class almost nothing survives.
 */
class TraceResult implements Trace {
  private forms?: LinForm[];
  readonly names: string[];
  constructor(
    readonly constraints: Constraint[],
    readonly params: TraceParam[],
    readonly target: Value | null,
    readonly phiIn: (Value | null)[],
    readonly spikedIn: (Value | null)[],
    readonly raw: Vec[],
    private readonly space: Space,
  ) {
    this.names = space.names;
  }
  get conditions(): LinForm[] {
    return (this.forms ??= this.raw.map((c) => this.space.form(c)));
  }
  /**
   * Would a Tracer make every decision of this trace the same way at xE (the sizes, then E, then 0
   * for the held parameter), with values closer than tol tied? Each decision is a condition, the
   * winner's form minus the loser's: it goes the same way where the condition is clearly positive,
   * or tied and the Tracer's order for ties (cmp) picks the same side. Too near the tolerance to
   * tell how the Tracer's own sums would read it: no.
   */
  holdsAt(xE: Float64Array, tol: number): boolean {
    const nE = this.space.E;
    for (const c of this.raw) {
      const diff = dotVec(c, xE);
      if (diff > 2 * tol) continue;
      if (diff < -2 * tol || Math.abs(diff) >= tol / 2) return false;
      if (tieSide(c, nE) <= 0) return false;
    }
    return true;
  }
  /** The same trace with its values read at xE (holdsAt says where it is the trace there). */
  at(xE: Float64Array): TraceResult {
    const read = (v: Value) => v.at(dotVec(v.c, xE));
    const maybe = (v: Value | null) => v && read(v);
    return new TraceResult(
      this.constraints.map((c) => ({ kind: c.kind, layer: c.layer, slack: read(c.slack) })),
      this.params.map((p) => ({ layer: p.layer, pattern: p.pattern, log: read(p.log), atUpper: p.atUpper })),
      maybe(this.target),
      this.phiIn.map(maybe),
      this.spikedIn.map(maybe),
      this.raw,
      this.space,
    );
  }
}

/**
 * The order of two values tied at the point (Tracer.cmp), from the differences (first minus second)
 * of their coefficients of the held parameter and of the level: the larger is the one just below the
 * held parameter, then just below the level. 0 where these do not tell (each size alone decides
 * then). Which is larger for all widths wider at once needs no step of its own: a width enters a
 * value that is compared only as the bound of a parameter that is as large as the level allows (M <=
 * N against M <= E + lambda, D = E - N, a spike M/N), so in every such value the widths' coefficients
 * sum to minus those of E and of the held parameter, plus 1 for a bound and its rival, 0 otherwise
 * (a test checks it on random traces): two values tied in those coefficients are tied in that sum.
 */
function tieOrder(dt: number, de: number): number {
  // Without a held parameter no value has a coefficient of it: that step decides nothing.
  if (dt) return dt < 0 ? 1 : -1;
  if (de) return de < 0 ? 1 : -1;
  return 0;
}

/** The side a tie of two values falls on, from their difference c (winner minus loser), as Tracer.cmp decides it: positive where the winner wins. */
function tieSide(c: Vec, nE: number): number {
  return tieOrder(getVec(c, nE + 1), getVec(c, nE)) || (c.length && c[0] < nE ? Math.sign(c[1]) : 0);
}

/**
 * Where a branch holds, with the level E replaced by what the binding constraint makes it: each
 * decision and each slack that does not bind must stay >= 0. Computed on integer vectors (scaled by
 * the binding slope, which is positive), with conditions that always hold for sizes >= 1 dropped and
 * duplicates (up to a positive factor) merged.
 */
export function conditionsAt(trace: Trace, binding: Constraint): LinForm[] {
  return withoutImplied(conditionVectors(trace, binding)).map((r) => LinForm.ofVector(trace.names, r));
}

/** Rows past which withoutImplied keeps them all (it compares every pair). */
const IMPLIED_ROWS = 32;

/**
 * Conditions (rows >= 0 over the log sizes, every size >= 1) less those another one implies: g >= 0
 * implies f >= 0 where f - c·g >= 0 term by term for some c > 0 ("N <= d" implies "N <= d^3", which
 * a branch listed beside it). Of two that imply each other the first is kept.
 */
function withoutImplied(rows: number[][]): number[][] {
  if (rows.length < 2 || rows.length > IMPLIED_ROWS) return rows;
  const implies = (g: number[], f: number[]) => {
    let lo = 0; // c > 0, and c >= f_i/g_i where g_i < 0
    let hi = Infinity; // c <= f_i/g_i where g_i > 0
    for (let i = 0; i < f.length; i++) {
      if (g[i] === 0) {
        if (f[i] < 0) return false;
      } else if (g[i] < 0) lo = Math.max(lo, f[i] / g[i]);
      else hi = Math.min(hi, f[i] / g[i]);
      if (lo > hi || hi <= 0) return false;
    }
    return true;
  };
  return rows.filter((f, j) => !rows.some((g, k) => k !== j && implies(g, f) && (k < j || !implies(f, g))));
}

/**
 * What a branch's conditions are made of, before the level is eliminated: the slacks that do not
 * bind, then the decisions the constraints rest on (a decision about a degree that no constraint
 * reads, say lambda_3 when the target is He_5, says nothing about where this branch holds).
 */
export function conditionSources(trace: Trace, binding: Constraint): Vec[] {
  const used: number[] = [];
  const visit = ++visits;
  const stack: (Dep | undefined)[] = [];
  for (const c of trace.constraints) stack.push(c.slack.dep);
  for (const p of trace.params) stack.push(p.log.dep);
  while (stack.length) {
    const d = stack.pop();
    if (!d || d.visit === visit) continue;
    d.visit = visit;
    if (d.decision >= 0) used.push(d.decision);
    stack.push(d.a, d.b);
  }
  sortSmall(used);
  const vecs: Vec[] = [];
  for (const c of trace.constraints) if (c !== binding) vecs.push(c.slack.c);
  for (let k = 0; k < used.length; k++) if (k === 0 || used[k] !== used[k - 1]) vecs.push(trace.raw[used[k]]);
  return vecs;
}

/**
 * A branch's conditions with the level left in: condition k is slope·c[k] - ce[k]·b >= 0 over the
 * sizes, b the binding slack's coefficients and slope its coefficient of E (> 0): kept where some
 * coefficient is negative (the others hold for every size >= 1), equal ones not merged. Written out
 * (conditionRow), they are the rows of conditionVectors. A walk reads each condition along one size
 * only; in a network of one width every row is dense (the binding's form has a term for every width),
 * and making the rows was an eighth of a deep network's analysis.
 */
export interface LevelConditions {
  /** The binding slack's coefficients on the sizes, dense (one per size), and as the trace gave them (sparse). */
  b: Float64Array;
  binding: Sparse;
  slope: number;
  /** Each condition's own coefficients (sparse; entries at E and past it are not sizes) and of E. */
  c: Sparse[];
  ce: number[];
}

export function levelConditions(trace: Trace, binding: Constraint): LevelConditions {
  const E = trace.names.indexOf(LEVEL);
  const bv = binding.slack.c;
  const slope = getVec(bv, E);
  const b = new Float64Array(E);
  let pos = 0;
  let negs = 0;
  for (let k = 0; k < bv.length && bv[k] < E; k += 2) {
    b[bv[k]] = bv[k + 1];
    if (bv[k + 1] > 0) pos++;
    else negs++;
  }
  const out: LevelConditions = { b, binding: bv, slope, c: [], ce: [] };
  for (const c of conditionSources(trace, binding)) {
    const ce = getVec(c, E);
    // A negative coefficient among the condition's own sizes, or among the binding's others.
    let neg = false;
    let posIn = 0;
    let negIn = 0;
    for (let k = 0; k < c.length && c[k] < E; k += 2) {
      const i = c[k];
      if (slope * c[k + 1] - ce * b[i] < 0) neg = true;
      if (b[i] > 0) posIn++;
      else if (b[i] < 0) negIn++;
    }
    if (!neg) neg = (ce > 0 && pos > posIn) || (ce < 0 && negs > negIn);
    if (neg) out.c.push(c), out.ce.push(ce);
  }
  return out;
}

/**
 * Writes condition j of levelConditions into the scratch row r (zeros where it is not written): its
 * row over the sizes, slope·c - ce·b, reduced by the gcd of its entries; the coordinates written go
 * to nz, in order, each once. Only the coordinates the two vectors touch can be nonzero (a deep
 * network has a hundred sizes): both lists are sorted, so merged they stay sorted (where the
 * binding's own coordinates were appended and sorted, a uniform network's hundred-term vectors cost
 * the square of that each).
 */
function writeRow(lc: LevelConditions, j: number, r: number[], nz: number[]): void {
  const { binding: b, slope } = lc;
  const E = lc.b.length;
  const c = lc.c[j];
  const ce = lc.ce[j];
  nz.length = 0;
  let i = 0;
  let k = 0;
  const bt = ce ? b.length : 0;
  while ((i < c.length && c[i] < E) || (k < bt && b[k] < E)) {
    const ci = i < c.length && c[i] < E ? c[i] : Infinity;
    const bk = k < bt && b[k] < E ? b[k] : Infinity;
    if (ci <= bk) {
      r[ci] += slope * c[i + 1];
      i += 2;
    }
    if (bk <= ci) {
      r[bk] -= ce * b[k + 1];
      k += 2;
    }
    nz.push(Math.min(ci, bk));
  }
  let g = 0;
  // Once the divisor is 1 it stays 1 (most conditions reach it at once).
  for (const t of nz) if (r[t] && g !== 1) g = gcd(g, r[t]);
  if (g > 1) for (const t of nz) r[t] /= g;
}

/** The scratch row and its written coordinates (calls do not nest). */
const row: number[] = [];
const written: number[] = [];

/** Condition j of levelConditions as an integer row over the sizes: slope·c - ce·b, reduced by the gcd of its entries. */
export function conditionRow(lc: LevelConditions, j: number): number[] {
  while (row.length < lc.b.length) row.push(0);
  writeRow(lc, j, row, written);
  const out = row.slice(0, lc.b.length);
  for (const t of written) row[t] = 0;
  return out;
}

/** The same conditions as integer vectors over the size symbols (each >= 0 where the branch holds), equal ones merged. */
export function conditionVectors(trace: Trace, binding: Constraint): number[][] {
  const lc = levelConditions(trace, binding);
  const E = lc.b.length;
  const out: number[][] = [];
  // A hash of each kept row's nonzero coordinates, to find equal ones.
  const hashes: number[] = [];
  while (row.length < E) row.push(0);
  for (let j = 0; j < lc.c.length; j++) {
    writeRow(lc, j, row, written);
    let h = 0;
    for (const t of written) if (row[t]) h = (Math.imul(h, 31) + Math.imul(t + 1, 0x9e3779b1) + row[t]) | 0;
    let dup = false;
    for (let q = 0; q < out.length && !dup; q++) dup = hashes[q] === h && sameRow(out[q], row);
    if (!dup) {
      hashes.push(h);
      out.push(row.slice(0, E));
    }
    for (const t of written) row[t] = 0;
  }
  return out;
}

function sameRow(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Insertion sort: the arrays sorted here hold a few numbers, where a comparator call costs more. */
function sortSmall(a: number[]): void {
  for (let i = 1; i < a.length; i++) {
    const x = a[i];
    let j = i - 1;
    for (; j >= 0 && a[j] > x; j--) a[j + 1] = a[j];
    a[j + 1] = x;
  }
}

/** Marks the dependencies visited by one walk over them (no set of visited nodes to allocate). */
let visits = 0;

/**
 * What a trace needs of a chain that does not depend on the point, computed once per chain: the
 * common factor K of its coefficients. (Ties are broken as Tracer.cmp says, on keys each value
 * carries.)
 */
interface Facts {
  K: number;
}
const facts = new WeakMap<Chain, Facts>();
function chainFacts(chain: Chain): Facts {
  let f = facts.get(chain);
  if (!f) {
    let K = 1;
    for (const l of chain.layers) for (const w of l.weights) if (w) K = lcm(K, w.den);
    f = { K };
    facts.set(chain, f);
  }
  return f;
}

/**
 * Values of a floating-point trace closer than this (in units of K) are tied: rounding grows with
 * the sizes' magnitude `scale`, the degrees and the depth. lean.ts must tie exactly where this does.
 */
export function floatTieTolerance(chain: Chain, scale: number): number {
  return 1e-10 * chainFacts(chain).K * scale * (chain.m + 1) * (chain.layers.length + 1);
}

/** The common factor K of a chain's trace coefficients (lean.ts keeps the same units). */
export function chainScale(chain: Chain): number {
  return chainFacts(chain).K;
}

export class Tracer {
  private readonly held?: Held;
  private readonly interior: boolean;
  private readonly space: Space;
  /** Each coordinate's value at the point, times K·Q. */
  private readonly at: Float64Array;
  /** Values closer than this are tied (0 for exact traces). */
  private readonly tol: number;
  private conds: Vec[] = [];
  /** The slot of E in a vector (the sizes come first, the held parameter after). */
  private readonly nE: number;

  /**
   * `point`: exact log size per symbol (chain.symbols order). With `held`, that layer's parameter
   * is the symbol HELD at the given value, and ties are decided just below it first.
   */
  constructor(
    private readonly chain: Chain,
    point: Rational[] | Float64Array,
    E: Rational | number,
    options: TraceOptions = {},
  ) {
    const { held } = options;
    this.held = held;
    this.interior = !!options.interior;
    const fixed = chainFacts(chain);
    const K = fixed.K;
    const n = chain.symbols.length;
    this.nE = n;
    this.at = new Float64Array(n + 2);
    if (point instanceof Float64Array) {
      // A floating-point trace: values approximate (ties within a tolerance), forms still exact.
      if (typeof E !== 'number') throw new Error('internal: a float trace takes a float level');
      this.space = new Space(chain.symbols, K, K, true);
      let scale = 1;
      point.forEach((x, i) => ((this.at[i] = x * K), (scale = Math.max(scale, Math.abs(x)))));
      this.at[n] = E * K;
      if (held) this.at[n + 1] = held.value.toNumber() * K;
      this.tol = floatTieTolerance(chain, scale);
    } else {
      if (typeof E === 'number') throw new Error('internal: an exact trace takes an exact level');
      let Q = E.den;
      for (const r of point) Q = lcm(Q, r.den);
      if (held) Q = lcm(Q, held.value.den);
      this.space = new Space(chain.symbols, K, K * Q);
      const scaled = (r: Rational) => r.num * ((K * Q) / r.den);
      point.forEach((r, i) => (this.at[i] = scaled(r)));
      this.at[n] = scaled(E);
      if (held) this.at[n + 1] = scaled(held.value);
      for (const v of this.at) if (!(Math.abs(v) < LIMIT)) throw new RangeError('a trace point outgrew exact integers');
      this.tol = 0;
    }
  }

  /** The monomial of one coordinate of the point (sizes, then E, then held) times an integer (times K). */
  private unit(i: number, times = 1): Value {
    // A fresh vector for each call: params tell "M = N" by the identity of N's vector.
    const k = times * this.space.K;
    return new Value(this.space, unitVec(i, k), times * this.at[i], -1, false, undefined, i === this.nE ? k : 0, i === this.nE + 1 ? k : 0);
  }
  /** A bias weight: coefficient w (a Rational) of log d. */
  private weight(w: Rational): Value {
    const c = unitVec(this.chain.dim, w.num * (this.space.K / w.den));
    const v = (w.num * (this.space.K / w.den) * this.at[this.chain.dim]) / this.space.K;
    return new Value(this.space, c, this.space.float ? v : Math.round(v));
  }

  private add(a: Value, b: Value, spikeLayer = Math.max(a.spikeLayer, b.spikeLayer), crossed = a.crossedLazy || b.crossedLazy): Value {
    return new Value(this.space, addVec(a.c, b.c), a.v + b.v, spikeLayer, crossed, join(a.dep, b.dep), a.e + b.e, a.t + b.t);
  }
  private sub(a: Value, b: Value): Value {
    return new Value(this.space, addVec(a.c, b.c, -1), a.v - b.v, a.spikeLayer, a.crossedLazy, join(a.dep, b.dep), a.e - b.e, a.t - b.t);
  }
  private times(a: Value, k: number): Value {
    return new Value(this.space, scaleVec(a.c, k), a.v * k, a.spikeLayer, a.crossedLazy, a.dep, a.e * k, a.t * k);
  }

  /**
   * Sign of a - b at the point, then just below the held parameter (when there is one), then just
   * below the level (E down), then for each size alone in order (tieOrder: wider layers all at once
   * would decide nothing more).
   */
  private cmp(a: Value, b: Value): number {
    const diff = a.v - b.v;
    if (diff > this.tol || diff < -this.tol) return diff > 0 ? 1 : -1;
    // Then each size alone, in order (the slots below E): the first coefficient that differs.
    return tieOrder(a.t - b.t, a.e - b.e) || firstDifference(a.c, b.c, this.nE);
  }
  private differ(a: Value, b: Value): boolean {
    return !eqVec(a.c, b.c);
  }
  /** Keeps the decision "big >= small" as a condition; the result depends on it and on both sides. */
  private decide(result: Value, big: Value, small: Value): Value {
    if (!this.differ(big, small)) return result.with(result.spikeLayer, result.crossedLazy, join(big.dep, small.dep));
    this.conds.push(addVec(big.c, small.c, -1));
    return result.with(result.spikeLayer, result.crossedLazy, { decision: this.conds.length - 1, a: big.dep, b: small.dep, visit: 0 });
  }
  /** max with the decision kept as a condition (ties keep the first). */
  private max(a: V, b: V): V {
    if (!a) return b;
    if (!b) return a;
    // The interior branch: each pattern's own contribution (the most recent spike) is the one used.
    const c = this.interior ? Math.sign(a.spikeLayer - b.spikeLayer) || this.cmp(a, b) : this.cmp(a, b);
    const [win, lose] = c >= 0 ? [a, b] : [b, a];
    return this.decide(win, win, lose);
  }
  private min(a: Value, b: Value, interiorPick?: Value): Value {
    const pick = this.interior && interiorPick ? interiorPick : this.cmp(a, b) <= 0 ? a : b;
    const other = pick === a ? b : a;
    return this.decide(pick, other, pick);
  }

  trace(seq: readonly Pattern[]): TraceResult {
    const { chain } = this;
    const m = chain.m;
    this.conds = [];
    const constraints: Constraint[] = [];
    const params: TraceParam[] = [];
    const phiIn: V[] = [];
    const spikedIn: V[] = [];
    const E = this.unit(this.nE);
    const d = chain.dim;
    // The input kernel is linear: phi has eigenvalue 1/d and no other degree.
    let lam: V[] = new Array(m + 1).fill(null);
    lam[1] = this.unit(d, -1);
    let s: V = null;
    chain.layers.forEach((layer, l) => {
      const p = seq[l];
      const N = this.unit(layer.width);
      const w = layer.weights.map((c) => (c ? this.weight(c) : null));
      phiIn.push(lam[1]);
      spikedIn.push(s);
      if (!layer.act) {
        // The attention head (see pass.ts): lazy d^-j; M of L positions at d^2 each spike y by (M/L) d^-(m-2).
        const mapped = this.mapLazy(lam, w, m);
        if (p === 'specialization') {
          const room = this.sub(E, this.unit(d, HEAD_SPECIALIST_POWER));
          constraints.push({ kind: 'specialization', layer: l, slack: room });
          const logM = this.min(N, room, room);
          params.push({ layer: l, pattern: p, log: logM, atUpper: logM.c === N.c });
          if (m >= 2) mapped[m] = this.max(mapped[m], this.sub(this.sub(logM, N), this.unit(d, m - 2)).with(l, false));
        }
        lam = mapped;
        return;
      }
      // The lazy map through the activation's degrees. A lower layer's spike that goes through it
      // rests on rule (iii) applied to a spike, whatever this layer's pattern: a GFL layer scales
      // the lazy map, and a specialist's lazy neurons pass it beside its own spike (where that one
      // is below it, the lower spike is what goes on).
      const mapped = this.mapLazy(lam, w, m);
      let sNext: V = s && w[1] ? this.add(s, w[1]) : null;
      if (sNext) sNext = sNext.with(sNext.spikeLayer, true);
      let next = mapped;
      if (p === 'gfl') {
        const logD = this.sub(E, N);
        constraints.push({ kind: 'gfl', layer: l, slack: logD });
        params.push({ layer: l, pattern: p, log: logD, atUpper: false });
        next = mapped.map((v, j) => (j === 0 || !v ? v : this.add(v, this.times(logD, j), v.spikeLayer, v.crossedLazy)));
        sNext = sNext && this.add(sNext, logD, sNext.spikeLayer, sNext.crossedLazy);
      } else if (p === 'specialization' || p === 'magnetization') {
        const feed = p === 'specialization' ? lam[1] : s;
        if (!feed) throw new Error(`internal: ${p} at layer ${l + 1} has nothing to act on`);
        let logP: Value;
        if (this.held?.layer === l) {
          // Held: the cost T - lambda must fit below E (and M >= 1 for a specialist).
          logP = this.unit(this.nE + 1);
          constraints.push({ kind: p, layer: l, slack: this.sub(this.add(E, feed), logP) });
          if (p === 'specialization') constraints.push({ kind: 'specialization', layer: l, slack: logP });
        } else {
          const room = this.add(E, feed, -1, false);
          if (p === 'specialization') constraints.push({ kind: 'specialization', layer: l, slack: room });
          logP = this.min(N, room, room);
        }
        params.push({ layer: l, pattern: p, log: logP, atUpper: logP.c === N.c });
        const spike = this.sub(logP, N).with(l, false);
        next = mapped.map((v, j) => (j === 0 || !w[j] ? v : this.max(v, this.add(spike, w[j]!, l, false))));
        if (w[1]) sNext = this.max(sNext, this.add(spike, w[1], l, false));
      }
      lam = next;
      s = sNext;
    });
    const r = chain.readoutWidth >= 0 ? this.unit(chain.readoutWidth) : this.times(E, 0);
    const target = lam[m];
    if (target) constraints.push({ kind: 'readout', layer: chain.layers.length, slack: this.sub(this.add(target, E), r) });
    return new TraceResult(constraints, params, target, phiIn, spikedIn, this.conds, this.space);
  }

  /** lambda'_j = max over k and compositions j_1+...+j_k = j of sum lambda_(j_i) + w_k. */
  private mapLazy(lam: V[], w: V[], m: number): V[] {
    const out: V[] = new Array(m + 1).fill(null);
    let cur: V[] = lam.slice();
    for (let k = 1; k <= m; k++) {
      if (k > 1) {
        const nxt: V[] = new Array(m + 1).fill(null);
        let any = false;
        for (let j = k; j <= m; j++) {
          let best: V = null;
          for (let a = 1; a <= j - k + 1; a++) {
            const x = lam[a];
            const y = cur[j - a];
            if (x && y) best = this.max(best, this.add(x, y));
          }
          nxt[j] = best;
          if (best) any = true;
        }
        cur = nxt;
        if (!any) break;
      }
      const wk = w[k];
      if (!wk) continue;
      for (let j = k; j <= m; j++) {
        const c = cur[j];
        if (c) out[j] = this.max(out[j], this.add(c, wk));
      }
    }
    // A lower layer's spike mapped here has crossed a layer by rule (iii).
    for (let j = 1; j <= m; j++) if (out[j] && out[j]!.spikeLayer >= 0) out[j] = out[j]!.with(out[j]!.spikeLayer, true);
    return out;
  }
}

/**
 * Full floating-point traces are kept for reuse in networks this deep: a full trace of 128 layers
 * costs about a millisecond, and there reuse saved a sixth of a network of one width; from 16 to 32
 * layers the gain and the cost of keeping traces alive were both within the noise.
 */
const BRANCHES_FROM_LAYERS = 48;
/** Branches kept per chain, the latest first (about half a megabyte each at 128 layers of one width). */
const BRANCHES_KEPT = 8;
/** Calls between two tries where branches are seldom reused (see Branches.rate). */
const BRANCHES_RETRY = 16;

interface Branches {
  kept: { key: string; trace: TraceResult }[];
  /**
   * How often a lookup found a branch lately (a moving average, a half at first). A trace kept
   * lives through collections, which costs more than it saves where few are reused: in networks of
   * one width with relu or gelu about half the full traces repeat a branch, steadily from the fifth
   * on; with mixed widths one in ten or twenty. Below 0.15 (twelve misses in a row from the start),
   * traces are neither looked up nor kept, except every BRANCHES_RETRY-th call.
   */
  rate: number;
  skipped: number;
}
const branches = new WeakMap<Chain, Branches>();

/**
 * A sequence's full trace at a float point and level, as `new Tracer(chain, x, E).trace(seq)` gives
 * it. A trace is its sequence and the way each of its decisions went, so a branch traced before is
 * the trace here wherever every decision goes the same way (TraceResult.holdsAt), with its values
 * read again: in a deep network of one width, relu or gelu, about half the full traces repeat a
 * branch traced before (375 of 783 at 128 layers), each a millisecond.
 */
export function floatTrace(chain: Chain, x: Float64Array, E: number, seq: readonly Pattern[]): Trace {
  if (chain.layers.length < BRANCHES_FROM_LAYERS) return new Tracer(chain, x, E).trace(seq);
  let b = branches.get(chain);
  if (!b) branches.set(chain, (b = { kept: [], rate: 0.5, skipped: 0 }));
  if (b.rate < 0.15 && ++b.skipped < BRANCHES_RETRY) return new Tracer(chain, x, E).trace(seq);
  b.skipped = 0;
  const { kept } = b;
  const key = seq.join();
  const n = chain.symbols.length;
  const xE = new Float64Array(n + 2);
  xE.set(x);
  xE[n] = E;
  let scale = 1;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(x[i]));
  const tol = floatTieTolerance(chain, scale);
  for (let i = 0; i < kept.length; i++) {
    const k = kept[i];
    if (k.key !== key || !k.trace.holdsAt(xE, tol)) continue;
    kept.splice(i, 1);
    kept.unshift(k);
    b.rate = 0.9 * b.rate + 0.1;
    return k.trace.at(xE);
  }
  b.rate *= 0.9;
  const trace = new Tracer(chain, x, E).trace(seq);
  kept.unshift({ key, trace });
  if (kept.length > BRANCHES_KEPT) kept.pop();
  return trace;
}

/**
 * A value's form with the level replaced by what the binding constraint makes it (E = -rest/slope),
 * on the integer vectors: no symbolic substitution.
 */
export function formAtLevel(v: Value, binding: Constraint, names: string[]): LinForm {
  const E = names.indexOf(LEVEL);
  const b = binding.slack.c;
  const slope = getVec(b, E);
  const K = binding.slack.scaleK();
  const num = addVec(scaleVec(v.c, slope), scaleVec(b, getVec(v.c, E)), -1);
  const entries: [string, Rational][] = [];
  for (let k = 0; k < num.length && num[k] < E; k += 2) entries.push([names[num[k]], Rational.of(num[k + 1], slope * K)]);
  return LinForm.of(entries);
}

/** The value of a form with the level substituted. */
export function atLevel(f: LinForm, level: LinForm): LinForm {
  return f.substitute({ [LEVEL]: level });
}
