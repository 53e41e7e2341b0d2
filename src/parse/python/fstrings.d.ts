import type { Expr } from './syntax';
export type FPart = {
    text: string;
} | {
    expr: Expr;
};
/** The parts of the string literal(s) text[start, end), or undefined when a field cannot be read. */
export declare function fstringParts(text: string, start: number, end: number): FPart[] | undefined;
