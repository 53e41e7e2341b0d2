import { type ParseOptions } from './checks';
import { type FrontEndResult } from './scalingModel';
/** Cheap test (substring search) of whether a script may hold a model: a tag or a TF.js model being built. */
export declare function mightHoldScriptModel(text: string): boolean;
/**
 * Reads every model of a TypeScript/JavaScript file: each `@scaling` block with the code right
 * under it, and every other TF.js model the code builds (untagged: the code alone says it all).
 */
export declare function readTypeScript(text: string, options?: ParseOptions): FrontEndResult;
