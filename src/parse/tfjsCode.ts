// The TensorFlow.js code under a tag block, read statically and never run: literals and `const`
// names resolved in the same file (with + - * / ** over them), tf.layers.*({...}) calls, and the
// model they build (tf.sequential(...) and NAME.add(...)). Anything else is an "unknown" value
// that says why, so the caller can report it by name. Pure: no Node, no VS Code.
import type { Token } from './jsTokens';
import { show } from './text';

// ---------------------------------------------------------------------------------------------
// Static values: literals, and `const` names resolved in the same file.

export type Val =
  | { kind: 'number'; value: number; text: string }
  | { kind: 'string'; value: string; text: string }
  | { kind: 'array'; items: Val[]; text: string }
  | { kind: 'object'; props: Prop[]; text: string }
  | { kind: 'null'; text: string }
  | { kind: 'layer'; call: LayerCall; text: string }
  | { kind: 'unknown'; why: string; text: string; start: number; end: number };

export interface Prop {
  key: string;
  keyTok?: Token;
  value: Val;
  start: number;
  end: number;
}

export interface LayerCall {
  name: string;
  nameTok: Token;
  start: number;
  end: number;
  options?: Val;
}

const OPEN: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const STATEMENT_KEYWORDS = new Set(['const', 'let', 'var', 'function', 'class', 'export', 'import', 'if', 'for', 'while', 'return', 'async', 'type', 'interface']);
const BINARY = new Set(['+', '-', '*', '/', '%', '**', '.', '?.', '=>', '=', '||', '&&', '??', ',', '?', ':', '<', '>', '<=', '>=', '==', '===', '!=', '!==', '|', '&', '^']);

export class Code {
  /** Index of the matching close bracket for each open bracket (or -1). */
  readonly match: Int32Array;
  private readonly decls = new Map<string, { from: number; to: number }[]>();
  private readonly cache = new Map<string, Val>();
  private readonly resolving = new Set<string>();
  constructor(
    readonly text: string,
    readonly toks: Token[],
  ) {
    this.match = new Int32Array(toks.length).fill(-1);
    const stack: number[] = [];
    for (let i = 0; i < toks.length; i++) {
      const t = toks[i];
      if (t.kind !== 'punct' && t.kind !== 'template') continue;
      if (t.kind === 'punct' && OPEN[t.text]) stack.push(i);
      else if (t.kind === 'punct' && (t.text === ')' || t.text === ']' || t.text === '}')) {
        // Pop to the matching opener (tolerates unbalanced code).
        for (let k = stack.length - 1; k >= Math.max(0, stack.length - 16); k--) {
          if (OPEN[toks[stack[k]].text] === t.text) {
            this.match[stack[k]] = i;
            this.match[i] = stack[k];
            stack.length = k;
            break;
          }
        }
      }
    }
    // const/let/var NAME [: type] = value
    for (let i = 0; i + 3 < toks.length; i++) {
      const t = toks[i];
      if (t.kind !== 'ident' || (t.text !== 'const' && t.text !== 'let' && t.text !== 'var')) continue;
      const nameTok = toks[i + 1];
      if (nameTok.kind !== 'ident') continue;
      let k = i + 2;
      if (toks[k]?.text === ':') {
        while (k < toks.length && toks[k].text !== '=' && toks[k].text !== ';' && !(toks[k].nl && STATEMENT_KEYWORDS.has(toks[k].text))) {
          k = this.match[k] > k ? this.match[k] + 1 : k + 1;
        }
      }
      if (toks[k]?.text !== '=') continue;
      const from = k + 1;
      const to = this.exprEnd(from);
      const list = this.decls.get(nameTok.text) ?? [];
      list.push({ from, to });
      this.decls.set(nameTok.text, list);
    }
  }

