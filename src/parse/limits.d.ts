export declare const LIMITS: {
    /** Largest text analysed, in characters (UTF-16 code units; for the command line, in bytes). */
    readonly maxTextLength: number;
    /** Deepest nesting of JSON arrays and objects. */
    readonly maxJsonDepth: 512;
    /** Models read from one file; the rest are reported, not read. */
    readonly maxModels: 256;
    /** Layers read in one model; a longer model is reported, not read. */
    readonly maxLayers: 1024;
    /** Entries read from one `sizes` or `regime` object. */
    readonly maxEntries: 256;
    /** Diagnostics kept for one file (the last one says how many more there were). */
    readonly maxDiagnostics: 256;
};
/** "8 MiB", "12.3 MiB", "900 KiB": a size for a message. */
export declare function sizeText(chars: number): string;
/** The message for a file over the size limit (the editor, the worker and the command line say the same). */
export declare function tooLargeMessage(length: number): string;
/** "1,024": a count for a message. */
export declare function countText(n: number): string;
