// Widths as d varies: each hidden width follows its law, round(c x d^e), at least 1.

import type { NetSpec } from './core/network';
import type { ExperimentPlan, WidthLaw } from './types';

export function widthOf(law: WidthLaw, d: number): number {
  return Math.max(1, Math.round(law.coefficient * Math.pow(d, law.exponent)));
}

/** Each width symbol's value at d. */
export function widthsAt(plan: Pick<ExperimentPlan, 'widthLaws'>, d: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const law of plan.widthLaws) out[law.symbol] = widthOf(law, d);
  return out;
}

/** The network simulated at d. */
export function netSpecAt(plan: Pick<ExperimentPlan, 'widthLaws' | 'hidden' | 'readout' | 'biasVariance'>, d: number): NetSpec {
  const w = widthsAt(plan, d);
  const bv = plan.biasVariance;
  return {
    d,
    widths: plan.hidden.map((h) => w[h.symbol]),
    activations: plan.hidden.map((h) => h.activation),
    bias: plan.hidden.map((h) => h.bias),
    ...(plan.hidden.some((h) => h.bias) ? { biasVariance: (bv?.coefficient ?? 1) * Math.pow(d, bv?.exponent ?? 0) } : {}),
    readout: plan.readout,
  };
}
