import { Code, type LayerCall } from './tfjsCode';
export interface Span {
    start: number;
    end: number;
}
export interface Problem extends Span {
    message: string;
}
export interface CodeModel {
    kind: 'sequential' | 'functional';
    /** What the model is assigned to ("model", "this.model"), when it is. */
    target?: string;
    /** The name the code gives it (`name: 'encoder'`), else the enclosing function's name. */
    name?: string;
    /** The `tf.sequential(...)` / `tf.model(...)` call. */
    call: Span;
    /** From the start of the construction to the last layer added (offsets). */
    start: number;
    end: number;
    /** Token index of the call (to pair a tag block with the code right under it). */
    tok: number;
    layers: LayerCall[];
    /** `tf.input({shape: [...]})` of a functional model: its options, as a pseudo layer call named "input". */
    input?: LayerCall;
    /** Problems met while reading it (e.g. model.add(x) with x not a layer call). */
    problems: Problem[];
    /** Set when the layers cannot be read: why, where. */
    refused?: Problem;
}
/** The longest functional chain followed (layers); deeper ones are refused. */
export declare const MAX_CHAIN = 64;
/** Every model the file builds, in the order of the calls. */
export declare function findCodeModels(code: Code): CodeModel[];
