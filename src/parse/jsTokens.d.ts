export type TokenKind = 'ident' | 'number' | 'string' | 'template' | 'regex' | 'punct' | 'comment';
export interface Token {
    kind: TokenKind;
    /** The source text of the token. */
    text: string;
    start: number;
    end: number;
    /** Strings: the decoded value. Numbers: see `num`. */
    value?: string;
    num?: number;
    /** True when a line break separates this token from the previous one (comments excluded). */
    nl?: boolean;
}
export interface TokenizeResult {
    /** Code tokens, comments excluded. */
    tokens: Token[];
    comments: Token[];
}
export declare function tokenize(text: string): TokenizeResult;
