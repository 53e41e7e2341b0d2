import type { Token } from './jsTokens';
export type Val = {
    kind: 'number';
    value: number;
    text: string;
} | {
    kind: 'string';
    value: string;
    text: string;
} | {
    kind: 'boolean';
    value: boolean;
    text: string;
} | {
    kind: 'array';
    items: Val[];
    text: string;
} | {
    kind: 'object';
    props: Prop[];
    text: string;
} | {
    kind: 'null';
    text: string;
} | {
    kind: 'layer';
    call: LayerCall;
    text: string;
} | {
    kind: 'unknown';
    why: string;
    text: string;
    start: number;
    end: number;
};
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
export declare const MAX_DEPTH = 64;
export declare class Code {
    readonly text: string;
    readonly toks: Token[];
    /** Index of the matching close bracket for each open bracket (or -1), and back. */
    readonly match: Int32Array;
    /** The innermost `{` enclosing each token (-1 at top level); for a `{`, the one around it. */
    readonly scopeOf: Int32Array;
    /** Declarations by name (a list, nearly always of one). */
    private readonly decls;
    /** Every `NAME = ...` by name, in order (declarations included). */
    private readonly bindings;
    /** Names updated after their declaration (`x = ...`, `x += ...`, `x++`). */
    private readonly reassigned;
    private readonly cache;
    private readonly resolving;
    private readonly calls;
    constructor(text: string, toks: Token[]);
    /** Records the declaration or assignment starting at token i, if any. */
    private readBinding;
    /** `const {a, b: c, ...rest} = x` / `const [a, b] = x`: the names are declared, their values unknown. */
    private readPattern;
    private add;
    /** True when token `at` lies inside the scope opened by the `{` at index `scope` (-1: the file). */
    inScope(scope: number, at: number): boolean;
    /** The binding of `name` that is current at token `at`: the last one completed before it in a scope that sees it. */
    bindingBefore(name: string, at: number): Binding | undefined;
    /** End (exclusive token index) of an expression starting at `from`. */
    exprEnd(from: number, limit?: number): number;
    unknown(why: string, from: number, to: number): Val;
    /** The value of the constant `name` as seen from token `at`, or unknown. */
    constant(name: string, at: number, depth?: number): Val;
    /** The scope of the innermost declaration of `name` that token `at` sees. */
    private visibleScope;
    /** Evaluates the tokens [from, to) as a static value. */
    value(from: number, to: number, depth: number): Val;
    /** Reads the properties of an object literal whose `{` is at index `open`. */
    object(open: number, depth: number): Val;
    /** Index of `layers` when tokens from k are `tf.layers.NAME(` or `layers.NAME(`, else -1. */
    layersAt(k: number): number;
    /** At index k (the `layers` token), a `tf.layers.NAME(...)` or `layers.NAME(...)` call; computed once. */
    layerCallAt(k: number, depth?: number): LayerCall | undefined;
    private readLayerCall;
}
