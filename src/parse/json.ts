// A JSON / JSONC parser that keeps the exact offsets of every key and value.
// Comments (// and /* */) and trailing commas are accepted. It never throws: a syntax error is
// returned with its offsets. It is iterative (an explicit stack, no recursion), linear in the
// input, and refuses nesting deeper than MAX_JSON_DEPTH and texts longer than LIMITS.maxTextLength.
//
// Memory: the parse writes one record per value (kind, start, end, end of its subtree) into typed
// arrays, 13 bytes a value; the node objects the front ends read (JsonObject, JsonProperty, ...) are
// made when they are first read, and strings are decoded then. A large file costs about as much
// as its text, not the hundred bytes a byte that one object per value costs.
// Pure: no Node, no VS Code.
import { LIMITS, tooLargeMessage } from './limits';

export const MAX_JSON_DEPTH = LIMITS.maxJsonDepth;

interface Span {
  /** Offset of the first character. */
  readonly start: number;
  /** Offset just after the last character. */
  readonly end: number;
}

export interface JsonObject extends Span {
  readonly type: 'object';
  readonly properties: readonly JsonProperty[];
}
export interface JsonProperty extends Span {
  readonly key: string;
  readonly keyStart: number;
  readonly keyEnd: number;
  readonly value: JsonValue;
}
export interface JsonArray extends Span {
  readonly type: 'array';
  readonly items: readonly JsonValue[];
}
export interface JsonString extends Span {
  readonly type: 'string';
  readonly value: string;
}
export interface JsonNumber extends Span {
  readonly type: 'number';
  readonly value: number;
  /** The number as written (1e400 stays "1e400" while value is Infinity). */
  readonly raw: string;
}
export interface JsonBoolean extends Span {
  readonly type: 'boolean';
  readonly value: boolean;
}
export interface JsonNull extends Span {
  readonly type: 'null';
  readonly value: null;
}
export type JsonValue = JsonObject | JsonArray | JsonString | JsonNumber | JsonBoolean | JsonNull;

export interface JsonSyntaxError extends Span {
  message: string;
  code: string;
}

export interface JsonParseResult {
  /** The value, absent when there was a syntax error. */
  root?: JsonValue;
  error?: JsonSyntaxError;
}

// ------------------------------------------------------------------ the tape
const OBJECT = 1;
const ARRAY = 2;
const STRING = 3;
const NUMBER_KIND = 4;
const TRUE = 5;
const FALSE = 6;
const NULL = 7;
/** A property's key; its value is the next record. */
const KEY = 8;
/** Flag on STRING and KEY: the text has escapes to decode. */
const ESCAPED = 16;

/** One record per value, in document order (a container before its contents). */
class Tape {
  kind: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  /** The record after this one's subtree (i + 1 for a scalar or a key). */
  after: Int32Array;
  size = 0;
  constructor(readonly text: string) {
    const n = 64;
    this.kind = new Uint8Array(n);
    this.start = new Int32Array(n);
    this.end = new Int32Array(n);
    this.after = new Int32Array(n);
  }
  push(kind: number, start: number, end: number): number {
    if (this.size === this.kind.length) this.grow();
    const i = this.size++;
    this.kind[i] = kind;
    this.start[i] = start;
    this.end[i] = end;
    this.after[i] = i + 1;
    return i;
  }
  private grow(): void {
    const n = this.kind.length * 2;
    const copy = <T extends Uint8Array | Int32Array>(a: T, b: T): T => (b.set(a), b);
    this.kind = copy(this.kind, new Uint8Array(n));
    this.start = copy(this.start, new Int32Array(n));
    this.end = copy(this.end, new Int32Array(n));
    this.after = copy(this.after, new Int32Array(n));
  }
  /** Whether the key record k spells `key`, without decoding it when it has no escapes. */
  keyIs(k: number, key: string): boolean {
    const s = this.start[k];
    const e = this.end[k];
    if (this.kind[k] & ESCAPED) return decodeString(this.text, s, e) === key;
    return e - s - 2 === key.length && this.text.startsWith(key, s + 1);
  }
  stringAt(i: number): string {
    const s = this.start[i];
    const e = this.end[i];
    return this.kind[i] & ESCAPED ? decodeString(this.text, s, e) : this.text.slice(s + 1, e - 1);
  }
}

