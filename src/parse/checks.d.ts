import type { ModelDescription, Range, ReadoutKind, SizeValue } from '../model/types';
import type { Defaults } from '../contract/inputs';
import { Diags } from './text';
export declare const DEFAULT_DEGREE = 3;
export declare const DEFAULT_READOUT: ReadoutKind;
export interface ParseOptions {
    /** The settings: below what the file states (src/contract/inputs.ts). */
    defaults?: Defaults;
    /**
     * The file was named by the user (the command line): it is read as its kind in full, so that a
     * file that is not valid JSON is an error, not "no model found".
     */
    named?: boolean;
}
import { setKey } from '../model/names';
export { setKey };
/**
 * Whether a string is a decimal number as people write one ("512", "-1.5", ".5", "1e4", "2.") —
 * one pass over it, where the regular expression it replaces back-tracked quadratically on a long
 * run of digits.
 */
export declare function isDecimalText(s: string): boolean;
type Checked<T> = {
    ok: true;
    value: T;
} | {
    ok: false;
    message: string;
};
/**
 * A width, context length or other size: a whole number >= 1, a symbol ("N1") or a size
 * expression ("4*d", "d^2"). `what` names it in messages ("width", "context").
 */
export declare function checkSize(v: unknown, what: string, raw?: string): Checked<SizeValue>;
/** The symbols a size value mentions ("4*N1" mentions N1). */
export declare function symbolsOfSize(v: SizeValue | undefined): string[];
export declare function checkDegree(v: unknown, raw?: string): Checked<number>;
export declare const MAX_DEGREE = 64;
export declare const READOUT_KINDS: readonly ["standard", "mean-field"];
export declare function checkReadout(v: unknown): Checked<ReadoutKind>;
export declare function checkTargetKind(v: unknown): Checked<'single-index'>;
export declare function checkDataKind(v: unknown): Checked<'gaussian'>;
export declare function checkKappa(v: unknown, raw?: string): Checked<number | string>;
/** An entry of `sizes` or `regime` as a front end read it, with the ranges of its key and value. */
export interface RawEntry {
    key: string;
    value: unknown;
    /** The value as written (for numbers such as 1e400). */
    raw?: string;
    keyRange: Range;
    valueRange: Range;
    /** What was read, for the origin ("N1: 10000" or "@scaling sizes N1=10000"). */
    text: string;
}
/** Every symbol the model itself uses (its data dimension, widths, context lengths, kappa). */
export declare function modelSymbols(m: Pick<ModelDescription, 'data' | 'layers' | 'parametrization'>): Set<string>;
/** The symbol that stands for the input dimension in a regime ("d" unless the data names another). */
export declare function dimSymbol(m: Pick<ModelDescription, 'data'>): string;
/**
 * Validates `sizes` and `regime` entries against the model (its layers must be filled in already)
 * and stores the valid ones, with their origins, in the model.
 */
export declare function applySizesAndRegime(m: ModelDescription, sizes: RawEntry[] | undefined, regime: RawEntry[] | undefined, d: Diags): void;
/** What a file stated about the assumptions; undefined fields take defaults (settings first). */
export interface Stated {
    degree?: number;
    readout?: ReadoutKind;
    data?: boolean;
    target?: boolean;
}
/** Fills in the target degree and readout the file did not state, and records them as assumptions. */
export declare function applyDefaults(m: ModelDescription, stated: Stated, options: ParseOptions | undefined): void;
