// Random problems on which the layer-by-layer engine and the enumeration oracle share the rules:
// odd activations (erf, tanh, sin), odd target degrees, no biases.
import type { ScaleProblem } from '../../src/engine/index';

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
