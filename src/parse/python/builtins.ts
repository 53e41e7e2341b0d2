// The Python builtins and the list, dict and str methods a model file uses to compute its sizes
// (range, len, zip, enumerate, min, sum, int, list.append, '...'.format, math.sqrt, ...), on
// static values; anything else is an unknown that says why. Pure: no Node, no VS Code.
import type { Call, Interp, Scope } from './interp';
import { callWith, instanceOf } from './interp';
import { asNumber, binop, compare, iterate, MAX_LIST } from './ops';
import { NONE, num, truthy, unknown, type Value } from './values';

const NAMES = new Set([
  'range', 'len', 'int', 'float', 'bool', 'str', 'abs', 'min', 'max', 'round', 'sum', 'list', 'tuple', 'set', 'sorted', 'reversed', 'zip', 'enumerate',
  'dict', 'print', 'getattr', 'setattr', 'hasattr', 'isinstance', 'map', 'any', 'all', 'pow', 'divmod', 'iter', 'next', 'type', 'issubclass', 'callable', 'id', 'repr',
]);

type List = Extract<Value, { k: 'list' }>;

export class Builtins {
  constructor(private readonly ip: Interp) {}

  /** The builtin a bare name stands for, if any. */
  lookup(name: string): Value | undefined {
    return NAMES.has(name) ? { k: 'builtin', name } : undefined;
  }

  call(name: string, c: Call, scope: Scope): Value {
    return this.numeric(name, c) ?? this.sequence(name, c, scope) ?? this.attribute(name, c) ?? this.bad(c);
  }

  private bad(c: Call): Value {
    return c.args.find((x) => x.k === 'unknown') ?? unknown(`\`${c.text}\` cannot be read statically`, c.at);
  }

  /** range, len, int, float, round, bool, str, abs, pow, min, max, sum, divmod. */
  private numeric(name: string, c: Call): Value | undefined {
    const a = c.args;
    switch (name) {
      case 'range': {
        const n = a.map((x) => this.ip.int(x));
        if (!a.length || n.some((x) => x === undefined)) return this.bad(c);
        const [start, stop, step] = a.length === 1 ? [0, n[0]!, 1] : [n[0]!, n[1]!, n[2] ?? 1];
        return step === 0 ? this.bad(c) : { k: 'range', start, stop, step };
      }
      case 'len': {
        const x = a[0];
        if (x?.k === 'str') return num(x.v.length, true);
        if (x?.k === 'module' && x.m.items) return num(x.m.items.length, true);
        const it = x ? iterate(x, MAX_LIST) : undefined;
        return it && 'items' in it ? num(it.items.length, true) : this.bad(c);
      }
      case 'int':
      case 'float':
      case 'round':
        return this.toNumber(name, c);
      case 'bool': {
        const t = a[0] ? truthy(a[0]) : false;
        return t === undefined ? this.bad(c) : { k: 'bool', v: t };
      }
      case 'str': {
        const s = a[0] ? this.ip.str(a[0]) : '';
        return s === undefined ? this.bad(c) : { k: 'str', v: s };
      }
      case 'abs': {
        const v = a[0] && asNumber(a[0]);
        return v === undefined ? this.bad(c) : num(Math.abs(v), a[0].k === 'num' ? a[0].int : true);
      }
      case 'pow':
        return a.length >= 2 ? binop('**', a[0], a[1], c.at, c.text) : this.bad(c);
      case 'min':
      case 'max':
      case 'sum':
        return this.reduce(name, c);
      case 'divmod': {
        const q = binop('//', a[0] ?? NONE, a[1] ?? NONE, c.at, c.text);
        const r = binop('%', a[0] ?? NONE, a[1] ?? NONE, c.at, c.text);
        return q.k === 'unknown' ? q : { k: 'list', items: [q, r], tuple: true };
      }
      default:
        return undefined;
    }
  }

