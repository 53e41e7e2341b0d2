// The oracle's entry: every candidate of a problem, ranked at a point (see candidates.ts).

import type { ScaleProblem } from '../../src/engine/problem';
import { buildCandidate, enumerateAssignments, type Candidate } from './candidates';
import { rank, type FloatPoint, type Ranking } from './evaluate';

const cache = new Map<string, Candidate[]>();

/** Every admissible candidate, cached by architecture (the tests evaluate many points of each). */
export function oracleCandidates(problem: ScaleProblem): Candidate[] {
  const key = JSON.stringify([problem.dim, problem.degree, problem.readout, problem.hidden]);
  let c = cache.get(key);
  if (!c) {
    c = enumerateAssignments(problem)
      .map((p) => buildCandidate(problem, p))
      .filter((x) => x.selections.some((s) => s.branches.length));
    if (cache.size > 256) cache.clear();
    cache.set(key, c);
  }
  return c;
}

export function oracleRank(problem: ScaleProblem, point: FloatPoint): Ranking | undefined {
  return rank(oracleCandidates(problem), point);
}

export { simplicityCompare } from './evaluate';
export type { Candidate } from './candidates';
export type { Ranking, Evaluation, FloatPoint } from './evaluate';
