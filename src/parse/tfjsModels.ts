// The models a TensorFlow.js file builds, found without running it:
//   tf.sequential() with NAME.add(tf.layers.X({...})) after it, tf.sequential({layers: [...]}),
//   and the functional API: tf.input({shape}) -> tf.layers.X({...}).apply(...) chains -> tf.model({inputs, outputs}).
// A model whose layers cannot be read (added in a loop, a merge, several outputs, a nested model)
// is returned with `refused` saying precisely why, never guessed.
//
// Linear in the file: each model reads the tokens from its call up to the next model's call (the
// regions do not overlap), and a functional chain is followed back at most MAX_CHAIN layers, each
// step a binary search. Pure: no Node, no VS Code.
import type { Token } from './jsTokens';
import { type Binding, Code, type LayerCall, MAX_RECEIVER, memberAt, receiverStart, type Val } from './tfjsCode';
import { show } from './text';

export interface Span {
  start: number;
  end: number;
}
export interface Problem extends Span {
  message: string;
}

export interface CodeModel {
  kind: 'sequential' | 'functional';
  /** What the model is assigned to ("model", "this.model"), when it is. */
  target?: string;
  /** The name the code gives it (`name: 'encoder'`), else the enclosing function's name. */
  name?: string;
  /** The `tf.sequential(...)` / `tf.model(...)` call. */
  call: Span;
  /** From the start of the construction to the last layer added (offsets). */
  start: number;
  end: number;
  /** Token index of the call (to pair a tag block with the code right under it). */
  tok: number;
  layers: LayerCall[];
  /** `tf.input({shape: [...]})` of a functional model: its options, as a pseudo layer call named "input". */
  input?: LayerCall;
  /** Problems met while reading it (e.g. model.add(x) with x not a layer call). */
  problems: Problem[];
  /** Set when the layers cannot be read: why, where. */
  refused?: Problem;
}

/** The longest functional chain followed (layers); deeper ones are refused. */
const MAX_CHAIN = 64;
/** How many enclosing blocks are inspected to tell whether a `model.add` runs in a loop. */
const MAX_CONTEXT_WALK = 32;

/** Why a layer that is not a tf.layers call written in the file stops a model (sequential and functional alike). */
const NOT_WRITTEN_HERE = 'a nested model, a custom layer or a layer made elsewhere is not read';

/** Layers that leave what the analysis reads unchanged (see toProblem's transparent layers). */
export const SHAPE_ONLY = /^(dropout|flatten|reshape)$/;

const FUNCTION_KEYWORDS = new Set(['if', 'for', 'while', 'switch', 'catch', 'with', 'function', 'return']);

interface TfNames {
  names: Set<string>;
  bare: boolean;
  /** The file names a @tensorflow/tfjs module (an import or a require): it clearly uses TF.js. */
  imported: boolean;
}

/**
 * The names TensorFlow.js goes by in this file: `tf`, and what `import * as X`, `import X` or
 * `X = require(...)` binds to a @tensorflow/tfjs module; `bare` when it imports from one by name
 * (`import {sequential} from '@tensorflow/tfjs'`), so that a bare `sequential(` is TF.js too.
 */
function tfNames(code: Code): TfNames {
  const t = code.toks;
  const names = new Set(['tf']);
  let bare = false;
  let imported = false;
  for (let k = 0; k < t.length; k++) {
    if (t[k].kind !== 'string' || !/^@tensorflow\/tfjs/.test(t[k].value ?? '')) continue;
    imported = true;
    // import * as X from '...' / import X from '...' / import {a, b} from '...'
    if (t[k - 1]?.text === 'from') {
      if (t[k - 2]?.kind === 'ident' && (t[k - 3]?.text === 'as' || t[k - 3]?.text === 'import')) names.add(t[k - 2].text);
      else if (t[k - 2]?.text === '}') bare = true;
    }
    // const X = require('...')
    if (t[k - 1]?.text === '(' && t[k - 2]?.text === 'require' && t[k - 3]?.text === '=' && t[k - 4]?.kind === 'ident') names.add(t[k - 4].text);
  }
  return { names, bare, imported };
}

