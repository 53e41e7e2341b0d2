// Names from a file that must never be used as keys of a plain object: a lookup such as
// `table[name]` finds "constructor", "toString" or "__proto__" on Object.prototype, and an
// assignment to "__proto__" changes the object's prototype instead of adding a key.

/** A record with no prototype: `rec[name]` finds only what was put in it. */
export function emptyRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** Sets a key on a record without ever touching the prototype (a key may be "__proto__"). */
export function setKey<T>(rec: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(rec, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Whether a name (as written, or lower-cased as lookups of layer types and activations do) is a
 * key of Object.prototype. Such a name is refused as a size, a layer type or an activation.
 */
export function isPrototypeName(name: string): boolean {
  const t = name.trim();
  return Object.hasOwn(Object.prototype, t) || Object.hasOwn(Object.prototype, t.toLowerCase());
}
