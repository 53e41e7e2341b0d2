// Typed arrays that grow: the passes keep their states in flat typed arrays reused from one call to
// the next, and grow them (doubling) only when a frontier outgrows them.

type Typed = Float64Array | Int32Array | Int8Array;

/** A copy of `a` with room for n elements (its contents first). */
export function grown<T extends Typed>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}