/**
 * The names of the receiver of the call whose name is token k: `[]` for a bare `NAME(`, `['tf']`
 * for `tf.NAME(`, `['this', 'tf']` for `this.tf.NAME(`; undefined for any other (a longer chain, a call's result).
 */
function receiverOf(t: Token[], k: number): string[] | undefined {
  if (t[k - 1]?.text === 'function') return undefined;
  const s = receiverStart(t, k);
  if (t[s - 1]?.text === '.' || t[s - 1]?.text === '?.') return undefined;
  const names: string[] = [];
  for (let j = s; j < k; j += 2) names.push(t[j].text);
  return names;
}

/**
 * Whether a call on this receiver is TensorFlow.js's: on a name TF.js goes by here, directly or
 * held on an object (`this.tf = tf` in a constructor, then `this.tf.sequential()`), or a bare name
 * imported from it. `unknown` where the file imports TF.js but calls `.sequential(` on another name.
 */
function tfCall(tf: TfNames, receiver: string[]): 'tf' | 'unknown' | undefined {
  if (!receiver.length) return tf.bare ? 'tf' : undefined;
  if (tf.names.has(receiver[receiver.length - 1])) return 'tf';
  return tf.imported ? 'unknown' : undefined;
}

type Site = { k: number; kind: 'sequential' | 'functional' | 'unknown' };

/** Every model the file builds, in the order of the calls. */
export function findCodeModels(code: Code): CodeModel[] {
  const t = code.toks;
  const tf = tfNames(code);
  const sites: Site[] = [];
  for (let k = 0; k < t.length; k++) {
    const tok = t[k];
    if (tok.kind !== 'ident' || (tok.text !== 'sequential' && tok.text !== 'model') || t[k + 1]?.text !== '(' || code.match[k + 1] < 0) continue;
    const receiver = receiverOf(t, k);
    // A receiver not followed (`this?.tf`, `this['tf']`, `getTf()`, four names or more) in a file
    // that imports TF.js: said, as a call on another name is (it gave no model and no word).
    const member = t[k - 1]?.text === '.' || t[k - 1]?.text === '?.';
    const of = receiver ? tfCall(tf, receiver) : member && tf.imported ? 'unknown' : undefined;
    // A method definition (`sequential() {`) is not a call.
    if (!of || t[code.match[k + 1] + 1]?.text === '{') continue;
    if (tok.text === 'sequential') sites.push({ k, kind: of === 'tf' ? 'sequential' : 'unknown' });
    else if (of === 'tf' && t[k + 2]?.text === '{' && hasKey(code, k + 2, 'outputs')) sites.push({ k, kind: 'functional' });
  }
  const read = sites.filter((s) => s.kind !== 'unknown');
  let next = 0;
  return sites.map((s) => {
    if (s.kind === 'unknown') return notTfModel(code, s.k);
    next++;
    const regionEnd = next < read.length ? read[next].k : t.length;
    return s.kind === 'sequential' ? readSequential(code, s.k, regionEnd) : readFunctional(code, s.k);
  });
}

/** `lib.sequential(...)` in a file that imports TF.js, on a name TF.js does not go by here: said, not guessed. */
function notTfModel(code: Code, k: number): CodeModel {
  const t = code.toks;
  const s = receiverStart(t, k);
  const named = t[k - 1]?.text === '.' && t[k - 2]?.kind === 'ident' && s < k && receiverOf(t, k) !== undefined;
  const start = named ? t[s].start : t[k].start;
  const call = { start, end: t[code.match[k + 1]].end };
  const message = named
    ? `${code.text.slice(t[s].start, t[k - 2].end)}.sequential(…) is not read as a TF.js model: '${t[k - 2].text}' is not a name TensorFlow.js goes by in this file (tf, or a name it imports @tensorflow/tfjs as)`
    : `.sequential(…) is not read as a TF.js model here: its receiver is not tf, or a name the file imports @tensorflow/tfjs as, held on at most ${MAX_RECEIVER - 1} names (no ?. or [...])`;
  return { kind: 'sequential', call, start: call.start, end: call.end, tok: k, layers: [], problems: [], refused: { message, ...call } };
}

function hasKey(code: Code, open: number, key: string): boolean {
  return propRange(code, open, key) !== undefined;
}

