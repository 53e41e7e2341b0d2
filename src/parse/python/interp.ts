// Reads a Python file statically, the way the PyTorch reader needs it: module-level constants,
// imports, classes and functions; a class's __init__ run on its constructor arguments (from an
// instantiation in the file, else its defaults); loops over static ranges and lists unrolled;
// branches taken when their condition is static. Nothing is ever run for real: a value that
// cannot be known becomes an "unknown" that says why and where, and a branch or loop that cannot
// be followed is noted and leaves what it assigns unknown. Every step counts against a budget
// proportional to the file's size, so reading stays linear and always ends.
// Pure: no Node, no VS Code.
import { sourceText } from '../scalingModel';
import type { LineIndex } from '../text';
import type { Where } from './flow';
import { compare, index, iterate, slice, str, unary, asNumber, MAX_LIST } from './ops';
import type { Arg, Expr, Module, Param, Stmt } from './syntax';
import { CONVENTIONAL, isModuleBase } from './torchNames';
import { TorchSemantics } from './torchCalls';
import { Builtins } from './builtins';
import { fstringParts, type FPart } from './fstrings';
import { walkExprs } from './walk';
import { describe, NONE, num, truthy, unknown, type ClassInfo, type DefStmt, type Instance, type Mod, type Note, type Value } from './values';

/** Loops with more iterations than this are not unrolled. */
const MAX_UNROLL = 4096;
/** Function calls and module instantiations nested deeper than this are not followed. */
const MAX_CALL_DEPTH = 12;
/** Bases of the file a method is looked up through, one from the next (class C1(C0), class C2(C1), ...). */
export const MAX_BASES = 32;
/** The most steps one reading of a file may take (each allowance: the module, then its models). */
export const MAX_STEPS = 500_000;

export class OutOfSteps extends Error {}

/** The keywords of a call that has none (shared: never written to). */
const NO_KW: Map<string, Value> = new Map();
const NO_KW_AT: Map<string, Where> = new Map();

/** The same call site with other positional arguments (a Sequential's children applied in turn). */
export function callWith(c: Call, args: Value[], argAt: Where[] = []): Call {
  return { args, argAt, kw: NO_KW, kwAt: NO_KW_AT, at: c.at, get text() { return c.text; } };
}

/** Methods that change a list, a dict or a container of modules. */
const MUTATORS = /^(append|extend|insert|pop|remove|clear|update|setdefault|add_module|register_module|__setitem__)$/;

/** Libraries whose names the reader knows (torch, and what model files compute sizes with); other imports are not read. */
const LIBRARY = /^(torch|collections|math|numpy|dataclasses|typing|functools|builtins|pytorch_lightning|lightning)(\.|$)/;

export interface Scope {
  vars: Map<string, Value>;
  parent?: Scope;
  /** For messages: "MLP.__init__", "build_model()", "the module". */
  where: string;
  /** The class whose method this is (for super()). */
  cls?: ClassInfo;
  self?: Value;
}

type Flow = undefined | { ret: Value } | 'break' | 'continue';

export interface Call {
  args: Value[];
  argAt: Where[];
  kw: Map<string, Value>;
  kwAt: Map<string, Where>;
  at: Where;
  text: string;
}

export class Interp {
  readonly globals: Scope = { vars: new Map(), where: 'the module' };
  readonly classes: ClassInfo[] = [];
  readonly mods: Mod[] = [];
  /** The first instantiation of each module class built outside any module (it wins over defaults). */
  readonly firstInstance = new Map<ClassInfo, Mod>();
  /** Module classes of the file whose forward ran (reader.ts clears it before each model it reads). */
  readonly applied = new Set<ClassInfo>();
  /** Torch modules applied to a tensor, wherever its result went (cleared with `applied`). */
  readonly appliedMods = new Set<Mod>();
  /** Later top-level instantiations with other arguments, for a note. */
  readonly otherInstances = new Map<ClassInfo, Where[]>();
  /** Functions whose body ran while the module was read. */
  readonly ran = new Set<DefStmt>();
  /** Where notes go: every collector on the stack gets each note. */
  readonly collectors: Note[][] = [];
  /** Where each module-level name is first assigned (to say "used before it is assigned"). */
  private readonly assignedAt = new Map<string, number>();
  instDepth = 0;
  private callDepth = 0;
  private steps = 0;
  private maxSteps: number;
  /**
   * The statement of the module, or the module-level function, at which reading ran out of steps:
   * what the file builds from there on is not read (the reader says so).
   */
  stoppedAt?: Stmt;
  private nextId = 1;
  readonly torch: TorchSemantics;
  readonly builtins: Builtins;

  constructor(
    readonly text: string,
    readonly lines: LineIndex,
    readonly module: Module,
    tokenCount: number,
  ) {
    // Linear in the file up to a cap: padding a file did not buy a recursion minutes of reading
    // (`def f(x): return f(x)+f(x)+f(x)+f(x)` behind 2.4 MB of `a = 0` ran 3 minutes). The real
    // files of the corpus take at most 10,000 steps.
    this.maxSteps = Math.min(MAX_STEPS, 200_000 + 100 * tokenCount);
    this.torch = new TorchSemantics(this);
    this.builtins = new Builtins(this);
  }

  /** A fresh allowance of steps (one for the module, one for reading its models): total work stays linear. */
  refill(): void {
    this.steps = 0;
  }

  tick(): void {
    if (++this.steps > this.maxSteps) throw new OutOfSteps('the file needs more static reading than the reader allows');
  }

  src(w: Where, max = 60): string {
    return sourceText(this.text, w.start, w.end, max);
  }

  /** Each note once per collector (a loop unrolled 4096 times says its problem once). */
  private readonly noted = new WeakMap<Note[], Set<string>>();

