import type { Where } from './flow';
import { type Value } from './values';
/** Lists longer than this (from `*`, range(), comprehensions) are not built: no model file needs them. */
export declare const MAX_LIST = 10000;
/** The source text of an expression, for messages: made only when a message needs it. */
export type Text = string | (() => string);
export declare function txt(t: Text): string;
export declare function binop(op: string, a: Value, b: Value, at: Where, text: Text): Value;
export declare function asNumber(v: Value): number | undefined;
/** str(v) for the values that have a static text. */
export declare function str(v: Value): string | undefined;
export declare function unary(op: string, a: Value, at: Where, text: Text): Value;
/** Static equality, or undefined when it cannot be told (or when lists nest too deeply to compare). */
export declare function equal(a: Value, b: Value, depth?: number): boolean | undefined;
export declare function compare(op: string, a: Value, b: Value): boolean | undefined;
export declare function materializeRange(r: {
    start: number;
    stop: number;
    step: number;
}): Value[];
/** The items of an iterable value, or a reason it cannot be iterated statically. */
export declare function iterate(v: Value, limit: number): {
    items: Value[];
} | {
    why: string;
};
/** v[i] for lists, tuples, strings, ranges, dicts and containers. */
export declare function index(obj: Value, i: Value, at: Where, text: Text): Value;
/** v[lo:hi:step] for lists, tuples, strings and containers. */
export declare function slice(obj: Value, lo: Value | undefined, hi: Value | undefined, step: Value | undefined, at: Where, text: Text): Value;
