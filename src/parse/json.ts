// A JSON / JSONC parser that keeps the exact offsets of every key and value.
// Comments (// and /* */) and trailing commas are accepted. It never throws: a syntax error is
// returned with its offsets. It is iterative (an explicit stack, no recursion), linear in the
// input, and refuses nesting deeper than MAX_JSON_DEPTH. Pure: no Node, no VS Code.

export const MAX_JSON_DEPTH = 512;

interface Span {
  /** Offset of the first character. */
  start: number;
  /** Offset just after the last character. */
  end: number;
}

export interface JsonObject extends Span {
  type: 'object';
  properties: JsonProperty[];
}
export interface JsonProperty extends Span {
  key: string;
  keyStart: number;
  keyEnd: number;
  value: JsonValue;
}
export interface JsonArray extends Span {
  type: 'array';
  items: JsonValue[];
}
export interface JsonString extends Span {
  type: 'string';
  value: string;
}
export interface JsonNumber extends Span {
  type: 'number';
  value: number;
  /** The number as written (1e400 stays "1e400" while value is Infinity). */
  raw: string;
}
export interface JsonBoolean extends Span {
  type: 'boolean';
  value: boolean;
}
export interface JsonNull extends Span {
  type: 'null';
  value: null;
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

interface Frame {
  node: JsonObject | JsonArray;
  key?: { key: string; keyStart: number; keyEnd: number };
  expectComma: boolean;
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const WORD = /[A-Za-z_$][A-Za-z0-9_$]*/y;

class SyntaxFailure {
  constructor(readonly error: JsonSyntaxError) {}
}

export function parseJson(text: string): JsonParseResult {
  try {
    return { root: new Parser(text).run() };
  } catch (e) {
    if (e instanceof SyntaxFailure) return { error: e.error };
    // Should not happen; reported rather than thrown so a caller never sees an exception.
    return { error: { message: `internal JSON parser error: ${String(e)}`, start: 0, end: 0, code: 'json-syntax' } };
  }
}

class Parser {
  private pos = 0;
  constructor(private readonly text: string) {
    if (text.charCodeAt(0) === 0xfeff) this.pos = 1;
  }

  private fail(message: string, start: number, end = start + 1, code = 'json-syntax'): never {
    end = Math.min(Math.max(end, start), this.text.length);
    throw new SyntaxFailure({ message, start, end, code });
  }

