// The model description: what every front end produces and the engine consumes.
// Contract: docs/formats.md, section 1. Positions are 0-based, as in VS Code.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  message: string;
  severity: Severity;
  range: Range;
  /** A short stable identifier, e.g. "json-syntax", "unknown-key", "bad-width". */
  code?: string;
}

/** A size is a number (512) or a symbol ("d", "N1", "L"). */
export type SizeValue = number | string;

/** Where a value in the model came from, for hovers ("units: 512 at line 4"). */
export interface Origin {
  /** What was read, e.g. "units: 512" or "@scaling layer dense width=N1". */
  text: string;
  range?: Range;
}

export interface LayerBase {
  range?: Range;
  origin?: Origin;
}

export interface DenseLayer extends LayerBase {
  type: 'dense';
  width: SizeValue;
  /** erf, tanh, relu, gelu, ... Missing means "erf" (assumed, and said so). */
  activation?: string;
  /**
   * Whether the layer adds a bias. A bias brings in the opposite-parity Hermite degrees (degree
   * support, docs/method.md). Absent: no bias, as in the paper and in scalingModel/@scaling forms.
   * Readers of libraries whose layers have one by default (Keras `use_bias`, TF.js `useBias`,
   * PyTorch `bias`) set it, and say in `biasFrom` whether the file states it or the default applies.
   */
  bias?: boolean;
  biasFrom?: 'file' | 'library-default';
}

export interface AttentionLayer extends LayerBase {
  type: 'attention';
  /** Context length L. */
  context: SizeValue;
  heads?: number;
  /** Per-head dimension, when a file states it (informational). */
  headDim?: SizeValue;
}

export interface ReadoutLayer extends LayerBase {
  type: 'readout';
}

/** A layer the scale analysis does not cover: kept in place and reported. */
export interface UncoveredLayer extends LayerBase {
  type: string;
  /** Why it is not covered, in words. */
  reason?: string;
  /** Any width-like value the file gave (shown, never analysed). */
  width?: SizeValue;
  /**
   * The part of the file's network that the result is explicitly not about (e.g. the MLPs of a
   * transformer whose one attention head is analysed): listed, and it does not stop the analysis.
   */
  partial?: boolean;
}

export type Layer = DenseLayer | AttentionLayer | ReadoutLayer | UncoveredLayer;

export type ReadoutKind = 'standard' | 'mean-field';

/** Something a result must say besides its number. */
export interface Note {
  kind: 'counting-floor' | 'open-question' | 'mean-field' | 'ties' | 'activation' | 'ignored' | 'partial' | 'sizes' | 'attention' | 'other';
  text: string;
}

/** An assumption the file did not state, and where its value came from. */
export interface Assumption {
  what: string;
  value: string;
  /** Where the value came from; the precedence is in src/parse/override.ts (PRECEDENCE). */
  source: 'default' | 'setting' | 'annotation' | 'override' | 'file' | 'command-line';
}

export interface ModelDescription {
  name: string;
  data: { kind: 'gaussian'; dim: SizeValue };
  target: { kind: 'single-index'; degree: number };
  parametrization: { readout: ReadoutKind; kappa?: number | string };
  layers: Layer[];
  /** Numeric values of the symbols (d, N1, ...). */
  sizes?: Record<string, number>;
  /** Symbols tied to d: {"N1": "d^2", "N2": "4*d"}. */
  regime?: Record<string, string>;
  /** Range of the whole model in its file. */
  range?: Range;
  /** Where d, each size and each regime entry came from. */
  origins?: Record<string, Origin>;
  assumptions?: Assumption[];
  /** Warnings and notes about this model (errors make a model invalid and stay at file level). */
  diagnostics?: Diagnostic[];
  /** Which front end read it: "json", "keras", "huggingface", "typescript", "pytorch". */
  source?: string;
  /**
   * How the bias prior variance sigma_b^2 scales with d, as a size expression ("1", "d^-1", "1/d").
   * Used only when a layer has a bias; absent means sigma_b^2 ∝ d^0 (an assumption the result states).
   */
  biasVariance?: string;
}
