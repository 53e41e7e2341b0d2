// A parser for the Python that model files are written in, from the tokens of tokens.ts to a small
// syntax tree with the offsets of every node. Statements and expressions follow Python's grammar
// (decorators, comprehensions, lambdas, slices, starred and keyword arguments, walrus, `async`);
// what it does not need (match, type aliases, del, raise, ...) is kept as `other`. A statement that
// does not parse is reported once and skipped to the end of its line, so the rest of the file is
// still read. Nesting deeper than MAX_DEPTH is skipped as a whole (the bracket partners are known),
// so deep input cannot exhaust the stack. Linear time, never throws. Pure: no Node, no VS Code.
import type { PyToken, PyTokens } from './tokens';

export interface Span {
  start: number;
  end: number;
}

export type Expr =
  | ({ t: 'name'; id: string } & Span)
  | ({ t: 'num'; value: number; int: boolean } & Span)
  | ({ t: 'str'; value?: string } & Span)
  | ({ t: 'const'; value: 'True' | 'False' | 'None' | '...' } & Span)
  | ({ t: 'attr'; obj: Expr; name: string; nameStart: number } & Span)
  | ({ t: 'call'; fn: Expr; args: Arg[] } & Span)
  | ({ t: 'sub'; obj: Expr; index: Expr } & Span)
  | ({ t: 'slice'; lo?: Expr; hi?: Expr; step?: Expr } & Span)
  | ({ t: 'bin'; op: string; left: Expr; right: Expr } & Span)
  | ({ t: 'unary'; op: string; operand: Expr } & Span)
  | ({ t: 'bool'; op: 'and' | 'or'; values: Expr[] } & Span)
  | ({ t: 'cmp'; left: Expr; ops: string[]; rights: Expr[] } & Span)
  | ({ t: 'ifexp'; test: Expr; body: Expr; orelse: Expr } & Span)
  | ({ t: 'tuple' | 'list' | 'set'; items: Expr[] } & Span)
  | ({ t: 'dict'; items: DictItem[] } & Span)
  | ({ t: 'comp'; kind: 'list' | 'set' | 'gen' | 'dict'; elt: Expr; value?: Expr; gens: Gen[] } & Span)
  | ({ t: 'lambda'; params: Param[]; body: Expr } & Span)
  | ({ t: 'star'; value: Expr } & Span)
  | ({ t: 'walrus'; target: string; value: Expr } & Span)
  | ({ t: 'unknown'; why: string } & Span);

export type DictItem = { key: Expr; value: Expr } | { unpack: Expr };

export interface Arg extends Span {
  kind: 'pos' | 'star' | 'kw' | 'dstar';
  name?: string;
  value: Expr;
}

export interface Gen {
  target: Expr;
  iter: Expr;
  ifs: Expr[];
}

export interface Param extends Span {
  name: string;
  kind: 'pos' | 'star' | 'dstar' | 'kwonly';
  default?: Expr;
}

export type Stmt =
  | ({ t: 'expr'; value: Expr } & Span)
  | ({ t: 'assign'; targets: Expr[]; value: Expr } & Span)
  | ({ t: 'aug'; target: Expr; op: string; value: Expr } & Span)
  | ({ t: 'ann'; target: Expr; value?: Expr } & Span)
  | ({ t: 'return'; value?: Expr } & Span)
  | ({ t: 'pass' | 'break' | 'continue' } & Span)
  | ({ t: 'if'; test: Expr; body: Stmt[]; orelse: Stmt[] } & Span)
  | ({ t: 'for'; target: Expr; iter: Expr; body: Stmt[]; orelse: Stmt[] } & Span)
  | ({ t: 'while'; test: Expr; body: Stmt[]; orelse: Stmt[] } & Span)
  | ({ t: 'with'; items: { value: Expr; target?: Expr }[]; body: Stmt[] } & Span)
  | ({ t: 'try'; body: Stmt[]; handlers: Stmt[][]; orelse: Stmt[]; final: Stmt[] } & Span)
  | ({ t: 'def'; name: string; nameStart: number; params: Param[]; body: Stmt[]; decorators: Expr[]; header: Span } & Span)
  | ({ t: 'class'; name: string; nameStart: number; bases: Arg[]; body: Stmt[]; decorators: Expr[]; header: Span } & Span)
  | ({ t: 'import'; names: { name: string; as?: string }[] } & Span)
  | ({ t: 'from'; module: string; names: { name: string; as?: string }[] } & Span)
  | ({ t: 'other'; what: string; body?: Stmt[] } & Span);

export interface SyntaxError_ {
  message: string;
  start: number;
  end: number;
}

export interface Module {
  body: Stmt[];
  /** The first syntax problem (tokens or grammar), if any; the count of the others. */
  errors: SyntaxError_[];
}

/** Nesting (brackets, blocks, recursive expressions) deeper than this is skipped as a whole. */
export const MAX_DEPTH = 100;
/** Operators of one precedence in a row that are read (a longer chain is a value not known). */
export const MAX_CHAIN = 256;

const KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except',
  'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try',
  'while', 'with', 'yield',
]);
const BINARY_LEVELS: readonly (readonly string[])[] = [['|'], ['^'], ['&'], ['<<', '>>'], ['+', '-'], ['*', '/', '//', '%', '@']];
const COMPARE = new Set(['<', '>', '==', '>=', '<=', '!=']);
const AUG = new Set(['+=', '-=', '*=', '/=', '//=', '%=', '**=', '@=', '&=', '|=', '^=', '>>=', '<<=']);

