// Names from a file that must never be used as keys of a plain object: a lookup such as
// `table[name]` finds "constructor", "toString" or "__proto__" on Object.prototype, and an
// assignment to "__proto__" changes the object's prototype instead of adding a key.

/** A record with no prototype: `rec[name]` finds only what was put in it. */
export function emptyRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/**
 * A constant table that names from a file look up (a class name, an alias): without a prototype,
 * `TABLE[name]` finds only the table's own keys, never Object.prototype's "constructor" or
 * "toString" (an undefined `constructor(256)` in a PyTorch file found `Object` among the aliases
 * nn, F and torch, and the reader failed on the whole file).
 */
export function lookupTable<T>(entries: Record<string, T>): Readonly<Record<string, T>> {
  return Object.freeze(Object.assign(emptyRecord<T>(), entries));
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

/** The longest file-name start made from a name (file systems allow 255 bytes; a suffix follows). */
const STEM_MAX = 80;

/**
 * A name from a file (a model's name) as the start of a file name the product writes or offers:
 * letters, digits, `_`, `.` and `-` kept (any script), every other run one `-`; no `-` or `.` at
 * either end (a leading dot hides a file, a trailing one is dropped on Windows, `..` is a
 * directory); at most STEM_MAX characters; `fallback` where nothing is left.
 */
export function fileStem(name: string, fallback: string): string {
  const stem = trimSeparators(trimSeparators(name.replace(/[^\p{L}\p{N}_.-]+/gu, '-')).slice(0, STEM_MAX));
  return stem || fallback;
}

/**
 * Without the dashes and dots at either end. A loop, not /[-.]+$/: that expression tries every
 * position of a long run of dots inside a name, and a name of 160,000 of them took 15 s.
 */
function trimSeparators(s: string): string {
  const sep = (c: string) => c === '-' || c === '.';
  let a = 0;
  let b = s.length;
  while (a < b && sep(s[a])) a++;
  while (b > a && sep(s[b - 1])) b--;
  return s.slice(a, b);
}

/** Levenshtein distance of two short words (names), in O(a·b); 3 for anything past 2 apart in length or longer than 32. */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2 || b.length > 32 || a.length > 32) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** The first of `names` at most two edits from `word` (case aside): what a typo meant ("layr": layer, "rleu": relu). */
export function nearestName(word: string, names: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  return names.find((n) => editDistance(n, w) <= 2);
}
