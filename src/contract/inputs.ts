// What travels with a file's text into the analysis, in one type: the settings (below the file),
// the override file beside it and the command line (above it). The worker protocol carries it,
// the command line and the experiment build it, the pipeline applies it (src/pipeline/document.ts,
// with the precedence rule of src/parse/override.ts).
import type { ReadoutKind } from '../model/types';

/** Assumptions a file cannot state, from the settings (`scalingLens.defaults.*`). */
export interface Defaults {
  /** Target degree assumed when the file does not state one. */
  degree?: number;
  /** Readout parametrization assumed when the file does not state one. */
  readout?: ReadoutKind;
}

/** The override file beside a model file (`model.scaling.json` beside `model.json`), as text. */
export interface OverrideText {
  fileName: string;
  text: string;
}

/** What the command line gives every model it reads: `--degree`, `--readout`, `--set NAME=VALUE`. */
export interface CommandLineValues {
  degree?: number;
  readout?: ReadoutKind;
  sizes?: Record<string, number>;
}

export interface FileInputs {
  defaults?: Defaults;
  override?: OverrideText;
  commandLine?: CommandLineValues;
}
