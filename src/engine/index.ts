// The scale analysis: every candidate pattern, minimised exactly, ranked at the design point,
// with phase boundaries. Pure TypeScript: no Node, no VS Code; it also runs in a browser worker.

import { findBoundaries, type Boundary } from './boundaries';
import { buildCandidate, enumerateAssignments, type Candidate, type Selection } from './candidates';
import { rank, type Evaluation, type FloatPoint, type Ranking } from './evaluate';
import type { Branch } from './lp';
import { sizeSymbols, type ScaleProblem } from './problem';
import { Rational } from './rational';

export interface SymbolicBranch {
  selection: Selection;
  branch: Branch;
}

export interface CandidateAnalysis {
  candidate: Candidate;
  /** The branch with every parameter interior (when it exists), for results without a point. */
  symbolic?: SymbolicBranch;
  /** At the regime (log d = 1): exponent of d, exactly. */
  atRegime?: { evaluation: Evaluation; inD: Rational };
  /** At the numeric sizes (natural logs). */
  atSizes?: Evaluation;
}

export interface Analysis {
  problem: ScaleProblem;
  /** Size symbols, widths first then d. */
  symbols: string[];
  candidates: CandidateAnalysis[];
  regimePoint?: FloatPoint;
  /** The regime point exactly: each size's exponent of d. */
  regimeExact?: Record<string, Rational>;
  sizesPoint?: FloatPoint;
  /**
   * Ranking at the design point: the numeric sizes when complete, else the regime, else the
   * reference point (every width and context ∝ d^REFERENCE_EXPONENT), which is said in the result.
   */
  ranking?: Ranking;
  design?: 'sizes' | 'regime' | 'reference';
  /** Ranking under the regime (for inD and ties), when there is a regime. */
  regimeRanking?: Ranking;
  boundaries: Boundary[];
  nearBoundary?: boolean;
  /** What was missing for a point, in words. */
  missing: string[];
}


/**
 * Builds every admissible candidate with its branches: the expensive part, which depends only on
 * the architecture (layers, degree, readout), never on sizes or regime. So it is cached by that
 * structure: the models of a file that share an architecture, an edit that only changes sizes,
 * and a what-if slider all reuse it. Candidates are immutable once built.
 */
export function prepareCandidates(problem: ScaleProblem): Candidate[] {
  const key = JSON.stringify([problem.dim, problem.degree, problem.readout, problem.hidden.map((h) => (h.kind === 'dense' ? [h.width, h.activation] : [h.context, h.heads]))]);
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key); // refresh its place in the LRU order
    cache.set(key, hit);
    return hit;
  }
  const built = enumerateAssignments(problem)
    .map((p) => buildCandidate(problem, p))
    .filter((c) => c.selections.some((s) => s.branches.length));
  cache.set(key, built);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return built;
}

const CACHE_SIZE = 64;
const cache = new Map<string, Candidate[]>();

/** Empties the architecture cache (for benchmarks that measure the first analysis). */
export function clearCandidateCache(): void {
  cache.clear();
}

export function regimePoint(problem: ScaleProblem, symbols = sizeSymbols(problem)): { point?: FloatPoint; exact?: Record<string, Rational>; missing: string[] } {
  if (!problem.regime) return { missing: [] };
  const missing = symbols.filter((s) => s !== problem.dim && !problem.regime![s]);
  if (missing.length) return { missing };
  const exact: Record<string, Rational> = {};
  const point: FloatPoint = {};
  for (const s of symbols) {
    exact[s] = s === problem.dim ? Rational.ONE : problem.regime[s];
    point[s] = s === problem.dim ? 1 : problem.regime[s].toNumber();
  }
  return { point, exact, missing: [] };
}

export function sizesPoint(problem: ScaleProblem, symbols = sizeSymbols(problem)): { point?: FloatPoint; missing: string[] } {
  const sizes = problem.sizes ?? {};
  const missing = symbols.filter((s) => !(sizes[s] > 0));
  if (missing.length) return { missing };
  const point: FloatPoint = {};
  for (const s of symbols) point[s] = Math.log(sizes[s]);
  return { point, missing };
}

