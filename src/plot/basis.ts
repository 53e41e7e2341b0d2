// How a chart ties the sizes to d. The engine's exponents are exact; a chart keeps them exact
// wherever the basis is: a regime always is, numeric sizes are when log N / log d is a small
// fraction (N1 = 10000 at d = 100 is exactly d^2), and the reference point is d^2.

import { Rational, REFERENCE_EXPONENT, type ScaleProblem } from '../engine/index';
import { assignmentsText, powerText } from '../report/format';
import type { Basis } from './types';

/** The fraction with a denominator of at most `maxDen` within `tol` of x, if there is one. */
export function toRational(x: number, maxDen = 24, tol = 1e-9): Rational | undefined {
  if (!Number.isFinite(x)) return undefined;
  for (let den = 1; den <= maxDen; den++) {
    const num = Math.round(x * den);
    if (Math.abs(num / den - x) <= tol * Math.max(1, Math.abs(x))) return Rational.of(num, den);
  }
  return undefined;
}


function describe(kind: Basis['kind'], widths: string[], dim: string, exact: Record<string, string | undefined>, exps: Record<string, number>): string {
  const list = assignmentsText(widths.map((s) => [s, powerText(dim, exact[s] ?? exps[s])]));
  if (kind === 'regime') return `regime ${list}`;
  if (kind === 'sizes') return `the sizes (${list})`;
  return `the reference point (${list}; no regime or sizes given)`;
}

function make(kind: Basis['kind'], widths: string[], dim: string, exps: Record<string, number>, exactIn?: Record<string, Rational>): Basis {
  const exact: Record<string, string | undefined> = {};
  for (const s of widths) exact[s] = (exactIn?.[s] ?? toRational(exps[s]))?.toString();
  return { kind, exponents: exps, exact, text: describe(kind, widths, dim, exact, exps) };
}

export function regimeBasis(problem: ScaleProblem, widths: string[]): Basis | undefined {
  const reg = problem.regime;
  if (!reg || widths.some((s) => !reg[s])) return undefined;
  const exps: Record<string, number> = {};
  for (const s of widths) exps[s] = reg[s].toNumber();
  return make('regime', widths, problem.dim, exps, reg);
}

/** Numeric sizes as powers of d (needs every size, and d > 1). */
export function sizesBasis(problem: ScaleProblem, widths: string[], sizes: Record<string, number>): Basis | undefined {
  const d = sizes[problem.dim];
  if (!(d > 1) || widths.some((s) => !(sizes[s] > 0))) return undefined;
  const exps: Record<string, number> = {};
  for (const s of widths) exps[s] = Math.log(sizes[s]) / Math.log(d);
  return make('sizes', widths, problem.dim, exps);
}

export function referenceBasis(problem: ScaleProblem, widths: string[]): Basis {
  const exps: Record<string, number> = {};
  const exact: Record<string, Rational> = {};
  for (const s of widths) {
    exps[s] = REFERENCE_EXPONENT;
    exact[s] = Rational.of(REFERENCE_EXPONENT);
  }
  return make('reference', widths, problem.dim, exps, exact);
}
