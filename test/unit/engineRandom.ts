// Random problems on which the layer-by-layer engine and the enumeration oracle share the rules:
// odd activations (erf, tanh, sin), odd target degrees, no biases.
import type { ScaleProblem } from '../../src/engine/index';
import type { Point } from '../../src/engine/solve';
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

const EXPONENTS = ['0', '1/3', '1/2', '2/3', '1', '3/2', '2', '5/2', '3', '4'].map((e) => Rational.parse(e));
const REGIME_EXPONENTS = ['0', '1/3', '1/2', '2/3', '3/4', '1', '3/2', '2'].map((e) => Rational.parse(e));

/**
 * A random exact regime for a network's sizes: d = 1 and each width an exponent from a small set, in
 * half the networks one exponent for every width (where many sequences tie).
 */
export function randomRegime(r: () => number, symbols: readonly string[], dim: string): Record<string, Rational> {
  const pick = () => REGIME_EXPONENTS[Math.floor(r() * REGIME_EXPONENTS.length)];
  const shared = r() < 0.5 ? pick() : undefined;
  return Object.fromEntries(symbols.map((s) => [s, s === dim ? Rational.ONE : (shared ?? pick())]));
}

/**
 * A random point: numeric sizes (logs rounded to 2^-20, as the engine rounds them: ties are then
 * structural only), or exponents of d from a small set (where many sequences tie).
 */
export function randomPoint(r: () => number, symbols: string[], sizes: boolean): Point {
  const exact = sizes
    ? symbols.map(() => Rational.of(Math.round(Math.log(2 + Math.floor(r() * 5000)) * 2 ** 20), 2 ** 20))
    : symbols.map((s) => (s === 'd' ? Rational.ONE : EXPONENTS[Math.floor(r() * EXPONENTS.length)]));
  return { exact, float: Float64Array.from(exact, (x) => x.toNumber()) };
}
