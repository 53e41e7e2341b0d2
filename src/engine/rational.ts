// Exact rational numbers. Exponents in the scale analysis are small fractions, so numerator and
// denominator are kept as safe JavaScript integers; leaving that range throws instead of rounding.

export class Rational {
  private constructor(readonly num: number, readonly den: number) {}

  static readonly ZERO = new Rational(0, 1);
  static readonly ONE = new Rational(1, 1);

  static of(num: number, den = 1): Rational {
    if (!Number.isSafeInteger(num) || !Number.isSafeInteger(den) || den === 0) {
      if (!Number.isInteger(num) || !Number.isInteger(den)) throw new RangeError(`not an integer ratio: ${num}/${den}`);
      if (den === 0) throw new RangeError('division by zero');
      throw new RangeError(`exponent out of exact range: ${num}/${den}`);
    }
    if (num === 0) return Rational.ZERO;
    if (den === 1) return new Rational(num, 1);
    const g = gcd(num, den);
    const sign = den < 0 ? -1 : 1;
    return new Rational((sign * num) / g, (sign * den) / g);
  }

  /**
   * The simplest fraction within `tol` of x whose denominator is at most maxDen (continued
   * fractions), or undefined if there is none.
   */
  static approx(x: number, tol: number, maxDen = 1e6): Rational | undefined {
    if (!Number.isFinite(x)) return undefined;
    let [h0, h1, k0, k1] = [0, 1, 1, 0];
    let v = x;
    for (let i = 0; i < 64; i++) {
      const a = Math.floor(v);
      [h0, h1] = [h1, a * h1 + h0];
      [k0, k1] = [k1, a * k1 + k0];
      if (k1 > maxDen || !Number.isSafeInteger(h1)) return undefined;
      if (Math.abs(h1 / k1 - x) <= tol) return Rational.of(h1, k1);
      const frac = v - a;
      if (frac === 0) return undefined;
      v = 1 / frac;
    }
    return undefined;
  }

  /** Parses "3", "-2/3", " 1 / 2 ". */
  static parse(text: string): Rational {
    const m = /^\s*(-?\d+)\s*(?:\/\s*(\d+)\s*)?$/.exec(text);
    if (!m) throw new SyntaxError(`not a fraction: '${text}'`);
    return Rational.of(Number(m[1]), m[2] === undefined ? 1 : Number(m[2]));
  }

  add(o: Rational): Rational {
    if (this.den === o.den) return Rational.of(this.num + o.num, this.den);
    // Over the least common denominator, so that grids of fine fractions (2^-20) stay small.
    const g = gcd(this.den, o.den);
    return Rational.of(this.num * (o.den / g) + o.num * (this.den / g), (this.den / g) * o.den);
  }
  sub(o: Rational): Rational {
    return this.add(o.neg());
  }
  mul(o: Rational): Rational {
    if (this.num === 0 || o.num === 0) return Rational.ZERO;
    // Cross-reduce first to keep the products small; of two reduced fractions the result is then
    // reduced too, with a positive denominator.
    const g1 = gcd(this.num, o.den);
    const g2 = gcd(o.num, this.den);
    const num = (this.num / g1) * (o.num / g2);
    const den = (this.den / g2) * (o.den / g1);
    if (!Number.isSafeInteger(num) || !Number.isSafeInteger(den)) throw new RangeError(`exponent out of exact range: ${num}/${den}`);
    return new Rational(num, den);
  }
  div(o: Rational): Rational {
    if (o.num === 0) throw new RangeError('division by zero');
    return this.mul(Rational.of(o.den, o.num));
  }
  neg(): Rational {
    return this.num === 0 ? this : new Rational(-this.num, this.den);
  }
  cmp(o: Rational): number {
    const l = this.num * o.den;
    const r = o.num * this.den;
    if (Number.isSafeInteger(l) && Number.isSafeInteger(r)) return l < r ? -1 : l > r ? 1 : 0;
    // Products beyond 2^53 lose digits: compare exactly.
    const L = BigInt(this.num) * BigInt(o.den);
    const R = BigInt(o.num) * BigInt(this.den);
    return L < R ? -1 : L > R ? 1 : 0;
  }
  isZero(): boolean {
    return this.num === 0;
  }
  sign(): number {
    return Math.sign(this.num);
  }
  equals(o: Rational): boolean {
    return this.num === o.num && this.den === o.den;
  }
  toNumber(): number {
    return this.num / this.den;
  }
  toString(): string {
    return this.den === 1 ? String(this.num) : `${this.num}/${this.den}`;
  }
}

export function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a || 1;
}

/** Divides before it multiplies: exact whenever the result is (a·b itself may pass 2^53). */
export function lcm(a: number, b: number): number {
  return Math.abs((a / gcd(a, b)) * b);
}

export const R = (num: number, den = 1) => Rational.of(num, den);
