import type { Token } from '../jsTokens';
export type PyKind = 'name' | 'number' | 'string' | 'op' | 'newline' | 'indent' | 'dedent' | 'end';
export interface PyToken {
    kind: PyKind;
    /** Source text (empty for newline/indent/dedent/end). */
    text: string;
    start: number;
    end: number;
    /** A string's value when it has no replacement fields (not an f-string). */
    value?: string;
    /** A number's value (NaN for imaginary literals). */
    num?: number;
    /** A number written without a point or exponent. */
    int?: boolean;
}
export interface PyTokenError {
    message: string;
    start: number;
    end: number;
}
export interface PyTokens {
    tokens: PyToken[];
    /** `#` comments, as the JS tokenizer gives them (the `@scaling` tag reader takes them as they are). */
    comments: Token[];
    errors: PyTokenError[];
    /** For each bracket or indent token, the index of its partner (or -1). */
    match: Int32Array;
}
export declare function tokenizePython(text: string): PyTokens;
/** A string body's value: escapes decoded unless raw. */
export declare function decode(body: string, raw: boolean): string;
