// The exponent linear program (method.md, section 6).
//
// For a fixed choice of one monomial per cost term, the energy at the level of exponents is
//   min over p  max_i (c_i + b_i·p)      subject to the parameter bounds (log M >= 0, log M <= log N, ...)
// where c_i is linear in the log sizes x. Its value is, by LP duality, the maximum over the
// dual-feasible bases of a linear form t_B·x, and the set of dual-feasible bases does not depend
// on x. So we enumerate them once, exactly, and every later question (a regime, numeric sizes, a
// sweep for a chart) is a max over a few linear forms. Each basis is a "branch": which terms
// balance, which bounds bind, the energy and the optimal parameters as monomials in the sizes.

import { LinForm } from '../../src/engine/linform';
import { Rational } from '../../src/engine/rational';

export interface ParamSpec {
  name: string;
  /** log p >= 0 (M >= 1, D >= 1). */
  lower: boolean;
  /** log p <= log upper (M <= N_l): the size symbol. */
  upper?: string;
}

export interface LpTerm {
  /** Monomial over sizes and parameters. */
  form: LinForm;
  label: string;
}

export interface ActiveBound {
  param: string;
  which: 'lower' | 'upper';
  text: string;
}

/**
 * One branch of the optimum. Its energy and parameters are computed in floating point for fast
 * evaluation, and exactly (rationals) on first use, for what is reported.
 */
export class Branch {
  private exact?: { energy: LinForm; params: Record<string, LinForm> };
  constructor(
    readonly rows: Row[],
    readonly basis: number[],
    private readonly paramSpecs: ParamSpec[],
    /** Energy exponent as float coefficients over the problem's size symbols. */
    readonly energyF: Float64Array,
    /** Optimal log-parameters as float coefficients over the size symbols. */
    readonly paramsF: Float64Array[],
    readonly activeTerms: number[],
    readonly activeBounds: ActiveBound[],
  ) {}

  /** Energy exponent as an exact linear form over the sizes. */
  get energy(): LinForm {
    return this.solveExact().energy;
  }
  /** Optimal log-parameters as exact linear forms over the sizes. */
  get params(): Record<string, LinForm> {
    return this.solveExact().params;
  }

  private solveExact() {
    if (this.exact) return this.exact;
    const inv = invertExact(this.basis.map((i) => this.rows[i].coef));
    if (!inv) throw new Error('internal: a basis that was regular in floating point is singular');
    const solve = (r: Rational[]) => this.basis.reduce((acc, k, j) => acc.add(this.rows[k].rhs.scale(r[j])), LinForm.ZERO);
    const params: Record<string, LinForm> = {};
    this.paramSpecs.forEach((p, j) => (params[p.name] = solve(inv[j + 1])));
    this.exact = { energy: solve(inv[0]), params };
    return this.exact;
  }
}

export type Vec = Float64Array;

export function dot(a: Vec, x: Vec): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * x[i];
  return s;
}

export interface Row {
  coef: Rational[]; // over [t, p1..pk]
  coefF: number[];
  rhs: LinForm; // over sizes
  rhsF: Float64Array; // over the size symbols
  term?: number;
  bound?: ActiveBound;
}

export function toVec(f: LinForm, symbols: string[]): Float64Array {
  const v = new Float64Array(symbols.length);
  for (const [k, r] of f.entries()) {
    const i = symbols.indexOf(k);
    if (i < 0) throw new Error(`internal: unknown size symbol '${k}'`);
    v[i] = r.toNumber();
  }
  return v;
}

export function buildRows(terms: LpTerm[], params: ParamSpec[], symbols: string[]): Row[] {
  // The selections of a candidate share its cost monomials and its bounds: build each row once.
  let boundRows = boundMemo.get(params);
  if (!boundRows) {
    boundRows = [];
    params.forEach((p, j) => {
      const unit = (v: number) => params.map((_, k) => (k === j ? Rational.of(v) : Rational.ZERO));
      if (p.lower) boundRows!.push(makeRow([Rational.ZERO, ...unit(1)], LinForm.ZERO, symbols, { bound: { param: p.name, which: 'lower', text: `${p.name} = 1` } }));
      if (p.upper) boundRows!.push(makeRow([Rational.ZERO, ...unit(-1)], LinForm.sym(p.upper, -1), symbols, { bound: { param: p.name, which: 'upper', text: `${p.name} = ${p.upper}` } }));
    });
    boundMemo.set(params, boundRows);
  }
  const termRows = terms.map((t, i) => {
    let r = termMemo.get(t.form);
    if (!r) {
      const isParam = new Set(params.map((p) => p.name));
      const coef = [Rational.ONE, ...params.map((p) => t.form.get(p.name).neg())];
      r = makeRow(coef, t.form.restrict((s) => !isParam.has(s)), symbols, {});
      termMemo.set(t.form, r);
    }
    return { ...r, term: i };
  });
  return [...termRows, ...boundRows];
}

