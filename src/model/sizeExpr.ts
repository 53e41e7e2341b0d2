// Parsing of size expressions used in regimes and widths: "d", "d^2", "4*d", "d^(3/2)", "2 d^2".
// A constant factor is allowed and ignored by exponents (formats.md, section 1).

import { Rational } from '../engine/index';
import { emptyRecord, isPrototypeName } from './names';

export interface SizeExpr {
  /** The constant factor (1 when none). */
  coefficient: number;
  /** Symbol -> exponent as a reduced fraction string ("2", "1/2", "-1"). */
  exponents: Record<string, string>;
}

export type SizeExprResult = { ok: true; value: SizeExpr } | { ok: false; error: string; offset: number };

const SYMBOL = /^[A-Za-z_][A-Za-z0-9_]*/;
const MAX_EXPONENT_PART = 1000;

/**
 * Valid names for a size symbol. `kappa` is reserved for the ridge; a key of Object.prototype
 * ("constructor", "__proto__") is not a name, so that no lookup keyed by a size can find one.
 */
export function isSymbolName(s: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(s) && !isPrototypeName(s);
}

function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b) [a, b] = [b, a % b];
  return a || 1;
}

function addFraction(a: string | undefined, num: number, den: number): string {
  let [n, m] = a ? parseFraction(a) : [0, 1];
  n = n * den + num * m;
  m = m * den;
  const g = gcd(n, m);
  n /= g;
  m /= g;
  if (m < 0) {
    n = -n;
    m = -m;
  }
  return m === 1 ? String(n) : `${n}/${m}`;
}

/** "1.25" as 5/4, exactly (a decimal is a fraction over a power of ten). */
function decimalFraction(s: string): [number, number] {
  const [whole, frac] = s.split('.');
  const den = 10 ** frac.length;
  const num = Number(whole.replace('-', '')) * den + Number(frac);
  const g = gcd(num, den);
  return [(whole.startsWith('-') ? -num : num) / g, den / g];
}

function parseFraction(s: string): [number, number] {
  const [n, m] = s.split('/');
  return [Number(n), m === undefined ? 1 : Number(m)];
}

/**
 * Parses a product of factors: numbers, symbols and symbols raised to an integer or a
 * parenthesised fraction. Factors are separated by `*`, `·`, or spaces; `/` divides.
 */
export function parseSizeExpr(text: string): SizeExprResult {
  const src = text;
  let i = 0;
  let coefficient = 1;
  const exponents = emptyRecord<string>();
  let sign = 1; // +1 multiply, -1 divide
  let sawFactor = false;
  const skip = () => {
    while (i < src.length && /\s/.test(src[i])) i++;
  };
  const fail = (error: string): SizeExprResult => ({ ok: false, error, offset: i });

  skip();
  if (i >= src.length) return fail('empty size expression');
  while (i < src.length) {
    skip();
    const rest = src.slice(i);
    const num = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(rest);
    if (num) {
      const v = Number(num[0]);
      if (!(v > 0) || !Number.isFinite(v)) return fail(`constant ${num[0]} must be a positive number`);
      coefficient = sign > 0 ? coefficient * v : coefficient / v;
      i += num[0].length;
    } else {
      const sym = SYMBOL.exec(rest);
      // The whole character (an emoji is two UTF-16 units: one of them printed as '�').
      if (!sym) return fail(`unexpected '${String.fromCodePoint(rest.codePointAt(0)!)}' in size expression '${src}'`);
      if (isPrototypeName(sym[0])) return fail(`'${sym[0]}' cannot be a size name (a reserved word)`);
      i += sym[0].length;
      let en = 1;
      let ed = 1;
      skip();
      if (src[i] === '^' || src.startsWith('**', i)) {
        i += src[i] === '^' ? 1 : 2;
        skip();
        const paren = src[i] === '(';
        if (paren) i++;
        skip();
        // A decimal exponent is that fraction exactly (d^1.5 = d^(3/2)); read as d^1 times a
        // constant .5, it was d^1.
        const e = /^-?\d+(?:\.\d+)?(\s*\/\s*\d+)?/.exec(src.slice(i));
        if (!e) return fail(`expected an exponent after '^' in '${src}'`);
        if (!paren && e[1]) return fail(`write a fractional exponent in parentheses, e.g. ${sym[0]}^(${e[0].replace(/\s/g, '')})`);
        const text = e[0].replace(/\s/g, '');
        if (text.includes('.') && e[1]) return fail(`write the exponent of '${sym[0]}' as a fraction of whole numbers or as a decimal, not both`);
        [en, ed] = text.includes('.') ? decimalFraction(text) : parseFraction(text);
        if (ed === 0) return fail(`division by zero in exponent of '${sym[0]}'`);
        // Exponents stay exact as small fractions; a regime never needs more than this.
        if (text.includes('.') && (Math.abs(en) > MAX_EXPONENT_PART || ed > MAX_EXPONENT_PART)) return fail(`the exponent ${text} of '${sym[0]}' has too many decimals: write it as a fraction, ${sym[0]}^(p/q)`);
        if (Math.abs(en) > MAX_EXPONENT_PART || ed > MAX_EXPONENT_PART) return fail(`exponent of '${sym[0]}' is too large: numerator and denominator must be at most ${MAX_EXPONENT_PART}`);
        i += e[0].length;
        skip();
        if (paren) {
          if (src[i] !== ')') return fail(`expected ')' in '${src}'`);
          i++;
        }
      }
      exponents[sym[0]] = addFraction(exponents[sym[0]], sign * en, ed);
      if (exponents[sym[0]] === '0') delete exponents[sym[0]];
    }
    sawFactor = true;
    sign = 1;
    skip();
    if (i >= src.length) break;
    if (src[i] === '*' || src[i] === '·') {
      i++;
    } else if (src[i] === '/') {
      sign = -1;
      i++;
    }
    skip();
    if (i >= src.length) return fail(`expression '${src}' ends with an operator`);
  }
  if (!sawFactor) return fail('empty size expression');
  return { ok: true, value: { coefficient, exponents } };
}

/** The sign of d's exponent in a size expression (its exponents are reduced fractions: "-1/2", "2"). */
function exponentSign(e: string | undefined): number {
  return Rational.parse(e ?? '0').sign();
}

/**
 * A regime ties a width or a context to d: one that shrinks as d grows (`N = d^-1`) falls below 1
 * neuron or position, as a numeric size below 1 does (refused too). Why the entry is refused, or
 * undefined.
 */
export function shrinkingRegime(key: string, text: string, value: SizeExpr, dim: string): string | undefined {
  return exponentSign(value.exponents[dim]) < 0 ? `regime ${key} = ${text} shrinks as ${dim} grows: a width or context falls below 1 (its power of ${dim} must be 0 or more)` : undefined;
}

/**
 * The bias prior variance may not grow with d: a preactivation's weight part has variance of order
 * 1, and a growing bias would outweigh it, where the rules' expansion of the activation no longer
 * holds (`d^3` gave He_2 the eigenvalue d, above 1, and a P* of 1/d). Why it is refused, or
 * undefined.
 */
export function growingBiasVariance(text: string, value: SizeExpr, dim: string): string | undefined {
  return exponentSign(value.exponents[dim]) > 0
    ? `"biasVariance" "${text}" grows with ${dim}: the bias would outweigh the weights in every preactivation (whose variance is of order 1), outside the rules; give one that is constant or falls, e.g. "1" or "1/${dim}"`
    : undefined;
}
