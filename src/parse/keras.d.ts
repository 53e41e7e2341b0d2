import type { JsonValue } from './json';
import { type ParseOptions } from './checks';
import { type FrontEndResult } from './scalingModel';
import { LineIndex } from './text';
export declare function isKerasModel(root: JsonValue): boolean;
/** The Keras class of a TF.js layer factory: dense -> Dense, conv2d -> Conv2D, lstm -> LSTM, simpleRNN -> SimpleRNN. */
export declare function kerasClassOf(factory: string): string;
/** Why a layer class is not covered, in words. */
export declare function reasonFor(cls: string): string;
export declare function readKerasModel(text: string, lines: LineIndex, root: JsonValue, options?: ParseOptions): FrontEndResult;
