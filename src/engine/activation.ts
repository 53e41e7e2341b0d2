// Which Hermite components an activation has. Rule (i) sends a specialization spike along
// sigma(mu phi), which carries a degree-j feature only if sigma has a degree-j component.

export interface ActivationInfo {
  name: string;
  /** Does sigma's Hermite expansion have a degree-j component? */
  has(degree: number): boolean;
  /** The paper's rules are stated for erf; other activations are our extension. */
  status: 'paper' | 'derived';
  note?: string;
}

const odd = (j: number) => j % 2 === 1;
const all = () => true;
// ReLU = linear part + even part: |x|/2 has only even Hermite components.
const linearPlusEven = (j: number) => j === 1 || j % 2 === 0;

const TABLE: Record<string, Omit<ActivationInfo, 'name'>> = {
  erf: { has: odd, status: 'paper' },
  tanh: { has: odd, status: 'derived', note: 'odd like erf: Hermite components of odd degree only' },
  sin: { has: odd, status: 'derived', note: 'odd like erf: Hermite components of odd degree only' },
  gelu: { has: all, status: 'derived', note: 'generic: Hermite components of every degree' },
  silu: { has: all, status: 'derived', note: 'generic: Hermite components of every degree' },
  swish: { has: all, status: 'derived', note: 'generic: Hermite components of every degree' },
  softplus: { has: all, status: 'derived', note: 'generic: Hermite components of every degree' },
  sigmoid: { has: all, status: 'derived', note: 'generic: Hermite components of every degree' },
  elu: { has: all, status: 'derived', note: 'generic: Hermite components of every degree' },
  selu: { has: all, status: 'derived', note: 'generic: Hermite components of every degree' },
  relu: {
    has: linearPlusEven,
    status: 'derived',
    note: 'ReLU has no odd Hermite components above degree 1, so its spike does not carry an odd target of degree >= 3; other ReLU-specific effects are outside the scale analysis',
  },
  leaky_relu: {
    has: linearPlusEven,
    status: 'derived',
    note: 'like ReLU: linear plus even Hermite components; other ReLU-specific effects are outside the scale analysis',
  },
};

const ALIASES: Record<string, string> = { leakyrelu: 'leaky_relu', 'leaky-relu': 'leaky_relu', hardswish: 'swish', hard_swish: 'swish' };

export function activationInfo(name: string): ActivationInfo | undefined {
  const key = name.trim().toLowerCase();
  const canon = ALIASES[key] ?? key;
  const row = TABLE[canon];
  return row && { name: canon, ...row };
}

export function knownActivations(): string[] {
  return Object.keys(TABLE);
}