  private toNumber(name: string, c: Call): Value {
    const x = c.args[0];
    if (x?.k === 'str' && name !== 'round' && /^\s*[+-]?\d+(\.\d*)?([eE][+-]?\d+)?\s*$/.test(x.v)) return num(name === 'int' ? Math.trunc(Number(x.v)) : Number(x.v), name === 'int');
    const v = x && asNumber(x);
    if (v === undefined) return this.bad(c);
    if (name === 'int') return num(Math.trunc(v), true);
    if (name === 'float') return num(v, false);
    const digits = c.args[1] && this.ip.int(c.args[1]);
    return digits ? num(Math.round(v * 10 ** digits) / 10 ** digits, false) : num(roundHalfEven(v), true);
  }

  private reduce(name: string, c: Call): Value {
    const a = c.args;
    const items = a.length === 1 ? iterate(a[0], MAX_LIST) : { items: a };
    if ('why' in items) return this.bad(c);
    const nums = items.items.map(asNumber);
    if (nums.some((x) => x === undefined) || (!nums.length && name !== 'sum')) return c.kw.get('default') ?? this.bad(c);
    const ints = items.items.every((x) => x.k !== 'num' || x.int);
    const xs = nums as number[];
    if (name === 'sum') return num(xs.reduce((p, x) => p + x, asNumber(c.kw.get('start') ?? num(0)) ?? 0), ints);
    return num(xs.reduce((p, x) => (name === 'min' ? Math.min(p, x) : Math.max(p, x))), ints);
  }

  /** list, tuple, set, sorted, reversed, zip, enumerate, dict, map, any, all. */
  private sequence(name: string, c: Call, scope: Scope): Value | undefined {
    const a = c.args;
    switch (name) {
      case 'list':
      case 'tuple':
      case 'set':
      case 'sorted':
      case 'reversed':
        return this.collect(name, c);
      case 'zip': {
        const lists = a.map((x) => (x.k === 'module' && x.m.items ? { items: x.m.items } : iterate(x, MAX_LIST)));
        const badList = lists.find((l): l is { why: string } => 'why' in l);
        if (badList) return unknown(`\`${c.text}\` cannot be read statically: ${badList.why}`, c.at);
        const ok = lists as { items: Value[] }[];
        const n = ok.reduce((m, l) => Math.min(m, l.items.length), ok.length ? Infinity : 0);
        const items: Value[] = [];
        for (let k = 0; k < n; k++) items.push({ k: 'list', items: ok.map((l) => l.items[k]), tuple: true });
        return { k: 'list', items, tuple: false };
      }
      case 'enumerate': {
        const src = a[0];
        const it = src?.k === 'module' && src.m.items ? { items: src.m.items } : src ? iterate(src, MAX_LIST) : { why: 'nothing to enumerate' };
        if ('why' in it) return unknown(`\`${c.text}\` cannot be read statically: ${it.why}`, c.at);
        const start = this.ip.int(c.kw.get('start') ?? a[1] ?? num(0)) ?? 0;
        return { k: 'list', items: it.items.map((x, k): Value => ({ k: 'list', items: [num(start + k, true), x], tuple: true })), tuple: false };
      }
      case 'dict': {
        const keys: Value[] = [];
        const vals: Value[] = [];
        if (a[0]?.k === 'dict') (keys.push(...a[0].keys), vals.push(...a[0].vals));
        for (const [k, v] of c.kw) (keys.push({ k: 'str', v: k }), vals.push(v));
        return { k: 'dict', keys, vals };
      }
      case 'map': {
        const it = a[1] ? iterate(a[1], MAX_LIST) : { why: 'nothing to map' };
        if ('why' in it || !a[0]) return this.bad(c);
        return { k: 'list', items: it.items.map((x) => this.ip.apply(a[0], callWith(c, [x], [c.at]), scope)), tuple: false };
      }
      case 'any':
      case 'all': {
        const it = a[0] ? iterate(a[0], MAX_LIST) : { why: 'nothing' };
        if ('why' in it) return this.bad(c);
        const ts = it.items.map(truthy);
        if (ts.some((t) => t === undefined)) return this.bad(c);
        return { k: 'bool', v: name === 'any' ? ts.some(Boolean) : ts.every(Boolean) };
      }
      default:
        return undefined;
    }
  }

