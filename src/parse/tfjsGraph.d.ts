import type { JsonValue } from './json';
import { type ParseOptions } from './checks';
import { type FrontEndResult } from './scalingModel';
import { LineIndex } from './text';
/** A graph model: `format: "graph-model"`, or a `modelTopology` holding `node` instead of layers. */
export declare function isGraphModel(root: JsonValue): boolean;
/** Decodes the base64 strings the converter writes for `fused_ops` (pure: no atob, no Buffer). */
export declare function fromBase64(s: string): string;
export declare function readGraphModel(lines: LineIndex, root: JsonValue, options?: ParseOptions): FrontEndResult;
