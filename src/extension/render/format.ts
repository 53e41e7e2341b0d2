// Pure text formatting of analysis results (no `vscode`): monomials, numbers, names.
import type { Exponents, MonomialResult } from '../../report/result';
import { OVERFLOW_TEXT, sequenceText } from '../../report/format';

const GREEK: Record<string, string> = { kappa: 'κ', beta: 'β', alpha: 'α', gamma: 'γ' };
const SUP: Record<string, string> = { '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', '-': '⁻' };

/** A size or parameter name as shown: kappa → κ, beta2 → β2. */
export function symbolName(s: string): string {
  const m = /^([a-z]+)(\d*)$/.exec(s);
  if (m && GREEK[m[1]]) return GREEK[m[1]] + m[2];
  return s;
}

/** Parses "1/3", "-2/3", "3" into [num, den] with den > 0; null when it is not a fraction. */
export function parseFraction(s: string): [number, number] | null {
  const m = /^\s*(-?\d+)\s*(?:\/\s*(\d+))?\s*$/.exec(s);
  if (!m) return null;
  const den = m[2] ? Number(m[2]) : 1;
  if (den === 0) return null;
  return [Number(m[1]), den];
}

function power(base: string, num: number, den: number): string {
  if (den === 1) return num === 1 ? base : base + String(num).split('').map((c) => SUP[c] ?? c).join('');
  return `${base}^(${num}/${den})`;
}

/** Order: kappa first, then d, then the widths in natural order. */
function order(a: string, b: string): number {
  const rank = (s: string) => (s === 'kappa' ? 0 : s === 'd' ? 1 : 2);
  return rank(a) - rank(b) || a.localeCompare(b, 'en', { numeric: true });
}

/**
 * Exponents → a short human form: {kappa:1, d:1/2, N2:1/2} → "κ·√(d·N2)",
 * {d:1/3, N1:1/3, N2:1/3} → "∛(d·N1·N2)", {N2:1/2, d:-1/2} → "√(N2/d)", {} → "1".
 */
export function formatExponents(exps: Exponents): string {
  const num: string[] = []; // factors with a positive exponent
  const den: string[] = [];
  // group factors by |exponent| so that √ and ∛ can cover several sizes
  const groups = new Map<string, { n: number; d: number; pos: string[]; neg: string[] }>();
  for (const name of Object.keys(exps).sort(order)) {
    const f = parseFraction(exps[name]);
    if (!f) { num.push(`${symbolName(name)}^(${exps[name]})`); continue; }
    const [n, d] = f;
    if (n === 0) continue;
    const k = `${Math.abs(n)}/${d}`;
    const g = groups.get(k) ?? { n: Math.abs(n), d, pos: [], neg: [] };
    (n > 0 ? g.pos : g.neg).push(symbolName(name));
    groups.set(k, g);
  }
  for (const g of groups.values()) {
    const render = (names: string[]) => {
      if (!names.length) return '';
      if (g.n === 1 && g.d === 1) return names.join('·');
      const inner = names.length > 1 ? `(${names.join('·')})` : names[0];
      if (g.n === 1 && g.d === 2) return `√${inner}`;
      if (g.n === 1 && g.d === 3) return `∛${inner}`;
      if (names.length === 1) return power(names[0], g.n, g.d);
      return g.d === 1 ? `${inner}${power('', g.n, 1)}` : `${inner}^(${g.n}/${g.d})`;
    };
    // √(N2/d) reads better than √N2/√d when a root has both sides
    if (g.pos.length && g.neg.length && g.d > 1 && g.n === 1) {
      const root = g.d === 2 ? '√' : g.d === 3 ? '∛' : null;
      if (root) { num.push(`${root}(${g.pos.join('·')}/${g.neg.join('·')})`); continue; }
    }
    const p = render(g.pos); if (p) num.push(p);
    const q = render(g.neg); if (q) den.push(q);
  }
  const top = num.length ? num.join('·') : '1';
  if (!den.length) return top;
  return `${top}/${den.length > 1 ? `(${den.join('·')})` : den[0]}`;
}

/** The text of a monomial: its own `text` when the engine gave one, else formatted from exponents. */
export function monomialText(m: Partial<MonomialResult> | undefined): string {
  if (!m) return '?';
  if (m.text) return m.text;
  return formatExponents(m.exponents ?? {});
}

/** A number for a hint: 2 → "2", 1234.5 → "1.2e3", 0.0123 → "0.012". */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'not a number' : OVERFLOW_TEXT;
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e4 || a < 1e-3)) {
    const [m, e] = x.toExponential(1).split('e');
    return `${m.replace(/\.0$/, '')}e${Number(e)}`;
  }
  if (Number.isInteger(x)) return String(x);
  return String(Number(x.toPrecision(a >= 1 ? 3 : 2)));
}

/** "d^(1/2)" style exponent of d alone: "1" → "d", "1/2" → "d^(1/2)". */
export function dPower(inD: string): string {
  return formatExponents({ d: inD });
}

/** The pattern names of a candidate id as words: "gp-specialization" → "GP → specialization". */
export function candidateLabel(id: string): string {
  return sequenceText(id).split('-').map((p) => p.replace(/^gp\b/, 'GP').replace(/^gfl\b/, 'GFL')).join(' → ');
}
