// The static values the PyTorch reader computes while it reads a file: numbers, strings, lists,
// torch names, the modules a file builds, the tensors of a forward pass, and "unknown" values that
// say why they cannot be read and where. Pure: no Node, no VS Code.
import type { FlowNode, Where } from './flow';
import type { Stmt } from './syntax';

export type ClassStmt = Extract<Stmt, { t: 'class' }>;
export type DefStmt = Extract<Stmt, { t: 'def' }>;

export interface ClassInfo {
  name: string;
  node: ClassStmt;
  /** The first base class defined in this file, if any (methods are looked up there next). */
  base?: ClassInfo;
  /** The torch container a class derives from (Sequential, ModuleList), if any. */
  torchBase?: string;
  isModule: boolean;
  /**
   * A base the file imports and does not hold (torchmeta's MetaModule, rlkit's PyTorchModule):
   * the class is read as an nn.Module all the same where it has a forward or builds nn layers.
   */
  importedBase?: string;
  methods: Map<string, DefStmt>;
  /** Class-level assignments (`hidden = 128` in the class body). */
  attrs: Map<string, Value>;
}

/** An instance of a class defined in the file. */
export interface Instance {
  cls: ClassInfo;
  attrs: Map<string, Value>;
}

/** A module built in the file: a torch.nn module, or an instance of a module class of the file. */
export interface Mod {
  id: number;
  /** torch.nn class name (Linear, ReLU, Sequential, ...) or the file's class name. */
  cls: string;
  user?: Instance;
  /** The construction call. */
  at: Where;
  args: Value[];
  argAt: Where[];
  kw: Map<string, Value>;
  kwAt: Map<string, Where>;
  /** For a class derived from a torch layer (class MyLinear(nn.Linear)): that layer, as super().__init__ built it. */
  base?: Mod;
  /** Children of Sequential / ModuleList / ModuleDict (mutable: append, add_module). */
  items?: Value[];
  /** A reparametrization wrapped around it (weight_norm, spectral_norm): applied, it is not covered. */
  reparam?: string;
  /** Where each item is written, where known (a value's own place can be an import). */
  itemAt?: Where[];
  itemNames?: string[];
  /** Built outside any module's __init__ (a candidate model of its own). */
  topLevel: boolean;
  /** Given to another module (a child, an argument): not a model of its own. */
  consumed?: boolean;
  /** Name the file gives it (the variable or function that holds it). */
  name?: string;
  /** What could not be followed while building it (branches, loops), for its model's diagnostics. */
  notes: Note[];
}

export interface Note {
  message: string;
  at: Where;
  severity: 'warning' | 'info';
}

export type Value =
  | { k: 'num'; v: number; int: boolean }
  | { k: 'str'; v: string }
  | { k: 'bool'; v: boolean }
  | { k: 'none' }
  | { k: 'list'; items: Value[]; tuple: boolean; taint?: string }
  | { k: 'dict'; keys: Value[]; vals: Value[]; taint?: string }
  | { k: 'range'; start: number; stop: number; step: number }
  /** A name inside torch (or collections, math), fully qualified: torch.nn.Linear. */
  | { k: 'ref'; q: string }
  | { k: 'class'; cls: ClassInfo }
  /** A function of the file (with the scope it was defined in, for closures), or a method bound to `self`. */
  | { k: 'func'; def: DefStmt; self?: Value; owner?: ClassInfo; closure?: import('./interp').Scope }
  | { k: 'lambda'; node: Extract<import('./syntax').Expr, { t: 'lambda' }>; closure?: import('./interp').Scope }
  /** A builtin function, or a method bound to a value (list.append, tensor.view). */
  | { k: 'builtin'; name: string; self?: Value }
  | { k: 'module'; m: Mod }
  | { k: 'object'; inst: Instance }
  | { k: 'super'; self: Value; cls: ClassInfo }
  | { k: 'tensor'; node: FlowNode }
  /**
   * What cannot be read statically: why (a clause that names it), where, and the name a size
   * symbol may take for it (the Python name, or the last attribute of `config.hidden`).
   */
  | { k: 'unknown'; why: string; at: Where; sym?: string };

export const NONE: Value = { k: 'none' };

export function num(v: number, int = Number.isInteger(v)): Value {
  return { k: 'num', v, int };
}

export function unknown(why: string, at: Where, sym?: string): Value {
  return sym ? { k: 'unknown', why, at, sym } : { k: 'unknown', why, at };
}

/** Static truth value, or undefined when it cannot be known. */
export function truthy(v: Value): boolean | undefined {
  switch (v.k) {
    case 'num':
      return v.v !== 0;
    case 'str':
      return v.v.length > 0;
    case 'bool':
      return v.v;
    case 'none':
      return false;
    case 'list':
      return v.taint ? undefined : v.items.length > 0;
    case 'dict':
      return v.taint ? undefined : v.keys.length > 0;
    case 'range':
      return rangeLength(v) > 0;
    case 'ref':
    case 'class':
    case 'func':
    case 'lambda':
    case 'builtin':
    case 'module':
    case 'object':
      return true;
    default:
      return undefined;
  }
}

export function rangeLength(r: { start: number; stop: number; step: number }): number {
  if (r.step === 0) return 0;
  const n = Math.ceil((r.stop - r.start) / r.step);
  return Math.max(0, n);
}

/** A short text for a value in messages. */
export function describe(v: Value): string {
  switch (v.k) {
    case 'num':
      return String(v.v);
    case 'str':
      return JSON.stringify(v.v.length > 30 ? v.v.slice(0, 30) + '…' : v.v);
    case 'bool':
      return v.v ? 'True' : 'False';
    case 'none':
      return 'None';
    case 'list':
      return v.tuple ? `a tuple of ${v.items.length}` : `a list of ${v.items.length}`;
    case 'dict':
      return `a dict of ${v.keys.length}`;
    case 'range':
      return `range(${v.start}, ${v.stop}, ${v.step})`;
    case 'ref':
      return v.q.replace(/^torch\.nn\.functional\./, 'F.').replace(/^torch\.nn\./, 'nn.');
    case 'class':
      return `class ${v.cls.name}`;
    case 'func':
      return `function ${v.def.name}`;
    case 'module':
      return v.m.user ? v.m.cls : `nn.${v.m.cls}`;
    case 'tensor':
      return 'a tensor';
    default:
      return v.k;
  }
}