/**
 * One expression from a slice of a file (an f-string's replacement field), with the file's offsets;
 * undefined when it does not parse as a whole.
 */
export function parseExpressionAt(text: string, start: number, end: number, tokenize: (s: string) => PyTokens): Expr | undefined {
  const toks = tokenize(text.slice(start, end));
  for (const t of toks.tokens) {
    t.start += start;
    t.end += start;
  }
  const p = new Parser(toks);
  return p.expressionOnly();
}

class Fail {
  constructor(
    readonly message: string,
    readonly at: PyToken,
  ) {}
}

export function parsePython(toks: PyTokens): Module {
  const p = new Parser(toks);
  const body = p.file();
  const errors = [...toks.errors.map((e) => ({ ...e })), ...p.errors].sort((a, b) => a.start - b.start);
  return { body, errors };
}

class Parser {
  private i = 0;
  private depth = 0;
  readonly errors: SyntaxError_[] = [];
  private readonly t: PyToken[];
  private readonly match: Int32Array;

  constructor(toks: PyTokens) {
    this.t = toks.tokens;
    this.match = toks.match;
  }

  // -------------------------------------------------------------------------------------------
  // Token helpers

  private get tok(): PyToken {
    return this.t[this.i];
  }
  /** The current token's kind, read afresh (the compiler would otherwise narrow it across `this.i++`). */
  private kind(): PyToken['kind'] {
    return this.t[this.i].kind;
  }
  private peek(k = 1): PyToken {
    return this.t[Math.min(this.i + k, this.t.length - 1)];
  }
  private get prevEnd(): number {
    return this.i > 0 ? this.t[this.i - 1].end : 0;
  }
  private is(text: string): boolean {
    const t = this.tok;
    return (t.kind === 'op' || t.kind === 'name') && t.text === text;
  }
  private isOp(text: string): boolean {
    return this.kind() === 'op' && this.tok.text === text;
  }
  private eat(text: string): boolean {
    if (!this.is(text)) return false;
    this.i++;
    return true;
  }
  private expect(text: string): PyToken {
    if (!this.is(text)) throw new Fail(`expected '${text}'${this.found()}`, this.tok);
    return this.t[this.i++];
  }
  private found(): string {
    const t = this.tok;
    if (t.kind === 'newline') return ' before the end of the line';
    if (t.kind === 'end') return ' before the end of the file';
    if (t.kind === 'indent' || t.kind === 'dedent') return ', found a change of indentation';
    return `, found '${t.text.length > 20 ? t.text.slice(0, 20) + '…' : t.text}'`;
  }
  private name(): PyToken {
    const t = this.tok;
    if (t.kind !== 'name' || KEYWORDS.has(t.text)) throw new Fail(`expected a name${this.found()}`, t);
    this.i++;
    return t;
  }
  /** Brackets are skipped past MAX_DEPTH (atom); anything else recursing past twice that fails. */
  private enter(limit = 2 * MAX_DEPTH): void {
    if (++this.depth > limit) throw new Fail(`nested more than ${limit} levels deep; this part is not read`, this.tok);
  }

