export declare const MAX_JSON_DEPTH: 512;
interface Span {
    /** Offset of the first character. */
    readonly start: number;
    /** Offset just after the last character. */
    readonly end: number;
}
export interface JsonObject extends Span {
    readonly type: 'object';
    readonly properties: readonly JsonProperty[];
}
export interface JsonProperty extends Span {
    readonly key: string;
    readonly keyStart: number;
    readonly keyEnd: number;
    readonly value: JsonValue;
}
export interface JsonArray extends Span {
    readonly type: 'array';
    readonly items: readonly JsonValue[];
}
export interface JsonString extends Span {
    readonly type: 'string';
    readonly value: string;
}
export interface JsonNumber extends Span {
    readonly type: 'number';
    readonly value: number;
    /** The number as written (1e400 stays "1e400" while value is Infinity). */
    readonly raw: string;
}
export interface JsonBoolean extends Span {
    readonly type: 'boolean';
    readonly value: boolean;
}
export interface JsonNull extends Span {
    readonly type: 'null';
    readonly value: null;
}
export type JsonValue = JsonObject | JsonArray | JsonString | JsonNumber | JsonBoolean | JsonNull;
export interface JsonSyntaxError extends Span {
    message: string;
    code: string;
}
export interface JsonParseResult {
    /** The value, absent when there was a syntax error. */
    root?: JsonValue;
    error?: JsonSyntaxError;
}
export declare function parseJson(text: string): JsonParseResult;
/** The last property with this key (as JSON.parse would keep), or undefined. */
export declare function getProp(obj: JsonObject, key: string): JsonProperty | undefined;
/** The value of a key when it is an object. */
export declare function getObject(obj: JsonObject | undefined, key: string): JsonObject | undefined;
/** How many items an array has (counted on the parse records, no nodes made). */
export declare function itemCount(arr: JsonArray): number;
/** The first n items of an array: a reader that keeps a limit never makes nodes for the rest. */
export declare function firstItems(arr: JsonArray, n: number): readonly JsonValue[];
/**
 * Every property named `key` at any depth under `root`, in document order, without looking inside
 * the value of one found (a `scalingModel` inside a `scalingModel` is not another model). One pass
 * over the parse records: no node is made for what does not match.
 */
export declare function findProperties(root: JsonValue, key: string): JsonProperty[];
export {};