// ------------------------------------------------------------------ nodes, made on first read
class Node {
  constructor(
    readonly tape: Tape,
    readonly index: number,
  ) {}
  get start(): number {
    return this.tape.start[this.index];
  }
  get end(): number {
    return this.tape.end[this.index];
  }
}

class ObjectNode extends Node implements JsonObject {
  private props?: JsonProperty[];
  get type(): 'object' {
    return 'object';
  }
  get properties(): readonly JsonProperty[] {
    if (!this.props) {
      const t = this.tape;
      const out: JsonProperty[] = [];
      for (let k = this.index + 1; k < t.after[this.index]; k = t.after[k + 1]) out.push(new PropertyNode(t, k));
      this.props = out;
    }
    return this.props;
  }
  /** The last property with this key, read from the tape (no node for the others). */
  lookup(key: string): JsonProperty | undefined {
    const t = this.tape;
    let last = -1;
    for (let k = this.index + 1; k < t.after[this.index]; k = t.after[k + 1]) if (t.keyIs(k, key)) last = k;
    return last < 0 ? undefined : new PropertyNode(t, last);
  }
}

class ArrayNode extends Node implements JsonArray {
  private cached?: JsonValue[];
  /** The first n items (or all), without making nodes for the rest. */
  first(n: number): JsonValue[] {
    if (this.cached) return this.cached.slice(0, n);
    const t = this.tape;
    const out: JsonValue[] = [];
    for (let i = this.index + 1; i < t.after[this.index] && out.length < n; i = t.after[i]) out.push(nodeAt(t, i));
    return out;
  }
  count(): number {
    const t = this.tape;
    let n = 0;
    for (let i = this.index + 1; i < t.after[this.index]; i = t.after[i]) n++;
    return n;
  }
  get type(): 'array' {
    return 'array';
  }
  get items(): readonly JsonValue[] {
    if (!this.cached) {
      const t = this.tape;
      const out: JsonValue[] = [];
      for (let i = this.index + 1; i < t.after[this.index]; i = t.after[i]) out.push(nodeAt(t, i));
      this.cached = out;
    }
    return this.cached;
  }
}

class StringNode extends Node implements JsonString {
  private decoded?: string;
  get type(): 'string' {
    return 'string';
  }
  get value(): string {
    return (this.decoded ??= this.tape.stringAt(this.index));
  }
}

class NumberNode extends Node implements JsonNumber {
  get type(): 'number' {
    return 'number';
  }
  get raw(): string {
    return this.tape.text.slice(this.start, this.end);
  }
  get value(): number {
    return Number(this.raw);
  }
}

class BooleanNode extends Node implements JsonBoolean {
  get type(): 'boolean' {
    return 'boolean';
  }
  get value(): boolean {
    return (this.tape.kind[this.index] & 15) === TRUE;
  }
}

class NullNode extends Node implements JsonNull {
  get type(): 'null' {
    return 'null';
  }
  get value(): null {
    return null;
  }
}

class PropertyNode implements JsonProperty {
  private keyText?: string;
  private val?: JsonValue;
  constructor(
    private readonly tape: Tape,
    /** The key's record; the value's is the next one. */
    private readonly k: number,
  ) {}
  get key(): string {
    return (this.keyText ??= this.tape.stringAt(this.k));
  }
  get keyStart(): number {
    return this.tape.start[this.k];
  }
  get keyEnd(): number {
    return this.tape.end[this.k];
  }
  get value(): JsonValue {
    return (this.val ??= nodeAt(this.tape, this.k + 1));
  }
  get start(): number {
    return this.keyStart;
  }
  get end(): number {
    return this.tape.end[this.k + 1];
  }
}

function nodeAt(t: Tape, i: number): JsonValue {
  switch (t.kind[i] & 15) {
    case OBJECT:
      return new ObjectNode(t, i);
    case ARRAY:
      return new ArrayNode(t, i);
    case STRING:
      return new StringNode(t, i);
    case NUMBER_KIND:
      return new NumberNode(t, i);
    case TRUE:
    case FALSE:
      return new BooleanNode(t, i);
    default:
      return new NullNode(t, i);
  }
}

// ------------------------------------------------------------------ the parser
interface Frame {
  /** The container's record. */
  index: number;
  isObject: boolean;
  /** In an object: a key was read, its value comes next. */
  haveKey: boolean;
  expectComma: boolean;
}

