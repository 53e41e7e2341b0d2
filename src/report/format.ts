// How results read for people: the one module of text presentation. Monomials ("√(N·d)",
// "N1^2 = N2 d"), powers of d, numbers and names, for every surface (CLI, hints and hovers, the
// chart and its webview, SVG). Pure string work.

import { LinForm, Rational, gcd, lcm } from '../engine/index';
import type { Exponents, MonomialResult, PStarResult } from '../contract/result';
import { lookupTable } from '../model/names';

/** How a value beyond floating point (a monomial at huge sizes) reads, instead of "Infinity". */
export const OVERFLOW_TEXT = 'beyond floating point (over 1.8e308)';

// ---------------------------------------------------------------- characters and names

const SUPERSCRIPT: Record<string, string> = {
  '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹',
  '-': '⁻', '.': '·', '/': 'ᐟ', '(': '⁽', ')': '⁾',
};

/** "12" → "¹²", "-1/2" → "⁻¹ᐟ²"; characters without a superscript stay as they are. */
export function superscript(s: string): string {
  let out = '';
  for (const c of s) out += SUPERSCRIPT[c] ?? c;
  return out;
}

const GREEK = lookupTable<string>({ kappa: 'κ', beta: 'β', alpha: 'α', gamma: 'γ' });

/** A size or parameter name as shown: kappa → κ, beta2 → β2. */
export function symbolName(s: string): string {
  const m = /^([a-z]+)(\d*)$/.exec(s);
  return m && GREEK[m[1]] ? GREEK[m[1]] + m[2] : s;
}

/** The pattern names of a candidate id as words: "gp-specialization" → "GP → specialization". */
export function candidateLabel(id: string): string {
  return sequenceText(id).split('-').map((p) => p.replace(/^gp\b/, 'GP').replace(/^gfl\b/, 'GFL')).join(' → ');
}

// ---------------------------------------------------------------- numbers

/** Significant digits, plain: exponents and ticks ("0.82", "1.5", "1230"). */
export function decimal(x: number, digits = 3): string {
  return String(Number(x.toPrecision(digits)));
}

function nonFinite(x: number): string {
  return Number.isNaN(x) ? 'not a number' : OVERFLOW_TEXT;
}

/**
 * A value for a person: 3 significant digits, a power of ten beyond 1e5 or below 1e-3 ("316",
 * "1.00e6"). With `exactIntegers`, integers below 1e7 are written in full (sizes: "N1 = 4096").
 */
export function formatValue(v: number, options: { exactIntegers?: boolean } = {}): string {
  if (!Number.isFinite(v)) return nonFinite(v);
  if (options.exactIntegers && Number.isInteger(v) && Math.abs(v) < 1e7) return String(v);
  const a = Math.abs(v);
  if (a >= 1e5 || (a > 0 && a < 1e-3)) return v.toExponential(2).replace('e+', 'e');
  return decimal(v);
}

/**
 * Characters a screen acts on rather than shows, as a character class: the C0 and C1 controls, DEL,
 * the line and paragraph separators, the bidirectional marks, embeddings, overrides and isolates,
 * and the zero-width space and byte-order mark (a name that reads reversed, or as another). The
 * hover turns them into spaces; the command line writes them as escapes (src/cli/terminal.ts).
 */
export const CONTROL_CHARACTERS = '\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200b\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069\\ufeff';

/** A size as the user wrote it, on every surface: integers below 1e7 in full ("N1 = 10000"; the hover wrote 1e4). */
export function sizeValueText(v: number): string {
  return formatValue(v, { exactIntegers: true });
}

/** A number short enough for an inlay hint: 2 → "2", 123456 → "1.2e5", 0.2154 → "0.22". */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return nonFinite(x);
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e4 || a < 1e-3)) {
    const [m, e] = x.toExponential(1).split('e');
    return `${m.replace(/\.0$/, '')}e${Number(e)}`;
  }
  if (Number.isInteger(x)) return String(x);
  return decimal(x, a >= 1 ? 3 : 2);
}