  /** End (exclusive token index) of an expression starting at `from`. */
  exprEnd(from: number, limit = this.toks.length): number {
    let k = from;
    while (k < limit) {
      const t = this.toks[k];
      if (t.kind === 'punct' && (t.text === ';' || t.text === ',' || t.text === ')' || t.text === ']' || t.text === '}')) break;
      if (k > from && t.nl) {
        const prev = this.toks[k - 1];
        const continues = (prev.kind === 'punct' && BINARY.has(prev.text)) || (t.kind === 'punct' && BINARY.has(t.text) && t.text !== '-' && t.text !== '+');
        if (!continues) break;
      }
      k = t.kind === 'punct' && OPEN[t.text] && this.match[k] > k ? this.match[k] + 1 : k + 1;
    }
    return k;
  }

  unknown(why: string, from: number, to: number): Val {
    const a = this.toks[Math.min(from, this.toks.length - 1)];
    const b = this.toks[Math.max(Math.min(to - 1, this.toks.length - 1), 0)];
    const start = a ? a.start : 0;
    const end = b && to > from ? b.end : start;
    return { kind: 'unknown', why, text: show(this.text.slice(start, end).replace(/\s+/g, ' '), 60), start, end };
  }

  /** The value of the const `name`, or unknown. */
  constant(name: string, at: Token, depth = 0): Val {
    const list = this.decls.get(name);
    const where = { start: at.start, end: at.end };
    if (!list) return { kind: 'unknown', why: `'${name}' is not a constant declared in this file`, text: name, ...where };
    const hit = this.cache.get(name);
    if (hit) return hit.kind === 'unknown' ? { ...hit, ...where } : hit;
    if (this.resolving.has(name)) return { kind: 'unknown', why: `'${name}' is defined in terms of itself`, text: name, ...where };
    this.resolving.add(name);
    if (depth > 64) return { kind: 'unknown', why: `'${name}' is defined through too many other constants`, text: name, ...where };
    const vals = list.map((d) => this.value(d.from, d.to, depth + 1));
    this.resolving.delete(name);
    let v: Val;
    if (vals.length > 1 && !vals.every((x) => x.kind !== 'unknown' && x.text === vals[0].text && same(x, vals[0]))) {
      v = { kind: 'unknown', why: `'${name}' is declared ${vals.length} times with different values`, text: name, ...where };
    } else if (vals[0].kind === 'unknown') {
      v = { kind: 'unknown', why: `'${name}' = ${vals[0].text} cannot be read statically (${vals[0].why})`, text: name, ...where };
    } else {
      v = vals[0].kind === 'number' || vals[0].kind === 'string' ? { ...vals[0], text: name } : vals[0];
    }
    this.cache.set(name, v);
    return v;
  }

  /** Evaluates the tokens [from, to) as a static value. */
  value(from: number, to: number, depth: number): Val {
    if (depth > 64) return this.unknown('expression nested too deeply', from, to);
    // Strip `as const` / `as number` and `satisfies T` at the end, and `!`.
    while (to - from >= 2 && (this.toks[to - 2].text === 'as' || this.toks[to - 2].text === 'satisfies') && this.toks[to - 1].kind === 'ident') to -= 2;
    if (from >= to) return this.unknown('empty expression', from, to);
    const p = new Expr(this, from, to, depth);
    const v = p.sum();
    if (v.kind !== 'unknown' && p.i < to) return this.unknown(`'${this.toks[p.i].text}' cannot be read statically`, from, to);
    return v;
  }

