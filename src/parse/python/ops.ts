// Python's operators on static values (numbers, strings, lists, tuples, ranges), with Python's
// semantics for //, %, ** and comparison chains; anything else is an unknown that says why.
// Pure: no Node, no VS Code.
import type { Where } from './flow';
import { describe, num, rangeLength, truthy, unknown, type Value } from './values';

/** Lists longer than this (from `*`, range(), comprehensions) are not built: no model file needs them. */
export const MAX_LIST = 10_000;

/** The source text of an expression, for messages: made only when a message needs it. */
export type Text = string | (() => string);
export function txt(t: Text): string {
  return typeof t === 'string' ? t : t();
}

export function binop(op: string, a: Value, b: Value, at: Where, text: Text): Value {
  // 4 * hidden is not hidden: the cause is kept, the name is not (the result is a size of its own).
  if (a.k === 'unknown') return { k: 'unknown', why: a.why, at };
  if (b.k === 'unknown') return { k: 'unknown', why: b.why, at };
  const x = asNumber(a);
  const y = asNumber(b);
  if (x !== undefined && y !== undefined) return arith(op, x, y, isInt(a) && isInt(b), at, text);
  if (op === '+' && a.k === 'str' && b.k === 'str') return { k: 'str', v: a.v + b.v };
  if (op === '+' && a.k === 'list' && b.k === 'list' && a.tuple === b.tuple) {
    if (a.items.length + b.items.length > MAX_LIST) return unknown(`\`${txt(text)}\` builds a list too long to read`, at);
    return { k: 'list', items: [...a.items, ...b.items], tuple: a.tuple, taint: a.taint ?? b.taint };
  }
  if (op === '*' && (a.k === 'list' || b.k === 'list') && (x !== undefined || y !== undefined)) {
    const list = (a.k === 'list' ? a : b) as Extract<Value, { k: 'list' }>;
    const times = Math.max(0, Math.floor((a.k === 'list' ? y : x) ?? 0));
    if (list.items.length * times > MAX_LIST) return unknown(`\`${txt(text)}\` builds a list too long to read`, at);
    const items: Value[] = [];
    for (let k = 0; k < times; k++) items.push(...list.items);
    return { k: 'list', items, tuple: list.tuple, taint: list.taint };
  }
  if (op === '*' && (a.k === 'str' || b.k === 'str') && (x !== undefined || y !== undefined)) {
    const s = a.k === 'str' ? a.v : (b as { v: string }).v;
    const times = Math.max(0, Math.floor((a.k === 'str' ? y : x) ?? 0));
    return s.length * times > MAX_LIST ? unknown(`\`${txt(text)}\` builds a string too long to read`, at) : { k: 'str', v: s.repeat(times) };
  }
  if (op === '%' && a.k === 'str') return percentFormat(a.v, b, at, text);
  return unknown(`\`${txt(text)}\` (${describe(a)} ${op} ${describe(b)}) cannot be read statically`, at);
}

function isInt(v: Value): boolean {
  return (v.k === 'num' && v.int) || v.k === 'bool';
}

export function asNumber(v: Value): number | undefined {
  if (v.k === 'num') return v.v;
  if (v.k === 'bool') return v.v ? 1 : 0;
  return undefined;
}

function arith(op: string, x: number, y: number, ints: boolean, at: Where, text: Text): Value {
  const zero = () => unknown(`\`${txt(text)}\` divides by zero`, at);
  switch (op) {
    case '+':
      return num(x + y, ints);
    case '-':
      return num(x - y, ints);
    case '*':
      return num(x * y, ints);
    case '/':
      return y === 0 ? zero() : num(x / y, false);
    case '//':
      return y === 0 ? zero() : num(Math.floor(x / y), ints);
    case '%':
      return y === 0 ? zero() : num(x - y * Math.floor(x / y), ints);
    case '**':
      return num(x ** y, ints && y >= 0);
    case '&':
    case '|':
    case '^':
    case '<<':
    case '>>': {
      if (!ints || Math.abs(x) > 2 ** 31 || Math.abs(y) > 31) return unknown(`\`${txt(text)}\` is a bit operation the reader does not evaluate`, at);
      const r = op === '&' ? x & y : op === '|' ? x | y : op === '^' ? x ^ y : op === '<<' ? x << y : x >> y;
      return num(r, true);
    }
    default:
      return unknown(`\`${txt(text)}\` uses the operator ${op}, which the reader does not evaluate`, at);
  }
}