/** Tokens [from, to) of the value of `key` in the object literal at `open` (shorthand: the name itself). */
function propRange(code: Code, open: number, key: string): { from: number; to: number } | undefined {
  const t = code.toks;
  const close = code.match[open];
  if (close < 0) return undefined;
  for (let k = open + 1; k < close; ) {
    const end = code.exprEnd(k, close);
    if (t[k].text === key && t[k + 1]?.text === ':') return { from: k + 2, to: code.exprEnd(k + 2, close) };
    if (t[k].text === key && end === k + 1) return { from: k, to: k + 1 };
    k = Math.max(end, k + 1);
    if (t[k]?.text === ',') k++;
  }
  return undefined;
}

/** The `NAME` / `this.NAME` a call's value is assigned to, from the `=` before `s` (the callee's first token). */
function assignedTo(t: Token[], s: number): string | undefined {
  if (t[s - 1]?.text !== '=') return undefined;
  let k = s - 2;
  let path = dottedBefore(t, k);
  if (!path) return undefined;
  // `const model: tf.Sequential = ...`: what was read is the type; the name is before the colon.
  if (t[k - path.count]?.text === ':') {
    k -= path.count + 1;
    path = dottedBefore(t, k);
  }
  return path?.text;
}
function dottedBefore(t: Token[], k: number): { text: string; count: number } | undefined {
  if (t[k]?.kind !== 'ident') return undefined;
  const parts = [t[k].text];
  let count = 1;
  while (parts.length < 4 && t[k - count]?.text === '.' && t[k - count - 1]?.kind === 'ident') {
    parts.unshift(t[k - count - 1].text);
    count += 2;
  }
  return { text: parts.join('.'), count };
}

/** The name of the function whose body holds token k (`function NAME(`, `NAME(...) {`, `NAME = (...) =>`). */
function enclosingFunction(code: Code, k: number): string | undefined {
  const t = code.toks;
  let b = code.scopeOf[k];
  for (let steps = 0; b >= 0 && steps < MAX_CONTEXT_WALK; steps++, b = code.scopeOf[b]) {
    let p = b - 1;
    if (t[p]?.text === '=>') {
      p--;
      const head = t[p]?.text === ')' ? code.match[p] : p;
      if (head >= 0 && t[head - 1]?.text === '=' && t[head - 2]?.kind === 'ident') return t[head - 2].text;
      if (head >= 0 && t[head - 1]?.text === 'async' && t[head - 2]?.text === '=' && t[head - 3]?.kind === 'ident') return t[head - 3].text;
      continue;
    }
    // Skip a return type annotation: `foo(): tf.Sequential {`.
    for (let n = 0; n < 8 && p > 0 && t[p].text !== ')'; n++) p--;
    if (t[p]?.text !== ')' || code.match[p] < 0) continue;
    const name = t[code.match[p] - 1];
    if (name?.kind === 'ident' && !FUNCTION_KEYWORDS.has(name.text)) return name.text;
  }
  return undefined;
}

/** Why a statement at token j (inside the model's scope) may not run exactly once, if it may not. */
function runsOnceProblem(code: Code, j: number, modelScope: number): string | undefined {
  const t = code.toks;
  const head = (close: number): string | undefined => {
    const open = code.match[close];
    return open > 0 ? t[open - 1]?.text : undefined;
  };
  // What the token before a statement (isBrace false) or a block's `{` (isBrace true) says about how often it runs.
  const classify = (before: number, isBrace: boolean): 'loop' | 'condition' | 'function' | undefined => {
    const p = t[before];
    if (!p) return undefined;
    if (p.text === 'do') return 'loop';
    if (p.text === 'else') return 'condition';
    if (p.text === '=>') return 'function';
    if (p.text === ')') {
      const h = head(before);
      if (h === 'for' || h === 'while') return 'loop';
      if (h === 'if' || h === 'switch' || h === 'catch') return 'condition';
      return isBrace ? 'function' : undefined;
    }
    return undefined;
  };
  let context = classify(j - 1, false);
  let b = code.scopeOf[j];
  for (let steps = 0; !context && b !== modelScope; steps++, b = code.scopeOf[b]) {
    if (b < 0 || steps >= MAX_CONTEXT_WALK) return 'it is nested too deeply to tell how often it runs';
    context = classify(b - 1, true);
  }
  if (context === 'loop') return 'it runs in a loop, so the number of layers is not known statically';
  if (context === 'function') return 'it runs in a callback, so the number of layers is not known statically';
  if (context === 'condition') return 'condition';
  return undefined;
}