  /** Reads the properties of an object literal whose `{` is at index `open`. */
  object(open: number, depth: number): Val {
    const close = this.match[open];
    if (close < 0) return this.unknown('unclosed {', open, open + 1);
    const props: Prop[] = [];
    let k = open + 1;
    while (k < close) {
      const end = this.exprEnd(k, close);
      const t = this.toks[k];
      if (t.text === '...') {
        props.push({ key: '...', value: this.unknown('a spread cannot be read statically', k, end), start: t.start, end: this.toks[end - 1].end });
      } else if ((t.kind === 'ident' || t.kind === 'string' || t.kind === 'number') && this.toks[k + 1]?.text === ':') {
        const key = t.kind === 'string' ? t.value! : t.text;
        const colonEnd = this.exprEnd(k + 2, close);
        props.push({ key, keyTok: t, value: this.value(k + 2, colonEnd, depth + 1), start: t.start, end: this.toks[Math.max(colonEnd - 1, k)].end });
        k = colonEnd;
        if (this.toks[k]?.text === ',') k++;
        continue;
      } else if (t.kind === 'ident' && end === k + 1) {
        props.push({ key: t.text, keyTok: t, value: this.constant(t.text, t, depth + 1), start: t.start, end: t.end });
      } else if (end > k) {
        props.push({ key: '?', value: this.unknown('a computed or method property cannot be read statically', k, end), start: t.start, end: this.toks[end - 1].end });
      }
      k = Math.max(end, k + 1);
      if (this.toks[k]?.text === ',') k++;
    }
    const a = this.toks[open];
    const b = this.toks[close];
    return { kind: 'object', props, text: this.text.slice(a.start, b.end) };
  }

  /** At index k, a `tf.layers.NAME(` or `layers.NAME(` call: returns it. */
  layerCallAt(k: number): LayerCall | undefined {
    const t = this.toks;
    if (t[k]?.text !== 'layers' || t[k + 1]?.text !== '.' || t[k + 2]?.kind !== 'ident' || t[k + 3]?.text !== '(') return undefined;
    if (t[k - 1]?.text === '.' && t[k - 2]?.kind !== 'ident') return undefined;
    const open = k + 3;
    const close = this.match[open];
    if (close < 0) return undefined;
    const start = t[k - 1]?.text === '.' ? t[k - 2].start : t[k].start;
    const call: LayerCall = { name: t[k + 2].text, nameTok: t[k + 2], start, end: t[close].end };
    if (close > open + 1) {
      call.options = t[open + 1].text === '{' && this.match[open + 1] === close - 1 ? this.object(open + 1, 0) : this.value(open + 1, close, 0);
    }
    return call;
  }
}

function same(a: Val, b: Val): boolean {
  return JSON.stringify(plain(a)) === JSON.stringify(plain(b));
}
function plain(v: Val): unknown {
  if (v.kind === 'number' || v.kind === 'string') return v.value;
  if (v.kind === 'array') return v.items.map(plain);
  return v.text;
}

