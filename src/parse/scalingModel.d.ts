import type { Diagnostic, ModelDescription } from '../model/types';
import type { JsonProperty, JsonValue } from './json';
import { type ParseOptions } from './checks';
import { Diags, LineIndex } from './text';
export interface FrontEndResult {
    models: ModelDescription[];
    diagnostics: Diagnostic[];
}
/** The text a value was read from, whitespace collapsed and shortened, for origins. */
export declare function sourceText(text: string, start: number, end: number, max?: number): string;
/** Finds every `scalingModel` key, at any depth (in one pass over the parse, see findProperties). */
export declare function findScalingModels(root: JsonValue): {
    prop: JsonProperty;
}[];
export declare function readScalingModels(text: string, lines: LineIndex, root: JsonValue, options?: ParseOptions): FrontEndResult;
/** The message for a model with more layers than a model may have. */
export declare function tooManyLayers(n: number): string;
/** Puts a model in `models` when it has no error, else its diagnostics in the file's. */
export declare function collect(out: FrontEndResult, r: {
    model?: ModelDescription;
    diags: Diags;
}): void;
