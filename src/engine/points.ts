// The points an analysis is read at: the regime (every size a power of d; exact, in units of
// log d), the numeric sizes (natural logs, rounded to multiples of 2^-20 for the exact passes), and
// the reference point (every width and context ∝ d^2) when neither is given.

import type { ScaleProblem } from './problem';
import { Rational } from './rational';
import type { Point } from './solve';

/** Without a regime or sizes, the winner is named at widths ∝ d^2: wide, and off the usual edges (N = d). */
export const REFERENCE_EXPONENT = 2;

/** Logs of numeric sizes are rounded to this grid for the exact passes. */
export const LOG_GRID = 2 ** 20;

export function pointOf(exact: Rational[]): Point {
  return { exact, float: Float64Array.from(exact, (r) => r.toNumber()) };
}

/** The point with one size moved to q (a walk reads hundreds): every point's floats are its exact values' floats (pointOf). */
export function pointWith(base: Point, axis: number, q: Rational): Point {
  const exact = base.exact.slice();
  exact[axis] = q;
  const float = base.float.slice();
  float[axis] = q.toNumber();
  return { exact, float };
}

/** The regime point, or the symbols it leaves untied. */
export function regimePoint(problem: ScaleProblem, symbols: string[]): { point?: Point; missing: string[] } {
  if (!problem.regime) return { missing: [] };
  const regime = problem.regime;
  const missing = symbols.filter((s) => s !== problem.dim && !Object.hasOwn(regime, s));
  if (missing.length) return { missing };
  return { point: pointOf(symbols.map((s) => (s === problem.dim ? Rational.ONE : regime[s]))), missing: [] };
}

/** Denominators up to this make a size an exact power of d (N = 1024 at d = 4096 is d^(5/6)). */
const POWER_DEN = 64;

/**
 * The numeric sizes as a point (natural logs), or the symbols without a value. Logs are rounded to
 * the grid, except that a size that is a power of d with a small fraction as exponent (1024 at
 * d = 4096, d^(5/6); powers of two make these common) stays exactly that multiple of log d: two
 * sequences that tie under those exponents tie exactly here too, and the method's simplicity rule
 * names the winner, not the grid's rounding (rounded apart, 3% of such models of 1 to 4 layers
 * named another winner, with another formula for P*).
 */
export function sizesPoint(problem: ScaleProblem, symbols: string[]): { point?: Point; missing: string[] } {
  const sizes = problem.sizes ?? {};
  const missing = symbols.filter((s) => !(Object.hasOwn(sizes, s) && sizes[s] > 0 && Number.isFinite(sizes[s])));
  if (missing.length) return { missing };
  // Every pass reads the rounded logs, so that floating point and exact passes agree on E*.
  const grid = (v: number) => Rational.of(Math.round(Math.log(v) * LOG_GRID), LOG_GRID);
  const d = Object.hasOwn(sizes, problem.dim) ? sizes[problem.dim] : 0;
  const logD = d > 1 ? grid(d) : undefined;
  const exact = symbols.map((s) => {
    if (!logD || s === problem.dim) return grid(sizes[s]);
    const ratio = Math.log(sizes[s]) / Math.log(d);
    const power = Rational.approx(ratio, 1e-12 * Math.max(1, Math.abs(ratio)), POWER_DEN);
    return power ? logD.mul(power) : grid(sizes[s]);
  });
  return { point: pointOf(exact), missing: [] };
}

export function referencePoint(problem: ScaleProblem, symbols: string[]): Point {
  return pointOf(symbols.map((s) => (s === problem.dim ? Rational.ONE : Rational.of(REFERENCE_EXPONENT))));
}

/**
 * A point in units of d (log d = 1), where boundaries are walked: the regime and reference points
 * already are; numeric sizes are divided by log d and their exponents read as fractions.
 */
export function inUnitsOfD(point: Point, dim: number): Point | undefined {
  const xd = point.float[dim];
  if (!(xd > 0)) return undefined;
  // On one grid (2^-20), so that exact passes there share a small common denominator; a size that
  // sizesPoint kept an exact power of d stays that fraction (5/6 is on no binary grid).
  return pointOf(
    Array.from(point.float, (v, i) => {
      const exact = point.exact[i]?.div(point.exact[dim]);
      return exact && exact.den <= POWER_DEN ? exact : Rational.of(Math.round((v / xd) * LOG_GRID), LOG_GRID);
    }),
  );
}
