import type { Diagnostic, Position, Range, Severity } from '../model/types';
/**
 * Maps string offsets to positions in O(log lines). Lines end at \n, \r\n or \r. The line starts
 * live in one Int32Array (4 bytes a line), so a file of empty lines costs little memory.
 */
export declare class LineIndex {
    readonly text: string;
    private readonly starts;
    constructor(text: string);
    position(offset: number): Position;
    range(start: number, end: number): Range;
}
/**
 * Collects diagnostics for one model (or one file). It keeps at most LIMITS.maxDiagnostics: past
 * that, one last diagnostic says how many more there were, so that a file with a million bad
 * entries costs no more memory than one with a few hundred.
 */
export declare class Diags {
    readonly list: Diagnostic[];
    private dropped;
    private hasErrorFlag;
    add(severity: Severity, message: string, range: Range, code: string): void;
    error(message: string, range: Range, code: string): void;
    warning(message: string, range: Range, code: string): void;
    info(message: string, range: Range, code: string): void;
    /** Takes in diagnostics collected elsewhere (their errors count as this list's). */
    absorb(other: Diags): void;
    get hasError(): boolean;
}
/** A file's diagnostics, at most LIMITS.maxDiagnostics of them, the last saying how many more there were. */
export declare function capDiagnostics(list: Diagnostic[]): Diagnostic[];
/** Shortens a value for a message: long strings are cut with an ellipsis. */
export declare function show(v: string, max?: number): string;
/** "a, b or c". */
export declare function listWords(words: readonly string[], last?: string): string;
