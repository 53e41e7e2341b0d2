// The rules of the scale analysis (method.md, sections 3-5), one small named function each, so a
// rule can be revised in one place. Everything is a monomial, written as a linear form in log space.
//
// Kernels are summarised by the eigenvalue of two features: phi = w*·x and the target y = He_m(phi).
// An eigenvalue is the larger of several paths (the lazy part plus what patterns add); at the
// level of exponents a sum is its largest term, so a path list means "max over these".

import { LinForm } from '../../src/engine/linform';
import { Rational } from '../../src/engine/rational';
import type { ActivationInfo } from '../../src/engine/activation';

export type RuleStatus = 'paper' | 'reported' | 'derived';

export interface Rule {
  id: string;
  text: string;
  status: RuleStatus;
}

export const RULES = {
  inputKernel: { id: 'input-kernel', text: 'input kernel x·x\'/d: a degree-j feature of phi has eigenvalue d^-j', status: 'paper' },
  lazy: { id: 'rule-iii', text: 'rule (iii): a lazy (GP) layer keeps the relative scales of the layer below', status: 'paper' },
  lazyPassesSpike: {
    id: 'rule-iii-spike',
    text: 'rule (iii) applied to a spike: a lazy layer passes a lower layer\'s spike on at full strength (the least certain rule)',
    status: 'derived',
  },
  spike: { id: 'rule-i', text: 'rule (i): M specialists out of N_l give the next kernel a spike M/N_l along sigma(mu phi)', status: 'paper' },
  amplification: { id: 'rule-ii', text: 'rule (ii): a GFL layer that raises phi\'s eigenvalue by D raises a degree-j feature by D^j', status: 'paper' },
  magnetization: {
    id: 'magnetization',
    text: 'magnetization: a collective mean of strength beta along a spiked feature gives y an eigenvalue beta/N_l, at cost beta/lambda_l(phi)',
    status: 'paper',
  },
  magnetizationFar: {
    id: 'magnetization-far',
    text: 'magnetization along a spike made two or more layers below (the paper uses it only right after a specialization layer)',
    status: 'derived',
  },
  gflCost: { id: 'cost-gfl', text: 'GFL cost N_l·D, D >= 1', status: 'paper' },
  specCost: { id: 'cost-spec', text: 'specialization cost M/lambda_l(phi), 1 <= M <= N_l', status: 'paper' },
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
  attention: {
    id: 'attention-head',
    text:
      'single softmax head (our reconstruction; the paper reports P* ∝ √(L d³) without a derivation we know): ' +
      'the L positions act as the units; a position specializes when its query-key score aligns with w*w*ᵀ, ' +
      'a degree-2 feature with input eigenvalue d^-2, so it costs d² (rule of the specialization cost); ' +
      'M of L positions give a spike M/L, and the linear value path carries the remaining degree m-2 of the target at d^-(m-2)',
    status: 'reported',
  },
} as const satisfies Record<string, Rule>;

/** One path of an eigenvalue: its monomial and what produced it. */
export interface Path {
  form: LinForm;
  /** Hidden layer (0-based) whose pattern created it; -1 for the input kernel. */
  layer: number;
  via: string;
}

export interface Spectrum {
  phi: Path[];
  y: Path[];
}

/** Input kernel: phi has eigenvalue 1/d, y = He_m(phi) has d^-m (paper). */
export function inputSpectrum(d: string, m: number): Spectrum {
  return {
    phi: [{ form: LinForm.sym(d, -1), layer: -1, via: 'input kernel' }],
    y: [{ form: LinForm.sym(d, -m), layer: -1, via: 'input kernel' }],
  };
}

/** Rule (iii): a lazy layer keeps the relative scales of the layer below. */
export function lazyLayer(s: Spectrum): Spectrum {
  return s;
}

