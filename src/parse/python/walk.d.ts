import type { Expr, Stmt } from './syntax';
/** Every expression in a list of statements (iterative: a file may nest deeply). */
export declare function walkExprs(body: Stmt[], onExpr: (e: Expr) => void): void;