  note(message: string, at: Where, severity: 'warning' | 'info' = 'warning'): void {
    const key = `${at.start}\u0000${message}`;
    for (const c of this.collectors) {
      let keys = this.noted.get(c);
      if (!keys) this.noted.set(c, (keys = new Set(c.map((n) => `${n.at.start}\u0000${n.message}`))));
      if (keys.has(key)) continue;
      keys.add(key);
      c.push({ message, at, severity });
    }
  }

  newMod(cls: string, call: Call | undefined, at: Where): Mod {
    const m: Mod = { id: this.nextId++, cls, at, args: call?.args ?? [], argAt: call?.argAt ?? [], kw: call?.kw ?? new Map(), kwAt: call?.kwAt ?? new Map(), topLevel: this.instDepth === 0, notes: [] };
    this.mods.push(m);
    return m;
  }

  // -------------------------------------------------------------------------------------------
  // The module: imports and classes first (so that order does not matter for them), then the body.

  runModule(): void {
    // The file is read as the script it is: `if __name__ == "__main__":` is followed.
    this.globals.vars.set('__name__', { k: 'str', v: '__main__' });
    const top = flattenTop(this.module.body);
    for (const s of top) if (s.t === 'assign') for (const t of s.targets) if (t.t === 'name' && !this.assignedAt.has(t.id)) this.assignedAt.set(t.id, s.start);
    for (const s of top) if (s.t === 'import' || s.t === 'from') this.importStmt(s, this.globals);
    for (const s of top) if (s.t === 'class') this.declareClass(s, this.globals);
    try {
      for (const c of this.classes) this.resolveBases(c, new Set(), 0);
    } catch (e) {
      // Looking up the bases ran out of steps: nothing of the module's own code is read.
      if (!(e instanceof OutOfSteps)) throw e;
      this.stoppedAt = this.module.body[0];
      return;
    }
    for (const s of this.module.body) {
      try {
        if (this.exec(s, this.globals) !== undefined) return;
      } catch (e) {
        if (!(e instanceof OutOfSteps)) throw e;
        this.stoppedAt = s;
        return;
      }
    }
  }

  /** Runs the module-level functions that build a model and did not run yet (params: defaults, else unknown). */
  runLeftoverFunctions(mentions: (def: DefStmt) => boolean): void {
    for (const s of flattenTop(this.module.body)) {
      if (s.t !== 'def' || this.ran.has(s) || !mentions(s)) continue;
      try {
        this.callFunction({ k: 'func', def: s }, { args: [], argAt: [], kw: new Map(), kwAt: new Map(), at: s.header, text: s.name }, true);
      } catch (e) {
        if (!(e instanceof OutOfSteps)) throw e;
        this.stoppedAt ??= s;
        return;
      }
    }
  }

  private readonly classOf = new Map<Stmt, ClassInfo>();

  private declareClass(s: Extract<Stmt, { t: 'class' }>, scope: Scope): ClassInfo {
    const existing = this.classOf.get(s);
    if (existing) {
      scope.vars.set(s.name, { k: 'class', cls: existing });
      return existing;
    }
    const c: ClassInfo = { name: s.name, node: s, isModule: false, methods: new Map(), attrs: new Map() };
    for (const b of s.body) if (b.t === 'def') c.methods.set(b.name, b);
    this.classes.push(c);
    this.classOf.set(s, c);
    scope.vars.set(s.name, { k: 'class', cls: c });
    return c;
  }

  /**
   * Each class's bases are resolved once (a chain of 4,000 subclasses was walked again from each of
   * them: quadratic, then past the stack), and no deeper than a class's methods are ever looked up
   * (MAX_BASES): a class reached deeper is resolved on its own turn.
   */
  private resolveBases(c: ClassInfo, seen: Set<ClassInfo>, depth: number): void {
    if (this.basesDone.has(c) || seen.has(c) || depth > MAX_BASES) return;
    seen.add(c);
    for (const b of c.node.bases) {
      if (b.kind !== 'pos') continue;
      // A subscripted base (Base[Any], Generic[T]) is its class: the class was no module at all.
      const expr = b.value.t === 'sub' ? b.value.obj : b.value;
      const v = this.quiet(() => this.eval(expr, this.globals));
      const layer = v.k === 'ref' ? /^torch\.nn\.([A-Z][A-Za-z0-9_]*)$/.exec(v.q) : null;
      if (v.k === 'ref' && (isModuleBase(v.q) || layer)) {
        // nn.Module, a container, or a layer class (class MyLinear(nn.Linear)): the class is a module.
        c.isModule = true;
        const last = v.q.slice(v.q.lastIndexOf('.') + 1);
        if (last !== 'Module' && !/LightningModule$/.test(last)) c.torchBase ??= last;
      } else if (v.k === 'class' && v.cls !== c) {
        this.resolveBases(v.cls, seen, depth + 1);
        c.base ??= v.cls;
        if (v.cls.isModule) c.isModule = true;
        c.torchBase ??= v.cls.torchBase;
        c.importedBase ??= v.cls.importedBase;
      } else if (v.k === 'unknown' && v.sym && (c.methods.has('forward') || buildsLayers(c.node.body))) {
        // An imported base: a class with a forward, or that builds nn layers, is a module.
        c.isModule = true;
        c.importedBase ??= this.src(expr, 40);
      }
    }
    this.basesDone.add(c);
  }
  private readonly basesDone = new Set<ClassInfo>();

  /** Evaluates without notes (for look-ups that are not part of a model). */
  quiet<T>(f: () => T): T {
    const saved = this.collectors.splice(0);
    try {
      return f();
    } finally {
      this.collectors.push(...saved);
    }
  }

