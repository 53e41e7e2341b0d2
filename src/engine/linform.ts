// A monomial in log space: s1^a1 * s2^a2 ... is the linear form a1 log s1 + a2 log s2 + ...
// Sizes (d, N1, L) and free pattern parameters (M1, D2, beta) share one namespace.

import { Rational } from './rational';

export class LinForm {
  private constructor(private readonly terms: ReadonlyMap<string, Rational>) {}

  static readonly ZERO = new LinForm(new Map());

  static of(entries: Record<string, Rational | number> | Iterable<[string, Rational]>): LinForm {
    const m = new Map<string, Rational>();
    const it = Symbol.iterator in Object(entries) ? (entries as Iterable<[string, Rational]>) : Object.entries(entries);
    for (const [k, v] of it) {
      const r = typeof v === 'number' ? Rational.of(v) : v;
      if (!r.isZero()) m.set(k, r);
    }
    return new LinForm(m);
  }

  /** The form with integer coefficient v[i] on names[i] (a condition or ray as an integer vector). */
  static ofVector(names: readonly string[], v: readonly number[]): LinForm {
    const m = new Map<string, Rational>();
    for (let i = 0; i < names.length; i++) if (v[i]) m.set(names[i], Rational.of(v[i]));
    return new LinForm(m);
  }

  /** The monomial `sym` (exponent 1). */
  static sym(name: string, exponent: Rational | number = 1): LinForm {
    return LinForm.of({ [name]: exponent });
  }

  get(sym: string): Rational {
    return this.terms.get(sym) ?? Rational.ZERO;
  }
  symbols(): string[] {
    return [...this.terms.keys()];
  }
  entries(): [string, Rational][] {
    return [...this.terms.entries()];
  }
  isZero(): boolean {
    return this.terms.size === 0;
  }

  add(o: LinForm): LinForm {
    const m = new Map(this.terms);
    for (const [k, v] of o.terms) {
      const s = (m.get(k) ?? Rational.ZERO).add(v);
      if (s.isZero()) m.delete(k);
      else m.set(k, s);
    }
    return new LinForm(m);
  }
  sub(o: LinForm): LinForm {
    return this.add(o.scale(Rational.of(-1)));
  }
  scale(c: Rational): LinForm {
    if (c.isZero()) return LinForm.ZERO;
    const m = new Map<string, Rational>();
    for (const [k, v] of this.terms) m.set(k, v.mul(c));
    return new LinForm(m);
  }
  neg(): LinForm {
    return this.scale(Rational.of(-1));
  }

  /** Keeps only the given symbols (e.g. the parameter part of a term). */
  restrict(pred: (sym: string) => boolean): LinForm {
    return new LinForm(new Map([...this.terms].filter(([k]) => pred(k))));
  }

  /** Replaces symbols by forms: used to substitute optimal parameters or a regime. */
  substitute(map: Record<string, LinForm>): LinForm {
    let out = LinForm.ZERO;
    for (const [k, v] of this.terms) out = out.add(map[k] ? map[k].scale(v) : LinForm.sym(k, v));
    return out;
  }

  evalExact(point: Record<string, Rational>): Rational {
    let s = Rational.ZERO;
    for (const [k, v] of this.terms) {
      const p = point[k];
      if (p === undefined) throw new Error(`no value for '${k}'`);
      s = s.add(v.mul(p));
    }
    return s;
  }
  evalFloat(point: Record<string, number>): number {
    let s = 0;
    for (const [k, v] of this.terms) {
      const p = point[k];
      if (p === undefined) throw new Error(`no value for '${k}'`);
      s += v.toNumber() * p;
    }
    return s;
  }

  equals(o: LinForm): boolean {
    if (this.terms.size !== o.terms.size) return false;
    for (const [k, v] of this.terms) if (!o.get(k).equals(v)) return false;
    return true;
  }

  /** Exponents as reduced fraction strings, sizes with exponent 0 left out (formats.md). */
  toExponents(order?: string[]): Record<string, string> {
    const keys = [...this.terms.keys()];
    if (order) keys.sort((a, b) => rank(order, a) - rank(order, b) || a.localeCompare(b));
    const out: Record<string, string> = {};
    for (const k of keys) out[k] = this.terms.get(k)!.toString();
    return out;
  }

  /** A stable key, for de-duplication. */
  key(): string {
    return [...this.terms.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}:${v}`)
      .join(',');
  }
}

function rank(order: string[], s: string): number {
  const i = order.indexOf(s);
  return i < 0 ? order.length : i;
}