  expressionOnly(): Expr | undefined {
    try {
      const e = this.exprList(true);
      while (this.kind() === 'newline' || this.kind() === 'dedent') this.i++;
      return this.kind() === 'end' ? e : undefined;
    } catch (e) {
      if (e instanceof Fail) return undefined;
      throw e;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Statements

  file(): Stmt[] {
    const body: Stmt[] = [];
    while (this.kind() !== 'end') {
      const k = this.kind();
      if (k === 'newline' || k === 'dedent') {
        this.i++;
        continue;
      }
      if (k === 'indent') {
        // An indented block where none is expected: read its statements anyway.
        this.fail(new Fail('unexpected indent', this.tok));
        this.i++;
        continue;
      }
      body.push(...this.statement());
    }
    return body;
  }

  private fail(f: Fail): void {
    this.errors.push({ message: f.message, start: f.at.start, end: Math.max(f.at.end, f.at.start) });
  }

  /** One statement (a simple-statement line may hold several). Never throws. */
  private statement(): Stmt[] {
    const from = this.i;
    const depth = this.depth;
    try {
      return this.compoundOrSimple();
    } catch (e) {
      if (!(e instanceof Fail)) throw e;
      this.depth = depth;
      this.fail(e);
      return this.recover(from);
    }
  }

  /** After a failed statement: skip to the end of its line; an indented block after it is read as the body of an unknown statement. */
  private recover(from: number): Stmt[] {
    const t = this.t;
    let k = Math.max(this.i, from);
    while (k < t.length - 1 && t[k].kind !== 'newline' && t[k].kind !== 'end' && !(t[k].kind === 'dedent' && k > from) && !(t[k].kind === 'indent' && k > from)) k++;
    const start = t[from].start;
    const end = t[Math.max(from, k - 1)].end;
    if (t[k].kind === 'newline') k++;
    this.i = Math.max(k, from + 1);
    if (this.i >= t.length) this.i = t.length - 1;
    const out: Stmt = { t: 'other', what: 'a statement that does not parse', start, end };
    if (this.kind() === 'indent') out.body = this.block();
    return [out];
  }

  private compoundOrSimple(): Stmt[] {
    const t = this.tok;
    if (t.kind === 'op' && t.text === '@') return [this.decorated()];
    if (t.kind === 'name') {
      switch (t.text) {
        case 'if':
          return [this.ifStmt()];
        case 'for':
          return [this.forStmt(t.start)];
        case 'while':
          return [this.whileStmt()];
        case 'with':
          return [this.withStmt(t.start)];
        case 'try':
          return [this.tryStmt()];
        case 'def':
          return [this.defStmt([], t.start)];
        case 'class':
          return [this.classStmt([], t.start)];
        case 'async': {
          const n = this.peek();
          if (n.text === 'def' || n.text === 'for' || n.text === 'with') {
            this.i++;
            if (n.text === 'def') return [this.defStmt([], t.start)];
            if (n.text === 'for') return [this.forStmt(t.start)];
            return [this.withStmt(t.start)];
          }
          break;
        }
        case 'match':
        case 'case':
        case 'type':
          if (this.softKeywordStatement()) return [this.skipSoft(t.text)];
          break;
      }
    }
    return this.simpleLine();
  }

  /** `match x:` / `case p:` / `type X = ...` (soft keywords): recognised by the shape of the line. */
  private softKeywordStatement(): boolean {
    const t = this.t;
    const first = this.tok;
    const next = this.peek();
    if (next.kind === 'newline' || (next.kind === 'op' && (next.text === '=' || next.text === '.' || next.text === '(' || next.text === ',' || AUG.has(next.text)))) {
      return false;
    }
    if (first.text === 'type') return next.kind === 'name';
    let k = this.i;
    while (k < t.length && t[k].kind !== 'newline' && t[k].kind !== 'end') k = this.match[k] > k && t[k].kind === 'op' ? this.match[k] + 1 : k + 1;
    return t[k - 1]?.kind === 'op' && t[k - 1].text === ':' && t[k + 1]?.kind === 'indent';
  }

  private skipSoft(what: string): Stmt {
    const start = this.tok.start;
    while (this.kind() !== 'newline' && this.kind() !== 'end') this.i = this.match[this.i] > this.i && this.kind() === 'op' ? this.match[this.i] + 1 : this.i + 1;
    const end = this.prevEnd;
    if (this.kind() === 'newline') this.i++;
    const out: Stmt = { t: 'other', what: `a ${what} statement`, start, end };
    if (this.kind() === 'indent') out.body = this.block();
    return out;
  }

  private decorated(): Stmt {
    const start = this.tok.start;
    const decorators: Expr[] = [];
    while (this.eat('@')) {
      decorators.push(this.namedTest());
      this.newline();
    }
    if (this.is('async')) this.i++;
    if (this.is('def')) return this.defStmt(decorators, start);
    if (this.is('class')) return this.classStmt(decorators, start);
    throw new Fail(`expected 'def' or 'class' after a decorator${this.found()}`, this.tok);
  }

  private newline(): void {
    if (this.kind() === 'newline') this.i++;
    else if (this.kind() !== 'end' && this.kind() !== 'dedent') throw new Fail(`expected the end of the statement${this.found()}`, this.tok);
  }

  /** The body after a ':': an indented block, or simple statements on the same line. */
  private block(): Stmt[] {
    if (this.kind() === 'newline') {
      this.i++;
      if (this.kind() !== 'indent') throw new Fail('expected an indented block', this.tok);
    }
    if (this.kind() === 'indent') {
      const open = this.i;
      const close = this.match[open];
      if (this.depth + 1 > MAX_DEPTH) {
        // Too deep: skip the whole block.
        this.i = close > open ? close + 1 : this.t.length - 1;
        return [{ t: 'other', what: 'a block nested too deeply', start: this.t[open].start, end: this.prevEnd }];
      }
      this.i++;
      this.depth++;
      const body: Stmt[] = [];
      while (this.kind() !== 'dedent' && this.kind() !== 'end') {
        if (this.kind() === 'newline') {
          this.i++;
          continue;
        }
        if (this.kind() === 'indent') {
          this.fail(new Fail('unexpected indent', this.tok));
          body.push({ t: 'other', what: 'an unexpected indented block', start: this.tok.start, end: this.tok.start, body: this.block() });
          continue;
        }
        body.push(...this.statement());
      }
      this.depth--;
      if (this.kind() === 'dedent') this.i++;
      return body;
    }
    return this.simpleLine();
  }

  private ifStmt(): Stmt {
    const start = this.tok.start;
    this.i++; // if / elif
    const test = this.namedTest();
    this.expect(':');
    const body = this.block();
    let orelse: Stmt[] = [];
    if (this.is('elif')) orelse = [this.ifStmt()];
    else if (this.is('else')) {
      this.i++;
      this.expect(':');
      orelse = this.block();
    }
    return { t: 'if', test, body, orelse, start, end: this.prevEnd };
  }

  private forStmt(start: number): Stmt {
    this.expect('for');
    const target = this.targetList();
    this.expect('in');
    const iter = this.exprList(true);
    this.expect(':');
    const body = this.block();
    let orelse: Stmt[] = [];
    if (this.eat('else')) {
      this.expect(':');
      orelse = this.block();
    }
    return { t: 'for', target, iter, body, orelse, start, end: this.prevEnd };
  }

  private whileStmt(): Stmt {
    const start = this.tok.start;
    this.i++;
    const test = this.namedTest();
    this.expect(':');
    const body = this.block();
    let orelse: Stmt[] = [];
    if (this.eat('else')) {
      this.expect(':');
      orelse = this.block();
    }
    return { t: 'while', test, body, orelse, start, end: this.prevEnd };
  }

  private withStmt(start: number): Stmt {
    this.expect('with');
    const items: { value: Expr; target?: Expr }[] = [];
    // `with (a as b, c as d):` (3.10) or `with a as b, c:`
    const parenthesised = this.isOp('(') && this.t[this.match[this.i] + 1]?.text === ':' && this.t.slice(this.i, Math.max(this.i, this.match[this.i])).some((x) => x.text === 'as');
    if (parenthesised) this.i++;
    do {
      if (parenthesised && this.isOp(')')) break;
      const value = this.test();
      let target: Expr | undefined;
      if (this.eat('as')) target = this.target();
      items.push({ value, target });
    } while (this.eat(','));
    if (parenthesised) this.expect(')');
    this.expect(':');
    const body = this.block();
    return { t: 'with', items, body, start, end: this.prevEnd };
  }

  private tryStmt(): Stmt {
    const start = this.tok.start;
    this.i++;
    this.expect(':');
    const body = this.block();
    const handlers: Stmt[][] = [];
    let orelse: Stmt[] = [];
    let final: Stmt[] = [];
    while (this.is('except')) {
      this.i++;
      this.eat('*');
      if (!this.isOp(':')) {
        this.test();
        if (this.eat('as')) this.name();
        else if (this.eat(',')) this.test();
      }
      this.expect(':');
      handlers.push(this.block());
    }
    if (this.eat('else')) {
      this.expect(':');
      orelse = this.block();
    }
    if (this.eat('finally')) {
      this.expect(':');
      final = this.block();
    }
    return { t: 'try', body, handlers, orelse, final, start, end: this.prevEnd };
  }

  private defStmt(decorators: Expr[], start: number): Stmt {
    this.expect('def');
    const nameTok = this.name();
    if (this.isOp('[')) this.skipGroup(); // type parameters (3.12)
    this.expect('(');
    const params = this.params(')', true);
    this.expect(')');
    if (this.eat('->')) this.test();
    this.expect(':');
    const header = { start, end: this.prevEnd };
    const body = this.block();
    return { t: 'def', name: nameTok.text, nameStart: nameTok.start, params, body, decorators, header, start, end: this.prevEnd };
  }

  private classStmt(decorators: Expr[], start: number): Stmt {
    this.expect('class');
    const nameTok = this.name();
    if (this.isOp('[')) this.skipGroup();
    let bases: Arg[] = [];
    if (this.eat('(')) {
      bases = this.args(')');
      this.expect(')');
    }
    this.expect(':');
    const header = { start, end: this.prevEnd };
    const body = this.block();
    return { t: 'class', name: nameTok.text, nameStart: nameTok.start, bases, body, decorators, header, start, end: this.prevEnd };
  }

  private skipGroup(): void {
    const close = this.match[this.i];
    this.i = close > this.i ? close + 1 : this.i + 1;
  }

  /** Parameters up to `close` (')' for def, ':' for lambda); annotations only in def. */
  private params(close: string, annotations: boolean): Param[] {
    const out: Param[] = [];
    let kwonly = false;
    while (!this.isOp(close)) {
      const start = this.tok.start;
      if (this.eat('/')) {
        if (!this.eat(',')) break;
        continue;
      }
      let kind: Param['kind'] = kwonly ? 'kwonly' : 'pos';
      if (this.eat('**')) kind = 'dstar';
      else if (this.eat('*')) {
        kwonly = true;
        if (this.isOp(',') || this.isOp(close)) {
          if (!this.eat(',')) break;
          continue;
        }
        kind = 'star';
      }
      const nameTok = this.name();
      if (annotations && this.eat(':')) this.test();
      const p: Param = { name: nameTok.text, kind, start, end: nameTok.end };
      if (this.eat('=')) p.default = this.test();
      p.end = this.prevEnd;
      out.push(p);
      if (!this.eat(',')) break;
    }
    return out;
  }

  /** A line of simple statements separated by ';'. */
  private simpleLine(): Stmt[] {
    const out: Stmt[] = [this.simple()];
    while (this.eat(';')) {
      if (this.kind() === 'newline' || this.kind() === 'end') break;
      out.push(this.simple());
    }
    this.newline();
    return out;
  }

  private simple(): Stmt {
    const t = this.tok;
    const start = t.start;
    if (t.kind === 'name') {
      switch (t.text) {
        case 'pass':
        case 'break':
        case 'continue':
          this.i++;
          return { t: t.text, start, end: t.end };
        case 'return': {
          this.i++;
          const value = this.atStatementEnd() ? undefined : this.exprList(true);
          return { t: 'return', value, start, end: this.prevEnd };
        }
        case 'import':
          return this.importStmt();
        case 'from':
          return this.fromStmt();
        case 'global':
        case 'nonlocal':
        case 'del':
        case 'assert':
        case 'raise':
        case 'print':
        case 'exec':
          if (t.text !== 'print' && t.text !== 'exec') return this.skipSimple(t.text);
          if (this.peek().kind === 'string' || this.peek().kind === 'name') return this.skipSimple(t.text); // Python 2 print statement
          break;
      }
    }
    if (t.kind === 'name' && t.text === 'yield') return { t: 'expr', value: this.yieldExpr(), start, end: this.prevEnd };
    const first = this.exprList(true);
    if (this.isOp('=')) {
      const targets: Expr[] = [first];
      let value: Expr = first;
      while (this.eat('=')) {
        value = this.is('yield') ? this.yieldExpr() : this.exprList(true);
        targets.push(value);
      }
      targets.pop();
      return { t: 'assign', targets, value, start, end: this.prevEnd };
    }
    if (this.kind() === 'op' && AUG.has(this.tok.text)) {
      const op = this.tok.text.slice(0, -1);
      this.i++;
      const value = this.is('yield') ? this.yieldExpr() : this.exprList(true);
      return { t: 'aug', target: first, op, value, start, end: this.prevEnd };
    }
    if (this.eat(':')) {
      this.test();
      let value: Expr | undefined;
      if (this.eat('=')) value = this.is('yield') ? this.yieldExpr() : this.exprList(true);
      return { t: 'ann', target: first, value, start, end: this.prevEnd };
    }
    return { t: 'expr', value: first, start, end: this.prevEnd };
  }

  private atStatementEnd(): boolean {
    const t = this.tok;
    return t.kind === 'newline' || t.kind === 'end' || t.kind === 'dedent' || (t.kind === 'op' && t.text === ';');
  }

  private skipSimple(what: string): Stmt {
    const start = this.tok.start;
    while (!this.atStatementEnd()) this.i = this.match[this.i] > this.i && this.kind() === 'op' ? this.match[this.i] + 1 : this.i + 1;
    return { t: 'other', what, start, end: this.prevEnd };
  }

  private dotted(): string {
    let s = this.name().text;
    while (this.eat('.')) s += '.' + this.name().text;
    return s;
  }

  private importStmt(): Stmt {
    const start = this.tok.start;
    this.i++;
    const names: { name: string; as?: string }[] = [];
    do {
      const name = this.dotted();
      names.push(this.eat('as') ? { name, as: this.name().text } : { name });
    } while (this.eat(','));
    return { t: 'import', names, start, end: this.prevEnd };
  }

  private fromStmt(): Stmt {
    const start = this.tok.start;
    this.i++;
    let module = '';
    while (this.isOp('.') || this.isOp('...')) module += this.t[this.i++].text;
    if (!this.is('import')) module += this.dotted();
    this.expect('import');
    const names: { name: string; as?: string }[] = [];
    if (this.eat('*')) names.push({ name: '*' });
    else {
      const paren = this.eat('(');
      do {
        if (paren && this.isOp(')')) break;
        const name = this.name().text;
        names.push(this.eat('as') ? { name, as: this.name().text } : { name });
      } while (this.eat(','));
      if (paren) this.expect(')');
    }
    return { t: 'from', module, names, start, end: this.prevEnd };
  }

  private yieldExpr(): Expr {
    const start = this.tok.start;
    this.i++;
    this.eat('from');
    if (!this.atStatementEnd() && !this.isOp(')') && !this.isOp('=')) this.exprList(true);
    return { t: 'unknown', why: 'a yield expression', start, end: this.prevEnd };
  }

  // -------------------------------------------------------------------------------------------
  // Expressions

  /** `a, b, *c` (a tuple when there is a comma); `star` allows starred items. */
  private exprList(star: boolean): Expr {
    const start = this.tok.start;
    const first = star && this.isOp('*') ? this.starred() : this.namedTest();
    if (!this.isOp(',')) return first;
    const items = [first];
    while (this.eat(',')) {
      if (this.exprEnds()) break;
      items.push(star && this.isOp('*') ? this.starred() : this.namedTest());
    }
    return { t: 'tuple', items, start, end: this.prevEnd };
  }

  private exprEnds(): boolean {
    const t = this.tok;
    if (t.kind !== 'op') return t.kind !== 'name' && t.kind !== 'number' && t.kind !== 'string';
    return ['=', ')', ']', '}', ':', ';'].includes(t.text) || AUG.has(t.text);
  }

  /** Targets of `for` and comprehensions: stops before `in`. */
  private targetList(): Expr {
    const start = this.tok.start;
    const first = this.target();
    if (!this.isOp(',')) return first;
    const items = [first];
    while (this.eat(',')) {
      if (this.is('in') || this.isOp('=')) break;
      items.push(this.target());
    }
    return { t: 'tuple', items, start, end: this.prevEnd };
  }

  private target(): Expr {
    if (this.isOp('*')) {
      const start = this.tok.start;
      this.i++;
      return { t: 'star', value: this.bitOr(), start, end: this.prevEnd };
    }
    return this.bitOr();
  }

  private starred(): Expr {
    const start = this.tok.start;
    this.expect('*');
    return { t: 'star', value: this.bitOr(), start, end: this.prevEnd };
  }

  private namedTest(): Expr {
    if (this.kind() === 'name' && this.peek().text === ':=' && this.peek().kind === 'op') {
      const nameTok = this.name();
      this.i++;
      const value = this.test();
      return { t: 'walrus', target: nameTok.text, value, start: nameTok.start, end: this.prevEnd };
    }
    return this.test();
  }

  test(): Expr {
    this.enter();
    try {
      if (this.is('lambda')) return this.lambda();
      const start = this.tok.start;
      const body = this.orTest();
      if (!this.is('if')) return body;
      // A conditional expression; `x if c else y` (not a comprehension's `if`, which follows `for`).
      this.i++;
      const test = this.orTest();
      this.expect('else');
      const orelse = this.test();
      return { t: 'ifexp', test, body, orelse, start, end: this.prevEnd };
    } finally {
      this.depth--;
    }
  }

  /** A test that stops before a conditional's `if` (comprehension conditions, lambda-free contexts). */
  private testNoCond(): Expr {
    if (this.is('lambda')) return this.lambda();
    return this.orTest();
  }

  private lambda(): Expr {
    const start = this.tok.start;
    this.expect('lambda');
    const params = this.params(':', false);
    this.expect(':');
    const body = this.test();
    return { t: 'lambda', params, body, start, end: this.prevEnd };
  }

  private orTest(): Expr {
    return this.boolChain('or', () => this.andTest());
  }
  private andTest(): Expr {
    return this.boolChain('and', () => this.notTest());
  }
  /** `a or b or c` (or `and`): one node for the chain, or the operand alone. */
  private boolChain(op: 'or' | 'and', operand: () => Expr): Expr {
    const start = this.tok.start;
    const first = operand();
    if (!this.is(op)) return first;
    const values = [first];
    while (this.eat(op)) values.push(operand());
    return { t: 'bool', op, values, start, end: this.prevEnd };
  }

  private notTest(): Expr {
    const starts: number[] = [];
    while (this.is('not')) starts.push(this.t[this.i++].start);
    let e = this.comparison();
    if (starts.length > MAX_CHAIN) return this.tooLong(starts[0]);
    for (let k = starts.length - 1; k >= 0; k--) e = { t: 'unary', op: 'not', operand: e, start: starts[k], end: e.end };
    return e;
  }

  private comparison(): Expr {
    const start = this.tok.start;
    const left = this.bitOr();
    const ops: string[] = [];
    const rights: Expr[] = [];
    for (;;) {
      const t = this.tok;
      let op: string | undefined;
      if (t.kind === 'op' && COMPARE.has(t.text)) op = t.text;
      else if (t.kind === 'name' && t.text === 'in') op = 'in';
      else if (t.kind === 'name' && t.text === 'not' && this.peek().text === 'in') op = 'not in';
      else if (t.kind === 'name' && t.text === 'is') op = this.peek().text === 'not' ? 'is not' : 'is';
      if (!op) break;
      this.i += op.includes(' ') ? 2 : 1;
      ops.push(op);
      rights.push(this.bitOr());
    }
    return ops.length ? { t: 'cmp', left, ops, rights, start, end: this.prevEnd } : left;
  }

  /** Binary operators by precedence level (| ^ & shifts + *), left-associative. */
  private binary(level: number): Expr {
    if (level === BINARY_LEVELS.length) return this.factor();
    const start = this.tok.start;
    let left = this.binary(level + 1);
    let n = 0;
    while (this.kind() === 'op' && BINARY_LEVELS[level].includes(this.tok.text)) {
      const op = this.t[this.i++].text;
      const right = this.binary(level + 1);
      // A chain is a tree as deep as it is long, and every reading of it recurses down that depth
      // (`X = 1 + 1 + ... + 1`, 6,000 terms, overflowed the stack): past MAX_CHAIN it is read to its
      // end and kept as a value not known.
      if (++n > MAX_CHAIN) left = this.tooLong(start);
      else left = { t: 'bin', op, left, right, start, end: this.prevEnd };
    }
    return left;
  }
  /**
   * A value not known, for an expression longer than MAX_CHAIN operators or trailers in a row: such
   * a chain is a tree as deep as it is long, and each reading of it recurses down that depth (6,000
   * terms of `1 + 1 + ...` overflowed the stack and lost the whole file).
   */
  private tooLong(start: number): Expr {
    return { t: 'unknown', why: `an expression of more than ${MAX_CHAIN} operators in a row`, start, end: this.prevEnd };
  }
  private bitOr(): Expr {
    return this.binary(0);
  }

  /** Unary operators (a loop, not recursion), then a power. */
  private factor(): Expr {
    const ops: PyToken[] = [];
    while (this.kind() === 'op' && (this.tok.text === '-' || this.tok.text === '+' || this.tok.text === '~')) ops.push(this.t[this.i++]);
    let e = this.power();
    if (ops.length > MAX_CHAIN) return this.tooLong(ops[0].start);
    for (let k = ops.length - 1; k >= 0; k--) e = { t: 'unary', op: ops[k].text, operand: e, start: ops[k].start, end: e.end };
    return e;
  }

  /** `a ** -b ** c`: right-associative, folded with a loop. */
  private power(): Expr {
    const operands: Expr[] = [this.awaitPrimary()];
    const unaries: PyToken[][] = [[]];
    while (this.isOp('**')) {
      this.i++;
      const ops: PyToken[] = [];
      while (this.kind() === 'op' && (this.tok.text === '-' || this.tok.text === '+' || this.tok.text === '~')) ops.push(this.t[this.i++]);
      unaries.push(ops);
      operands.push(this.awaitPrimary());
    }
    if (operands.length > MAX_CHAIN || unaries.some((u) => u.length > MAX_CHAIN)) return this.tooLong(operands[0].start);
    let e = operands[operands.length - 1];
    for (let k = operands.length - 1; k >= 0; k--) {
      if (k < operands.length - 1) e = { t: 'bin', op: '**', left: operands[k], right: e, start: operands[k].start, end: e.end };
      for (let u = unaries[k].length - 1; u >= 0; u--) e = { t: 'unary', op: unaries[k][u].text, operand: e, start: unaries[k][u].start, end: e.end };
    }
    return e;
  }

  private awaitPrimary(): Expr {
    if (this.is('await')) {
      const start = this.tok.start;
      this.i++;
      const e = this.primary();
      return { t: 'unknown', why: 'an await expression', start, end: e.end };
    }
    return this.primary();
  }

  private primary(): Expr {
    let e = this.atom();
    // Each trailer wraps the expression in one more node (`a.b.c`, `f()()`, `x[0][0]`): past
    // MAX_CHAIN the rest is read and the whole kept as a value not known, as a long operator chain is.
    for (let n = 0; ; n++) {
      if (n > MAX_CHAIN) e = this.tooLong(e.start);
      if (this.isOp('.')) {
        this.i++;
        const n = this.tok;
        if (n.kind !== 'name') throw new Fail(`expected a name after '.'${this.found()}`, n);
        this.i++;
        e = { t: 'attr', obj: e, name: n.text, nameStart: n.start, start: e.start, end: n.end };
      } else if (this.isOp('(')) {
        this.enter();
        this.i++;
        const args = this.args(')');
        this.expect(')');
        this.depth--;
        e = { t: 'call', fn: e, args, start: e.start, end: this.prevEnd };
      } else if (this.isOp('[')) {
        this.enter();
        this.i++;
        const index = this.subscript();
        this.expect(']');
        this.depth--;
        e = { t: 'sub', obj: e, index, start: e.start, end: this.prevEnd };
      } else return e;
    }
  }

  private args(close: string): Arg[] {
    const out: Arg[] = [];
    while (!this.isOp(close)) {
      const start = this.tok.start;
      if (this.eat('**')) out.push({ kind: 'dstar', value: this.test(), start, end: this.prevEnd });
      else if (this.eat('*')) out.push({ kind: 'star', value: this.test(), start, end: this.prevEnd });
      else if (this.kind() === 'name' && this.peek().kind === 'op' && this.peek().text === '=') {
        const name = this.name().text;
        this.i++;
        out.push({ kind: 'kw', name, value: this.test(), start, end: this.prevEnd });
      } else {
        let value = this.namedTest();
        if (this.is('for') || (this.is('async') && this.peek().text === 'for')) value = this.comprehension('gen', value, undefined, start);
        out.push({ kind: 'pos', value, start, end: this.prevEnd });
      }
      if (!this.eat(',')) break;
    }
    return out;
  }

  private subscript(): Expr {
    const start = this.tok.start;
    const first = this.sliceItem();
    if (!this.isOp(',')) return first;
    const items = [first];
    while (this.eat(',')) {
      if (this.isOp(']')) break;
      items.push(this.sliceItem());
    }
    return { t: 'tuple', items, start, end: this.prevEnd };
  }

  private sliceItem(): Expr {
    const start = this.tok.start;
    if (this.isOp('*')) return this.starred();
    let lo: Expr | undefined;
    if (!this.isOp(':')) {
      lo = this.namedTest();
      if (!this.isOp(':')) return lo;
    }
    this.expect(':');
    const part = () => (this.isOp(':') || this.isOp(']') || this.isOp(',') ? undefined : this.test());
    const hi = part();
    let step: Expr | undefined;
    if (this.eat(':')) step = part();
    return { t: 'slice', lo, hi, step, start, end: this.prevEnd };
  }

  private comprehension(kind: 'list' | 'set' | 'gen' | 'dict', elt: Expr, value: Expr | undefined, start: number): Expr {
    const gens: Gen[] = [];
    while (this.is('for') || (this.is('async') && this.peek().text === 'for')) {
      this.eat('async');
      this.i++;
      const target = this.targetList();
      this.expect('in');
      const iter = this.orTest();
      const ifs: Expr[] = [];
      while (this.eat('if')) ifs.push(this.testNoCond());
      gens.push({ target, iter, ifs });
    }
    return { t: 'comp', kind, elt, value, gens, start, end: this.prevEnd };
  }

  private atom(): Expr {
    const t = this.tok;
    const start = t.start;
    switch (t.kind) {
      case 'number':
        this.i++;
        return Number.isNaN(t.num) ? { t: 'unknown', why: `the number ${t.text} cannot be read`, start, end: t.end } : { t: 'num', value: t.num!, int: !!t.int, start, end: t.end };
      case 'string': {
        let value: string | undefined = '';
        let end = t.end;
        while (this.kind() === 'string') {
          const s = this.t[this.i++];
          value = value !== undefined && s.value !== undefined ? value + s.value : undefined;
          end = s.end;
        }
        return { t: 'str', value, start, end };
      }
      case 'name': {
        if (t.text === 'True' || t.text === 'False' || t.text === 'None') {
          this.i++;
          return { t: 'const', value: t.text, start, end: t.end };
        }
        if (KEYWORDS.has(t.text)) throw new Fail(`'${t.text}' cannot start an expression`, t);
        this.i++;
        return { t: 'name', id: t.text, start, end: t.end };
      }
      case 'op':
        break;
      default:
        throw new Fail(`expected an expression${this.found()}`, t);
    }
    if (t.text === '...') {
      this.i++;
      return { t: 'const', value: '...', start, end: t.end };
    }
    if (t.text !== '(' && t.text !== '[' && t.text !== '{') throw new Fail(`expected an expression${this.found()}`, t);
    const close = this.match[this.i];
    if (this.depth + 1 > MAX_DEPTH && close > this.i) {
      this.i = close + 1;
      return { t: 'unknown', why: `an expression nested more than ${MAX_DEPTH} levels deep`, start, end: this.prevEnd };
    }
    this.enter();
    try {
      this.i++;
      if (t.text === '(') return this.parenthesised(start);
      if (t.text === '[') return this.listDisplay(start);
      return this.braceDisplay(start);
    } finally {
      this.depth--;
    }
  }

  private parenthesised(start: number): Expr {
    if (this.eat(')')) return { t: 'tuple', items: [], start, end: this.prevEnd };
    if (this.is('yield')) {
      const y = this.yieldExpr();
      this.expect(')');
      return { ...y, start, end: this.prevEnd };
    }
    const first = this.isOp('*') ? this.starred() : this.namedTest();
    if (this.is('for') || (this.is('async') && this.peek().text === 'for')) {
      const c = this.comprehension('gen', first, undefined, start);
      this.expect(')');
      return { ...c, end: this.prevEnd };
    }
    if (this.eat(')')) return first.t === 'star' ? { t: 'tuple', items: [first], start, end: this.prevEnd } : first;
    const items = [first];
    while (this.eat(',')) {
      if (this.isOp(')')) break;
      items.push(this.isOp('*') ? this.starred() : this.namedTest());
    }
    this.expect(')');
    return { t: 'tuple', items, start, end: this.prevEnd };
  }

  private listDisplay(start: number): Expr {
    const items: Expr[] = [];
    if (!this.isOp(']')) {
      const first = this.isOp('*') ? this.starred() : this.namedTest();
      if (this.is('for') || (this.is('async') && this.peek().text === 'for')) {
        const c = this.comprehension('list', first, undefined, start);
        this.expect(']');
        return { ...c, end: this.prevEnd };
      }
      items.push(first);
      while (this.eat(',')) {
        if (this.isOp(']')) break;
        items.push(this.isOp('*') ? this.starred() : this.namedTest());
      }
    }
    this.expect(']');
    return { t: 'list', items, start, end: this.prevEnd };
  }

  private braceDisplay(start: number): Expr {
    if (this.eat('}')) return { t: 'dict', items: [], start, end: this.prevEnd };
    const dictItem = (): DictItem => {
      if (this.eat('**')) return { unpack: this.bitOr() };
      const key = this.test();
      this.expect(':');
      return { key, value: this.test() };
    };
    const isDict = this.isOp('**') || this.lookaheadColon();
    if (isDict) {
      const first = dictItem();
      if ('key' in first && (this.is('for') || (this.is('async') && this.peek().text === 'for'))) {
        const c = this.comprehension('dict', first.key, first.value, start);
        this.expect('}');
        return { ...c, end: this.prevEnd };
      }
      const items = [first];
      while (this.eat(',')) {
        if (this.isOp('}')) break;
        items.push(dictItem());
      }
      this.expect('}');
      return { t: 'dict', items, start, end: this.prevEnd };
    }
    const first = this.isOp('*') ? this.starred() : this.namedTest();
    if (this.is('for') || (this.is('async') && this.peek().text === 'for')) {
      const c = this.comprehension('set', first, undefined, start);
      this.expect('}');
      return { ...c, end: this.prevEnd };
    }
    const items = [first];
    while (this.eat(',')) {
      if (this.isOp('}')) break;
      items.push(this.isOp('*') ? this.starred() : this.namedTest());
    }
    this.expect('}');
    return { t: 'set', items, start, end: this.prevEnd };
  }

  /** Is the first item of a `{...}` display a `key: value` pair? (a ':' at bracket depth 0 before ',' or '}'; lambdas aside) */
  private lookaheadColon(): boolean {
    const t = this.t;
    let lambdas = 0;
    for (let k = this.i; k < t.length; k++) {
      const x = t[k];
      if (x.kind === 'newline' || x.kind === 'end') return false;
      if (x.kind === 'name' && x.text === 'lambda') lambdas++;
      if (x.kind !== 'op') continue;
      if (x.text === '(' || x.text === '[' || x.text === '{') {
        if (this.match[k] < 0) return false;
        k = this.match[k];
        continue;
      }
      if (x.text === ':') {
        if (lambdas) {
          lambdas--;
          continue;
        }
        return true;
      }
      if (x.text === ',' || x.text === '}' || x.text === ':=' || (x.text === 'for' && x.kind === 'op')) return false;
    }
    return false;
  }
}
