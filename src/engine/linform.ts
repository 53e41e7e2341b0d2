// A monomial in log space: s1^a1 * s2^a2 ... is the linear form a1 log s1 + a2 log s2 + ...
// Sizes (d, N1, L) and free pattern parameters (M1, D2, beta) share one namespace.

import { Rational } from './rational';

export class LinForm {
  /**
   * Parallel arrays in insertion order, coefficients never zero. A form has a few terms (the sizes
   * and parameters it reads), so a scan finds one faster than a Map, and a form costs three
   * allocations where a Map cost more and every iteration of it made an array per entry.
   */
  private constructor(
    private readonly keys: readonly string[],
    private readonly vals: readonly Rational[],
  ) {}

  static readonly ZERO = new LinForm([], []);

  static of(entries: Record<string, Rational | number> | Iterable<[string, Rational]>): LinForm {
    const keys: string[] = [];
    const vals: Rational[] = [];
    const it = Symbol.iterator in Object(entries) ? (entries as Iterable<[string, Rational]>) : Object.entries(entries);
    for (const [k, v] of it) {
      const r = typeof v === 'number' ? Rational.of(v) : v;
      if (r.isZero()) continue;
      const i = keys.indexOf(k);
      if (i >= 0) vals[i] = r;
      else keys.push(k), vals.push(r);
    }
    return new LinForm(keys, vals);
  }

  /** The form with integer coefficient v[i] on names[i] (a condition or ray as an integer vector). */
  static ofVector(names: readonly string[], v: readonly number[]): LinForm {
    const keys: string[] = [];
    const vals: Rational[] = [];
    for (let i = 0; i < names.length; i++) if (v[i]) keys.push(names[i]), vals.push(Rational.of(v[i]));
    return new LinForm(keys, vals);
  }

  /** The monomial `sym` (exponent 1). */
  static sym(name: string, exponent: Rational | number = 1): LinForm {
    const r = typeof exponent === 'number' ? Rational.of(exponent) : exponent;
    return r.isZero() ? LinForm.ZERO : new LinForm([name], [r]);
  }

  get(sym: string): Rational {
    const i = this.keys.indexOf(sym);
    return i < 0 ? Rational.ZERO : this.vals[i];
  }
  symbols(): string[] {
    return this.keys.slice();
  }
  entries(): [string, Rational][] {
    return this.keys.map((k, i): [string, Rational] => [k, this.vals[i]]);
  }
  isZero(): boolean {
    return this.keys.length === 0;
  }

  add(o: LinForm): LinForm {
    const keys = this.keys.slice();
    const vals = this.vals.slice();
    for (let j = 0; j < o.keys.length; j++) {
      const k = o.keys[j];
      const i = keys.indexOf(k);
      if (i < 0) {
        keys.push(k);
        vals.push(o.vals[j]);
        continue;
      }
      const s = vals[i].add(o.vals[j]);
      if (!s.isZero()) vals[i] = s;
      else keys.splice(i, 1), vals.splice(i, 1);
    }
    return new LinForm(keys, vals);
  }
  sub(o: LinForm): LinForm {
    return this.add(o.scale(Rational.of(-1)));
  }
  scale(c: Rational): LinForm {
    if (c.isZero()) return LinForm.ZERO;
    return new LinForm(this.keys, this.vals.map((v) => v.mul(c)));
  }
  neg(): LinForm {
    return this.scale(Rational.of(-1));
  }

  /** Keeps only the given symbols (e.g. the parameter part of a term). */
  restrict(pred: (sym: string) => boolean): LinForm {
    const keys: string[] = [];
    const vals: Rational[] = [];
    this.keys.forEach((k, i) => pred(k) && (keys.push(k), vals.push(this.vals[i])));
    return new LinForm(keys, vals);
  }

  /** Replaces symbols by forms: used to substitute optimal parameters or a regime. */
  substitute(map: Record<string, LinForm>): LinForm {
    let out = LinForm.ZERO;
    // Own keys only: a symbol named like an object's property ("constructor") is not in the map.
    this.keys.forEach((k, i) => (out = out.add(Object.hasOwn(map, k) ? map[k].scale(this.vals[i]) : LinForm.sym(k, this.vals[i]))));
    return out;
  }

  evalExact(point: Record<string, Rational>): Rational {
    let s = Rational.ZERO;
    for (let i = 0; i < this.keys.length; i++) {
      const p = point[this.keys[i]];
      if (p === undefined) throw new Error(`no value for '${this.keys[i]}'`);
      s = s.add(this.vals[i].mul(p));
    }
    return s;
  }
  evalFloat(point: Record<string, number>): number {
    let s = 0;
    for (let i = 0; i < this.keys.length; i++) {
      const p = point[this.keys[i]];
      if (p === undefined) throw new Error(`no value for '${this.keys[i]}'`);
      s += this.vals[i].toNumber() * p;
    }
    return s;
  }

  equals(o: LinForm): boolean {
    if (this.keys.length !== o.keys.length) return false;
    for (let i = 0; i < this.keys.length; i++) if (!o.get(this.keys[i]).equals(this.vals[i])) return false;
    return true;
  }

  /** Exponents as reduced fraction strings, sizes with exponent 0 left out (formats.md). */
  toExponents(order?: string[]): Record<string, string> {
    const keys = this.keys.slice();
    if (order) keys.sort((a, b) => rank(order, a) - rank(order, b) || a.localeCompare(b));
    const out: Record<string, string> = {};
    for (const k of keys) out[k] = this.get(k).toString();
    return out;
  }

  /**
   * A key, for de-duplication and caches: equal forms have equal keys whatever order they were built
   * in, and different forms different keys (each name is written with its length, so no name can
   * read as part of another).
   */
  key(): string {
    const n = this.keys.length;
    // Names in code-unit order (a form has a few: an insertion sort, no comparator calls).
    const idx: number[] = [];
    for (let i = 0; i < n; i++) {
      let j = idx.length;
      for (; j > 0 && this.keys[idx[j - 1]] > this.keys[i]; j--) idx[j] = idx[j - 1];
      idx[j] = i;
    }
    let s = '';
    for (const i of idx) s += `${this.keys[i].length}:${this.keys[i]}=${this.vals[i].num}/${this.vals[i].den};`;
    return s;
  }

  /** The key of the line through 0 this form spans: forms that differ by a nonzero factor share it. */
  directionKey(): string {
    if (!this.keys.length) return '';
    let first = 0;
    for (let i = 1; i < this.keys.length; i++) if (this.keys[i] < this.keys[first]) first = i;
    return this.scale(Rational.ONE.div(this.vals[first])).key();
  }
}

function rank(order: string[], s: string): number {
  const i = order.indexOf(s);
  return i < 0 ? order.length : i;
}
