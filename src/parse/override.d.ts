import type { Diagnostic, ModelDescription, Range, ReadoutKind, SizeValue } from '../model/types';
import type { CommandLineValues } from '../contract/inputs';
import { type JsonObject, type JsonValue } from './json';
/** `dir/model.json` -> `dir/model.scaling.json`, `dir/net.py` -> `dir/net.scaling.json`; undefined for files that cannot have one. */
export declare function overrideFileName(fileName: string): string | undefined;
export declare function isOverrideFileName(fileName: string): boolean;
/** The inverse of overrideFileName: `dir/model.scaling.json` -> `dir/model.json`. */
export declare function overriddenFileName(fileName: string): string | undefined;
/** Every file an override may belong to: `dir/net.scaling.json` -> `dir/net.json` and `dir/net.py`. */
export declare function overriddenFileNames(fileName: string): string[];
/** Is this JSON an override (a `scalingModel` without `layers`)? Cheap enough for every file. */
export declare function looksLikeOverride(root: JsonValue | undefined): root is JsonObject;
export declare function readOverride(file: string, text: string): {
    override?: ModelOverride;
    diagnostics: Diagnostic[];
};
export declare const PRECEDENCE = "the command line wins, then the override file beside the model, then the file itself, then the settings, then the built-in default";
export interface ModelOverride {
    /** The override file, for messages ("model.scaling.json"). */
    file: string;
    name?: string;
    degree?: number;
    readout?: ReadoutKind;
    kappa?: number | string;
    /** How the bias prior variance scales with d ("1", "1/d"), for layers with a bias. */
    biasVariance?: string;
    dim?: SizeValue;
    sizes?: Record<string, number>;
    regime?: Record<string, string>;
}
/**
 * The names a model's sizes go by: its symbols, and for numeric sizes the names the analysis gives
 * them (d for the input, N1, N2, ... for dense widths by position, L for a context length).
 */
export declare function sizeNames(m: ModelDescription): string[];
/** Applies an override to a model read from the file beside it; returns the model (a copy). */
export declare function applyOverride(model: ModelDescription, o: ModelOverride, where: Range): ModelDescription;
/**
 * Applies what the command line gives (it wins over everything); returns the model (a copy) and
 * the --set names the model does not have (said on the model as a warning).
 */
export declare function applyCommandLine(model: ModelDescription, cl: CommandLineValues, where: Range): {
    model: ModelDescription;
    unknownSizes: string[];
};
/** Diagnostics of the override file, shown on the model file (they belong to another file). */
export declare function overrideDiagnostic(file: string, d: Diagnostic, where: Range): Diagnostic;
