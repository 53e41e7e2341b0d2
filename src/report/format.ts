// How exponents read for people: "√(N·d)", "N1^2 = N2 d", "N >= d". Pure string work.

import { LinForm } from '../engine/linform';
import { Rational, lcm } from '../engine/rational';

/** How a value beyond floating point (a monomial at huge sizes) reads, instead of "Infinity". */
export const OVERFLOW_TEXT = 'beyond floating point (over 1.8e308)';

/** Orders symbols: kappa, then the sizes in the model's order (widths first, d last). */
export function orderSymbols(symbols: string[], order: string[]): string[] {
  const rank = (s: string) => (s === 'kappa' ? -1 : order.indexOf(s) < 0 ? order.length : order.indexOf(s));
  return [...symbols].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

const SUPER: Record<string, string> = { '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', '-': '⁻' };
const sup = (s: string) => [...s].map((c) => SUPER[c] ?? c).join('');

/** Plain text: "N^(1/2) d^(1/2)", "d^3", "1". */
export function plainMonomial(f: LinForm, order: string[]): string {
  const syms = orderSymbols(f.symbols(), order);
  if (!syms.length) return '1';
  return syms
    .map((s) => {
      const e = f.get(s);
      if (e.equals(Rational.ONE)) return s;
      return e.den === 1 ? `${s}^${e}` : `${s}^(${e})`;
    })
    .join(' ');
}

/**
 * Pretty text for hints and hovers: "√(N·d)", "∛(N1·N2·d)", "d³", "√(N/d)", "∛(N2²/(N1·d))",
 * "(N·d)^(3/4)". Roots of integer powers when the exponents share a small denominator.
 */
export function prettyMonomial(f: LinForm, order: string[]): string {
  const syms = orderSymbols(f.symbols(), order);
  if (!syms.length) return '1';
  const exps = syms.map((s) => f.get(s));
  // Only negative exponents: one over the positive monomial ("1/√(N·d)", "1/d³").
  if (exps.every((e) => e.sign() < 0)) {
    const inv = prettyMonomial(f.neg(), order);
    return `1/${/^[√∛∜(]/.test(inv) || !/[·/]/.test(inv) ? inv : `(${inv})`}`;
  }
  const same = exps.every((e) => e.equals(exps[0]));
  if (same && exps[0].sign() > 0 && syms.length > 1) {
    const e = exps[0];
    const inner = syms.join('·');
    if (e.equals(Rational.ONE)) return inner;
    if (e.num === 1 && ROOTS[e.den]) return `${ROOTS[e.den]}(${inner})`;
    return e.den === 1 ? `(${inner})${sup(String(e.num))}` : `(${inner})^(${e})`;
  }
  const q = exps.reduce((acc, e) => lcm(acc, e.den), 1);
  const power = (s: string, n: number) => (n === 1 ? s : `${s}${sup(String(n))}`);
  const ints = syms.map((s, i) => ({ s, n: exps[i].num * (q / exps[i].den) }));
  const num = ints.filter((x) => x.n > 0).map((x) => power(x.s, x.n));
  const den = ints.filter((x) => x.n < 0).map((x) => power(x.s, -x.n));
  const numText = num.length ? num.join('·') : '1';
  const denText = den.length > 1 ? `(${den.join('·')})` : den[0];
  const body = den.length ? `${numText}/${denText}` : numText;
  if (q === 1) return body;
  if (ROOTS[q]) return syms.length === 1 && !den.length && ints[0].n === 1 ? `${ROOTS[q]}${body}` : `${ROOTS[q]}(${body})`;
  return `(${body})^(1/${q})`;
}

const ROOTS: Record<number, string> = { 2: '√', 3: '∛', 4: '∜' };

/** An exponent of d for text: "3", "(3/2)". */
export function exponentText(e: string): string {
  const m = /^(-?\d+)\/(\d+)$/.exec(e);
  // Exponents read off numeric sizes sit on a fine grid (2^-20): show those as decimals.
  if (m && Number(m[2]) > 1000) return `${Number((Number(m[1]) / Number(m[2])).toPrecision(3))}`;
  return e.includes('/') ? `(${e})` : e;
}

/** Integer exponents of both sides of `f = 0` or `f >= 0`: positive part and negative part. */
function integerSides(f: LinForm): { pos: LinForm; neg: LinForm } {
  const m = f.entries().reduce((acc, [, v]) => lcm(acc, v.den), 1);
  const g = f.scale(Rational.of(m));
  const ints = g.entries().map(([, v]) => Math.abs(v.num));
  const div = ints.reduce((a, b) => gcdInt(a, b), 0) || 1;
  const h = g.scale(Rational.of(1, div));
  return {
    pos: LinForm.of(h.entries().filter(([, v]) => v.sign() > 0)),
    neg: LinForm.of(h.entries().filter(([, v]) => v.sign() < 0).map(([k, v]) => [k, v.neg()] as [string, Rational])),
  };
}

function gcdInt(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Which side goes first: the one whose first symbol comes first in the model's order. */
function firstRank(f: LinForm, order: string[]): number {
  const syms = orderSymbols(f.symbols(), order);
  return syms.length ? order.indexOf(syms[0]) : Number.MAX_SAFE_INTEGER;
}

/** `f = 0` as "N1^2 = N2 d". */
export function equationText(f: LinForm, order: string[]): string {
  const { pos, neg } = integerSides(f);
  const [l, r] = firstRank(pos, order) <= firstRank(neg, order) ? [pos, neg] : [neg, pos];
  return `${plainMonomial(l, order)} = ${plainMonomial(r, order)}`;
}

/** `f >= 0` as "N >= d" or "N <= d^5". */
export function conditionText(f: LinForm, order: string[]): string {
  const { pos, neg } = integerSides(f);
  if (firstRank(pos, order) <= firstRank(neg, order)) return `${plainMonomial(pos, order)} >= ${plainMonomial(neg, order)}`;
  return `${plainMonomial(neg, order)} <= ${plainMonomial(pos, order)}`;
}

/** Sequences longer than this are shown with runs of one pattern counted. */
const SHORT_SEQUENCE = 8;

/**
 * A pattern sequence for reading: as it is when short; deeper, each run of one pattern counted
 * ("gfl-gp×30-gfl-gp×92-specialization-gp×3"), so a 128-layer winner fits on a line. The JSON keeps
 * the full id.
 */
export function sequenceText(id: string): string {
  const parts = id.split('-');
  if (parts.length <= SHORT_SEQUENCE) return id;
  const runs: string[] = [];
  for (let i = 0; i < parts.length; ) {
    let j = i;
    while (j < parts.length && parts[j] === parts[i]) j++;
    runs.push(j - i > 1 ? `${parts[i]}×${j - i}` : parts[i]);
    i = j;
  }
  return runs.join('-');
}

/** Sizes along which the winner holds over the same range, grouped: a deep model has a hundred. */
export function groupedRanges(ranges: readonly { along: string; from: string; to: string }[]): { along: string; from: string; to: string }[] {
  const groups = new Map<string, { names: string[]; from: string; to: string }>();
  for (const r of ranges) {
    const key = `${r.from}|${r.to}|${r.along === 'd'}`;
    const g = groups.get(key);
    if (g) g.names.push(r.along);
    else groups.set(key, { names: [r.along], from: r.from, to: r.to });
  }
  return [...groups.values()].map((g) => ({
    along: g.names.length <= 4 ? g.names.join(', ') : `${g.names.slice(0, 3).join(', ')}, …, ${g.names[g.names.length - 1]} (${g.names.length} sizes)`,
    from: g.from,
    to: g.to,
  }));
}