/** Rule (ii): GFL with amplification D multiplies phi by D and the degree-m target by D^m. */
export function gflLayer(s: Spectrum, D: string, m: number): Spectrum {
  const amp = (paths: Path[], j: number) => paths.map((p) => ({ ...p, form: p.form.add(LinForm.sym(D, j)), via: `${p.via}, amplified by ${D}^${j}` }));
  return { phi: amp(s.phi, 1), y: amp(s.y, m) };
}

/** Rule (i): M of N specialists add a spike M/N along sigma(mu phi), carrying the degrees sigma has. */
export function specLayer(s: Spectrum, M: string, N: string, layer: number, act: ActivationInfo, m: number): Spectrum {
  const spike = LinForm.sym(M).sub(LinForm.sym(N));
  const via = `spike ${M}/${N} of layer ${layer + 1}`;
  return {
    phi: act.has(1) ? [...s.phi, { form: spike, layer, via }] : s.phi,
    y: act.has(m) ? [...s.y, { form: spike, layer, via }] : s.y,
  };
}

/** Magnetization: a collective mean of strength beta along the spiked feature: y (and phi) gain beta/N. */
export function magLayer(s: Spectrum, beta: string, N: string, layer: number, act: ActivationInfo, m: number): Spectrum {
  const mag = LinForm.sym(beta).sub(LinForm.sym(N));
  const via = `magnetization ${beta}/${N} of layer ${layer + 1}`;
  return {
    phi: act.has(1) ? [...s.phi, { form: mag, layer, via }] : s.phi,
    y: act.has(m) ? [...s.y, { form: mag, layer, via }] : s.y,
  };
}

/** Attention (reconstruction, see RULES.attention): M of L positions give y a spike (M/L) d^-(m-2). */
export function attentionSpecLayer(s: Spectrum, M: string, L: string, d: string, layer: number, m: number): Spectrum {
  if (m < 2) return s; // the value path alone carries a linear target; the spike adds nothing.
  const spike = LinForm.sym(M).sub(LinForm.sym(L)).add(LinForm.sym(d, -(m - 2)));
  return { phi: s.phi, y: [...s.y, { form: spike, layer, via: `score spike ${M}/${L} of the attention head` }] };
}

/** A cost term: a sum over its options is not what we want; it is the cheapest option (min). */
export interface CostOption {
  form: LinForm;
  /** The path the option relies on. */
  path?: Path;
}
export interface CostTerm {
  label: string;
  options: CostOption[];
  /** The hidden layer that pays it (the number of hidden layers for the readout). */
  layer: number;
}

/** GFL: cost N_l·D. */
export function gflCost(N: string, D: string, layer: number): CostTerm {
  return { label: `${N}·${D}`, options: [{ form: LinForm.sym(N).add(LinForm.sym(D)) }], layer };
}

/** Specialization and magnetization: strength / lambda_l(phi), cheapest over phi's paths. */
export function perFeatureCost(strength: string, phi: Path[], layer: number): CostTerm {
  return {
    label: `${strength}/λ(φ)`,
    options: phi.map((p) => ({ form: LinForm.sym(strength).sub(p.form), path: p })),
    layer,
  };
}

/** Attention specialization: d² per specialized position. */
export function attentionCost(M: string, d: string, layer: number): CostTerm {
  return { label: `${M}·${d}²`, options: [{ form: LinForm.sym(M).add(LinForm.sym(d, 2)) }], layer };
}

/** Readout: a_y = 1/lambda_out(y), times N_last for the mean-field readout. */
export function readoutCost(y: Path[], layer: number, meanFieldWidth?: string): CostTerm {
  const extra = meanFieldWidth ? LinForm.sym(meanFieldWidth) : LinForm.ZERO;
  return {
    label: meanFieldWidth ? `${meanFieldWidth}/λ_out(y)` : '1/λ_out(y)',
    options: y.map((p) => ({ form: extra.sub(p.form), path: p })),
    layer,
  };
}

export const ONE = Rational.ONE;