const WORD = /[A-Za-z_$][A-Za-z0-9_$]*/y;
/** What may not follow a number directly: [0-9A-Za-z_.$+-] (it would be part of a bad one). */
const isNumberTail = (c: number) => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46 || c === 36 || c === 43 || c === 45;
const SIMPLE_ESCAPES = new Map([['"', '"'], ['\\', '\\'], ['/', '/'], ['b', '\b'], ['f', '\f'], ['n', '\n'], ['r', '\r'], ['t', '\t']]);

class SyntaxFailure {
  constructor(readonly error: JsonSyntaxError) {}
}

export function parseJson(text: string): JsonParseResult {
  if (text.length > LIMITS.maxTextLength) return { error: { message: tooLargeMessage(text.length), start: 0, end: 0, code: 'file-too-large' } };
  try {
    const tape = new Parser(text).run();
    return { root: nodeAt(tape, 0) };
  } catch (e) {
    if (e instanceof SyntaxFailure) return { error: e.error };
    // Should not happen; reported rather than thrown so a caller never sees an exception.
    return { error: { message: `internal JSON parser error: ${String(e)}`, start: 0, end: 0, code: 'json-syntax' } };
  }
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * The end of the JSON number at `start` (-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?), or -1 when
 * none starts there. One pass by character codes: numbers are most of a large file.
 */
function scanNumber(t: string, start: number): number {
  let i = start;
  if (t.charCodeAt(i) === 45 /* - */) i++;
  const first = t.charCodeAt(i);
  if (first === 48 /* 0 */) i++;
  else if (isDigit(first)) while (isDigit(t.charCodeAt(i))) i++;
  else return -1;
  if (t.charCodeAt(i) === 46 /* . */ && isDigit(t.charCodeAt(i + 1))) {
    i += 2;
    while (isDigit(t.charCodeAt(i))) i++;
  }
  const e = t.charCodeAt(i);
  if (e === 101 || e === 69) {
    let j = i + 1;
    const sign = t.charCodeAt(j);
    if (sign === 43 || sign === 45) j++;
    if (isDigit(t.charCodeAt(j))) {
      while (isDigit(t.charCodeAt(j))) j++;
      i = j;
    }
  }
  return i;
}

/** Decodes a string literal whose escapes the parser has already checked. */
function decodeString(t: string, start: number, end: number): string {
  let out = '';
  let chunk = start + 1;
  for (let i = chunk; i < end - 1; i++) {
    if (t.charCodeAt(i) !== 92) continue;
    out += t.slice(chunk, i);
    const e = t[i + 1];
    if (e === 'u') {
      out += String.fromCharCode(parseInt(t.slice(i + 2, i + 6), 16));
      i += 5;
    } else {
      out += SIMPLE_ESCAPES.get(e) ?? e;
      i += 1;
    }
    chunk = i + 1;
  }
  return out + t.slice(chunk, end - 1);
}

class Parser {
  private pos = 0;
  private readonly tape: Tape;
  constructor(private readonly text: string) {
    if (text.charCodeAt(0) === 0xfeff) this.pos = 1;
    this.tape = new Tape(text);
  }

  private fail(message: string, start: number, end = start + 1, code = 'json-syntax'): never {
    end = Math.min(Math.max(end, start), this.text.length);
    throw new SyntaxFailure({ message, start, end, code });
  }

  private describe(at: number): string {
    if (at >= this.text.length) return 'end of file';
    const c = this.text[at];
    if (c === '\n' || c === '\r') return 'end of line';
    WORD.lastIndex = at;
    const m = WORD.exec(this.text);
    if (m) return `'${m[0].length > 20 ? m[0].slice(0, 20) + '…' : m[0]}'`;
    const cp = this.text.codePointAt(at) ?? 0;
    return cp < 0x20 || cp === 0x7f ? `control character U+${cp.toString(16).padStart(4, '0').toUpperCase()}` : `'${String.fromCodePoint(cp)}'`;
  }

  private skipTrivia(): void {
    const t = this.text;
    const n = t.length;
    while (this.pos < n) {
      const c = t.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) {
        this.pos++;
      } else if (c === 47 /* / */ && t.charCodeAt(this.pos + 1) === 47) {
        let i = this.pos + 2;
        while (i < n && t.charCodeAt(i) !== 10 && t.charCodeAt(i) !== 13) i++;
        this.pos = i;
      } else if (c === 47 && t.charCodeAt(this.pos + 1) === 42 /* * */) {
        const close = t.indexOf('*/', this.pos + 2);
        if (close < 0) this.fail('unterminated comment: "/*" has no closing "*/"', this.pos, this.pos + 2);
        this.pos = close + 2;
      } else {
        return;
      }
    }
  }

  run(): Tape {
    const stack: Frame[] = [];
    const t = this.text;
    const tape = this.tape;
    const close = (top: Frame): void => {
      tape.end[top.index] = ++this.pos;
      tape.after[top.index] = tape.size;
      stack.pop();
      this.valueDone(stack);
    };
    for (;;) {
      this.skipTrivia();
      const top = stack[stack.length - 1];
      const c = t[this.pos];
      if (top && c === undefined) {
        const what = top.isObject ? "'}'" : "']'";
        this.fail(`unexpected end of file: the ${top.isObject ? 'object' : 'array'} opened here is not closed with ${what}`, tape.start[top.index], tape.start[top.index] + 1);
      }
      if (!top) {
        if (tape.size > 0) {
          if (this.pos < t.length) this.fail(`unexpected ${this.describe(this.pos)} after the end of the JSON value`, this.pos);
          return tape;
        }
      } else if (top.isObject && !top.haveKey) {
        if (c === '}') {
          close(top);
          continue;
        }
        if (top.expectComma) {
          if (c === ',') {
            this.pos++;
            top.expectComma = false;
            continue;
          }
          this.fail(`expected ',' or '}' after a property, found ${this.describe(this.pos)}`, this.pos);
        }
        if (c === '"') {
          const keyStart = this.pos;
          const escaped = this.scanString();
          const k = tape.push(KEY | (escaped ? ESCAPED : 0), keyStart, this.pos);
          this.skipTrivia();
          if (t[this.pos] !== ':') {
            const key = tape.stringAt(k);
            this.fail(`expected ':' after the key "${key.length > 30 ? key.slice(0, 30) + '…' : key}", found ${this.describe(this.pos)}`, this.pos);
          }
          this.pos++;
          top.haveKey = true;
          continue;
        }
        if (c === "'") this.fail('property names must be in double quotes, not single quotes', this.pos);
        if (c === ',') this.fail("expected a property name, found ','", this.pos);
        if (c !== undefined && /[A-Za-z_$]/.test(c)) {
          WORD.lastIndex = this.pos;
          const m = WORD.exec(t)!;
          this.fail(`property names must be in double quotes: write "${m[0]}"`, this.pos, this.pos + m[0].length);
        }
        this.fail(`expected a property name in double quotes or '}', found ${this.describe(this.pos)}`, this.pos);
      } else if (!top.isObject) {
        if (c === ']') {
          close(top);
          continue;
        }
        if (top.expectComma) {
          if (c === ',') {
            this.pos++;
            top.expectComma = false;
            continue;
          }
          this.fail(`expected ',' or ']' after an array element, found ${this.describe(this.pos)}`, this.pos);
        }
        if (c === ',') this.fail("expected a value before ','", this.pos);
      }
      this.value(stack, c);
    }
  }

  /** After a value: the container around it expects a comma (and, in an object, a new key). */
  private valueDone(stack: Frame[]): void {
    const top = stack[stack.length - 1];
    if (!top) return;
    top.haveKey = false;
    top.expectComma = true;
  }

  /** Reads the value that starts at pos (c is its first character). */
  private value(stack: Frame[], c: string | undefined): void {
    const t = this.text;
    const tape = this.tape;
    const start = this.pos;
    if (c === '{' || c === '[') {
      if (stack.length >= MAX_JSON_DEPTH) {
        this.fail(`nesting is deeper than ${MAX_JSON_DEPTH} levels; the file is not read`, start, start + 1, 'json-too-deep');
      }
      this.pos++;
      const index = tape.push(c === '{' ? OBJECT : ARRAY, start, start);
      stack.push({ index, isObject: c === '{', haveKey: false, expectComma: false });
      return;
    }
    if (c === '"') {
      const escaped = this.scanString();
      tape.push(STRING | (escaped ? ESCAPED : 0), start, this.pos);
      return this.valueDone(stack);
    }
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      const after = scanNumber(t, start);
      if (after < 0 || isNumberTail(t.charCodeAt(after))) {
        let e = Math.max(after, start);
        while (e < t.length && isNumberTail(t.charCodeAt(e))) e++;
        const raw = t.slice(start, Math.max(e, start + 1));
        const hint = /^-?0[0-9]/.test(raw) ? ' (leading zeros are not allowed)' : '';
        this.fail(`invalid number '${raw.length > 30 ? raw.slice(0, 30) + '…' : raw}'${hint}`, start, e);
      }
      this.pos = after;
      tape.push(NUMBER_KIND, start, after);
      return this.valueDone(stack);
    }
    if (c === undefined) this.fail('the file is empty: expected a JSON value', start, start);
    WORD.lastIndex = start;
    const w = WORD.exec(t);
    if (w) {
      const word = w[0];
      this.pos = start + word.length;
      if (word === 'true' || word === 'false' || word === 'null') {
        tape.push(word === 'true' ? TRUE : word === 'false' ? FALSE : NULL, start, this.pos);
        return this.valueDone(stack);
      }
      if (word === 'NaN' || word === 'Infinity') this.fail(`${word} is not a JSON number`, start, this.pos);
      this.fail(`unexpected '${word.length > 30 ? word.slice(0, 30) + '…' : word}': text values must be in double quotes`, start, this.pos);
    }
    if (c === "'") this.fail('strings must be in double quotes, not single quotes', start);
    if (c === '+' || c === '.') this.fail(`invalid number: a JSON number cannot start with '${c}'`, start);
    this.fail(`expected a value, found ${this.describe(start)}`, start);
  }

  /** Checks the string at pos (its opening quote); leaves pos after the closing quote. True when it has escapes. */
  private scanString(): boolean {
    const t = this.text;
    const start = this.pos;
    let escaped = false;
    for (let i = start + 1; ; ) {
      if (i >= t.length) this.fail('unterminated string: missing the closing double quote', start, i);
      const c = t.charCodeAt(i);
      if (c === 34) {
        this.pos = i + 1;
        return escaped;
      }
      if (c === 92) {
        escaped = true;
        const e = t[i + 1];
        if (e !== undefined && SIMPLE_ESCAPES.has(e)) {
          i += 2;
        } else if (e === 'u') {
          const hex = t.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('invalid unicode escape: \\u needs four hex digits', i, i + 2 + hex.length);
          i += 6;
        } else {
          this.fail(`invalid escape '\\${e ?? ''}' in string`, i, i + 2);
        }
        continue;
      }
      if (c === 10 || c === 13) this.fail('unterminated string: a string cannot span lines (missing closing double quote?)', start, i);
      if (c < 0x20) this.fail(`control character U+${c.toString(16).padStart(4, '0').toUpperCase()} must be escaped in a string`, i);
      i++;
    }
  }
}