/** 'fc%d' % i and '%s_%d' % (a, b): the common conversions only. */
function percentFormat(fmt: string, arg: Value, at: Where, text: Text): Value {
  const args = arg.k === 'list' && arg.tuple ? arg.items : [arg];
  let k = 0;
  let bad = false;
  const out = fmt.replace(/%([-+ 0#]*\d*(?:\.\d+)?)([diusrf%])/g, (_m, _flags: string, c: string) => {
    if (c === '%') return '%';
    const v = args[k++];
    if (!v) {
      bad = true;
      return '';
    }
    const s = str(v);
    if (s === undefined) bad = true;
    if ((c === 'd' || c === 'i' || c === 'u') && v.k === 'num') return String(Math.trunc(v.v));
    return s ?? '';
  });
  return bad ? unknown(`\`${txt(text)}\` cannot be formatted statically`, at) : { k: 'str', v: out };
}

/** str(v) for the values that have a static text. */
export function str(v: Value): string | undefined {
  switch (v.k) {
    case 'str':
      return v.v;
    case 'num':
      return v.int ? String(v.v) : Number.isInteger(v.v) ? `${v.v}.0` : String(v.v);
    case 'bool':
      return v.v ? 'True' : 'False';
    case 'none':
      return 'None';
    default:
      return undefined;
  }
}

export function unary(op: string, a: Value, at: Where, text: Text): Value {
  if (a.k === 'unknown') return { k: 'unknown', why: a.why, at };
  if (op === 'not') {
    const t = truthy(a);
    return t === undefined ? unknown(`\`${txt(text)}\` depends on a value that cannot be read statically`, at) : { k: 'bool', v: !t };
  }
  const x = asNumber(a);
  if (x === undefined) return unknown(`\`${txt(text)}\` (${op}${describe(a)}) cannot be read statically`, at);
  if (op === '-') return num(-x, isInt(a));
  if (op === '+') return num(x, isInt(a));
  if (op === '~' && isInt(a) && Math.abs(x) < 2 ** 31) return num(~x, true);
  return unknown(`\`${txt(text)}\` cannot be read statically`, at);
}

/** Static equality, or undefined when it cannot be told (or when lists nest too deeply to compare). */
export function equal(a: Value, b: Value, depth = 0): boolean | undefined {
  if (depth > 32) return undefined;
  const x = asNumber(a);
  const y = asNumber(b);
  if (x !== undefined && y !== undefined) return x === y;
  if (a.k === 'str' && b.k === 'str') return a.v === b.v;
  if (a.k === 'none' || b.k === 'none') return a.k === b.k ? true : a.k === 'unknown' || b.k === 'unknown' ? undefined : false;
  if (a.k === 'ref' && b.k === 'ref') return a.q === b.q;
  if (a.k === 'class' && b.k === 'class') return a.cls === b.cls;
  if (a.k === 'list' && b.k === 'list') {
    if (a.taint || b.taint) return undefined;
    if (a.items.length !== b.items.length) return false;
    for (let k = 0; k < a.items.length; k++) {
      const e = equal(a.items[k], b.items[k], depth + 1);
      if (e !== true) return e;
    }
    return true;
  }
  if (a.k === 'unknown' || b.k === 'unknown' || a.k === 'tensor' || b.k === 'tensor') return undefined;
  if ((a.k === 'str') !== (b.k === 'str') && (x !== undefined || y !== undefined)) return false;
  return undefined;
}

export function compare(op: string, a: Value, b: Value): boolean | undefined {
  switch (op) {
    case '==':
      return equal(a, b);
    case '!=': {
      const e = equal(a, b);
      return e === undefined ? undefined : !e;
    }
    case 'is':
    case 'is not': {
      let e: boolean | undefined;
      if (a.k === 'none' || b.k === 'none') e = a.k === 'unknown' || b.k === 'unknown' || a.k === 'tensor' || b.k === 'tensor' ? (a.k === 'tensor' || b.k === 'tensor' ? false : undefined) : a.k === b.k;
      else if (a.k === 'bool' && b.k === 'bool') e = a.v === b.v;
      else e = a.k === 'module' && b.k === 'module' ? a.m === b.m : undefined;
      return e === undefined ? undefined : op === 'is' ? e : !e;
    }
    case 'in':
    case 'not in': {
      const items = containerItems(b);
      let e: boolean | undefined;
      if (b.k === 'str' && a.k === 'str') e = b.v.includes(a.v);
      else if (items) {
        e = false;
        for (const x of items) {
          const q = equal(a, x);
          if (q === true) {
            e = true;
            break;
          }
          if (q === undefined) e = undefined;
        }
      }
      return e === undefined ? undefined : op === 'in' ? e : !e;
    }
  }
  const x = asNumber(a);
  const y = asNumber(b);
  if (x !== undefined && y !== undefined) return op === '<' ? x < y : op === '>' ? x > y : op === '<=' ? x <= y : x >= y;
  if (a.k === 'str' && b.k === 'str') return op === '<' ? a.v < b.v : op === '>' ? a.v > b.v : op === '<=' ? a.v <= b.v : a.v >= b.v;
  return undefined;
}

function containerItems(v: Value): Value[] | undefined {
  if (v.k === 'list' && !v.taint) return v.items;
  if (v.k === 'dict' && !v.taint) return v.keys;
  if (v.k === 'range' && rangeLength(v) <= MAX_LIST) return materializeRange(v);
  return undefined;
}

function materializeRange(r: { start: number; stop: number; step: number }): Value[] {
  const n = Math.min(rangeLength(r), MAX_LIST);
  const out: Value[] = [];
  for (let k = 0; k < n; k++) out.push(num(r.start + k * r.step, true));
  return out;
}

/** The items of an iterable value, or a reason it cannot be iterated statically. */
export function iterate(v: Value, limit: number): { items: Value[] } | { why: string } {
  switch (v.k) {
    case 'list':
      if (v.taint) return { why: v.taint };
      return v.items.length > limit ? { why: `it has ${v.items.length} items, more than the ${limit} the reader unrolls` } : { items: v.items };
    case 'dict':
      if (v.taint) return { why: v.taint };
      return v.keys.length > limit ? { why: `it has more than ${limit} keys` } : { items: v.keys };
    case 'range': {
      const n = rangeLength(v);
      return n > limit ? { why: `range of ${n} is more than the ${limit} iterations the reader unrolls` } : { items: materializeRange(v) };
    }
    case 'str':
      return v.v.length > limit ? { why: 'the string is too long' } : { items: [...v.v].map((c): Value => ({ k: 'str', v: c })) };
    case 'module':
      if (v.m.items) return v.m.items.length > limit ? { why: 'too many modules' } : { items: v.m.items };
      return { why: `${describe(v)} cannot be iterated statically` };
    case 'unknown':
      return { why: v.why };
    default:
      return { why: `${describe(v)} cannot be iterated statically` };
  }
}

/** v[i] for lists, tuples, strings, ranges, dicts and containers. */
export function index(obj: Value, i: Value, at: Where, text: Text): Value {
  // hidden[0] of an unknown list: its own unknown (hidden[0] and hidden[1] are different sizes).
  if (obj.k === 'unknown') return i.k === 'num' || i.k === 'str' ? { k: 'unknown', why: obj.why, at: obj.at, sym: obj.sym && `${obj.sym}_${String(i.v).replace(/\W/g, '')}` } : obj;
  if (i.k === 'unknown') return i;
  if (obj.k === 'dict') {
    if (obj.taint) return unknown(`\`${txt(text)}\`: ${obj.taint}`, at);
    for (let k = 0; k < obj.keys.length; k++) if (equal(obj.keys[k], i) === true) return obj.vals[k];
    return unknown(`\`${txt(text)}\`: the key ${describe(i)} is not in the dict`, at);
  }
  const items = obj.k === 'list' ? (obj.taint ? undefined : obj.items) : obj.k === 'module' ? (obj.m.itemNames && i.k === 'str' ? undefined : obj.m.items) : obj.k === 'range' ? materializeRange(obj) : obj.k === 'str' ? [...obj.v].map((c): Value => ({ k: 'str', v: c })) : undefined;
  if (obj.k === 'module' && obj.m.itemNames && i.k === 'str') {
    const k = obj.m.itemNames.indexOf(i.v);
    return k >= 0 ? obj.m.items![k] : unknown(`\`${txt(text)}\`: no module named ${describe(i)}`, at);
  }
  const n = asNumber(i);
  if (!items || n === undefined || !Number.isInteger(n)) return unknown(`\`${txt(text)}\` cannot be read statically`, at);
  const k = n < 0 ? items.length + n : n;
  if (k < 0 || k >= items.length) return unknown(`\`${txt(text)}\` is out of range (${items.length} items)`, at);
  return items[k];
}

/** v[lo:hi:step] for lists, tuples, strings and containers. */
export function slice(obj: Value, lo: Value | undefined, hi: Value | undefined, step: Value | undefined, at: Where, text: Text): Value {
  const items = obj.k === 'list' && !obj.taint ? obj.items : obj.k === 'module' && obj.m.items ? obj.m.items : obj.k === 'range' ? materializeRange(obj) : undefined;
  const s = step === undefined || step.k === 'none' ? 1 : asNumber(step);
  const bound = (v: Value | undefined) => (v === undefined || v.k === 'none' ? undefined : asNumber(v));
  let a = bound(lo);
  let b = bound(hi);
  if (!items || s === undefined || s === 0 || (lo && lo.k !== 'none' && a === undefined) || (hi && hi.k !== 'none' && b === undefined)) {
    if (obj.k === 'str' && s === 1 && (a !== undefined || !lo) && (b !== undefined || !hi)) return { k: 'str', v: obj.v.slice(a, b) };
    return unknown(`\`${txt(text)}\` cannot be read statically`, at);
  }
  const n = items.length;
  const norm = (x: number) => (x < 0 ? Math.max(n + x, s > 0 ? 0 : -1) : Math.min(x, s > 0 ? n : n - 1));
  a = a === undefined ? (s > 0 ? 0 : n - 1) : norm(a);
  b = b === undefined ? (s > 0 ? n : -1) : norm(b);
  const out: Value[] = [];
  for (let k = a; s > 0 ? k < b : k > b; k += s) out.push(items[k]);
  return { k: 'list', items: out, tuple: obj.k === 'list' ? obj.tuple : false };
}