/** Arithmetic over literals and constants: + - * / ** and parentheses, arrays, objects. */
class Expr {
  i: number;
  constructor(
    private readonly c: Code,
    from: number,
    private readonly to: number,
    private readonly depth: number,
  ) {
    this.i = from;
  }
  private peek(): Token | undefined {
    return this.i < this.to ? this.c.toks[this.i] : undefined;
  }
  sum(): Val {
    let a = this.product();
    for (let t = this.peek(); a.kind !== 'unknown' && t && (t.text === '+' || t.text === '-'); t = this.peek()) {
      this.i++;
      const b = this.product();
      a = this.arith(a, b, t.text);
    }
    return a;
  }
  private product(): Val {
    let a = this.power();
    for (let t = this.peek(); a.kind !== 'unknown' && t && (t.text === '*' || t.text === '/' || t.text === '%'); t = this.peek()) {
      this.i++;
      const b = this.power();
      a = this.arith(a, b, t.text);
    }
    return a;
  }
  private power(): Val {
    // Right-associative, folded with a loop (no recursion on long chains).
    const operands = [this.unary()];
    for (let t = this.peek(); operands[operands.length - 1].kind !== 'unknown' && t && t.text === '**'; t = this.peek()) {
      this.i++;
      operands.push(this.unary());
    }
    let v = operands[operands.length - 1];
    for (let k = operands.length - 2; k >= 0; k--) v = operands[k].kind === 'unknown' ? operands[k] : this.arith(operands[k], v, '**');
    return v;
  }
  private unary(): Val {
    let negative = false;
    let signs = '';
    for (let t = this.peek(); t && (t.text === '-' || t.text === '+'); t = this.peek()) {
      this.i++;
      if (t.text === '-') negative = !negative;
      signs += t.text;
    }
    const v = this.primary();
    if (!signs) return v;
    if (v.kind !== 'number') return v.kind === 'unknown' ? v : this.c.unknown(`'${signs}' applied to a non-number`, this.i - 1, this.i);
    return { kind: 'number', value: negative ? -v.value : v.value, text: show(signs, 4) + v.text };
  }
  private arith(a: Val, b: Val, op: string): Val {
    if (b.kind === 'unknown') return b;
    if (a.kind === 'number' && b.kind === 'number') {
      const value = op === '+' ? a.value + b.value : op === '-' ? a.value - b.value : op === '*' ? a.value * b.value : op === '/' ? a.value / b.value : op === '%' ? a.value % b.value : a.value ** b.value;
      return { kind: 'number', value, text: `${a.text} ${op} ${b.text}` };
    }
    if (op === '+' && a.kind === 'string' && (b.kind === 'string' || b.kind === 'number')) return { kind: 'string', value: a.value + String(b.value), text: `${a.text} + ${b.text}` };
    return { kind: 'unknown', why: `'${op}' on these values cannot be read statically`, text: `${a.text} ${op} ${b.text}`, start: 0, end: 0 };
  }
  private primary(): Val {
    const c = this.c;
    const t = this.peek();
    if (!t) return c.unknown('missing value', this.i, this.i);
    const k = this.i;
    if (t.kind === 'number') {
      this.i++;
      return { kind: 'number', value: t.num!, text: t.text };
    }
    if (t.kind === 'string') {
      this.i++;
      return { kind: 'string', value: t.value!, text: t.text };
    }
    if (t.kind === 'template' && t.text.endsWith('`') && t.text.startsWith('`')) {
      this.i++;
      return { kind: 'string', value: t.text.slice(1, -1), text: t.text };
    }
    if (t.text === '(') {
      const close = c.match[k];
      if (close < 0 || close >= this.to) return c.unknown('unclosed (', k, this.to);
      const v = c.value(k + 1, close, this.depth + 1);
      this.i = close + 1;
      return v;
    }
    if (t.text === '[') {
      const close = c.match[k];
      if (close < 0 || close >= this.to) return c.unknown('unclosed [', k, this.to);
      const items: Val[] = [];
      let j = k + 1;
      while (j < close) {
        const e = c.exprEnd(j, close);
        if (e > j) items.push(c.value(j, e, this.depth + 1));
        j = e + 1;
      }
      this.i = close + 1;
      return { kind: 'array', items, text: c.text.slice(t.start, c.toks[close].end) };
    }
    if (t.text === '{') {
      const close = c.match[k];
      if (close < 0 || close >= this.to) return c.unknown('unclosed {', k, this.to);
      this.i = close + 1;
      return c.object(k, this.depth + 1);
    }
    if (t.kind === 'ident') {
      if (t.text === 'null' || t.text === 'undefined') {
        this.i++;
        return { kind: 'null', text: t.text };
      }
      const call = c.layerCallAt(k);
      if (call) {
        this.i = c.match[k + 3] + 1;
        return { kind: 'layer', call, text: c.text.slice(call.start, call.end) };
      }
      if ((c.toks[k + 1]?.text === '.' && c.toks[k + 2]?.text === 'layers') && c.layerCallAt(k + 2)) {
        const call2 = c.layerCallAt(k + 2)!;
        this.i = c.match[k + 5] + 1;
        return { kind: 'layer', call: call2, text: c.text.slice(call2.start, call2.end) };
      }
      const next = c.toks[k + 1];
      if (k + 1 < this.to && next && (next.text === '.' || next.text === '(' || next.text === '[' || next.text === '?.')) {
        return c.unknown('a call or property access cannot be read statically', k, c.exprEnd(k, this.to));
      }
      this.i++;
      return c.constant(t.text, t, this.depth + 1);
    }
    return c.unknown(`'${t.text}' cannot be read statically`, k, this.to);
  }
}

