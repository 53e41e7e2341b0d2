// The oracle's entry: every candidate of a problem, ranked at a point (see candidates.ts).

import type { ScaleProblem } from '../../src/engine/problem';
import { buildCandidate, enumerateAssignments, type Candidate } from './candidates';
import { rank, type FloatPoint, type Ranking } from './evaluate';

/**
 * The candidates of the last architecture asked: the tests ask one architecture at many points in a
 * row. One only, since those of 4 hidden layers take about 100 MB (136 candidates, 1,301 selections):
 * a cache of 256 architectures kept 750 MB alive after the oracle's tests and 800 MB after the walks',
 * through the rest of a test run, where every collection marked them and the timed tests that came
 * later (linearity) read some inputs five times slower, and failed.
 */
let last: { key: string; candidates: Candidate[] } | undefined;

/** Every admissible candidate of a problem (kept while the same architecture is asked again). */
export function oracleCandidates(problem: ScaleProblem): Candidate[] {
  const key = JSON.stringify([problem.dim, problem.degree, problem.readout, problem.hidden]);
  if (last?.key !== key) {
    last = undefined; // the old architecture's candidates go before the new one's are made
    const candidates = enumerateAssignments(problem)
      .map((p) => buildCandidate(problem, p))
      .filter((x) => x.selections.some((s) => s.branches.length));
    last = { key, candidates };
  }
  return last.candidates;
}

/** Lets the last architecture's candidates go (a test file that used the oracle, when it ends). */
export function forgetOracle(): void {
  last = undefined;
}

export function oracleRank(problem: ScaleProblem, point: FloatPoint): Ranking | undefined {
  return rank(oracleCandidates(problem), point);
}

export { simplicityCompare } from './evaluate';
export type { Candidate } from './candidates';
export type { Ranking, Evaluation, FloatPoint } from './evaluate';
