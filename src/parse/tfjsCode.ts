// TensorFlow.js code read statically and never run: literals and `const` names resolved in the
// scope that sees them (with + - * / ** over them), and tf.layers.*({...}) calls. Anything else is
// an "unknown" value that says why, so the caller can report it by name.
//
// Linear in the file: every bracket is matched once, every declaration's expression is scanned
// once (a scan stops at the next statement, `=` or closing bracket, so scans never overlap), and
// every value (constant, layer call) is evaluated at most once and cached. Nesting deeper than
// MAX_DEPTH is an unknown value, never a deep recursion. Pure: no Node, no VS Code.
import type { Token } from './jsTokens';
import { show } from './text';

// ---------------------------------------------------------------------------------------------
// Static values: literals, and `const` names resolved in the same file.

export type Val =
  | { kind: 'number'; value: number; text: string }
  | { kind: 'string'; value: string; text: string }
  | { kind: 'boolean'; value: boolean; text: string }
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

/** A `NAME = expression` (declaration or assignment): the expression is tokens [from, to). */
export interface Binding {
  nameTok: number;
  from: number;
  to: number;
  /** The innermost `{` enclosing the statement (-1: top level). */
  scope: number;
  kind: 'const' | 'let' | 'var' | 'assign';
  /** Set for names bound by destructuring: why their value is unknown. */
  why?: string;
}

/** Deeper nesting than this (brackets, constants through constants) is not followed. */
export const MAX_DEPTH = 64;
/** How many enclosing scopes a name lookup climbs. */
const MAX_SCOPE_WALK = 64;
/** Longest source text kept in a value (for messages): values never copy long stretches of a file. */
const MAX_TEXT = 120;

const OPEN: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
/** An expression never runs past one of these (they start the next statement). */
const STATEMENT_KEYWORDS = new Set(['const', 'let', 'var', 'function', 'class', 'export', 'import', 'if', 'for', 'while', 'do', 'return', 'switch', 'throw', 'try']);
const BINARY = new Set(['+', '-', '*', '/', '%', '**', '.', '?.', '=>', '||', '&&', '??', ',', '?', ':', '<', '>', '<=', '>=', '==', '===', '!=', '!==', '|', '&', '^']);
const UPDATE = new Set(['+=', '-=', '*=', '/=', '%=', '**=', '<<=', '>>=', '>>>=', '&=', '|=', '^=', '&&=', '||=', '??=']);

/** A source text cut to MAX_TEXT characters, whitespace collapsed. */
function clip(text: string, start: number, end: number): string {
  const s = text.slice(start, Math.min(end, start + MAX_TEXT + 1)).replace(/\s+/g, ' ');
  return s.length > MAX_TEXT || end > start + MAX_TEXT + 1 ? s.slice(0, MAX_TEXT) + '…' : s;
}
function joinText(a: string, op: string, b: string): string {
  const s = `${a} ${op} ${b}`;
  return s.length > MAX_TEXT ? s.slice(0, MAX_TEXT) + '…' : s;
}

export class Code {
  /** Index of the matching close bracket for each open bracket (or -1), and back. */
  readonly match: Int32Array;
  /** The innermost `{` enclosing each token (-1 at top level); for a `{`, the one around it. */
  readonly scopeOf: Int32Array;
  /** Declarations by name (a list, nearly always of one). */
  private readonly decls = new Map<string, Binding[]>();
  /** Every `NAME = ...` by name, in order (declarations included). */
  private readonly bindings = new Map<string, Binding[]>();
  /** Names updated after their declaration (`x = ...`, `x += ...`, `x++`). */
  private readonly reassigned = new Set<string>();
  private readonly cache = new Map<string, Val>();
  private readonly resolving = new Set<string>();
  private readonly calls = new Map<number, LayerCall | null>();

