import type { PyTokens } from './tokens';
export interface Span {
    start: number;
    end: number;
}
export type Expr = ({
    t: 'name';
    id: string;
} & Span) | ({
    t: 'num';
    value: number;
    int: boolean;
} & Span) | ({
    t: 'str';
    value?: string;
} & Span) | ({
    t: 'const';
    value: 'True' | 'False' | 'None' | '...';
} & Span) | ({
    t: 'attr';
    obj: Expr;
    name: string;
    nameStart: number;
} & Span) | ({
    t: 'call';
    fn: Expr;
    args: Arg[];
} & Span) | ({
    t: 'sub';
    obj: Expr;
    index: Expr;
} & Span) | ({
    t: 'slice';
    lo?: Expr;
    hi?: Expr;
    step?: Expr;
} & Span) | ({
    t: 'bin';
    op: string;
    left: Expr;
    right: Expr;
} & Span) | ({
    t: 'unary';
    op: string;
    operand: Expr;
} & Span) | ({
    t: 'bool';
    op: 'and' | 'or';
    values: Expr[];
} & Span) | ({
    t: 'cmp';
    left: Expr;
    ops: string[];
    rights: Expr[];
} & Span) | ({
    t: 'ifexp';
    test: Expr;
    body: Expr;
    orelse: Expr;
} & Span) | ({
    t: 'tuple' | 'list' | 'set';
    items: Expr[];
} & Span) | ({
    t: 'dict';
    items: DictItem[];
} & Span) | ({
    t: 'comp';
    kind: 'list' | 'set' | 'gen' | 'dict';
    elt: Expr;
    value?: Expr;
    gens: Gen[];
} & Span) | ({
    t: 'lambda';
    params: Param[];
    body: Expr;
} & Span) | ({
    t: 'star';
    value: Expr;
} & Span) | ({
    t: 'walrus';
    target: string;
    value: Expr;
} & Span) | ({
    t: 'unknown';
    why: string;
} & Span);
export type DictItem = {
    key: Expr;
    value: Expr;
} | {
    unpack: Expr;
};
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
export type Stmt = ({
    t: 'expr';
    value: Expr;
} & Span) | ({
    t: 'assign';
    targets: Expr[];
    value: Expr;
} & Span) | ({
    t: 'aug';
    target: Expr;
    op: string;
    value: Expr;
} & Span) | ({
    t: 'ann';
    target: Expr;
    value?: Expr;
} & Span) | ({
    t: 'return';
    value?: Expr;
} & Span) | ({
    t: 'pass' | 'break' | 'continue';
} & Span) | ({
    t: 'if';
    test: Expr;
    body: Stmt[];
    orelse: Stmt[];
} & Span) | ({
    t: 'for';
    target: Expr;
    iter: Expr;
    body: Stmt[];
    orelse: Stmt[];
} & Span) | ({
    t: 'while';
    test: Expr;
    body: Stmt[];
    orelse: Stmt[];
} & Span) | ({
    t: 'with';
    items: {
        value: Expr;
        target?: Expr;
    }[];
    body: Stmt[];
} & Span) | ({
    t: 'try';
    body: Stmt[];
    handlers: Stmt[][];
    orelse: Stmt[];
    final: Stmt[];
} & Span) | ({
    t: 'def';
    name: string;
    nameStart: number;
    params: Param[];
    body: Stmt[];
    decorators: Expr[];
    header: Span;
} & Span) | ({
    t: 'class';
    name: string;
    nameStart: number;
    bases: Arg[];
    body: Stmt[];
    decorators: Expr[];
    header: Span;
} & Span) | ({
    t: 'import';
    names: {
        name: string;
        as?: string;
    }[];
} & Span) | ({
    t: 'from';
    module: string;
    names: {
        name: string;
        as?: string;
    }[];
} & Span) | ({
    t: 'other';
    what: string;
    body?: Stmt[];
} & Span);
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
export declare const MAX_DEPTH = 100;
/**
 * One expression from a slice of a file (an f-string's replacement field), with the file's offsets;
 * undefined when it does not parse as a whole.
 */
export declare function parseExpressionAt(text: string, start: number, end: number, tokenize: (s: string) => PyTokens): Expr | undefined;
export declare function parsePython(toks: PyTokens): Module;
