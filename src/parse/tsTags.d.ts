import type { Token } from './jsTokens';
export declare const KNOWN_TAGS: readonly ["model", "data", "target", "layer", "readout", "parametrization", "sizes", "regime", "kappa", "assume"];
export interface Word {
    text: string;
    start: number;
    end: number;
}
export interface Tag {
    name: Word;
    words: Word[];
    /** From `@scaling` to the end of the tag's text. */
    start: number;
    end: number;
}
export interface Block {
    start: number;
    end: number;
    tags: Tag[];
}
/** Splits a comment into `@scaling` tags; several may share a line. */
export declare function tagsOf(comment: Token): Tag[];
/** Comments holding `@scaling`; adjacent line comments (`//`, or `#` in Python) form one block. */
export declare function blocksOf(comments: Token[], text: string, lineComment?: string): Block[];