function readSequential(code: Code, k: number, regionEnd: number): CodeModel {
  const t = code.toks;
  const open = k + 1;
  const close = code.match[open];
  const s = receiverStart(t, k);
  const target = assignedTo(t, s);
  const call = { start: t[s].start, end: t[close].end };
  const m: CodeModel = { kind: 'sequential', target, call, start: statementStart(t, s), end: call.end, tok: k, layers: [], problems: [] };
  const fn = enclosingFunction(code, k);
  if (fn) m.name = fn;
  // Layers inside the sequential(...) arguments.
  const args = close > open + 1 ? (t[open + 1].text === '{' ? code.object(open + 1, 0) : code.value(open + 1, close, 0)) : undefined;
  if (args && args.kind === 'object') {
    const np = args.props.find((p) => p.key === 'name');
    if (np?.value.kind === 'string') m.name = np.value.value;
    const lp = args.props.find((p) => p.key === 'layers');
    if (lp) {
      if (lp.value.kind === 'array') {
        for (const item of lp.value.items) {
          if (item.kind === 'layer') m.layers.push(item.call);
          // Read without it, the network analysed would not be the one the code builds (a spread of
          // hidden layers, a helper's layer): refused, as the functional API refuses one.
          else m.refused ??= { message: `tf.sequential() builds a model whose layers cannot be read: ${show(item.text, 40)} is not a tf.layers call written here (${item.kind === 'unknown' ? item.why : 'not a layer'}): ${NOT_WRITTEN_HERE}`, ...span(item, lp) };
        }
      } else {
        m.refused = { message: `the layers list (${show(lp.value.text, 40)}) cannot be read statically`, ...span(lp.value, lp) };
      }
    }
  }
  if (target) readAdds(code, m, target, close + 1, regionEnd);
  if (!m.refused && !m.layers.length) {
    const why = m.problems.length ? m.problems.map((p) => p.message).join('; ') : target ? `no ${target}.add(tf.layers.…(…)) follows it in this scope` : 'it is not assigned to a variable whose layers could be followed';
    m.refused = { message: `tf.sequential() builds a model whose layers cannot be read: ${why}`, ...call };
  }
  return m;
}

/** `TARGET.add(...)` calls after the sequential call, up to the end of its scope or the next model. */
function readAdds(code: Code, m: CodeModel, target: string, from: number, regionEnd: number): void {
  const t = code.toks;
  const parts = target.split('.');
  const scope = code.scopeOf[m.tok];
  const end = Math.min(regionEnd, scope >= 0 && code.match[scope] > 0 ? code.match[scope] : t.length);
  const n = parts.length * 2 - 1;
  for (let j = from; j < end; j++) {
    if (t[j].text !== parts[0] || t[j - 1]?.text === '.') continue;
    let ok = true;
    for (let p = 1; p < parts.length && ok; p++) ok = t[j + 2 * p - 1]?.text === '.' && t[j + 2 * p]?.text === parts[p];
    if (!ok || t[j + n]?.text !== '.' || t[j + n + 1]?.text !== 'add' || t[j + n + 2]?.text !== '(') continue;
    const aOpen = j + n + 2;
    const aClose = code.match[aOpen];
    if (aClose < 0) continue;
    const where = { start: t[j].start, end: t[aClose].end };
    const context = runsOnceProblem(code, j, scope);
    if (context && context !== 'condition') {
      m.refused ??= { message: `tf.sequential() builds a model whose layers cannot be read: ${target}.add(…) on this line ${context.replace(/^it /, '')}`, ...where };
    }
    const v = code.value(aOpen + 1, aClose, 0);
    if (v.kind === 'layer') {
      m.layers.push(v.call);
      if (context === 'condition') {
        // A dropout or a reshape changes nothing the analysis reads; any other layer changes the network.
        if (SHAPE_ONLY.test(v.call.name)) m.problems.push({ message: `${target}.add(tf.layers.${v.call.name}(…)) runs only under a condition; it is read as present (it does not change what is analysed)`, ...where });
        else m.refused ??= { message: `tf.sequential() builds a model whose layers cannot be read: ${target}.add(tf.layers.${v.call.name}(…)) runs only under a condition, so the layers depend on values known only when it runs`, ...where };
      }
    } else {
      m.refused ??= { message: `tf.sequential() builds a model whose layers cannot be read: ${target}.add(${show(code.text.slice(t[aOpen + 1]?.start ?? 0, t[aClose].start).replace(/\s+/g, ' '), 40)}) is not a tf.layers call written here (${v.kind === 'unknown' ? v.why : 'not a layer'}): ${NOT_WRITTEN_HERE}`, ...where };
    }
    m.end = Math.max(m.end, t[aClose].end);
    j = aClose;
  }
}