/** Without a regime or sizes, the winner is named at widths ∝ d^2: wide, and off the usual edges (N = d). */
export const REFERENCE_EXPONENT = 2;

export function analyze(problem: ScaleProblem, prepared?: Candidate[]): Analysis {
  const symbols = sizeSymbols(problem);
  const candidates = prepared ?? prepareCandidates(problem);
  const reg = regimePoint(problem, symbols);
  const num = sizesPoint(problem, symbols);
  const missing: string[] = [];
  if (problem.regime && reg.missing.length) missing.push(`the regime does not tie ${reg.missing.join(', ')} to ${problem.dim}`);
  if (problem.sizes && num.missing.length) missing.push(`no numeric value for ${num.missing.join(', ')}`);

  const out: CandidateAnalysis[] = candidates.map((c) => ({ candidate: c, symbolic: symbolicBranch(c) }));
  const byCandidate = new Map(out.map((ca) => [ca.candidate, ca]));
  const of = (ev: Evaluation) => byCandidate.get(ev.candidate)!;
  let regimeRanking: Ranking | undefined;
  if (reg.point) {
    // The ranking evaluates every candidate once; each keeps its own evaluation.
    regimeRanking = rank(candidates, reg.point);
    for (const ev of regimeRanking?.all ?? []) of(ev).atRegime = { evaluation: ev, inD: ev.branch.energy.evalExact(reg.exact!) };
  }
  let sizesRanking: Ranking | undefined;
  if (num.point) {
    sizesRanking = rank(candidates, num.point);
    for (const ev of sizesRanking?.all ?? []) of(ev).atSizes = ev;
  }
  let ranking = sizesRanking ?? regimeRanking;
  let design: Analysis['design'] = sizesRanking ? 'sizes' : regimeRanking ? 'regime' : undefined;
  if (!ranking && !reg.point && !num.point) {
    // Nothing fixes the sizes: name the pattern that wins for a generic wide network, and say so.
    const ref: FloatPoint = {};
    for (const s of symbols) ref[s] = s === problem.dim ? 1 : REFERENCE_EXPONENT;
    ranking = rank(candidates, ref);
    design = ranking ? 'reference' : undefined;
  }

  // Boundaries are found in units of d: the regime point, or the numeric sizes divided by log d.
  let base: FloatPoint | undefined = reg.point;
  if (!base && num.point && num.point[problem.dim] > 0) {
    base = {};
    for (const s of symbols) base[s] = num.point[s] / num.point[problem.dim];
  }
  const boundaries = base ? findBoundaries(candidates, base, symbols.filter((s) => s !== problem.dim)) : [];

  let nearBoundary: boolean | undefined;
  if (sizesRanking) nearBoundary = !!sizesRanking.runnerUp && Math.exp(sizesRanking.runnerUp.value - sizesRanking.winner.value) <= 4;

  return {
    problem,
    symbols,
    candidates: out,
    regimePoint: reg.point,
    regimeExact: reg.exact,
    sizesPoint: num.point,
    ranking,
    design,
    regimeRanking,
    boundaries,
    nearBoundary,
    missing,
  };
}

/** The intended selection's branch with the fewest binding bounds (none: the interior branch). */
export function symbolicBranch(c: Candidate): SymbolicBranch | undefined {
  const sel = c.selections.find((s) => s.intended && s.branches.length) ?? c.selections.find((s) => s.branches.length);
  if (!sel) return undefined;
  const branch = sel.branches.reduce((a, b) => (b.activeBounds.length < a.activeBounds.length ? b : a));
  return { selection: sel, branch };
}

export type { Candidate, Selection } from './candidates';
export type { Branch } from './lp';
export type { Boundary } from './boundaries';
export type { Evaluation, Ranking, FloatPoint } from './evaluate';
export type { ScaleProblem, HiddenSpec } from './problem';
export { sizeSymbols } from './problem';
export { rank, evaluateCandidate } from './evaluate';
export { winnerSegments } from './boundaries';