// Keyed by object identity: a candidate's monomials and parameter list belong to it alone.
const termMemo = new WeakMap<LinForm, Row>();
const boundMemo = new WeakMap<ParamSpec[], Row[]>();

function makeRow(coef: Rational[], rhs: LinForm, symbols: string[], extra: Partial<Row>): Row {
  return { coef, coefF: coef.map((c) => c.toNumber()), rhs, rhsF: toVec(rhs, symbols), ...extra };
}

/**
 * Enumerates the dual-feasible bases: every branch the optimum can take. The enumeration runs in
 * floating point; exact forms are computed only for the branches that get reported. Branches whose
 * energy is coefficient-wise below another's can never be the maximum for sizes > 1 and are dropped.
 */
export function solveBranches(terms: LpTerm[], params: ParamSpec[], symbols: string[]): Branch[] {
  const rows = buildRows(terms, params, symbols);
  const n = params.length + 1;
  const found: Branch[] = [];
  const pick: number[] = [];
  const visit = (start: number) => {
    if (pick.length === n) {
      const b = tryBasis(rows, pick, params, symbols.length);
      if (b) found.push(b);
      return;
    }
    for (let i = start; i <= rows.length - (n - pick.length); i++) {
      const r = rows[i];
      // Both bounds of one parameter cannot bind together (that needs N = 1).
      if (r.bound && pick.some((k) => rows[k].bound?.param === r.bound!.param)) continue;
      pick.push(i);
      visit(i + 1);
      pick.pop();
    }
  };
  visit(0);
  return pruneDominated(found);
}

function pruneDominated(bs: Branch[]): Branch[] {
  const eps = 1e-9;
  const below = (a: Vec, b: Vec) => {
    let strict = false;
    for (let i = 0; i < a.length; i++) {
      if (a[i] > b[i] + eps) return false;
      if (a[i] < b[i] - eps) strict = true;
    }
    return strict;
  };
  const same = (a: Branch, b: Branch) => a.energyF.every((v, i) => Math.abs(v - b.energyF[i]) <= eps) && a.paramsF.every((p, j) => p.every((v, i) => Math.abs(v - b.paramsF[j][i]) <= eps));
  const out: Branch[] = [];
  for (const b of bs) {
    if (bs.some((o) => o !== b && below(b.energyF, o.energyF))) continue;
    if (out.some((o) => same(o, b))) continue;
    out.push(b);
  }
  return out;
}

function tryBasis(rows: Row[], pick: number[], params: ParamSpec[], nsym: number): Branch | undefined {
  if (!pick.some((i) => rows[i].term !== undefined)) return undefined;
  if (!dualFeasible(rows, pick)) return undefined;
  const n = pick.length;
  const inv = invertInto(rows, pick);
  if (!inv) return undefined;
  // Row r of A^-1 times the right-hand sides gives the solution's coordinate r over the sizes.
  const solve = (r: number) => {
    const v = new Float64Array(nsym);
    for (let j = 0; j < n; j++) {
      const f = inv[r * 2 * n + n + j];
      if (f === 0) continue;
      const rhs = rows[pick[j]].rhsF;
      for (let i = 0; i < nsym; i++) v[i] += f * rhs[i];
    }
    return v;
  };
  return new Branch(
    rows,
    [...pick],
    params,
    solve(0),
    params.map((_, j) => solve(j + 1)),
    pick.filter((i) => rows[i].term !== undefined).map((i) => rows[i].term!),
    pick.filter((i) => rows[i].bound).map((i) => rows[i].bound!),
  );
}

let invWork = new Float64Array(0);