// ---------------------------------------------------------------- monomials

/**
 * Orders symbols: kappa, then the sizes in the model's order (widths first, d last), then the rest
 * by name. A monomial has a few symbols: each is ranked once and put in place by insertion (every
 * row of a table is written with these, so a comparator that ranked both sides again was a cost).
 */
function orderSymbols(symbols: string[], order: string[]): string[] {
  const out: string[] = [];
  const ranks: number[] = [];
  for (const s of symbols) {
    const i = order.indexOf(s);
    const r = s === 'kappa' ? -1 : i < 0 ? order.length : i;
    let j = out.length;
    out.push(s);
    ranks.push(r);
    for (; j > 0 && (ranks[j - 1] > r || (ranks[j - 1] === r && out[j - 1].localeCompare(s) > 0)); j--) (out[j] = out[j - 1]), (ranks[j] = ranks[j - 1]);
    out[j] = s;
    ranks[j] = r;
  }
  return out;
}

/** Plain text: "N^(1/2) d^(1/2)", "d^3", "1". */
export function plainMonomial(f: LinForm, order: string[]): string {
  return powersText(
    orderSymbols(f.symbols(), order).map((s): [string, string] => {
      const e = f.get(s);
      return [s, e.den === 1 ? `${e}` : `(${e})`];
    }),
  );
}

/** Symbols with their powers (as text), in plain text: "N1^2 d", "N^(1/2)", "1" for none. */
function powersText(terms: [string, string | number][]): string {
  if (!terms.length) return '1';
  let out = '';
  for (const [s, e] of terms) out += `${out ? ' ' : ''}${s}${e === '1' || e === 1 ? '' : `^${e}`}`;
  return out;
}

const ROOTS: Record<number, string> = { 2: '√', 3: '∛', 4: '∜' };

/** Runs of at least this many consecutive numbered sizes with one power are written as a range. */
const RANGE_RUN = 4;

const NUMBERED = /^(.*\D)(\d{1,6})$/;

/** The size k places after a numbered one (N5, 2: N7); undefined for a name without a number. */
export function numberedAfter(name: string, k: number): string | undefined {
  const m = NUMBERED.exec(name);
  return m ? `${m[1]}${Number(m[2]) + k}` : undefined;
}

/**
 * Items 0..n-1 as runs [from, to): a run goes on while `continues(from, k)` holds for its k-th item
 * and is kept when it has RANGE_RUN items or more; every other item is a run of one. What the
 * texts below write once ("N1–N64", "N2 ⋯ N63", "N1·D1 = ⋯ = N63·D63").
 */
export function runsOf(n: number, continues: (from: number, k: number) => boolean): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < n; ) {
    let j = i + 1;
    if (n - i >= RANGE_RUN) while (j < n && continues(i, j)) j++;
    if (j - i < RANGE_RUN) j = i + 1;
    out.push([i, j]);
    i = j;
  }
  return out;
}

/**
 * Runs (runsOf) of consecutive numbered names ("N1", "N2", ...) whose values are equal (`valueOf`
 * by index; all equal without it): sizes, names of sizes, the panel's sliders.
 */
export function numberedRuns(names: readonly string[], valueOf: (i: number) => unknown = () => 0): [number, number][] {
  return runsOf(names.length, (from, j) => valueOf(j) === valueOf(from) && names[j] === numberedAfter(names[from], j - from));
}

/**
 * The factors whose power `powerOf` gives as positive, joined with "·"; a run of RANGE_RUN or more
 * consecutive numbered sizes with one power is written as a range, "(N1·⋯·N22)²", since a deep
 * network's monomial has a factor for nearly every layer ("N1²·N2²·…·N128³" ran to 700 characters).
 */