  constructor(
    readonly text: string,
    readonly toks: Token[],
  ) {
    const n = toks.length;
    this.match = new Int32Array(n).fill(-1);
    this.scopeOf = new Int32Array(n).fill(-1);
    const stack: number[] = [];
    const braces: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = toks[i];
      this.scopeOf[i] = braces.length ? braces[braces.length - 1] : -1;
      if (t.kind !== 'punct') continue;
      if (OPEN[t.text]) {
        stack.push(i);
        if (t.text === '{') braces.push(i);
      } else if (t.text === ')' || t.text === ']' || t.text === '}') {
        // Pop to the matching opener (tolerates unbalanced code).
        for (let k = stack.length - 1; k >= Math.max(0, stack.length - 16); k--) {
          const open = stack[k];
          if (OPEN[toks[open].text] === t.text) {
            this.match[open] = i;
            this.match[i] = open;
            stack.length = k;
            while (braces.length && braces[braces.length - 1] >= open) braces.pop();
            break;
          }
        }
      }
    }
    for (let i = 0; i < n; i++) this.readBinding(i);
  }

  /** Records the declaration or assignment starting at token i, if any. */
  private readBinding(i: number): void {
    const toks = this.toks;
    const t = toks[i];
    const prev = toks[i - 1];
    if (t.kind === 'punct' && (t.text === '++' || t.text === '--')) {
      const name = toks[i + 1]?.kind === 'ident' ? toks[i + 1] : prev?.kind === 'ident' ? prev : undefined;
      if (name) this.reassigned.add(name.text);
      return;
    }
    if (t.kind !== 'ident' || prev?.text === '.' || prev?.text === '?.') return;
    const next = toks[i + 1];
    if (!next) return;
    if (next.kind === 'punct' && UPDATE.has(next.text)) {
      this.reassigned.add(t.text);
      return;
    }
    if (next.text === '=' && next.kind === 'punct' && !(prev?.kind === 'ident' && (prev.text === 'const' || prev.text === 'let' || prev.text === 'var'))) {
      this.reassigned.add(t.text);
      this.add({ nameTok: i, from: i + 2, to: this.exprEnd(i + 2), scope: this.scopeOf[i], kind: 'assign' });
      return;
    }
    if (t.text !== 'const' && t.text !== 'let' && t.text !== 'var') return;
    const kind = t.text;
    if (next.kind === 'punct' && (next.text === '{' || next.text === '[') && this.match[i + 1] > i + 1) {
      this.readPattern(i + 1, kind);
      return;
    }
    if (next.kind !== 'ident') return;
    let k = i + 2;
    if (toks[k]?.text === ':') {
      // A type annotation: skip to `=` (never past the next statement).
      k++;
      while (k < toks.length && toks[k].text !== '=' && toks[k].text !== ';' && !(toks[k].kind === 'ident' && STATEMENT_KEYWORDS.has(toks[k].text))) {
        k = this.match[k] > k ? this.match[k] + 1 : k + 1;
      }
    }
    if (toks[k]?.text !== '=') return;
    this.add({ nameTok: i + 1, from: k + 1, to: this.exprEnd(k + 1), scope: this.scopeOf[i], kind });
  }

  /** `const {a, b: c, ...rest} = x` / `const [a, b] = x`: the names are declared, their values unknown. */
  private readPattern(open: number, kind: 'const' | 'let' | 'var'): void {
    const toks = this.toks;
    const close = this.match[open];
    const eq = close + 1;
    const from = toks[eq]?.text === '=' ? eq + 1 : eq;
    const to = toks[eq]?.text === '=' ? this.exprEnd(from) : from;
    const source = to > from ? clip(this.text, toks[from].start, toks[to - 1].end) : 'a value';
    for (let j = open + 1; j < close; j++) {
      const t = toks[j];
      const prev = toks[j - 1].text;
      if (t.kind !== 'ident' || toks[j + 1]?.text === ':' || prev === '=' || prev === '.') continue;
      const why = `'${t.text}' is destructured from ${source}; its value is not known statically`;
      this.add({ nameTok: j, from, to, scope: this.scopeOf[open], kind, why });
    }
  }

  private add(b: Binding): void {
    const name = this.toks[b.nameTok].text;
    let list = this.bindings.get(name);
    if (!list) this.bindings.set(name, (list = []));
    list.push(b);
    if (b.kind === 'assign') return;
    const same = this.decls.get(name);
    if (same) same.push(b);
    else this.decls.set(name, [b]);
  }

  /** True when token `at` lies inside the scope opened by the `{` at index `scope` (-1: the file). */
  inScope(scope: number, at: number): boolean {
    if (scope < 0) return true;
    const close = this.match[scope];
    return at > scope && (close < 0 || at < close);
  }

  /** The binding of `name` that is current at token `at`: the last one completed before it in a scope that sees it. */
  bindingBefore(name: string, at: number): Binding | undefined {
    const list = this.bindings.get(name);
    if (!list) return undefined;
    // The last binding whose expression ends before `at`.
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].to <= at) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo - 1, steps = 0; k >= 0 && steps < MAX_SCOPE_WALK; k--, steps++) {
      const b = list[k];
      if (b.kind === 'assign' || this.inScope(b.scope, at)) return b;
    }
    return undefined;
  }

  /** End (exclusive token index) of an expression starting at `from`. */
  exprEnd(from: number, limit = this.toks.length): number {
    let k = from;
    while (k < limit) {
      const t = this.toks[k];
      if (t.kind === 'punct' && (t.text === ';' || t.text === ',' || t.text === ')' || t.text === ']' || t.text === '}')) break;
      if (k > from) {
        if (t.kind === 'punct' && t.text === '=') break;
        if (t.kind === 'ident' && STATEMENT_KEYWORDS.has(t.text) && this.toks[k - 1].text !== '.') break;
        if (t.nl) {
          const prev = this.toks[k - 1];
          const continues = (prev.kind === 'punct' && BINARY.has(prev.text)) || (t.kind === 'punct' && BINARY.has(t.text) && t.text !== '-' && t.text !== '+');
          if (!continues) break;
        }
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
    return { kind: 'unknown', why, text: show(clip(this.text, start, end), 60), start, end };
  }

  /** The value of the constant `name` as seen from token `at`, or unknown. */
  constant(name: string, at: number, depth = 0): Val {
    const tok = this.toks[at];
    const where = { start: tok.start, end: tok.end };
    const scope = this.visibleScope(name, at);
    if (scope === undefined) return { kind: 'unknown', why: `'${name}' is not a constant declared in this file`, text: name, ...where };
    const key = `${scope}:${name}`;
    const hit = this.cache.get(key);
    if (hit) return hit.kind === 'unknown' ? { ...hit, ...where } : hit;
    if (this.resolving.has(key)) return { kind: 'unknown', why: `'${name}' is defined in terms of itself`, text: name, ...where };
    if (depth > MAX_DEPTH) return { kind: 'unknown', why: `'${name}' is defined through too many other constants`, text: name, ...where };
    const list = this.decls.get(name)!.filter((d) => d.scope === scope);
    let v: Val;
    if (list[0].why) {
      v = { kind: 'unknown', why: list[0].why, text: name, ...where };
    } else if (this.reassigned.has(name) && list.some((d) => d.kind !== 'const')) {
      v = { kind: 'unknown', why: `'${name}' is assigned more than once`, text: name, ...where };
    } else {
      this.resolving.add(key);
      const vals = list.map((d) => this.value(d.from, d.to, depth + 1));
      this.resolving.delete(key);
      if (vals.length > 1 && !vals.every((x) => x.kind !== 'unknown' && same(x, vals[0]))) {
        v = { kind: 'unknown', why: `'${name}' is declared ${vals.length} times with different values`, text: name, ...where };
      } else if (vals[0].kind === 'unknown') {
        v = { kind: 'unknown', why: `'${name}' = ${vals[0].text} cannot be read statically (${vals[0].why})`, text: name, ...where };
      } else {
        v = vals[0].kind === 'number' || vals[0].kind === 'string' || vals[0].kind === 'boolean' ? { ...vals[0], text: name } : vals[0];
      }
    }
    this.cache.set(key, v);
    return v;
  }

  /** The scope of the innermost declaration of `name` that token `at` sees. */
  private visibleScope(name: string, at: number): number | undefined {
    const list = this.decls.get(name);
    if (!list) return undefined;
    // The innermost scope holding a declaration that `at` sees (a later `{` nested in an earlier one).
    let best: number | undefined;
    for (let k = 0; k < list.length && k < MAX_SCOPE_WALK; k++) {
      const s = list[k].scope;
      if ((best === undefined || s > best) && this.inScope(s, at)) best = s;
    }
    return best;
  }

  /** Evaluates the tokens [from, to) as a static value. */
  value(from: number, to: number, depth: number): Val {
    if (depth > MAX_DEPTH) return this.unknown('expression nested too deeply', from, to);
    // Strip `as const` / `as number` / `as tf.Tensor` and `satisfies T` at the end.
    for (let guard = 0; guard < 4; guard++) {
      let k = to - 1;
      while (k - 2 > from && this.toks[k].kind === 'ident' && this.toks[k - 1].text === '.' && this.toks[k - 2].kind === 'ident') k -= 2;
      if (k - 1 > from && this.toks[k].kind === 'ident' && (this.toks[k - 1].text === 'as' || this.toks[k - 1].text === 'satisfies')) to = k - 1;
      else break;
    }
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
    if (depth > MAX_DEPTH) return this.unknown('expression nested too deeply', open, close + 1);
    const props: Prop[] = [];
    let k = open + 1;
    while (k < close) {
      const end = this.exprEnd(k, close);
      const t = this.toks[k];
      if (t.text === '...') {
        props.push({ key: '...', value: this.unknown('a spread cannot be read statically', k, end), start: t.start, end: this.toks[Math.max(end - 1, k)].end });
      } else if ((t.kind === 'ident' || t.kind === 'string' || t.kind === 'number') && this.toks[k + 1]?.text === ':') {
        const key = t.kind === 'string' ? t.value! : t.text;
        const colonEnd = this.exprEnd(k + 2, close);
        props.push({ key, keyTok: t, value: this.value(k + 2, colonEnd, depth + 1), start: t.start, end: this.toks[Math.max(colonEnd - 1, k)].end });
        k = colonEnd;
        if (this.toks[k]?.text === ',') k++;
        continue;
      } else if (t.kind === 'ident' && end === k + 1) {
        props.push({ key: t.text, keyTok: t, value: this.constant(t.text, k, depth + 1), start: t.start, end: t.end });
      } else if (end > k) {
        props.push({ key: '?', value: this.unknown('a computed or method property cannot be read statically', k, end), start: t.start, end: this.toks[end - 1].end });
      }
      k = Math.max(end, k + 1);
      if (this.toks[k]?.text === ',') k++;
    }
    return { kind: 'object', props, text: clip(this.text, this.toks[open].start, this.toks[close].end) };
  }

  /** Index of `layers` when tokens from k are `tf.layers.NAME(`, `this.tf.layers.NAME(` or `layers.NAME(`, else -1. */
  layersAt(k: number): number {
    return memberAt(this.toks, k, 'layers');
  }

  /** At index k (the `layers` token), a `tf.layers.NAME(...)` or `layers.NAME(...)` call; computed once. */
  layerCallAt(k: number, depth = 0): LayerCall | undefined {
    const cached = this.calls.get(k);
    if (cached !== undefined) return cached ?? undefined;
    const call = this.readLayerCall(k, depth);
    this.calls.set(k, call ?? null);
    return call;
  }

  private readLayerCall(k: number, depth: number): LayerCall | undefined {
    const t = this.toks;
    if (t[k]?.text !== 'layers' || t[k + 1]?.text !== '.' || t[k + 2]?.kind !== 'ident' || t[k + 3]?.text !== '(') return undefined;
    if (t[k - 1]?.text === '.' && t[k - 2]?.kind !== 'ident') return undefined;
    const open = k + 3;
    const close = this.match[open];
    if (close < 0) return undefined;
    const start = t[receiverStart(t, k)].start;
    const call: LayerCall = { name: t[k + 2].text, nameTok: t[k + 2], start, end: t[close].end };
    if (close > open + 1) {
      call.options = t[open + 1].text === '{' && this.match[open + 1] === close - 1 ? this.object(open + 1, depth + 1) : this.value(open + 1, close, depth + 1);
    }
    return call;
  }
}

/** The most names a TF.js call's receiver is read through: `tf.`, `this.tf.` (tf held on an object), `this.deps.tf.`. */
export const MAX_RECEIVER = 3;

/** Index of `name` when tokens from k are `name`, `tf.name`, `this.tf.name` (MAX_RECEIVER names before it at most), else -1. */
export function memberAt(t: Token[], k: number, name: string): number {
  for (let j = k, n = 0; n <= MAX_RECEIVER; j += 2, n++) {
    if (t[j]?.text === name) return j;
    if (t[j]?.kind !== 'ident' || t[j + 1]?.text !== '.') return -1;
  }
  return -1;
}

/** Index of the first name of the receiver `A.B.` right before token k (MAX_RECEIVER names at most); k when there is none. */
export function receiverStart(t: Token[], k: number): number {
  let s = k;
  for (let n = 0; n < MAX_RECEIVER && t[s - 1]?.text === '.' && t[s - 2]?.kind === 'ident'; n++) s -= 2;
  return s;
}

function same(a: Val, b: Val): boolean {
  return JSON.stringify(plain(a)) === JSON.stringify(plain(b));
}
function plain(v: Val): unknown {
  if (v.kind === 'number' || v.kind === 'string' || v.kind === 'boolean') return v.value;
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
      if (signs.length < 4) signs += t.text;
    }
    const v = this.primary();
    if (!signs) return v;
    if (v.kind !== 'number') return v.kind === 'unknown' ? v : this.c.unknown(`'${signs}' applied to a non-number`, this.i - 1, this.i);
    return { kind: 'number', value: negative ? -v.value : v.value, text: signs + v.text };
  }
  private arith(a: Val, b: Val, op: string): Val {
    if (b.kind === 'unknown') return b;
    if (a.kind === 'number' && b.kind === 'number') {
      const value = op === '+' ? a.value + b.value : op === '-' ? a.value - b.value : op === '*' ? a.value * b.value : op === '/' ? a.value / b.value : op === '%' ? a.value % b.value : a.value ** b.value;
      return { kind: 'number', value, text: joinText(a.text, op, b.text) };
    }
    if (op === '+' && a.kind === 'string' && (b.kind === 'string' || b.kind === 'number')) {
      const value = a.value + String(b.value);
      if (value.length > 4 * MAX_TEXT) return { kind: 'unknown', why: 'a string this long is not a layer option', text: joinText(a.text, op, b.text), start: 0, end: 0 };
      return { kind: 'string', value, text: joinText(a.text, op, b.text) };
    }
    return { kind: 'unknown', why: `'${op}' on these values cannot be read statically`, text: joinText(a.text, op, b.text), start: 0, end: 0 };
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
      return { kind: 'string', value: t.text.slice(1, -1), text: show(t.text, MAX_TEXT) };
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
      if (this.depth + 1 > MAX_DEPTH) return c.unknown('expression nested too deeply', k, close + 1);
      const items: Val[] = [];
      let j = k + 1;
      while (j < close) {
        const e = c.exprEnd(j, close);
        if (e > j) items.push(c.value(j, e, this.depth + 1));
        j = e + 1;
      }
      this.i = close + 1;
      return { kind: 'array', items, text: clip(c.text, t.start, c.toks[close].end) };
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
      if (t.text === 'true' || t.text === 'false') {
        this.i++;
        return { kind: 'boolean', value: t.text === 'true', text: t.text };
      }
      const at = c.layersAt(k);
      const call = at >= 0 ? c.layerCallAt(at, this.depth + 1) : undefined;
      if (call) {
        this.i = c.match[at + 3] + 1;
        return { kind: 'layer', call, text: clip(c.text, call.start, call.end) };
      }
      const next = c.toks[k + 1];
      if (k + 1 < this.to && next && (next.text === '.' || next.text === '(' || next.text === '[' || next.text === '?.')) {
        return c.unknown('a call or property access cannot be read statically', k, c.exprEnd(k, this.to));
      }
      this.i++;
      return c.constant(t.text, k, this.depth + 1);
    }
    return c.unknown(`'${t.text}' cannot be read statically`, k, this.to);
  }
}
