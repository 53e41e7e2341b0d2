// Evaluating candidates at a point of log-size space: a regime (every size a power of d, with
// log d = 1) or numeric sizes (natural logs). A candidate's energy there is the cheapest selection,
// and a selection's value is the largest of its branches (lp.ts).

import type { Candidate, Selection } from './candidates';
import { PATTERN_ORDER } from './candidates';
import { branchFeasibleAt, dot, type Branch, type Vec } from './lp';

export const TOL = 1e-9;

export type FloatPoint = Record<string, number>;

export interface Evaluation {
  candidate: Candidate;
  /** Energy exponent at the point (in the point's log units). */
  value: number;
  selection: Selection;
  branch: Branch;
}

export function toPoint(x: FloatPoint, symbols: string[]): Vec {
  const v = new Float64Array(symbols.length);
  symbols.forEach((s, i) => {
    if (x[s] === undefined) throw new Error(`no value for '${s}'`);
    v[i] = x[s];
  });
  return v;
}

export function selectionValue(s: Selection, x: Vec): number {
  let v = -Infinity;
  for (const b of s.branches) {
    const e = dot(b.energyF, x);
    if (e > v) v = e;
  }
  return v;
}

const near = (a: number, b: number) => Math.abs(a - b) <= TOL * Math.max(1, Math.abs(a));

function rankSel(s: Selection): number {
  return (s.intended ? 0 : 2) + (s.fallback ? 1 : 0);
}

/** The candidate's energy at x and the selection that gives it (cheap: no branch detail). */
function bestSelection(c: Candidate, x: Vec): { s: Selection; v: number } | undefined {
  let best: { s: Selection; v: number } | undefined;
  for (const s of c.selections) {
    if (!s.branches.length) continue;
    const v = selectionValue(s, x);
    // Among equal values prefer the intended selection, then one without a lazy fallback.
    if (!best || (v < best.v && !near(v, best.v)) || (near(v, best.v) && rankSel(s) < rankSel(best.s))) best = { s, v };
  }
  return best;
}

export function candidateValue(c: Candidate, x: Vec): number | undefined {
  return bestSelection(c, x)?.v;
}

export function evaluateCandidate(c: Candidate, point: FloatPoint | Vec): Evaluation | undefined {
  const x = point instanceof Float64Array ? point : toPoint(point, c.symbols);
  const best = bestSelection(c, x);
  if (!best) return undefined;
  return { candidate: c, value: best.v, selection: best.s, branch: activeBranch(best.s, x, best.v) };
}

/** The branch that is optimal at x: value equal to the selection's, and its solution feasible there. */
export function activeBranch(s: Selection, x: Vec, v = selectionValue(s, x)): Branch {
  const tops = s.branches.filter((b) => near(dot(b.energyF, x), v));
  const feasible = tops.filter((b) => branchFeasibleAt(b, x));
  const pool = feasible.length ? feasible : tops;
  // Where the optimum is not unique, the pattern does no more than it must: smallest parameters.
  const size = (b: Branch) => b.paramsF.reduce((acc, p) => acc + dot(p, x), 0);
  return pool.reduce((a, b) => (size(b) < size(a) - 1e-9 ? b : a));
}

/** Simplest first: fewer non-lazy layers, then pattern order compared from the first layer. */
export function simplicityCompare(a: Candidate, b: Candidate): number {
  if (a.nonLazy !== b.nonLazy) return a.nonLazy - b.nonLazy;
  for (let i = 0; i < Math.min(a.patterns.length, b.patterns.length); i++) {
    const d = PATTERN_ORDER.indexOf(a.patterns[i]) - PATTERN_ORDER.indexOf(b.patterns[i]);
    if (d) return d;
  }
  return 0;
}

export interface Ranking {
  winner: Evaluation;
  /** Candidates that share the winner's exponent (including the winner). */
  tied: Evaluation[];
  /** The best candidate not tied with the winner. */
  runnerUp?: Evaluation;
  all: Evaluation[];
}

/** The winning candidate at x (ties broken by simplicity), without branch detail: for sweeps. */
export function winnerAt(candidates: Candidate[], x: Vec): { candidate: Candidate; value: number } | undefined {
  let best: { candidate: Candidate; value: number } | undefined;
  for (const c of candidates) {
    const v = candidateValue(c, x);
    if (v === undefined) continue;
    if (!best || (v < best.value && !near(v, best.value)) || (near(v, best.value) && simplicityCompare(c, best.candidate) < 0)) best = { candidate: c, value: v };
  }
  return best;
}

export function rank(candidates: Candidate[], point: FloatPoint | Vec): Ranking | undefined {
  if (!candidates.length) return undefined;
  const x = point instanceof Float64Array ? point : toPoint(point, candidates[0].symbols);
  const evs = candidates.map((c) => evaluateCandidate(c, x)).filter((e): e is Evaluation => !!e);
  if (!evs.length) return undefined;
  evs.sort((a, b) => (near(a.value, b.value) ? simplicityCompare(a.candidate, b.candidate) : a.value - b.value));
  const winner = evs[0];
  const tied = evs.filter((e) => near(e.value, winner.value));
  const runnerUp = evs.find((e) => !tied.includes(e));
  return { winner, tied, runnerUp, all: evs };
}
