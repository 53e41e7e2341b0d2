// Random problems on which the layer-by-layer engine and the enumeration oracle share the rules:
// odd activations (erf, tanh, sin), odd target degrees, no biases.
import type { ScaleProblem } from '../../src/engine/index';
import { Rational } from '../../src/engine/rational';

const ACTS = ['erf', 'tanh', 'sin'];

export function randomOddProblem(r: () => number, hidden: number): ScaleProblem {
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const widths = Array.from({ length: hidden }, (_, i) => `N${i + 1}`);
  return {
    dim: 'd',
    degree: pick([1, 3, 3, 3, 5]),
    readout: r() < 0.8 ? 'standard' : 'mean-field',
    hidden: widths.map((w, i) => ({ kind: 'dense', width: w, activation: pick(ACTS), index: i })),
  };
}

const ALL_ACTS = ['erf', 'tanh', 'sin', 'relu', 'gelu', 'silu', 'softplus', 'sigmoid', 'elu'];

/** Random problems under every rule: every activation, biases, even degrees, mean-field readouts. */
export function randomProblem(r: () => number, hidden: number): ScaleProblem {
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  return {
    dim: 'd',
    degree: pick([1, 2, 3, 3, 4, 5]),
    readout: r() < 0.8 ? 'standard' : 'mean-field',
    hidden: Array.from({ length: hidden }, (_, i) => ({ kind: 'dense' as const, width: `N${i + 1}`, activation: pick(ALL_ACTS), bias: r() < 0.3, index: i })),
    biasVariance: pick([Rational.ZERO, Rational.of(-1), Rational.of(-1, 2)]),
  };
}
