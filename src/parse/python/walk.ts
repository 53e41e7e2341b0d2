// Walks a syntax tree: every expression under a list of statements, iteratively (a file may nest
// deeply), with a bound on the nodes visited. Pure: no Node, no VS Code.
import type { Expr, Stmt } from './syntax';

/** Every expression in a list of statements (iterative: a file may nest deeply). */
export function walkExprs(body: Stmt[], onExpr: (e: Expr) => void): void {
  const stack: (Stmt | Expr)[] = [];
  pushAll(stack, body);
  let budget = 2_000_000;
  while (stack.length && budget-- > 0) {
    const x = stack.pop()!;
    if (isStmt(x)) pushStmt(x as Stmt, stack);
    else {
      const e = x as Expr;
      onExpr(e);
      pushExpr(e, stack);
    }
  }
}

const STMT_KINDS = new Set(['expr', 'assign', 'aug', 'ann', 'return', 'pass', 'break', 'continue', 'if', 'for', 'while', 'with', 'try', 'def', 'class', 'import', 'from', 'other']);
/** Statement and expression kinds never share a name. */
function isStmt(x: Stmt | Expr): boolean {
  return STMT_KINDS.has(x.t);
}

function pushAll(st: (Stmt | Expr)[], xs: readonly (Stmt | Expr)[]): void {
  for (const x of xs) st.push(x);
}

function pushStmt(s: Stmt, st: (Stmt | Expr)[]): void {
  switch (s.t) {
    case 'expr':
      st.push(s.value);
      break;
    case 'assign':
      pushAll(st, s.targets);
      st.push(s.value);
      break;
    case 'aug':
      st.push(s.target, s.value);
      break;
    case 'ann':
      st.push(s.target);
      if (s.value) st.push(s.value);
      break;
    case 'return':
      if (s.value) st.push(s.value);
      break;
    case 'if':
    case 'while':
      st.push(s.test);
      pushAll(st, s.body);
      pushAll(st, s.orelse);
      break;
    case 'for':
      st.push(s.target, s.iter);
      pushAll(st, s.body);
      pushAll(st, s.orelse);
      break;
    case 'with':
      for (const it of s.items) st.push(it.value);
      pushAll(st, s.body);
      break;
    case 'try':
      for (const b of [s.body, ...s.handlers, s.orelse, s.final]) pushAll(st, b);
      break;
    case 'def':
      pushAll(st, s.body);
      pushAll(st, s.decorators);
      for (const p of s.params) if (p.default) st.push(p.default);
      break;
    case 'class':
      pushAll(st, s.body);
      for (const b of s.bases) st.push(b.value);
      break;
    case 'other':
      if (s.body) pushAll(st, s.body);
      break;
  }
}

function pushExpr(e: Expr, st: (Stmt | Expr)[]): void {
  switch (e.t) {
    case 'attr':
      st.push(e.obj);
      break;
    case 'call':
      st.push(e.fn);
      for (const a of e.args) st.push(a.value);
      break;
    case 'sub':
      st.push(e.obj, e.index);
      break;
    case 'slice':
      for (const x of [e.lo, e.hi, e.step]) if (x) st.push(x);
      break;
    case 'bin':
      st.push(e.left, e.right);
      break;
    case 'unary':
      st.push(e.operand);
      break;
    case 'bool':
      pushAll(st, e.values);
      break;
    case 'cmp':
      st.push(e.left);
      pushAll(st, e.rights);
      break;
    case 'ifexp':
      st.push(e.test, e.body, e.orelse);
      break;
    case 'tuple':
    case 'list':
    case 'set':
      pushAll(st, e.items);
      break;
    case 'dict':
      for (const it of e.items) 'unpack' in it ? st.push(it.unpack) : st.push(it.key, it.value);
      break;
    case 'comp':
      st.push(e.elt);
      if (e.value) st.push(e.value);
      for (const g of e.gens) {
        st.push(g.target, g.iter);
        pushAll(st, g.ifs);
      }
      break;
    case 'lambda':
      st.push(e.body);
      break;
    case 'star':
    case 'walrus':
      st.push(e.value);
      break;
  }
}