  private describe(at: number): string {
    if (at >= this.text.length) return 'end of file';
    const c = this.text[at];
    if (c === '\n' || c === '\r') return 'end of line';
    const w = WORD;
    w.lastIndex = at;
    const m = w.exec(this.text);
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

  run(): JsonValue {
    const stack: Frame[] = [];
    let root: JsonValue | undefined;
    const t = this.text;
    const attach = (v: JsonValue): void => {
      const top = stack[stack.length - 1];
      if (!top) {
        root = v;
      } else if (top.node.type === 'object') {
        const k = top.key!;
        top.node.properties.push({ key: k.key, keyStart: k.keyStart, keyEnd: k.keyEnd, value: v, start: k.keyStart, end: v.end });
        top.key = undefined;
        top.expectComma = true;
      } else {
        top.node.items.push(v);
        top.expectComma = true;
      }
    };
    for (;;) {
      this.skipTrivia();
      const top = stack[stack.length - 1];
      const c = t[this.pos];
      if (top && c === undefined) {
        const what = top.node.type === 'object' ? "'}'" : "']'";
        this.fail(`unexpected end of file: the ${top.node.type} opened here is not closed with ${what}`, top.node.start, top.node.start + 1);
      }
      if (!top) {
        if (root !== undefined) {
          if (this.pos < t.length) this.fail(`unexpected ${this.describe(this.pos)} after the end of the JSON value`, this.pos);
          return root;
        }
      } else if (top.node.type === 'object' && top.key === undefined) {
        if (c === '}') {
          top.node.end = ++this.pos;
          stack.pop();
          attach(top.node);
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
          const key = this.scanString();
          const keyEnd = this.pos;
          this.skipTrivia();
          if (t[this.pos] !== ':') this.fail(`expected ':' after the key "${key.length > 30 ? key.slice(0, 30) + '…' : key}", found ${this.describe(this.pos)}`, this.pos);
          this.pos++;
          top.key = { key, keyStart, keyEnd };
          continue;
        }
        if (c === "'") this.fail("property names must be in double quotes, not single quotes", this.pos);
        if (c === ',') this.fail("expected a property name, found ','", this.pos);
        if (c !== undefined && /[A-Za-z_$]/.test(c)) {
          WORD.lastIndex = this.pos;
          const m = WORD.exec(t)!;
          this.fail(`property names must be in double quotes: write "${m[0]}"`, this.pos, this.pos + m[0].length);
        }
        this.fail(`expected a property name in double quotes or '}', found ${this.describe(this.pos)}`, this.pos);
      } else if (top.node.type === 'array') {
        if (c === ']') {
          top.node.end = ++this.pos;
          stack.pop();
          attach(top.node);
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
      // A value is expected here.
      const start = this.pos;
      if (c === '{' || c === '[') {
        if (stack.length >= MAX_JSON_DEPTH) {
          this.fail(`nesting is deeper than ${MAX_JSON_DEPTH} levels; the file is not read`, start, start + 1, 'json-too-deep');
        }
        this.pos++;
        const node: JsonObject | JsonArray =
          c === '{' ? { type: 'object', properties: [], start, end: start } : { type: 'array', items: [], start, end: start };
        stack.push({ node, expectComma: false });
        continue;
      }
      if (c === '"') {
        const value = this.scanString();
        attach({ type: 'string', value, start, end: this.pos });
        continue;
      }
      if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
        NUMBER.lastIndex = start;
        const m = NUMBER.exec(t);
        const after = m ? start + m[0].length : start;
        if (!m || /[0-9A-Za-z_.$+-]/.test(t[after] ?? '')) {
          let e = after;
          while (e < t.length && /[0-9A-Za-z_.$+-]/.test(t[e])) e++;
          const raw = t.slice(start, Math.max(e, start + 1));
          const hint = /^-?0[0-9]/.test(raw) ? ' (leading zeros are not allowed)' : '';
          this.fail(`invalid number '${raw.length > 30 ? raw.slice(0, 30) + '…' : raw}'${hint}`, start, e);
        }
        this.pos = after;
        attach({ type: 'number', value: Number(m[0]), raw: m[0], start, end: after });
        continue;
      }
      if (c === undefined) {
        this.fail('the file is empty: expected a JSON value', start, start);
      }
      WORD.lastIndex = start;
      const w = WORD.exec(t);
      if (w) {
        const word = w[0];
        this.pos = start + word.length;
        if (word === 'true' || word === 'false') attach({ type: 'boolean', value: word === 'true', start, end: this.pos });
        else if (word === 'null') attach({ type: 'null', value: null, start, end: this.pos });
        else if (word === 'NaN' || word === 'Infinity') this.fail(`${word} is not a JSON number`, start, this.pos);
        else this.fail(`unexpected '${word.length > 30 ? word.slice(0, 30) + '…' : word}': text values must be in double quotes`, start, this.pos);
        continue;
      }
      if (c === "'") this.fail('strings must be in double quotes, not single quotes', start);
      if (c === '+' || c === '.') this.fail(`invalid number: a JSON number cannot start with '${c}'`, start);
      this.fail(`expected a value, found ${this.describe(start)}`, start);
    }
  }

  /** Scans a string starting at the opening quote; leaves pos after the closing quote. */
  private scanString(): string {
    const t = this.text;
    const start = this.pos;
    let i = start + 1;
    // Fast path: no escapes and no control characters.
    for (;;) {
      const c = t.charCodeAt(i);
      if (c === 34) {
        this.pos = i + 1;
        return t.slice(start + 1, i);
      }
      if (c === 92 || c < 0x20 || Number.isNaN(c)) break;
      i++;
    }
    let chunk = start + 1;
    i = chunk;
    const parts: string[] = [];
    for (;;) {
      if (i >= t.length) this.fail('unterminated string: missing the closing double quote', start, i);
      const c = t.charCodeAt(i);
      if (c === 34) {
        parts.push(t.slice(chunk, i));
        this.pos = i + 1;
        return parts.length === 1 ? parts[0] : parts.join('');
      }
      if (c === 92) {
        parts.push(t.slice(chunk, i));
        const e = t[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && simple[e] !== undefined) {
          parts.push(simple[e]);
          i += 2;
        } else if (e === 'u') {
          const hex = t.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('invalid unicode escape: \\u needs four hex digits', i, i + 2 + hex.length);
          parts.push(String.fromCharCode(parseInt(hex, 16)));
          i += 6;
        } else {
          this.fail(`invalid escape '\\${e ?? ''}' in string`, i, i + 2);
        }
        chunk = i;
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
  for (let i = obj.properties.length - 1; i >= 0; i--) if (obj.properties[i].key === key) return obj.properties[i];
  return undefined;
}

/** The value of a key when it is an object. */
export function getObject(obj: JsonObject | undefined, key: string): JsonObject | undefined {
  const p = obj && getProp(obj, key);
  return p && p.value.type === 'object' ? p.value : undefined;
}
