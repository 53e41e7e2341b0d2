// Phase boundaries: where the winning pattern changes. We walk along each size through the design
// point (sizes measured as powers of d, so the walk is one exponent q from 0 upwards), find where
// the winner changes, and read the boundary's equation off the two winners' branches there: both
// energies are exact monomials, so the equation is exact (e.g. N1^2 = N2 d).

import type { Candidate } from './candidates';
import { evaluateCandidate, simplicityCompare, toPoint, TOL, type FloatPoint } from './evaluate';
import { dot, type Vec } from './lp';
import type { LinForm } from './linform';
import { Rational } from './rational';

export interface Boundary {
  /** Winner below and above the crossing along `along`. */
  before: string;
  after: string;
  /** The two energies are equal where this form (over log sizes) vanishes. */
  equation: LinForm;
  along: string;
  /** Exponent of d at which `along` crosses, the other sizes held at the design point. */
  at: number;
}

export interface WinnerSegment {
  from: number;
  to: number;
  winner: string;
}

const STEPS_PER_UNIT = 4;

/** Winners along one size through `base`, as segments of its exponent q in [0, qMax]. */
export function winnerSegments(candidates: Candidate[], base: FloatPoint, along: string, qMax: number): { segments: WinnerSegment[]; crossings: Boundary[] } {
  const segments: WinnerSegment[] = [];
  const crossings: Boundary[] = [];
  if (!candidates.length) return { segments, crossings };
  const symbols = candidates[0].symbols;
  const axis = symbols.indexOf(along);
  const x = toPoint(base, symbols);
  const pointAt = (q: number) => {
    const v = x.slice();
    v[axis] = q;
    return v;
  };
  const line = new LineEvaluator(candidates, x, axis);
  const idAt = (q: number) => line.winnerAt(q);
  const n = Math.max(1, Math.ceil(qMax * STEPS_PER_UNIT));
  let prevQ = 0;
  let prev = idAt(0);
  if (!prev) return { segments, crossings };
  let segStart = 0;
  for (let i = 1; i <= n; i++) {
    const q = (qMax * i) / n;
    const cur = idAt(q);
    if (!cur) continue;
    if (cur !== prev) {
      // Bisect to the switch point.
      let lo = prevQ;
      let hi = q;
      for (let k = 0; k < 30; k++) {
        const mid = (lo + hi) / 2;
        if (idAt(mid) === prev) lo = mid;
        else hi = mid;
      }
      // Read the branches a little away from the crossing: a candidate may change branch exactly
      // there (a bound starts to bind), and the boundary belongs to the branches on either side.
      const off = Math.min(1e-4, (q - prevQ) / 4);
      const leftQ = Math.max(prevQ, lo - off);
      const rightQ = Math.min(q, hi + off);
      const left = evaluateCandidate(candidates.find((c) => c.id === idAt(leftQ))!, pointAt(leftQ))!;
      const right = evaluateCandidate(candidates.find((c) => c.id === idAt(rightQ))!, pointAt(rightQ))!;
      const equation = left.branch.energy.sub(right.branch.energy);
      segments.push({ from: segStart, to: hi, winner: prev });
      segStart = hi;
      if (!equation.isZero()) crossings.push({ before: left.candidate.id, after: right.candidate.id, equation, along, at: hi });
    }
    prev = cur;
    prevQ = q;
  }
  segments.push({ from: segStart, to: qMax, winner: prev });
  return { segments, crossings };
}

/** Boundaries met along every size symbol through the design point, de-duplicated. */
export function findBoundaries(candidates: Candidate[], base: FloatPoint, symbols: string[]): Boundary[] {
  const out: Boundary[] = [];
  const seen = new Set<string>();
  for (const s of symbols) {
    const qMax = Math.max(10, 2 * (base[s] ?? 0) + 2);
    for (const b of winnerSegments(candidates, base, s, qMax).crossings) {
      const key = [b.before, b.after].sort().join('|') + '|' + normalizedKey(b.equation);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(b);
    }
  }
  return out;
}

function normalizedKey(f: LinForm): string {
  const e = f.entries().sort(([a], [b]) => a.localeCompare(b));
  if (!e.length) return '';
  const lead = e[0][1];
  return f.scale(Rational.ONE.div(lead)).key();
}

/**
 * Along one axis every branch energy is a line alpha + beta q, so a sweep evaluates two numbers
 * per branch instead of a dot product: this is what keeps charts and boundaries cheap.
 */
export class LineEvaluator {
  private alpha: Float64Array;
  private beta: Float64Array;
  /** Per candidate, per selection: [start, end) into alpha/beta. */
  private spans: number[][][] = [];
  private order: Candidate[];

  constructor(candidates: Candidate[], x: Vec, axis: number) {
    // Sorted by simplicity once, so ties go to the first candidate met.
    this.order = [...candidates].sort(simplicityCompare);
    const total = this.order.reduce((n, c) => n + c.selections.reduce((m, s) => m + s.branches.length, 0), 0);
    this.alpha = new Float64Array(total);
    this.beta = new Float64Array(total);
    let k = 0;
    for (const c of this.order) {
      const sels: number[][] = [];
      for (const s of c.selections) {
        const start = k;
        for (const b of s.branches) {
          this.beta[k] = b.energyF[axis];
          this.alpha[k] = dot(b.energyF, x) - b.energyF[axis] * x[axis];
          k++;
        }
        if (k > start) sels.push([start, k]);
      }
      this.spans.push(sels);
    }
  }

  value(ci: number, q: number): number {
    let best = Infinity;
    for (const [a, b] of this.spans[ci]) {
      let v = -Infinity;
      for (let k = a; k < b; k++) {
        const e = this.alpha[k] + this.beta[k] * q;
        if (e > v) v = e;
      }
      if (v < best) best = v;
    }
    return best;
  }

  winnerAt(q: number): string | undefined {
    let best = Infinity;
    let id: string | undefined;
    this.order.forEach((c, ci) => {
      if (!this.spans[ci].length) return;
      const v = this.value(ci, q);
      if (id === undefined || v < best - TOL * Math.max(1, Math.abs(best))) {
        best = v;
        id = c.id;
      }
    });
    return id;
  }
}
