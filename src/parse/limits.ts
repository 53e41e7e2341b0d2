// The limits every front end keeps, so that no file can make the analysis hang or run out of
// memory (README, "Limits"). One place for each number; messages name the limit they met.
// Pure: no Node, no VS Code.

export const LIMITS = {
  /** Largest text analysed, in characters (UTF-16 code units; for the command line, in bytes). */
  maxTextLength: 8 * 1024 * 1024,
  /** Deepest nesting of JSON arrays and objects. */
  maxJsonDepth: 512,
  /** Models read from one file; the rest are reported, not read. */
  maxModels: 256,
  /**
   * Layers in one model, from any front end; a longer model is reported, not read. The analysis of
   * 1,024 layers of one width needs more than the worker's 512 MB heap (and 20,000 layers, which a
   * few lines of PyTorch or TF.js build, ran a command line out of 3 GB); 512 peak near 350 MB.
   */
  maxLayers: 512,
  /** Entries read from one `sizes` or `regime` object. */
  maxEntries: 256,
  /** Diagnostics kept for one file (the last one says how many more there were). */
  maxDiagnostics: 256,
} as const;

/** "8 MiB", "12.3 MiB", "900 KiB": a size for a message. */
function sizeText(chars: number): string {
  if (chars >= 1024 * 1024) return `${Number((chars / (1024 * 1024)).toFixed(1))} MiB`;
  if (chars >= 1024) return `${Number((chars / 1024).toFixed(1))} KiB`;
  return `${chars} bytes`;
}

/** The message for a file over the size limit (the editor, the worker and the command line say the same). */
export function tooLargeMessage(length: number): string {
  return `not analysed: the file is ${sizeText(length)}, over the limit of ${sizeText(LIMITS.maxTextLength)} for one file (README, Limits)`;
}

/** "1,024": a count for a message. */
export function countText(n: number): string {
  return n.toLocaleString('en-US');
}

/** The message for a file with more models than a file may have. */
export function tooManyModels(n: number): string {
  return `${countText(n)} models in this file: only the first ${countText(LIMITS.maxModels)} are read (README, Limits)`;
}

/** The message for a model with more layers than a model may have. */
export function tooManyLayers(n: number): string {
  return `this model has ${countText(n)} layers: more than the ${countText(LIMITS.maxLayers)} a model may have (README, Limits); it is not read`;
}
