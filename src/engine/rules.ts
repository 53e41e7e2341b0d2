// The rules of the scale analysis (docs/method.md), each with its status: what the derivation of a
// result cites. The rules themselves act in pass.ts (floating point and exact integers) and
// trace.ts (symbolic); this is the one place their words live.

export type RuleStatus = 'paper' | 'reported' | 'derived';

export interface Rule {
  id: string;
  text: string;
  status: RuleStatus;
}

export const RULES = {
  inputKernel: { id: 'input-kernel', text: "input kernel x·x'/d: phi = w*·x has eigenvalue d^-1", status: 'paper' },
  degreeVector: {
    id: 'degree-vector',
    text: "each layer maps the degree vector below it through its activation's Hermite degrees (rule (iii) made exact; a path carries degree j only if the activations on it can produce it)",
    status: 'derived',
  },
  lazy: { id: 'rule-iii', text: 'rule (iii): a lazy (GP) layer keeps the relative scales of the layer below', status: 'paper' },
  lazyPassesSpike: {
    id: 'rule-iii-spike',
    text: "rule (iii) applied to a spike: a layer's lazy map passes a lower layer's spike on at full strength (the least certain rule; an open question)",
    status: 'derived',
  },
  spike: { id: 'rule-i', text: 'rule (i): M specialists out of N_l give the next kernel a spike M/N_l along sigma(mu phi), on every degree sigma has', status: 'paper' },
  specCost: { id: 'cost-spec', text: 'specialization cost M/lambda_l(phi), 1 <= M <= N_l', status: 'paper' },
  amplification: { id: 'rule-ii', text: "rule (ii): a GFL layer that raises phi's eigenvalue by D raises a degree-j feature by D^j", status: 'paper' },
  gflCost: { id: 'cost-gfl', text: 'GFL cost N_l·D, D >= 1', status: 'paper' },
  magnetization: {
    id: 'magnetization',
    text: 'magnetization right after a specialization layer: a collective mean beta along the spiked feature gives y an eigenvalue beta/N_l, at cost beta/lambda_l(spiked phi)',
    status: 'paper',
  },
  magnetizationBound: {
    id: 'magnetization-bound',
    text: "magnetization also raises phi's eigenvalue by beta/N_l, and beta <= N_l (a mean overlap per neuron cannot exceed 1)",
    status: 'derived',
  },
  magnetizationFar: {
    id: 'magnetization-far',
    text: 'magnetization along a spike made two or more layers below (the paper uses it only right after a specialization layer)',
    status: 'derived',
  },
  readout: { id: 'readout-standard', text: 'standard readout: a_y = 1/lambda_out(y)', status: 'paper' },
  readoutMeanField: {
    id: 'readout-mean-field',
    text: 'mean-field readout: a_y gains a factor N_last (the authors warn the bound can become vacuous in that limit)',
    status: 'derived',
  },
  fallback: {
    id: 'lazy-fallback',
    text: 'a kernel eigenvalue is its lazy part plus what a pattern adds, so a pattern can fall back on the lazy path',
    status: 'derived',
  },
  bias: {
    id: 'bias',
    text: 'a bias brings in the Hermite degrees of the other parity, their eigenvalues multiplied by the bias prior variance sigma_b^2',
    status: 'derived',
  },
  activation: { id: 'activation', text: 'activations other than erf enter through their Hermite degrees', status: 'derived' },
  attention: {
    id: 'attention-head',
    text:
      'single softmax head (our reconstruction; the paper reports P* ∝ √(L d³) without a derivation we know): ' +
      'the L positions act as the units; a position specializes when its query-key score aligns with w*w*ᵀ, ' +
      'a degree-2 feature with input eigenvalue d^-2, so it costs d²; ' +
      'M of L positions give a spike M/L, and the linear value path carries the remaining degree m-2 of the target at d^-(m-2)',
    status: 'reported',
  },
} as const satisfies Record<string, Rule>;

const STATUS_RANK: Record<RuleStatus, number> = { paper: 0, reported: 1, derived: 2 };

/** The weakest status among rules. */
export function weakest(rules: readonly Rule[]): RuleStatus {
  return rules.reduce<RuleStatus>((w, r) => (STATUS_RANK[r.status] > STATUS_RANK[w] ? r.status : w), 'paper');
}
