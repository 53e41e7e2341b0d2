// Which Hermite degrees an activation carries (docs/method.md, "Degree support"). A layer maps the
// degree vector of the kernel below it through the degrees of its activation, and a specialization
// spike along sigma(mu phi) lands on exactly those degrees. A bias adds the degrees of the other
// parity, weighted by the bias prior variance.

import { Rational } from './rational';

export type Support = 'odd' | 'linear-even' | 'constant-odd' | 'all';

export interface ActivationInfo {
  name: string;
  /** Degrees k >= 0 of sigma's Hermite expansion, as a class. */
  support: Support;
  /** Does sigma's Hermite expansion have a degree-k component (bias-free)? */
  has(k: number): boolean;
  /** The paper's rules are stated for erf; other activations are our extension. */
  status: 'paper' | 'derived';
  /** The degrees in words, for derivations and reasons. */
  degrees: string;
}

const SUPPORT: Record<Support, { has: (k: number) => boolean; degrees: string }> = {
  odd: { has: (k) => k % 2 === 1, degrees: 'odd degrees only' },
  // x/2 times a constant plus an even function: its odd coefficients above 1 vanish.
  'linear-even': { has: (k) => k === 1 || k % 2 === 0, degrees: 'degrees 0, 1 and the even degrees' },
  // sigmoid - 1/2 is odd.
  'constant-odd': { has: (k) => k === 0 || k % 2 === 1, degrees: 'degree 0 and the odd degrees' },
  all: { has: () => true, degrees: 'every degree' },
};

const TABLE: Record<string, { support: Support; status: 'paper' | 'derived' }> = {
  erf: { support: 'odd', status: 'paper' },
  tanh: { support: 'odd', status: 'derived' },
  sin: { support: 'odd', status: 'derived' },
  relu: { support: 'linear-even', status: 'derived' },
  leaky_relu: { support: 'linear-even', status: 'derived' },
  gelu: { support: 'linear-even', status: 'derived' },
  silu: { support: 'linear-even', status: 'derived' },
  swish: { support: 'linear-even', status: 'derived' },
  // x·clamp(x + 3, 0, 6)/6 = x/2 + x·clamp(x, -3, 3)/6: x times an odd function, so even, plus x/2.
  // A name of its own (it was shown as swish, which it is not).
  hardswish: { support: 'linear-even', status: 'derived' },
  softplus: { support: 'linear-even', status: 'derived' },
  sigmoid: { support: 'constant-odd', status: 'derived' },
  elu: { support: 'all', status: 'derived' },
  selu: { support: 'all', status: 'derived' },
};

const ALIASES = new Map<string, string>([
  ['leakyrelu', 'leaky_relu'],
  ['leaky-relu', 'leaky_relu'],
  ['hard_swish', 'hardswish'],
]);

export function activationInfo(name: string): ActivationInfo | undefined {
  // "hard-swish", "hard swish" and "hard_swish" are one name (the README writes "hard swish").
  const key = name.trim().toLowerCase().replace(/[\s-]+/g, '_');
  const canon = ALIASES.get(key) ?? key;
  if (!Object.hasOwn(TABLE, canon)) return undefined;
  const row = TABLE[canon];
  return { name: canon, support: row.support, has: SUPPORT[row.support].has, status: row.status, degrees: SUPPORT[row.support].degrees };
}

export function knownActivations(): string[] {
  return Object.keys(TABLE);
}

/**
 * The weight of each Hermite degree k = 0..m of a layer's activation, as a coefficient of log d:
 * 0 where sigma has the degree, the bias variance's exponent where only a bias brings it in (the
 * opposite parity, with coefficient proportional to b, so its eigenvalue gains sigma_b^2), and
 * null where the layer cannot carry it.
 */
export function degreeWeights(act: ActivationInfo, m: number, bias: boolean, biasExponent: Rational): (Rational | null)[] {
  const out: (Rational | null)[] = [];
  for (let k = 0; k <= m; k++) out.push(act.has(k) ? Rational.ZERO : bias ? biasExponent : null);
  return out;
}
