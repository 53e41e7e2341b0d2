// What the engine analyses: a chain of covered hidden layers over Gaussian data, a single-index
// Hermite target and a readout. Symbols only; source ranges stay with the model description.

import type { Rational } from './rational';

export interface DenseSpec {
  kind: 'dense';
  /** Width symbol, e.g. "N1". */
  width: string;
  activation: string;
  /** The layer adds a bias (brings in the degrees of the other parity, weighted by sigma_b^2). */
  bias?: boolean;
  /** Position in the model's layer list. */
  index: number;
}

export interface AttentionSpec {
  kind: 'attention';
  /** Context-length symbol, e.g. "L". */
  context: string;
  heads: number;
  index: number;
}

export type HiddenSpec = DenseSpec | AttentionSpec;

export interface ScaleProblem {
  /** Symbol of the input dimension, "d". */
  dim: string;
  /** Degree m of the target He_m(w*·x). */
  degree: number;
  readout: 'standard' | 'mean-field';
  hidden: HiddenSpec[];
  /** Numeric values of symbols, when known. */
  sizes?: Record<string, number>;
  /** Each symbol's exponent of d under the regime (d itself is 1). */
  regime?: Record<string, Rational>;
  /** sigma_b^2 ∝ d^biasVariance, for layers with a bias (default 0). */
  biasVariance?: Rational;
}

/** Size symbols in a fixed order: widths and context lengths as they appear, then d. */
export function sizeSymbols(problem: ScaleProblem): string[] {
  const syms: string[] = [];
  for (const h of problem.hidden) {
    const s = h.kind === 'dense' ? h.width : h.context;
    if (!syms.includes(s) && s !== problem.dim) syms.push(s);
  }
  syms.push(problem.dim);
  return syms;
}