// ---------------------------------------------------------------------------------------------
// The model under a block: tf.sequential(...) and NAME.add(...) calls.

export interface CodeModel {
  varName?: string;
  start: number;
  end: number;
  layers: LayerCall[];
  /** Problems met while reading it (e.g. model.add(x) with x not a layer call). */
  problems: { message: string; start: number; end: number }[];
  functional?: { start: number; end: number };
}

export function findCodeModel(code: Code, from: number, to: number): CodeModel | undefined {
  const t = code.toks;
  for (let k = from; k < to; k++) {
    const tok = t[k];
    if (tok.kind !== 'ident' || t[k + 1]?.text !== '(') continue;
    if (tok.text === 'model' && t[k - 1]?.text === '.' && t[k - 2]?.text === 'tf') {
      return { start: t[k - 2].start, end: t[code.match[k + 1]]?.end ?? tok.end, layers: [], problems: [], functional: { start: t[k - 2].start, end: tok.end } };
    }
    if (tok.text !== 'sequential') continue;
    const open = k + 1;
    const close = code.match[open];
    if (close < 0) continue;
    // Start of `tf.sequential` and the variable it is assigned to.
    let s = k;
    while (t[s - 1]?.text === '.' && t[s - 2]?.kind === 'ident') s -= 2;
    let varName: string | undefined;
    if (t[s - 1]?.text === '=' && t[s - 2]?.kind === 'ident') varName = t[s - 2].text;
    const m: CodeModel = { varName, start: t[s].start, end: t[close].end, layers: [], problems: [] };
    // Layers inside the sequential(...) arguments.
    const args = close > open + 1 ? (t[open + 1].text === '{' ? code.object(open + 1, 0) : code.value(open + 1, close, 0)) : undefined;
    if (args && args.kind === 'object') {
      const lp = args.props.find((p) => p.key === 'layers');
      if (lp) {
        if (lp.value.kind === 'array') {
          for (const item of lp.value.items) {
            if (item.kind === 'layer') m.layers.push(item.call);
            else m.problems.push({ message: `this layer (${show(item.text, 40)}) is not a tf.layers call written here, so it is not read`, ...span(item, lp) });
          }
        } else {
          m.problems.push({ message: `the layers list (${show(lp.value.text, 40)}) cannot be read statically`, ...span(lp.value, lp) });
        }
      }
    }
    // NAME.add(...) calls in the rest of the region.
    if (varName) {
      for (let j = close + 1; j < to; j++) {
        if (t[j].text !== varName || t[j + 1]?.text !== '.' || t[j + 2]?.text !== 'add' || t[j + 3]?.text !== '(' || t[j - 1]?.text === '.') continue;
        const aOpen = j + 3;
        const aClose = code.match[aOpen];
        if (aClose < 0) continue;
        const v = code.value(aOpen + 1, aClose, 0);
        if (v.kind === 'layer') m.layers.push(v.call);
        else m.problems.push({ message: `${varName}.add(${show(code.text.slice(t[aOpen + 1]?.start ?? 0, t[aClose].start), 40)}): not a tf.layers call written here, so this layer is not read`, start: t[j].start, end: t[aClose].end });
        m.end = Math.max(m.end, t[aClose].end);
        j = aClose;
      }
    }
    return m;
  }
  return undefined;
}

function span(v: Val, fallback: { start: number; end: number }): { start: number; end: number } {
  if (v.kind === 'unknown' && v.end > v.start) return { start: v.start, end: v.end };
  if (v.kind === 'layer') return { start: v.call.start, end: v.call.end };
  return { start: fallback.start, end: fallback.end };
}