/** Start of the statement holding token s: the `const`/`let`/`var` a few tokens before `NAME =`, else s. */
function statementStart(t: Token[], s: number): number {
  if (t[s - 1]?.text !== '=') return t[s].start;
  for (let k = s - 2; k >= 0 && k >= s - 10; k--) {
    const x = t[k];
    if (x.kind === 'punct' && (x.text === ';' || x.text === '{' || x.text === '}' || x.text === '(' || x.text === ',')) break;
    if (x.kind === 'ident' && (x.text === 'const' || x.text === 'let' || x.text === 'var')) return (t[k - 1]?.text === 'export' ? t[k - 1] : x).start;
  }
  return t[Math.max(0, s - 2)].start;
}

function span(v: Val, fallback: Span): Span {
  if (v.kind === 'unknown' && v.end > v.start) return { start: v.start, end: v.end };
  if (v.kind === 'layer') return { start: v.call.start, end: v.call.end };
  return { start: fallback.start, end: fallback.end };
}

// ---------------------------------------------------------------------------------------------
// The functional API: follow `outputs` back through `.apply(...)` to `tf.input(...)`.

function readFunctional(code: Code, k: number): CodeModel {
  const t = code.toks;
  const open = k + 2;
  const close = code.match[k + 1];
  const s = receiverStart(t, k);
  const call = { start: t[s].start, end: t[close].end };
  const m: CodeModel = { kind: 'functional', target: assignedTo(t, s), call, start: statementStart(t, s), end: call.end, tok: k, layers: [], problems: [] };
  const fn = enclosingFunction(code, k);
  if (fn) m.name = fn;
  const nameR = propRange(code, open, 'name');
  if (nameR && nameR.to === nameR.from + 1 && t[nameR.from].kind === 'string') m.name = t[nameR.from].value;
  const out = propRange(code, open, 'outputs')!;
  const refuse = (message: string, where: Span = call): CodeModel => {
    m.refused = { message: `tf.model(...) builds a model whose layers cannot be read: ${message}`, ...where };
    return m;
  };
  let from = out.from;
  let to = out.to;
  if (t[from].text === '[' && code.match[from] === to - 1) {
    const items = splitTop(code, from + 1, to - 1);
    if (items.length !== 1) return refuse(`it has ${items.length} outputs; only a single chain from one input to one output is read`);
    [from, to] = items[0];
  }
  const chain: LayerCall[] = [];
  for (let steps = 0; ; steps++) {
    if (steps > 2 * MAX_CHAIN) return refuse(`the chain of layers is longer than ${MAX_CHAIN}`);
    const r = chainStep(code, from, to);
    if ('refused' in r) return refuse(r.refused, r.where ?? call);
    if ('input' in r) {
      m.input = r.input;
      m.start = Math.min(m.start, r.input.start);
      break;
    }
    if (r.layer) {
      chain.push(r.layer);
      m.start = Math.min(m.start, r.layer.start);
      if (chain.length > MAX_CHAIN) return refuse(`the chain of layers is longer than ${MAX_CHAIN}`);
    }
    [from, to] = [r.next.from, r.next.to];
  }
  m.layers = chain.reverse();
  if (!m.layers.length) return refuse('no layer is applied between tf.input and the output');
  return m;
}