  /** A method of a class or of its bases in the file. */
  method(c: ClassInfo, name: string): { def: DefStmt; owner: ClassInfo } | undefined {
    for (let x: ClassInfo | undefined = c, k = 0; x && k <= MAX_BASES; x = x.base, k++) {
      const d = x.methods.get(name);
      if (d) return { def: d, owner: x };
    }
    return undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Statements

  execBlock(stmts: Stmt[], scope: Scope): Flow {
    for (const s of stmts) {
      const r = this.exec(s, scope);
      if (r !== undefined) return r;
    }
    return undefined;
  }

  private exec(s: Stmt, scope: Scope): Flow {
    this.tick();
    switch (s.t) {
      case 'expr':
        this.eval(s.value, scope);
        return undefined;
      case 'assign': {
        const v = this.eval(s.value, scope);
        for (const t of s.targets) this.assign(t, v, scope);
        this.nameModule(s.targets, v);
        return undefined;
      }
      case 'aug': {
        const cur = this.eval(s.target, scope);
        const v = this.eval(s.value, scope);
        if (cur.k === 'list' && !cur.tuple && s.op === '+' && v.k === 'list') {
          cur.items.push(...v.items);
          if (v.taint) cur.taint ??= v.taint;
          this.consume(v);
          return undefined;
        }
        if (cur.k === 'module' && cur.m.items && s.op === '+' && v.k === 'list') {
          cur.m.items.push(...v.items);
          this.consume(v);
          return undefined;
        }
        this.assign(s.target, this.torch.binary(s.op, cur, v, s, () => this.src(s)), scope);
        return undefined;
      }
      case 'ann':
        if (s.value) this.assign(s.target, this.eval(s.value, scope), scope);
        return undefined;
      case 'return':
        return { ret: s.value ? this.eval(s.value, scope) : NONE };
      case 'pass':
        return undefined;
      case 'break':
      case 'continue':
        return s.t;
      case 'if':
        return this.ifStmt(s, scope);
      case 'for':
        return this.forStmt(s, scope);
      case 'while':
        this.skip([s.body, s.orelse], `the while loop at line ${this.line(s)}`, 'unrolled', '', s, scope);
        return undefined;
      case 'with':
        for (const it of s.items) {
          const v = this.eval(it.value, scope);
          if (it.target) this.assign(it.target, v.k === 'unknown' ? v : unknown(`\`${this.src(it.target)}\` is the value of a with-statement`, it.target), scope);
        }
        return this.execBlock(s.body, scope);
      case 'try': {
        const r = this.execBlock(s.body, scope);
        const f = this.execBlock(s.final, scope);
        return f ?? r;
      }
      case 'def':
        scope.vars.set(s.name, scope === this.globals ? { k: 'func', def: s } : { k: 'func', def: s, closure: scope });
        return undefined;
      case 'class': {
        const c = this.declareClass(s, scope);
        if (!c.isModule) {
          // Again, now that the code before it has run (`Base = nn.Module` above the class).
          this.basesDone.delete(c);
          this.resolveBases(c, new Set(), 0);
        }
        this.classBody(c, scope);
        return undefined;
      }
      case 'import':
      case 'from':
        this.importStmt(s, scope);
        return undefined;
      case 'other':
        if (s.body) this.skip([s.body], `${s.what} at line ${this.line(s)}`, 'read', '', s, scope);
        return undefined;
    }
  }

  private readonly builds = new Map<Stmt, boolean>();

  /**
   * May this statement build a module or a list of them? It may when it builds a module (nn.Linear(...),
   * MLP(...)), appends, extends or adds to something, or calls a function of the file that may.
   * (A training loop does none of these.)
   */
  private mayBuild(s: Stmt): boolean {
    const known = this.builds.get(s);
    if (known !== undefined) return known;
    this.builds.set(s, false); // a function that calls itself: no more than what it does otherwise
    let hit = false;
    walkExprs([s], (e) => {
      if (hit || e.t !== 'call') return;
      if (e.fn.t === 'attr') {
        // nn.Linear(...), torch.nn.Sequential(...), layers.append(...)
        const root = e.fn.obj.t === 'name' ? this.globals.vars.get(e.fn.obj.id) : undefined;
        if (/^(append|extend|insert|add_module|register_module)$/.test(e.fn.name)) hit = true;
        else if (/^[A-Z]/.test(e.fn.name) && (e.fn.obj.t !== 'name' || (root?.k === 'ref' && root.q.startsWith('torch.nn')) || e.fn.obj.id === 'nn')) hit = true;
      } else if (e.fn.t === 'name') {
        // MLP(...) of the file, Linear(...) imported from torch.nn, a function of the file that may build
        const f = this.globals.vars.get(e.fn.id);
        if ((f?.k === 'class' && f.cls.isModule) || (f?.k === 'ref' && /^torch\.nn\.[A-Z]/.test(f.q)) || (f?.k === 'func' && this.mayBuild(f.def))) hit = true;
      }
    });
    this.builds.set(s, hit);
    return hit;
  }

  /** Class-level assignments (hidden = 128) become class attributes. */
  private classBody(c: ClassInfo, scope: Scope): void {
    const inner: Scope = { vars: new Map(), parent: scope, where: c.name };
    for (const b of c.node.body) {
      if (b.t === 'assign' || b.t === 'ann') {
        if (b.t === 'ann' && !b.value) continue;
        this.exec(b, inner);
      }
    }
    for (const [k, v] of inner.vars) c.attrs.set(k, v);
  }

  /** 1-based line of a position, for messages. */
  line(w: Where): number {
    return this.lines.position(w.start).line + 1;
  }

  private ifStmt(s: Extract<Stmt, { t: 'if' }>, scope: Scope): Flow {
    const c = this.eval(s.test, scope);
    const t = c.k === 'tensor' ? undefined : truthy(c);
    if (t === true) return this.execBlock(s.body, scope);
    if (t === false) return this.execBlock(s.orelse, scope);
    this.skip([s.body, s.orelse], `the branch on \`${this.src(s.test, 50)}\` (line ${this.line(s)})`, 'decided', c.k === 'unknown' ? c.why : '', s, scope);
    return undefined;
  }

  private forStmt(s: Extract<Stmt, { t: 'for' }>, scope: Scope): Flow {
    if (this.instDepth === 0 && !this.collectors.length && !this.mayBuild(s)) {
      // A training loop (for epoch in range(300): ...) outside any model builds no layer: not unrolled,
      // and what it assigns is left unknown, as for a loop that cannot be unrolled.
      this.skip([s.body, s.orelse], `the loop at line ${this.line(s)}`, 'followed', 'it builds no module', s, scope);
      return undefined;
    }
    const it = iterate(this.eval(s.iter, scope), MAX_UNROLL);
    if ('why' in it) {
      this.skip([s.body, s.orelse], `the loop over \`${this.src(s.iter, 50)}\` (line ${this.line(s)})`, 'unrolled', it.why, s, scope);
      return undefined;
    }
    for (const item of [...it.items]) {
      this.assign(s.target, item, scope);
      const r = this.execBlock(s.body, scope);
      if (r === 'break') return undefined;
      if (r !== undefined && r !== 'continue') return r;
    }
    return this.execBlock(s.orelse, scope);
  }

  /**
   * A branch or loop that cannot be followed: everything it assigns or appends to is left unknown
   * rather than guessed, and said once (where a model is being read) when it touched anything.
   */
  private skip(blocks: Stmt[][], what: string, cannot: string, detail: string, at: Where, scope: Scope): void {
    const header = { start: at.start, end: Math.min(at.end, this.lineEnd(at.start)) };
    const taint = `may be changed by ${what}, which cannot be ${cannot} statically`;
    let touched = 0;
    const receivers = new Set<unknown>();
    const visit = (stmts: Stmt[]) => {
      for (const s of stmts) {
        this.tick();
        if (s.t === 'assign' || s.t === 'aug' || s.t === 'ann') for (const t of s.t === 'assign' ? s.targets : [s.target]) touched += this.taintTarget(t, taint, scope);
        if (s.t === 'for') touched += this.taintTarget(s.target, taint, scope);
        // layers.append(...), self.body.extend(...): the receiver may change (other methods do not add layers).
        const call = s.t === 'expr' && s.value.t === 'call' && s.value.fn.t === 'attr' && MUTATORS.test(s.value.fn.name) ? s.value.fn : undefined;
        const callee = call?.obj;
        if (callee) {
          const recv = this.quiet(() => this.eval(callee, scope));
          const key = recv.k === 'module' ? recv.m : recv;
          if (!receivers.has(key)) {
            receivers.add(key);
            if (recv.k === 'list' || recv.k === 'dict') (recv.taint ??= `\`${this.src(callee, 40)}\` ${taint}`, touched++);
            else if (recv.k === 'module' && recv.m.items) (recv.m.items.push(unknown(`the layers added by ${what}, which cannot be ${cannot} statically`, header)), touched++);
          }
        }
        for (const b of childBlocks(s)) visit(b);
      }
    };
    for (const b of blocks) visit(b);
    if (touched) this.note(`${what[0].toUpperCase()}${what.slice(1)} cannot be ${cannot} statically${detail ? ` (${detail})` : ''}; what it assigns is left unknown`, header);
  }

  private lineEnd(from: number): number {
    const k = this.text.indexOf('\n', from);
    return k < 0 ? this.text.length : k;
  }

  /** Marks what an assignment target names as unknown; returns how many were marked. */
  private taintTarget(t: Expr, why: string, scope: Scope): number {
    if (t.t === 'name') {
      scope.vars.set(t.id, unknown(`\`${t.id}\` ${why}`, t, t.id));
      return 1;
    }
    if (t.t === 'tuple' || t.t === 'list') return t.items.reduce((n, x) => n + this.taintTarget(x, why, scope), 0);
    if (t.t === 'star') return this.taintTarget(t.value, why, scope);
    if (t.t === 'attr') {
      const obj = this.quiet(() => this.eval(t.obj, scope));
      const inst = instanceOf(obj);
      if (inst) inst.attrs.set(t.name, unknown(`\`${this.src(t)}\` ${why}`, t, t.name));
      return inst ? 1 : 0;
    }
    return 0;
  }

  assign(t: Expr, v: Value, scope: Scope): void {
    switch (t.t) {
      case 'name':
        scope.vars.set(t.id, v);
        return;
      case 'attr': {
        const obj = this.eval(t.obj, scope);
        const inst = instanceOf(obj);
        if (inst) {
          inst.attrs.set(t.name, v);
          if (obj.k === 'module') this.consume(v);
        }
        return;
      }
      case 'sub': {
        const obj = this.eval(t.obj, scope);
        const i = this.eval(t.index, scope);
        if (obj.k === 'list' && !obj.tuple && i.k === 'num') {
          const k = i.v < 0 ? obj.items.length + i.v : i.v;
          if (k >= 0 && k < obj.items.length) obj.items[k] = v;
        } else if (obj.k === 'dict') {
          const k = obj.keys.findIndex((x) => compare('==', x, i) === true);
          if (k >= 0) obj.vals[k] = v;
          else {
            obj.keys.push(i);
            obj.vals.push(v);
          }
        } else if (obj.k === 'module' && obj.m.itemNames && i.k === 'str') {
          obj.m.itemNames.push(i.v);
          obj.m.items!.push(v);
          this.consume(v);
        }
        return;
      }
      case 'tuple':
      case 'list':
        this.unpack(t.items, v, scope, t);
        return;
      case 'star':
        this.assign(t.value, v, scope);
        return;
      default:
        return;
    }
  }

  private unpack(targets: Expr[], v: Value, scope: Scope, at: Where): void {
    if (v.k === 'tensor' && targets[0]?.t !== 'star') {
      // `out, state = self.rnn(x)` where the call cannot be read: the flow goes on in the first value.
      this.assign(targets[0], v, scope);
      const rest = unknown(`\`${this.src(at)}\`: only the first value of \`${this.src(at)} = ...\` carries the flow`, at);
      for (const x of targets.slice(1)) this.assign(x, rest, scope);
      return;
    }
    const it = v.k === 'list' || v.k === 'range' || v.k === 'str' || v.k === 'dict' ? iterate(v, MAX_LIST) : undefined;
    const star = targets.findIndex((x) => x.t === 'star');
    if (it && 'items' in it && (star >= 0 ? it.items.length >= targets.length - 1 : it.items.length === targets.length)) {
      const items = it.items;
      if (star < 0) targets.forEach((x, k) => this.assign(x, items[k], scope));
      else {
        const after = targets.length - star - 1;
        targets.slice(0, star).forEach((x, k) => this.assign(x, items[k], scope));
        this.assign(targets[star], { k: 'list', items: items.slice(star, items.length - after), tuple: false }, scope);
        targets.slice(star + 1).forEach((x, k) => this.assign(x, items[items.length - after + k], scope));
      }
      return;
    }
    const why = v.k === 'unknown' ? v : unknown(`\`${this.src(at)}\` cannot be unpacked from ${describe(v)}`, at);
    for (const x of targets) this.assign(x, why, scope);
  }

  /** A module built at the top level takes the name of the variable that holds it. */
  private nameModule(targets: Expr[], v: Value): void {
    if (v.k !== 'module' || v.m.name) return;
    const t = targets[0];
    if (t?.t === 'name') v.m.name = t.id;
  }

  /** Classes of the file whose instances were given to another module. */
  readonly parts = new Set<ClassInfo>();

  /** A module handed to another one is part of it, not a model of its own. */
  consume(v: Value): void {
    if (v.k === 'module') {
      v.m.consumed = true;
      if (v.m.user) this.parts.add(v.m.user.cls);
    }
    else if (v.k === 'list') {
      for (const x of v.items) if (x.k === 'module') x.m.consumed = true;
    } else if (v.k === 'dict') {
      for (const x of v.vals) if (x.k === 'module') x.m.consumed = true;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Imports: torch and other libraries become qualified names; anything else is not read.

  private importStmt(s: Extract<Stmt, { t: 'import' | 'from' }>, scope: Scope): void {
    const at = { start: s.start, end: s.end };
    if (s.t === 'import') {
      for (const n of s.names) {
        const name = n.as ?? n.name.split('.')[0];
        const q = n.as ? n.name : name;
        scope.vars.set(name, LIBRARY.test(q) ? { k: 'ref', q } : unknown(`\`${name}\` is the module ${q}, which is not read (only this file is)`, at, name));
      }
      return;
    }
    for (const n of s.names) {
      if (n.name === '*') continue;
      const q = `${s.module}.${n.name}`;
      scope.vars.set(n.as ?? n.name, LIBRARY.test(q) ? { k: 'ref', q } : unknown(`\`${n.as ?? n.name}\` comes from ${s.module}, which is not read (only this file is)`, at, n.name));
    }
  }

  // -------------------------------------------------------------------------------------------
  // Expressions

  eval(e: Expr, scope: Scope): Value {
    this.tick();
    switch (e.t) {
      case 'num':
        return num(e.value, e.int);
      case 'str':
        return e.value !== undefined ? { k: 'str', v: e.value } : this.fstring(e, scope);
      case 'const':
        return e.value === 'None' ? NONE : e.value === '...' ? unknown('`...`', e) : { k: 'bool', v: e.value === 'True' };
      case 'name':
        return this.lookup(e.id, scope, e);
      case 'attr':
        return this.torch.getAttr(this.eval(e.obj, scope), e.name, e);
      case 'call':
        return this.call(e, scope);
      case 'sub':
        return this.subscript(e, scope);
      case 'bin':
        return this.torch.binary(e.op, this.eval(e.left, scope), this.eval(e.right, scope), e, () => this.src(e));
      case 'unary': {
        const v = this.eval(e.operand, scope);
        // -x scales the flow: nothing the analysis reads changes.
        if (v.k === 'tensor' && e.op !== 'not') return v;
        return unary(e.op, v, e, () => this.src(e));
      }
      case 'bool':
        return this.boolOp(e, scope);
      case 'cmp':
        return this.compareChain(e, scope);
      case 'ifexp': {
        const c = this.eval(e.test, scope);
        const t = c.k === 'tensor' ? undefined : truthy(c);
        if (t === undefined) return c.k === 'unknown' ? c : unknown(`\`${this.src(e, 50)}\` depends on \`${this.src(e.test, 40)}\`, which cannot be decided statically`, e);
        return this.eval(t ? e.body : e.orelse, scope);
      }
      case 'tuple':
      case 'list':
      case 'set':
        return this.display(e.items, e.t === 'tuple', scope);
      case 'dict':
        return this.dictDisplay(e, scope);
      case 'comp':
        return this.comprehension(e, scope);
      case 'lambda':
        // Its names are looked up where it was written (a lambda in __init__ that uses its locals).
        return { k: 'lambda', node: e, closure: scope };
      case 'star':
        return this.eval(e.value, scope);
      case 'walrus': {
        const v = this.eval(e.value, scope);
        scope.vars.set(e.target, v);
        return v;
      }
      case 'slice':
        return unknown('a slice outside a subscript', e);
      case 'unknown':
        return unknown(`${e.why} (\`${this.src(e, 40)}\`) is not read`, e);
    }
  }

  private readonly fstrings = new Map<Expr, FPart[] | undefined>();

  /** f"fc{i}": the fields evaluated and joined, when each has a static text. */
  private fstring(e: Expr, scope: Scope): Value {
    if (!this.fstrings.has(e)) this.fstrings.set(e, fstringParts(this.text, e.start, e.end));
    const parts = this.fstrings.get(e);
    let out = '';
    for (const p of parts ?? []) {
      const s = 'text' in p ? p.text : str(this.eval(p.expr, scope));
      if (s === undefined) return unknown(`the f-string \`${this.src(e, 40)}\` has a field that cannot be read statically`, e);
      out += s;
    }
    return parts ? { k: 'str', v: out } : unknown(`the f-string \`${this.src(e, 40)}\` has a conversion or format that is not read`, e);
  }

  lookup(name: string, scope: Scope, at: Where): Value {
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      const v = s.vars.get(name);
      if (v !== undefined) return v;
    }
    const b = this.builtins.lookup(name);
    if (b) return b;
    // A snippet without its imports still means torch by `nn`, `F` and `torch`.
    const conventional = CONVENTIONAL[name];
    if (conventional) return { k: 'ref', q: conventional };
    const later = this.assignedAt.get(name);
    if (later !== undefined) return unknown(`\`${name}\` is used before it is assigned (at line ${this.line({ start: later, end: later })})`, at, name);
    return unknown(`\`${name}\` is not defined in this file`, at, name);
  }

  private boolOp(e: Extract<Expr, { t: 'bool' }>, scope: Scope): Value {
    let last: Value = NONE;
    for (const x of e.values) {
      last = this.eval(x, scope);
      const t = last.k === 'tensor' ? undefined : truthy(last);
      if (t === undefined) return last.k === 'unknown' ? last : unknown(`\`${this.src(e, 50)}\` cannot be decided statically`, e);
      if (e.op === 'and' ? !t : t) return last;
    }
    return last;
  }

  private compareChain(e: Extract<Expr, { t: 'cmp' }>, scope: Scope): Value {
    let left = this.eval(e.left, scope);
    for (let k = 0; k < e.ops.length; k++) {
      const right = this.eval(e.rights[k], scope);
      const r = compare(e.ops[k], left, right);
      if (r === undefined) {
        // The root cause, when there is one, says more than the comparison does.
        const u = left.k === 'unknown' ? left : right.k === 'unknown' ? right : undefined;
        return u ?? unknown(`\`${this.src(e, 50)}\` cannot be decided statically`, e);
      }
      if (!r) return { k: 'bool', v: false };
      left = right;
    }
    return { k: 'bool', v: true };
  }

  private display(items: Expr[], tuple: boolean, scope: Scope): Value {
    const out: Value[] = [];
    let taint: string | undefined;
    for (const x of items) {
      if (x.t === 'star') {
        const v = this.eval(x.value, scope);
        const it = iterate(v, MAX_LIST);
        if ('items' in it) out.push(...it.items);
        else taint ??= `\`${this.src(x)}\` cannot be expanded statically: ${it.why}`;
      } else out.push(this.eval(x, scope));
      if (out.length > MAX_LIST) return unknown('a list too long to read', x);
    }
    return taint ? { k: 'list', items: out, tuple, taint } : { k: 'list', items: out, tuple };
  }

  private dictDisplay(e: Extract<Expr, { t: 'dict' }>, scope: Scope): Value {
    const keys: Value[] = [];
    const vals: Value[] = [];
    for (const it of e.items) {
      if ('unpack' in it) {
        const d = this.eval(it.unpack, scope);
        if (d.k === 'dict') {
          keys.push(...d.keys);
          vals.push(...d.vals);
        } else return { k: 'dict', keys, vals, taint: `\`${this.src(it.unpack)}\` cannot be expanded statically` };
      } else {
        keys.push(this.eval(it.key, scope));
        vals.push(this.eval(it.value, scope));
      }
    }
    return { k: 'dict', keys, vals };
  }

  private comprehension(e: Extract<Expr, { t: 'comp' }>, scope: Scope): Value {
    const inner: Scope = { vars: new Map(), parent: scope, where: scope.where, cls: scope.cls, self: scope.self };
    const items: Value[] = [];
    const vals: Value[] = [];
    let why: string | undefined;
    const run = (g: number): void => {
      if (why) return;
      if (g === e.gens.length) {
        items.push(this.eval(e.elt, inner));
        if (e.value) vals.push(this.eval(e.value, inner));
        if (items.length > MAX_LIST) why = 'it builds too many items';
        return;
      }
      const gen = e.gens[g];
      const it = iterate(this.eval(gen.iter, inner), MAX_UNROLL);
      if ('why' in it) {
        why = `\`${this.src(gen.iter, 40)}\` cannot be iterated statically: ${it.why}`;
        return;
      }
      for (const x of it.items) {
        this.assign(gen.target, x, inner);
        let keep = true;
        for (const c of gen.ifs) {
          const t = truthy(this.eval(c, inner));
          if (t === undefined) {
            why = `the condition \`${this.src(c, 40)}\` cannot be decided statically`;
            return;
          }
          if (!t) {
            keep = false;
            break;
          }
        }
        if (keep) run(g + 1);
        if (why) return;
      }
    };
    run(0);
    if (why) return unknown(`the comprehension \`${this.src(e, 50)}\` cannot be read: ${why}`, e);
    if (e.kind === 'dict') return { k: 'dict', keys: items, vals };
    return { k: 'list', items, tuple: false };
  }

  private subscript(e: Extract<Expr, { t: 'sub' }>, scope: Scope): Value {
    const obj = this.eval(e.obj, scope);
    if (obj.k === 'tensor') {
      // Selecting part of a tensor (x[:, 0], out[:, -1, :]) keeps the flow; its arguments are not tensors.
      return obj;
    }
    if (e.index.t === 'slice') {
      const part = (x: Expr | undefined) => (x ? this.eval(x, scope) : undefined);
      return slice(obj, part(e.index.lo), part(e.index.hi), part(e.index.step), e, () => this.src(e));
    }
    return index(obj, this.eval(e.index, scope), e, () => this.src(e));
  }

  // -------------------------------------------------------------------------------------------
  // Calls

  private call(e: Extract<Expr, { t: 'call' }>, scope: Scope): Value {
    if (e.fn.t === 'name' && e.fn.id === 'super' && !scope.vars.has('super')) return this.superOf(scope, e);
    const fn = this.eval(e.fn, scope);
    const c = this.args(e.args, scope, e);
    return this.apply(fn, c, scope);
  }

  args(args: Arg[], scope: Scope, at: Where): Call {
    const keywords = args.some((a) => a.kind !== 'pos' && a.kind !== 'star');
    const src = (w: Where) => this.src(w);
    // The call's text is for messages only: made when one needs it.
    const c: Call = { args: [], argAt: [], kw: keywords ? new Map() : NO_KW, kwAt: keywords ? new Map() : NO_KW_AT, at, get text() { return src(at); } };
    for (const a of args) {
      const v = this.eval(a.value, scope);
      if (a.kind === 'pos') {
        c.args.push(v);
        c.argAt.push(a.value);
      } else if (a.kind === 'kw') {
        c.kw.set(a.name!, v);
        c.kwAt.set(a.name!, a.value);
      } else if (a.kind === 'star') {
        const it = iterate(v, MAX_LIST);
        if ('items' in it) {
          for (const x of it.items) {
            c.args.push(x);
            c.argAt.push(a.value);
          }
          if (v.k === 'list' && v.taint) c.args.push(unknown(`\`${this.src(a)}\`: ${v.taint}`, a));
        } else {
          c.args.push(unknown(`\`${this.src(a)}\` cannot be expanded statically: ${it.why}`, a));
          c.argAt.push(a.value);
        }
      } else if (v.k === 'dict' && !v.taint) {
        v.keys.forEach((k, i) => {
          if (k.k === 'str') {
            c.kw.set(k.v, v.vals[i]);
            c.kwAt.set(k.v, a.value);
          }
        });
      } else c.kw.set('**', unknown(`\`${this.src(a)}\` cannot be expanded statically`, a));
    }
    return c;
  }

  apply(fn: Value, c: Call, scope: Scope): Value {
    switch (fn.k) {
      case 'class':
        return this.instantiate(fn.cls, c);
      case 'func':
        return this.callFunction(fn, c, false);
      case 'lambda':
        return this.callLambda(fn.node, c, fn.closure ?? scope);
      case 'ref':
        return this.torch.callRef(fn.q, c);
      case 'builtin':
        return this.torch.callBuiltin(fn, c, scope);
      case 'module':
        return this.torch.applyModule(fn.m, c);
      case 'unknown':
        return this.torch.unknownCall(fn, c);
      default:
        return this.torch.unknownCall(unknown(`\`${c.text}\` calls ${describe(fn)}, which cannot be called statically`, c.at) as Extract<Value, { k: 'unknown' }>, c);
    }
  }

  private superOf(scope: Scope, at: Where): Value {
    const self = scope.self ?? scope.vars.get('self');
    if (!self || !scope.cls) return unknown('`super()` outside a method of a class in this file', at);
    return { k: 'super', self, cls: scope.cls };
  }

  /** Calls a function of the file: parameters bound (defaults, else unknown), body run, result returned. */
  callFunction(fn: Extract<Value, { k: 'func' }>, c: Call, leftover: boolean): Value {
    const def = fn.def;
    if (this.callDepth >= MAX_CALL_DEPTH) return unknown(`\`${c.text}\` is nested in more than ${MAX_CALL_DEPTH} calls; it is not followed`, c.at);
    const where = fn.owner ? `${fn.owner.name}.${def.name}` : `${def.name}()`;
    const scope: Scope = { vars: new Map(), parent: fn.closure ?? this.globals, where, cls: fn.owner ?? fn.closure?.cls, self: fn.self ?? fn.closure?.self };
    const params = fn.self ? def.params.slice(1) : def.params;
    if (fn.self && def.params[0]) scope.vars.set(def.params[0].name, fn.self);
    this.bind(params, c, scope, where, leftover ? `, and ${where} is read without being called` : '');
    this.ran.add(def);
    this.callDepth++;
    try {
      const r = this.execBlock(def.body, scope);
      const ret = r !== undefined && typeof r === 'object' ? r.ret : NONE;
      // A function that returns an nn.Sequential names it (def mlp(...): return nn.Sequential(...)).
      if (ret.k === 'module' && !ret.m.name && !ret.m.user) ret.m.name = def.name;
      return ret;
    } finally {
      this.callDepth--;
    }
  }

  private callLambda(node: Extract<Expr, { t: 'lambda' }>, c: Call, scope: Scope): Value {
    if (this.callDepth >= MAX_CALL_DEPTH) return unknown(`\`${c.text}\` is nested too deeply`, c.at);
    const inner: Scope = { vars: new Map(), parent: scope, where: 'a lambda', cls: scope.cls, self: scope.self };
    this.bind(node.params, c, inner, 'a lambda', '');
    this.callDepth++;
    try {
      return this.eval(node.body, inner);
    } finally {
      this.callDepth--;
    }
  }

  /** Binds call arguments to parameters; a parameter with neither an argument nor a default is unknown (named). */
  bind(params: Param[], c: Call, scope: Scope, where: string, unbound: string): void {
    let pos = 0;
    const usedKw = new Set<string>();
    for (const p of params) {
      let v: Value | undefined;
      if (p.kind === 'pos' && pos < c.args.length) v = c.args[pos++];
      else if (p.kind === 'star') {
        v = { k: 'list', items: c.args.slice(pos), tuple: true };
        pos = c.args.length;
      } else if (p.kind === 'dstar') {
        const keys: Value[] = [];
        const vals: Value[] = [];
        for (const [k, x] of c.kw) if (!usedKw.has(k) && k !== '**') (keys.push({ k: 'str', v: k }), vals.push(x));
        v = { k: 'dict', keys, vals };
      }
      if (v === undefined && p.kind !== 'star' && p.kind !== 'dstar' && c.kw.has(p.name)) {
        v = c.kw.get(p.name)!;
        usedKw.add(p.name);
      }
      if (v === undefined && c.kw.has('**')) v = c.kw.get('**');
      if (v === undefined && p.default) v = this.eval(p.default, this.globals);
      if (v === undefined) v = unknown(`\`${p.name}\` is a parameter of ${where} without a default${unbound}`, { start: p.start, end: p.end }, p.name);
      scope.vars.set(p.name, v);
    }
  }

  /** Builds an instance of a class of the file; a module class runs its __init__ as a module. */
  instantiate(cls: ClassInfo, c: Call, defaultsOnly = false): Value {
    if (this.callDepth >= MAX_CALL_DEPTH) return unknown(`\`${c.text}\` is nested in more than ${MAX_CALL_DEPTH} calls; it is not followed`, c.at);
    const inst: Instance = { cls, attrs: new Map() };
    if (!cls.isModule) {
      this.initPlain(inst, c);
      return { k: 'object', inst };
    }
    const m = this.newMod(cls.name, c, c.at);
    m.user = inst;
    const self: Value = { k: 'module', m };
    for (const v of [...c.args, ...c.kw.values()]) this.consume(v);
    if (m.topLevel && !defaultsOnly) this.recordInstance(cls, m, c);
    this.collectors.push(m.notes);
    this.instDepth++;
    try {
      const init = this.method(cls, '__init__');
      if (init) {
        const unbound = defaultsOnly ? `, and ${cls.name}(...) is not built in this file` : '';
        this.callInit(init, self, c, unbound);
      } else if (cls.torchBase) {
        this.torch.baseInit(m, cls.torchBase, c);
      }
    } finally {
      this.instDepth--;
      this.collectors.pop();
    }
    return self;
  }

  private callInit(init: { def: DefStmt; owner: ClassInfo }, self: Value, c: Call, unbound: string): void {
    if (this.callDepth >= MAX_CALL_DEPTH) return;
    const def = init.def;
    const where = `${init.owner.name}.__init__`;
    const scope: Scope = { vars: new Map(), parent: this.globals, where, cls: init.owner, self };
    if (def.params[0]) scope.vars.set(def.params[0].name, self);
    this.bind(def.params.slice(1), c, scope, where, unbound);
    this.ran.add(def);
    this.callDepth++;
    try {
      this.execBlock(def.body, scope);
    } finally {
      this.callDepth--;
    }
  }

  /** super().__init__(...): the base class of the file, or a torch container's children. */
  superInit(sup: Extract<Value, { k: 'super' }>, c: Call): Value {
    const base = sup.cls.base;
    if (base) {
      const init = this.method(base, '__init__');
      if (init) this.callInit(init, sup.self, c, '');
      else if (base.torchBase && sup.self.k === 'module') this.torch.baseInit(sup.self.m, base.torchBase, c);
    } else if (sup.cls.torchBase && sup.self.k === 'module') this.torch.baseInit(sup.self.m, sup.cls.torchBase, c);
    return NONE;
  }

  private recordInstance(cls: ClassInfo, m: Mod, c: Call): void {
    const first = this.firstInstance.get(cls);
    if (!first) {
      this.firstInstance.set(cls, m);
      return;
    }
    const same = first.args.length === c.args.length && first.args.every((a, k) => compare('==', a, c.args[k]) === true) && [...c.kw].every(([k, v]) => first.kw.has(k) && compare('==', first.kw.get(k)!, v) === true);
    if (!same) {
      const list = this.otherInstances.get(cls) ?? [];
      list.push(c.at);
      this.otherInstances.set(cls, list);
    }
  }

  /** A plain class (a config holder, a dataclass): its __init__, or its annotated fields. */
  private initPlain(inst: Instance, c: Call): void {
    const init = this.method(inst.cls, '__init__');
    const self: Value = { k: 'object', inst };
    if (init) {
      this.callInit(init, self, c, '');
      return;
    }
    const fields: string[] = [];
    for (const b of inst.cls.node.body) if (b.t === 'ann' && b.target.t === 'name') fields.push(b.target.id);
    fields.forEach((f, k) => {
      const v = k < c.args.length ? c.args[k] : c.kw.get(f);
      if (v !== undefined) inst.attrs.set(f, v);
    });
  }


  /** A width-like integer argument, for range(), len() and friends. */
  int(v: Value): number | undefined {
    const x = asNumber(v);
    return x !== undefined && Number.isInteger(x) ? x : undefined;
  }

  str(v: Value): string | undefined {
    return str(v);
  }

}

/** The instance behind `self` (a module of the file, or a plain object). */
export function instanceOf(v: Value): Instance | undefined {
  if (v.k === 'module') return v.m.user;
  if (v.k === 'object') return v.inst;
  return undefined;
}

/** Top-level statements, looking into module-level if/try/with blocks (imports and classes often sit there). */
function flattenTop(body: Stmt[]): Stmt[] {
  const out: Stmt[] = [];
  const visit = (stmts: Stmt[]) => {
    for (const s of stmts) {
      out.push(s);
      if (s.t === 'if') (visit(s.body), visit(s.orelse));
      else if (s.t === 'try') (visit(s.body), s.handlers.forEach(visit), visit(s.orelse), visit(s.final));
      else if (s.t === 'with') visit(s.body);
    }
  };
  visit(body);
  return out;
}

function childBlocks(s: Stmt): Stmt[][] {
  switch (s.t) {
    case 'if':
      return [s.body, s.orelse];
    case 'for':
    case 'while':
      return [s.body, s.orelse];
    case 'with':
      return [s.body];
    case 'try':
      return [s.body, ...s.handlers, s.orelse, s.final];
    case 'other':
      return s.body ? [s.body] : [];
    default:
      return [];
  }
}

/** Does a class body construct torch.nn layers (nn.Linear(...), nn.Sequential(...))? */
function buildsLayers(body: Stmt[]): boolean {
  let hit = false;
  walkExprs(body, (e) => {
    if (e.t === 'call' && e.fn.t === 'attr' && e.fn.obj.t === 'name' && e.fn.obj.id === 'nn' && /^[A-Z]/.test(e.fn.name)) hit = true;
  });
  return hit;
}