/** Gauss-Jordan on [A_S | I] in a shared workspace; the inverse is the right half of each row. */
function invertInto(rows: Row[], pick: number[]): Float64Array | undefined {
  const n = pick.length;
  const w = 2 * n;
  if (invWork.length < n * w) invWork = new Float64Array(n * w);
  const M = invWork;
  for (let r = 0; r < n; r++) {
    const coef = rows[pick[r]].coefF;
    for (let c = 0; c < n; c++) {
      M[r * w + c] = coef[c];
      M[r * w + n + c] = r === c ? 1 : 0;
    }
  }
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r * w + c]) > Math.abs(M[piv * w + c])) piv = r;
    if (Math.abs(M[piv * w + c]) < 1e-12) return undefined;
    if (piv !== c) for (let k = 0; k < w; k++) [M[c * w + k], M[piv * w + k]] = [M[piv * w + k], M[c * w + k]];
    const inv = 1 / M[c * w + c];
    for (let k = 0; k < w; k++) M[c * w + k] *= inv;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r * w + c];
      if (f === 0) continue;
      for (let k = 0; k < w; k++) M[r * w + k] -= f * M[c * w + k];
    }
  }
  return M;
}

// Workspace for the dual screen: most subsets are singular or have a negative multiplier, so this
// runs for every subset and must not allocate.
let work = new Float64Array(0);

/** Solves A_S^T lambda = e_0 in place; true when A_S is regular and lambda >= 0. */
function dualFeasible(rows: Row[], pick: number[]): boolean {
  const n = pick.length;
  const w = n + 1;
  if (work.length < n * w) work = new Float64Array(n * w);
  // Row r of A^T is column r of A: entry (r, j) = rows[pick[j]].coefF[r]; right-hand side e_0.
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < n; j++) work[r * w + j] = rows[pick[j]].coefF[r];
    work[r * w + n] = r === 0 ? 1 : 0;
  }
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(work[r * w + c]) > Math.abs(work[piv * w + c])) piv = r;
    if (Math.abs(work[piv * w + c]) < 1e-12) return false;
    if (piv !== c) for (let k = 0; k < w; k++) [work[c * w + k], work[piv * w + k]] = [work[piv * w + k], work[c * w + k]];
    for (let r = c + 1; r < n; r++) {
      const f = work[r * w + c] / work[c * w + c];
      if (f === 0) continue;
      for (let k = c; k < w; k++) work[r * w + k] -= f * work[c * w + k];
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let v = work[r * w + n];
    for (let k = r + 1; k < n; k++) v -= work[r * w + k] * work[k * w + n];
    v /= work[r * w + r];
    if (v < -1e-9) return false;
    work[r * w + n] = v;
  }
  return true;
}

export function invertExact(A: Rational[][]): Rational[][] | undefined {
  const n = A.length;
  const M = A.map((row, i) => [...row, ...A.map((_, j) => (i === j ? Rational.ONE : Rational.ZERO))]);
  for (let c = 0; c < n; c++) {
    let piv = -1;
    for (let r = c; r < n; r++) if (!M[r][c].isZero()) { piv = r; break; }
    if (piv < 0) return undefined;
    [M[c], M[piv]] = [M[piv], M[c]];
    const inv = Rational.ONE.div(M[c][c]);
    M[c] = M[c].map((v) => v.mul(inv));
    for (let r = 0; r < n; r++) {
      if (r === c || M[r][c].isZero()) continue;
      const f = M[r][c];
      M[r] = M[r].map((v, k) => v.sub(f.mul(M[c][k])));
    }
  }
  return M.map((row) => row.slice(n));
}

/** Is the branch's solution feasible (bounds hold, every term at most the energy) at a point? */
export function branchFeasibleAt(b: Branch, x: Vec, tol = 1e-7): boolean {
  const e = dot(b.energyF, x);
  const p = b.paramsF.map((f) => dot(f, x));
  for (const r of b.rows) {
    // Each row reads coef·(t, p) >= rhs(x).
    let lhs = r.coefF[0] * e;
    for (let j = 0; j < p.length; j++) lhs += r.coefF[j + 1] * p[j];
    if (lhs < dot(r.rhsF, x) - tol) return false;
  }
  return true;
}

/**
 * The optimum at one point: the value and a branch that attains it with a feasible solution, or
 * undefined when no branch is feasible there (the bounds contradict each other, e.g. N < 1).
 */
export function solveAt(branches: Branch[], x: Vec): { value: number; branch: Branch } | undefined {
  let value = -Infinity;
  for (const b of branches) value = Math.max(value, dot(b.energyF, x));
  const tol = 1e-9 * Math.max(1, Math.abs(value));
  const branch = branches.find((b) => Math.abs(dot(b.energyF, x) - value) <= tol && branchFeasibleAt(b, x));
  return branch ? { value, branch } : undefined;
}