  /** list(...), tuple(...), set(...), sorted(...), reversed(...). */
  private collect(name: string, c: Call): Value {
    const a = c.args;
    if (!a.length) return { k: 'list', items: [], tuple: name === 'tuple' };
    if (a[0].k === 'module' && a[0].m.items) return { k: 'list', items: name === 'reversed' ? [...a[0].m.items].reverse() : [...a[0].m.items], tuple: name === 'tuple' };
    const it = iterate(a[0], MAX_LIST);
    if ('why' in it) return a[0].k === 'unknown' ? a[0] : unknown(`\`${c.text}\` cannot be read statically: ${it.why}`, c.at);
    let items = [...it.items];
    if (name === 'reversed') items.reverse();
    if (name === 'sorted') {
      const nums = items.map(asNumber);
      if (nums.some((x) => x === undefined)) return this.bad(c);
      items = items.map((x, k) => [x, nums[k]!] as const).sort((p, q) => p[1] - q[1]).map((p) => p[0]);
      const rev = c.kw.get('reverse');
      if (rev?.k === 'bool' && rev.v) items.reverse();
    }
    return { k: 'list', items, tuple: name === 'tuple' };
  }

  /** getattr, setattr (layers named in a loop), print. */
  private attribute(name: string, c: Call): Value | undefined {
    const a = c.args;
    switch (name) {
      case 'getattr': {
        const key = a[1]?.k === 'str' ? a[1].v : undefined;
        if (!a[0] || key === undefined) return this.bad(c);
        const inst = instanceOf(a[0]);
        if (a.length >= 3 && inst && !inst.attrs.has(key) && !this.ip.method(inst.cls, key)) return a[2];
        return this.ip.torch.getAttr(a[0], key, c.at);
      }
      case 'setattr': {
        const inst = a[0] && instanceOf(a[0]);
        if (inst && a[1]?.k === 'str' && a[2]) {
          inst.attrs.set(a[1].v, a[2]);
          this.ip.consume(a[2]);
        }
        return NONE;
      }
      case 'print':
        return NONE;
      default:
        return undefined;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Methods of lists, dicts and strings

  method(self: Value, method: string, c: Call): Value {
    if (self.k === 'list') return this.listMethod(self, method, c);
    if (self.k === 'dict') return this.dictMethod(self, method, c);
    if (self.k === 'str') return this.strMethod(self, method, c);
    return unknown(`\`${c.text}\` cannot be read statically`, c.at);
  }

  private listMethod(l: List, method: string, c: Call): Value {
    const a = c.args;
    switch (method) {
      case 'append':
        if (!l.tuple && a[0]) l.items.push(a[0]);
        return NONE;
      case 'extend': {
        if (l.tuple || !a[0]) return NONE;
        const it = a[0].k === 'module' && a[0].m.items ? { items: a[0].m.items } : iterate(a[0], MAX_LIST);
        if ('items' in it) l.items.push(...it.items);
        else l.taint ??= `\`${c.text}\` cannot be read statically: ${it.why}`;
        if (a[0].k === 'list' && a[0].taint) l.taint ??= a[0].taint;
        return NONE;
      }
      case 'insert': {
        const k = a[0] && this.ip.int(a[0]);
        if (!l.tuple && k !== undefined && a[1]) l.items.splice(k < 0 ? Math.max(0, l.items.length + k) : k, 0, a[1]);
        else l.taint ??= `\`${c.text}\` cannot be read statically`;
        return NONE;
      }
      case 'pop': {
        const k = a[0] ? this.ip.int(a[0]) : -1;
        const i = k === undefined ? -1 : k < 0 ? l.items.length + k : k;
        if (l.tuple || k === undefined || i < 0 || i >= l.items.length) return unknown(`\`${c.text}\` cannot be read statically`, c.at);
        return l.items.splice(i, 1)[0];
      }
      case 'copy':
        return { k: 'list', items: [...l.items], tuple: false, taint: l.taint };
      case 'reverse':
        if (!l.tuple) l.items.reverse();
        return NONE;
      case 'index': {
        const k = l.items.findIndex((x) => compare('==', x, a[0] ?? NONE) === true);
        return k >= 0 ? num(k, true) : unknown(`\`${c.text}\` cannot be read statically`, c.at);
      }
      case 'count':
        return num(l.items.filter((x) => compare('==', x, a[0] ?? NONE) === true).length, true);
      default:
        return unknown(`\`${c.text}\` cannot be read statically`, c.at);
    }
  }

  private dictMethod(d: Extract<Value, { k: 'dict' }>, method: string, c: Call): Value {
    const a = c.args;
    switch (method) {
      case 'keys':
        return { k: 'list', items: [...d.keys], tuple: false, taint: d.taint };
      case 'values':
        return { k: 'list', items: [...d.vals], tuple: false, taint: d.taint };
      case 'items':
        return { k: 'list', items: d.keys.map((k, i): Value => ({ k: 'list', items: [k, d.vals[i]], tuple: true })), tuple: false, taint: d.taint };
      case 'get': {
        const k = d.keys.findIndex((x) => compare('==', x, a[0] ?? NONE) === true);
        if (k >= 0) return d.vals[k];
        return d.taint ? unknown(`\`${c.text}\`: ${d.taint}`, c.at) : (a[1] ?? NONE);
      }
      case 'update':
        if (a[0]?.k === 'dict') (d.keys.push(...a[0].keys), d.vals.push(...a[0].vals));
        for (const [k, v] of c.kw) (d.keys.push({ k: 'str', v: k }), d.vals.push(v));
        return NONE;
      default:
        return unknown(`\`${c.text}\` cannot be read statically`, c.at);
    }
  }

  private strMethod(s: Extract<Value, { k: 'str' }>, method: string, c: Call): Value {
    const a = c.args;
    switch (method) {
      case 'format': {
        let k = 0;
        let bad = false;
        const out = s.v.replace(/\{([^{}]*)\}/g, (_m, key: string) => {
          const v = key === '' ? a[k++] : /^\d+$/.test(key) ? a[Number(key)] : c.kw.get(key);
          const t = v && this.ip.str(v);
          if (t === undefined) bad = true;
          return t ?? '';
        });
        return bad ? unknown(`\`${c.text}\` cannot be formatted statically`, c.at) : { k: 'str', v: out };
      }
      case 'lower':
        return { k: 'str', v: s.v.toLowerCase() };
      case 'upper':
        return { k: 'str', v: s.v.toUpperCase() };
      case 'strip':
        return { k: 'str', v: s.v.trim() };
      case 'join': {
        const it = a[0] ? iterate(a[0], MAX_LIST) : { why: 'nothing' };
        const parts = 'items' in it ? it.items.map((x) => this.ip.str(x)) : [undefined];
        return parts.some((p) => p === undefined) ? unknown(`\`${c.text}\` cannot be read statically`, c.at) : { k: 'str', v: parts.join(s.v) };
      }
      default:
        return unknown(`\`${c.text}\` cannot be read statically`, c.at);
    }
  }
}

function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** math.X and numpy.X on numbers (math.sqrt, math.prod, np.prod, ...), or undefined. */
export function mathFunction(name: string, c: Call): Value | undefined {
  const xs = c.args.map(asNumber);
  if (name === 'pi') return num(Math.PI, false);
  if (xs.some((x) => x === undefined) || !xs.length) {
    const l = c.args[0];
    if (name === 'prod' && l?.k === 'list') {
      const it = l.items.map(asNumber);
      if (it.every((x) => x !== undefined)) return num((it as number[]).reduce((p, x) => p * x, 1), l.items.every((x) => x.k === 'num' && x.int));
    }
    return undefined;
  }
  const x = xs[0]!;
  switch (name) {
    case 'sqrt':
      return num(Math.sqrt(x), false);
    case 'isqrt':
      return num(Math.floor(Math.sqrt(x)), true);
    case 'floor':
      return num(Math.floor(x), true);
    case 'ceil':
      return num(Math.ceil(x), true);
    case 'log':
      return num(Math.log(x) / (xs[1] !== undefined ? Math.log(xs[1]) : 1), false);
    case 'log2':
      return num(Math.log2(x), false);
    case 'exp':
      return num(Math.exp(x), false);
    case 'prod':
      return num(xs.reduce((p: number, y) => p * (y as number), 1), true);
    default:
      return undefined;
  }
}