/** Splits tokens [from, to) at top-level commas. */
function splitTop(code: Code, from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  for (let j = from; j < to; ) {
    const e = code.exprEnd(j, to);
    if (e > j) out.push([j, e]);
    j = Math.max(e, j) + 1;
  }
  return out;
}

type Step = { layer?: LayerCall; next: { from: number; to: number } } | { input: LayerCall } | { refused: string; where?: Span };


/** One step back along a functional chain from the expression in tokens [from, to). */
function chainStep(code: Code, from: number, to: number): Step {
  if (from >= to) return { refused: 'an empty expression cannot be followed' };
  const t = code.toks;
  to = stripTypeAssertion(code, from, to);
  const text = (a: number, b: number) => show(code.text.slice(t[a].start, t[b - 1].end).replace(/\s+/g, ' '), 50);
  const where = { start: t[from].start, end: t[to - 1].end };
  // A name: go to the value it holds at this point.
  if (to === from + 1 && t[from].kind === 'ident') {
    const b: Binding | undefined = code.bindingBefore(t[from].text, from);
    if (!b) return { refused: `'${t[from].text}' is not assigned in this file before it is used`, where };
    if (b.why) return { refused: b.why, where };
    if (b.kind === 'assign' && !code.inScope(b.scope, from)) return { refused: `'${t[from].text}' is assigned inside a block (a condition or a loop), so its value here is not known`, where };
    if (b.to <= b.from) return { refused: `'${t[from].text}' has no value here`, where };
    return { next: { from: b.from, to: b.to } };
  }
  if (t[from].text === '(' && code.match[from] === to - 1) return { next: { from: from + 1, to: to - 1 } };
  // tf.input({shape: [...]}), this.tf.input(...)
  const ip = memberAt(t, from, 'input');
  if (ip >= 0 && t[ip + 1]?.text === '(' && code.match[ip + 1] === to - 1) {
    const input: LayerCall = { name: 'input', nameTok: t[ip], start: t[from].start, end: t[to - 1].end };
    if (to - 1 > ip + 2) input.options = t[ip + 2].text === '{' && code.match[ip + 2] === to - 2 ? code.object(ip + 2, 0) : code.value(ip + 2, to - 1, 0);
    return { input };
  }
  // LAYER.apply(ARG)
  if (t[to - 1].text === ')' && code.match[to - 1] > from) {
    const aOpen = code.match[to - 1];
    if (t[aOpen - 1]?.text === 'apply' && t[aOpen - 2]?.text === '.') {
      const callee = code.value(from, aOpen - 2, 0);
      if (callee.kind !== 'layer') {
        return { refused: `${text(from, aOpen - 2)}.apply(…) is not a tf.layers call written in this file (${callee.kind === 'unknown' ? callee.why : 'not a layer'}): ${NOT_WRITTEN_HERE}`, where };
      }
      let a = aOpen + 1;
      let b = to - 1;
      if (b <= a) return { refused: `${text(from, to)} has no input`, where };
      if (t[a].text === '[' && code.match[a] === b - 1) {
        const items = splitTop(code, a + 1, b - 1);
        if (items.length !== 1) return { refused: `tf.layers.${callee.call.name}(…) is applied to ${items.length} tensors (a merge); only a single chain of layers is read`, where };
        [a, b] = items[0];
      }
      return { layer: callee.call, next: { from: a, to: b } };
    }
  }
  return { refused: `${text(from, to)} cannot be followed back to a tf.input(...)`, where };
}

/** Tokens [from, to) without a trailing `as T`, `as tf.SymbolicTensor` or `!`. */
function stripTypeAssertion(code: Code, from: number, to: number): number {
  const t = code.toks;
  for (let guard = 0; guard < 4 && to - from >= 2; guard++) {
    if (t[to - 1].text === '!') {
      to--;
      continue;
    }
    let k = to - 1;
    while (k - 2 >= from && t[k].kind === 'ident' && t[k - 1].text === '.' && t[k - 2].kind === 'ident') k -= 2;
    if (t[k].kind === 'ident' && t[k - 1]?.text === 'as' && k - 1 > from) to = k - 1;
    else break;
  }
  return to;
}