function factorsText(syms: readonly string[], powerOf: (i: number) => number, name: (s: string) => string): string {
  let out = '';
  for (let i = 0; i < syms.length; ) {
    const k = powerOf(i);
    if (k <= 0) {
      i++;
      continue;
    }
    let j = i + 1;
    const first = syms.length - i >= RANGE_RUN ? NUMBERED.exec(syms[i]) : null;
    if (first) while (j < syms.length && powerOf(j) === k && syms[j] === `${first[1]}${Number(first[2]) + j - i}`) j++;
    if (j - i < RANGE_RUN) j = i + 1;
    const text = j - i > 1 ? `${name(syms[i])}·⋯·${name(syms[j - 1])}` : name(syms[i]);
    out += `${out ? '·' : ''}${k === 1 ? text : `${j - i > 1 ? `(${text})` : text}${superscript(String(k))}`}`;
    i = j;
  }
  return out;
}

/**
 * Pretty text for hints and hovers: "√(N·d)", "∛(N1·N2·d)", "d³", "√(N/d)", "∛(N2²/(N1·d))",
 * "(N·d)^(3/4)". Roots of integer powers when the exponents share a small denominator; `name`
 * says how a symbol is written (κ for kappa).
 */
export function prettyMonomial(f: LinForm, order: string[], name: (s: string) => string = (s) => s): string {
  const syms = orderSymbols(f.symbols(), order);
  const n = syms.length;
  if (!n) return '1';
  // One pass over the exponents (a table writes hundreds of these): their signs, whether they are
  // all the same, their common denominator.
  const exps: Rational[] = [];
  let allNegative = true;
  let same = true;
  let q = 1;
  for (let i = 0; i < n; i++) {
    const e = f.get(syms[i]);
    exps.push(e);
    if (e.sign() >= 0) allNegative = false;
    if (i && !e.equals(exps[0])) same = false;
    q = lcm(q, e.den);
  }
  // Only negative exponents: one over the positive monomial ("1/√(N·d)", "1/d³").
  if (allNegative) {
    const inv = prettyMonomial(f.neg(), order, name);
    const bare = /^[√∛∜(]/.test(inv) || !/[·/]/.test(inv) || /^[^·/(]+\^\(\d+\/\d+\)$/.test(inv);
    return `1/${bare ? inv : `(${inv})`}`;
  }
  if (same && exps[0].sign() > 0 && n > 1) {
    const e = exps[0];
    const inner = factorsText(syms, () => 1, name);
    if (e.equals(Rational.ONE)) return inner;
    if (e.num === 1 && ROOTS[e.den]) return `${ROOTS[e.den]}(${inner})`;
    return e.den === 1 ? `(${inner})${superscript(String(e.num))}` : `(${inner})^(${e})`;
  }
  // Integer powers over q: the positive ones above the line, the negative ones below.
  const ks: number[] = [];
  let dens = 0;
  for (let i = 0; i < n; i++) {
    ks.push(exps[i].num * (q / exps[i].den));
    if (ks[i] < 0) dens++;
  }
  const numText = factorsText(syms, (i) => ks[i], name);
  const denText = dens ? factorsText(syms, (i) => -ks[i], name) : '';
  const body = dens ? `${numText || '1'}/${dens > 1 ? `(${denText})` : denText}` : numText;
  if (q === 1) return body;
  if (ROOTS[q]) return n === 1 && !dens && ks[0] === 1 ? `${ROOTS[q]}${body}` : `${ROOTS[q]}(${body})`;
  // One size: its power as it is ("d^(2/5)", not "(d²)^(1/5)"; "(d)^(1/5)" in a derivation).
  if (n === 1 && !dens) return `${body.replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹]+$/, '')}^(${exps[0]})`;
  return `(${body})^(1/${q})`;
}

/**
 * A monomial of the result contract (exponents as fractions, in the model's order) as prettyMonomial
 * writes it, with κ as a factor of its own: {kappa: 1, d: 1/2, N2: 1/2} → "κ·√(d·N2)".
 */
export function exponentsText(exps: Exponents): string {
  const entries: [string, Rational][] = [];
  for (const [k, v] of Object.entries(exps)) {
    const r = parseRational(v);
    if (r && !r.isZero()) entries.push([k, r]);
  }
  const f = LinForm.of(entries);
  const order = entries.map(([k]) => k);
  const kappa = f.get('kappa');
  if (!kappa.equals(Rational.ONE)) return prettyMonomial(f, order, symbolName);
  const rest = LinForm.of(entries.filter(([k]) => k !== 'kappa'));
  return rest.symbols().length ? `κ·${prettyMonomial(rest, order, symbolName)}` : 'κ';
}

/** A fraction as the contract writes it ("1/3", "-2", " 1 / 2 "); undefined for anything else. */
function parseRational(s: string): Rational | undefined {
  return /^\s*-?\d+\s*(\/\s*\d*[1-9]\d*\s*)?$/.test(s) ? Rational.parse(s) : undefined;
}

/**
 * A parameter at the optimum as every surface writes it: "M1* ∝ √(N1/d)" (with its value where
 * `number` writes one: "≈ 3.16"), or where the optimum is flat in it "M1*: any from 1 to d" (read
 * "M1* ∝ any from ...", a proportion of a range).
 */
export function paramText(name: string, p: Partial<MonomialResult> & { range?: unknown }, number?: (v: number) => string, escape = (s: string) => s): string {
  if (p.range) return `${name}*: ${escape(monomialText(p))}`;
  return `${name}* ∝ ${escape(monomialText(p))}${number && typeof p.value === 'number' ? ` ≈ ${number(p.value)}` : ''}`;
}

/** The text of a monomial: its own `text` when the analysis gave one, else written from its exponents. */
export function monomialText(m: Partial<MonomialResult> | undefined): string {
  if (!m) return '?';
  return m.text ?? exponentsText(m.exponents ?? {});
}

/** Integer exponents of both sides of `f = 0` or `f >= 0`: positive part and negative part. */
function integerSides(f: LinForm, order: string[]): { pos: Side; neg: Side } {
  const syms = orderSymbols(f.symbols(), order);
  const exps = syms.map((s) => f.get(s));
  let m = 1;
  for (const v of exps) m = lcm(m, v.den);
  // A form's coefficients are never zero, so gcd (which gives 1 for two zeros) starts from 0 safely.
  let div = 0;
  for (const v of exps) div = gcd(div, v.num * (m / v.den));
  div ||= 1;
  const pos: Side = [];
  const neg: Side = [];
  for (let i = 0; i < syms.length; i++) {
    const k = (exps[i].num * (m / exps[i].den)) / div;
    if (k > 0) pos.push([syms[i], k]);
    else neg.push([syms[i], -k]);
  }
  return { pos, neg };
}

/** One side of an equation or condition: symbols with positive integer powers, in the model's order. */
type Side = [string, number][];

/** A side as plainMonomial writes it: "N1^2 d", "1". */
function sideText(side: Side): string {
  return powersText(side);
}

/** A factor of a plain monomial: a numbered size and its power ("N12", "N12^3"). */
const PLAIN_FACTOR = /^([A-Za-z_]+)(\d{1,6})(\^\d{1,9})?$/;

/**
 * A plain condition or equation ("N1^63 <= N2 N3 ... N63 d") as a person reads it: a run of
 * RANGE_RUN or more consecutive numbered sizes with one power written once, "N1^63 <= N2 ⋯ N63 d",
 * "(N4 ⋯ N63)^3". For the hover and the command line's text; the JSON keeps the plain text, which
 * a program may parse.
 */
export function compactPlain(text: string): string {
  const tokens = text.split(' ');
  const factors = tokens.map((t) => PLAIN_FACTOR.exec(t));
  // The k-th token of a run from `from`: the same size's name numbered k more, with the same power.
  const nth = (from: number, k: number) => {
    const m = factors[from];
    return m && `${m[1]}${Number(m[2]) + k}${m[3] ?? ''}`;
  };
  return runsOf(tokens.length, (from, j) => tokens[j] === nth(from, j - from))
    .map(([i, j]) => {
      if (j - i === 1) return tokens[i];
      const [, name, num, power] = factors[i]!;
      const range = `${name}${num} ⋯ ${name}${Number(num) + j - i - 1}`;
      return power ? `(${range})${power}` : range;
    })
    .join(' ');
}

/**
 * A list with each run of RANGE_RUN or more items that differ only by numbers each one more than in
 * the item before ("N1·D1", "N2·D2", ..., "N63·D63") written as its first item, "⋯" and its last:
 * joined with " = ", "N1·D1 = ⋯ = N63·D63". Other items as they are.
 */
export function compactRuns(items: readonly string[]): string[] {
  if (items.length < RANGE_RUN) return [...items];
  const shape = items.map((s) => ({ skeleton: s.replace(/\d+/g, '#'), nums: (s.match(/\d+/g) ?? []).map(Number) }));
  const next = (a: (typeof shape)[number], b: (typeof shape)[number]) =>
    a.nums.length > 0 && a.skeleton === b.skeleton && a.nums.every((n, k) => b.nums[k] === n + 1);
  return runsOf(items.length, (_, j) => next(shape[j - 1], shape[j])).flatMap(([i, j]) => (j - i > 1 ? [items[i], '⋯', items[j - 1]] : [items[i]]));
}

/** Which side goes first: the one whose first symbol comes first in the model's order. */
function firstRank(side: Side, order: string[]): number {
  return side.length ? order.indexOf(side[0][0]) : Number.MAX_SAFE_INTEGER;
}

/** `f = 0` as "N1^2 = N2 d". */
export function equationText(f: LinForm, order: string[]): string {
  const { pos, neg } = integerSides(f, order);
  const [l, r] = firstRank(pos, order) <= firstRank(neg, order) ? [pos, neg] : [neg, pos];
  return `${sideText(l)} = ${sideText(r)}`;
}

/** `f >= 0` as "N >= d" or "N <= d^5". */
export function conditionText(f: LinForm, order: string[]): string {
  const { pos, neg } = integerSides(f, order);
  if (firstRank(pos, order) <= firstRank(neg, order)) return `${sideText(pos)} >= ${sideText(neg)}`;
  return `${sideText(neg)} <= ${sideText(pos)}`;
}

/** Said of a boundary whose two sides have the same monomial (BoundaryResult.samePStar). */
export const SAME_PSTAR = 'the same P* on both sides: only the pattern changes';
/** The same, after a boundary's or a crossing's place ("…; the same P* …"), or nothing. */
export const samePStarSuffix = (b: { samePStar?: true }): string => (b.samePStar ? `; ${SAME_PSTAR}` : '');

/** Sequences longer than this are shown with runs of one pattern counted. */
const SHORT_SEQUENCE = 8;

/**
 * A pattern sequence for reading: as it is when short; deeper, each run of one pattern counted
 * ("gfl-gp×30-gfl-gp×92-specialization-gp×3"), so a 128-layer winner fits on a line. The JSON keeps
 * the full id.
 */
export function sequenceText(id: string): string {
  // Most are short: counted without splitting.
  let dashes = 0;
  for (let i = id.indexOf('-'); i >= 0 && dashes < SHORT_SEQUENCE; i = id.indexOf('-', i + 1)) dashes++;
  if (dashes < SHORT_SEQUENCE) return id;
  const parts = id.split('-');
  const runs: string[] = [];
  for (let i = 0; i < parts.length; ) {
    let j = i;
    while (j < parts.length && parts[j] === parts[i]) j++;
    runs.push(j - i > 1 ? `${parts[i]}×${j - i}` : parts[i]);
    i = j;
  }
  return runs.join('-');
}

/**
 * The sizes as "d = 784, N1–N64 = 512": a run of RANGE_RUN or more consecutive numbered sizes with
 * one value is written once (a deep network's line had a term for every layer).
 */
export function sizesText(sizes: Readonly<Record<string, number>>, num: (v: number) => string, name: (s: string) => string = (s) => s): string {
  return assignmentsText(Object.entries(sizes).map(([s, v]) => [s, num(v)]), name);
}

/** The same for values already written ("N1–N64 = d^1.04"): sizes by name, values compared as text. */
export function assignmentsText(entries: readonly (readonly [string, string])[], name: (s: string) => string = (s) => s): string {
  return numberedRuns(entries.map((e) => e[0]), (i) => entries[i][1])
    .map(([i, j]) => `${name(entries[i][0])}${j - i > 1 ? `–${name(entries[j - 1][0])}` : ''} = ${entries[i][1]}`)
    .join(', ');
}

/**
 * Names of sizes in a few words: a run of RANGE_RUN or more consecutive numbered ones as a range,
 * more than four counted: "N1, d", "N1–N63 (63 sizes)", "N1, N3, N5, …, N63 (32 sizes)".
 */
export function namesText(names: readonly string[]): string {
  const parts = numberedRuns(names).map(([i, j]) => (j - i > 1 ? `${names[i]}–${names[j - 1]}` : names[i]));
  const count = names.length > 4 ? ` (${names.length} sizes)` : '';
  // "…" stands for two parts or more (for one it would hide a name and save nothing).
  return parts.length <= 5 ? `${parts.join(', ')}${count}` : `${parts.slice(0, 3).join(', ')}, …, ${parts[parts.length - 1]}${count}`;
}

/** Sizes along which the winner holds over the same range, grouped: a deep model has a hundred. */
export function groupedRanges(ranges: readonly { along: string; from: string; to: string }[], dim = 'd'): { along: string; from: string; to: string }[] {
  const groups = new Map<string, { names: string[]; from: string; to: string }>();
  for (const r of ranges) {
    const key = `${r.from}|${r.to}|${r.along === dim}`;
    const g = groups.get(key);
    if (g) g.names.push(r.along);
    else groups.set(key, { names: [r.along], from: r.from, to: r.to });
  }
  return [...groups.values()].map((g) => ({
    along: namesText(g.names),
    from: g.from,
    to: g.to,
  }));
}

// ---------------------------------------------------------------- long lists, briefly

/**
 * How much of a long list a person's view shows (characters; the CLI's text and the hover). A deep
 * network's conditions, parameters, boundaries and derivation run to hundreds of items with a term
 * for every layer each: a 128-layer model's hover was 800,000 characters, of which VS Code renders
 * the first 100,000. Shallow models stay well inside these; the JSON keeps everything.
 */
export const BRIEF = {
  /** The winner's conditions (P*'s "holds when"). */
  conditions: 1500,
  /** A candidate's parameters, or its conditions, in one table cell or row. */
  cell: 600,
  /** The boundaries listed. */
  boundaries: 8000,
  /** One step of the derivation. */
  step: 600,
  /** The derivation's steps. */
  derivation: 10000,
} as const;

/** The first items that fit in `budget` characters (the first always), and how many are left out. */
export function fitList(items: readonly string[], budget: number): { shown: string[]; more: number } {
  let used = 0;
  let n = 0;
  while (n < items.length && (n === 0 || used + items[n].length <= budget)) used += items[n++].length;
  return { shown: items.slice(0, n), more: items.length - n };
}

/** The lines that fit `budget` (fitList), then the line `rest` writes for how many are left out. */
export function linesBrief(lines: readonly string[], budget: number, rest: (more: number) => string): string[] {
  const { shown, more } = fitList(lines, budget);
  return more ? [...shown, rest(more)] : shown;
}

/** Items joined with `sep`: those that fit `budget` (fitList), then how many more there are and where. */
export function joinBrief(items: readonly string[], sep: string, budget: number, rest: string): string {
  const { shown, more } = fitList(items, budget);
  return `${shown.join(sep)}${more ? `${sep}… (+${more} more; ${rest})` : ''}`;
}

/** A text cut to at most `max` characters, at a space where there is one, ending in "…". */
export function clipText(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.lastIndexOf(' ', max - 1);
  return `${s.slice(0, cut > max / 2 ? cut : max - 1)}…`;
}

// ---------------------------------------------------------------- powers of d

/** An exponent of d as the command line writes it after "d^": "3", "(3/2)"; fine-grid fractions as decimals. */
export function exponentText(e: string): string {
  const m = /^(-?\d+)\/(\d+)$/.exec(e);
  // Exponents read off numeric sizes sit on a fine grid (2^-20): show those as decimals.
  if (m && Number(m[2]) > 1000) return decimal(Number(m[1]) / Number(m[2]));
  return e.includes('/') ? `(${e})` : e;
}

/**
 * A power of d: "d", "1", "d^2", "d^(1/3)", "d^(-1)", "d^0.82" (a number is written with 3
 * significant digits). `pretty` writes it as hints do: "d³", "√d", "∛d", "1/d".
 */
/**
 * Where the winner holds along a size (a group of groupedRanges): "from d^(1/3) to d^5" in powers of
 * d; along d itself in powers of its design value, "from d₀^(2/5) to d₀^6 (d₀: the design point's
 * d)" (the hover said "from d^(1/5) to d²" along d: d in powers of d). One text for every surface.
 */
export function winsAlongText(w: { along: string; from: string; to: string }, dim: string, style: 'plain' | 'pretty' = 'plain'): string {
  const base = w.along === dim ? `${dim}₀` : dim;
  const upTo = w.to.endsWith('+') ? `at least ${powerText(base, w.to.slice(0, -1), style)}` : powerText(base, w.to, style);
  return `from ${powerText(base, w.from, style)} to ${upTo}${w.along === dim ? ` (${dim}₀: the design point's ${dim})` : ''}`;
}

export function powerText(dim: string, exponent: string | number, style: 'plain' | 'pretty' = 'plain'): string {
  const fine = typeof exponent === 'string' ? /^(-?\d+)\/(\d+)$/.exec(exponent) : null;
  // Exponents read off numeric sizes sit on a fine grid (2^-20): those read as decimals.
  const e = typeof exponent === 'number' ? decimal(exponent) : fine && Number(fine[2]) > 1000 ? decimal(Number(fine[1]) / Number(fine[2])) : exponent;
  if (e === '1') return dim;
  if (e === '0') return '1';
  if (style === 'pretty') {
    if (e.startsWith('-')) return `1/${powerText(dim, e.slice(1), 'pretty')}`;
    if (/^\d+$/.test(e)) return `${dim}${superscript(e)}`;
    if (e === '1/2' || e === '1/3') return `${e === '1/2' ? '√' : '∛'}${dim}`;
  }
  return e.includes('/') || e.startsWith('-') ? `${dim}^(${e})` : `${dim}^${e}`;
}

// ---------------------------------------------------------------- where a winner wins

/** The one sentence every surface gives on where a winner named without a regime or sizes wins. */
export function winsText(p: Pick<PStarResult, 'wins' | 'validWhen'>): string | undefined {
  const w = p.wins;
  if (!w) return undefined;
  switch (w.kind) {
    case 'formula':
      return p.validWhen?.length
        ? `It wins wherever this formula holds, ${p.validWhen.map(compactPlain).join(', ')}: no other pattern sequence is lower anywhere there (checked exactly, every size at least 1)`
        : 'It wins at every size (checked exactly)';
    case 'region':
      return `It wins exactly where ${p.validWhen?.map(compactPlain).join(', ')}: no other pattern sequence is lower anywhere there, and one is lower in the rest of where this formula holds (${w.branch.length ? `${w.branch.map(compactPlain).join(', ')}; ` : ''}checked exactly, every size at least 1)`;
    case 'depends':
      return `Which pattern wins depends on the sizes: at ${w.at}, ${sequenceText(w.winner)} wins with P* ∝ ${w.pStar} = κ·${powerText('d', w.inD)}, below this formula's κ·${powerText('d', w.formulaInD)}; the phase diagram shows the regions`;
    case 'along-sizes':
      return 'Where it wins is given along each size (beyond 3 hidden layers the exact region is not computed)';
    case 'undecided':
      return `Where it wins was not decided (${w.why}); see its range along each size`;
  }
}

/** What an early result (ModelResult.pending) shows in place of its boundaries. */
export const PENDING_TEXT = 'The phase boundaries and the winner\'s range along each size are still being walked.';