/** The last property with this key (as JSON.parse would keep), or undefined. */
export function getProp(obj: JsonObject, key: string): JsonProperty | undefined {
  if (obj instanceof ObjectNode) return obj.lookup(key);
  for (let i = obj.properties.length - 1; i >= 0; i--) if (obj.properties[i].key === key) return obj.properties[i];
  return undefined;
}

/** The value of a key when it is an object. */
export function getObject(obj: JsonObject | undefined, key: string): JsonObject | undefined {
  const p = obj && getProp(obj, key);
  return p && p.value.type === 'object' ? p.value : undefined;
}

/** How many items an array has (counted on the parse records, no nodes made). */
export function itemCount(arr: JsonArray): number {
  return arr instanceof ArrayNode ? arr.count() : arr.items.length;
}

/** The first n items of an array: a reader that keeps a limit never makes nodes for the rest. */
export function firstItems(arr: JsonArray, n: number): readonly JsonValue[] {
  return arr instanceof ArrayNode ? arr.first(n) : arr.items.slice(0, n);
}

/**
 * Every property named `key` at any depth under `root`, in document order, without looking inside
 * the value of one found (a `scalingModel` inside a `scalingModel` is not another model). One pass
 * over the parse records: no node is made for what does not match.
 */
export function findProperties(root: JsonValue, key: string): JsonProperty[] {
  const out: JsonProperty[] = [];
  if (!(root instanceof Node)) return out;
  const t = root.tape;
  const end = t.after[root.index];
  for (let i = root.index; i < end; ) {
    if ((t.kind[i] & 15) === KEY && t.keyIs(i, key)) {
      out.push(new PropertyNode(t, i));
      i = t.after[i + 1];
    } else i++;
  }
  return out;
}
