// The activations a dense layer may have (the ones src/engine/activation.ts knows), each as one
// pass over an array that writes sigma(h) and sigma'(h) together, so the exponential that both
// need is computed once. Names are the engine's canonical names.

/** Writes z[i] = sigma(h[i]) and, when `dz` is given, dz[i] = sigma'(h[i]) for i < n. */
export type ActivationPass = (h: Float64Array, z: Float64Array, dz: Float64Array | undefined, n: number) => void;

export interface ExperimentActivation {
  name: string;
  pass: ActivationPass;
  /** What the simulation uses when the name leaves a choice open (shown in the settings). */
  note?: string;
}

const TWO_OVER_SQRT_PI = 1.1283791670955126;
const SQRT_HALF = Math.SQRT1_2;
const INV_SQRT_2PI = 0.3989422804014327;

/**
 * erf(x) with the exponential e = exp(-x^2) supplied (Abramowitz and Stegun 7.1.26, absolute error
 * below 1.5e-7: far below the Langevin noise). JavaScript has no Math.erf.
 */
function erfWithExp(x: number, e: number): number {
  const ax = x < 0 ? -x : x;
  const t = 1 / (1 + 0.3275911 * ax);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * e;
  return x < 0 ? -y : y;
}

export function erf(x: number): number {
  return erfWithExp(x, Math.exp(-x * x));
}

const erfPass: ActivationPass = (h, z, dz, n) => {
  for (let i = 0; i < n; i++) {
    const x = h[i];
    const e = Math.exp(-x * x);
    z[i] = erfWithExp(x, e);
    if (dz) dz[i] = TWO_OVER_SQRT_PI * e;
  }
};

const tanhPass: ActivationPass = (h, z, dz, n) => {
  for (let i = 0; i < n; i++) {
    const t = Math.tanh(h[i]);
    z[i] = t;
    if (dz) dz[i] = 1 - t * t;
  }
};

const sinPass: ActivationPass = (h, z, dz, n) => {
  for (let i = 0; i < n; i++) {
    z[i] = Math.sin(h[i]);
    if (dz) dz[i] = Math.cos(h[i]);
  }
};

const reluPass = (slope: number): ActivationPass => (h, z, dz, n) => {
  for (let i = 0; i < n; i++) {
    const x = h[i];
    z[i] = x > 0 ? x : slope * x;
    if (dz) dz[i] = x > 0 ? 1 : slope;
  }
};

// GELU, exact form x·Phi(x): Phi and phi share exp(-x^2/2).
const geluPass: ActivationPass = (h, z, dz, n) => {
  for (let i = 0; i < n; i++) {
    const x = h[i];
    const e = Math.exp(-0.5 * x * x);
    const cdf = 0.5 * (1 + erfWithExp(x * SQRT_HALF, e));
    z[i] = x * cdf;
    if (dz) dz[i] = cdf + x * INV_SQRT_2PI * e;
  }
};

function logistic(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

const siluPass: ActivationPass = (h, z, dz, n) => {
  for (let i = 0; i < n; i++) {
    const x = h[i];
    const s = logistic(x);
    z[i] = x * s;
    if (dz) dz[i] = s + x * s * (1 - s);
  }
};

// x·clamp(x + 3, 0, 6)/6, PyTorch's and Keras' hard swish.
const hardswishPass: ActivationPass = (h, z, dz, n) => {
  for (let i = 0; i < n; i++) {
    const x = h[i];
    z[i] = x <= -3 ? 0 : x >= 3 ? x : (x * (x + 3)) / 6;
    if (dz) dz[i] = x <= -3 ? 0 : x >= 3 ? 1 : (2 * x + 3) / 6;
  }
};

const sigmoidPass: ActivationPass = (h, z, dz, n) => {
  for (let i = 0; i < n; i++) {
    const s = logistic(h[i]);
    z[i] = s;
    if (dz) dz[i] = s * (1 - s);
  }
};

const softplusPass: ActivationPass = (h, z, dz, n) => {
  for (let i = 0; i < n; i++) {
    const x = h[i];
    z[i] = x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    if (dz) dz[i] = logistic(x);
  }
};

const eluPass = (scale: number, alpha: number): ActivationPass => (h, z, dz, n) => {
  for (let i = 0; i < n; i++) {
    const x = h[i];
    if (x > 0) {
      z[i] = scale * x;
      if (dz) dz[i] = scale;
    } else {
      const e = Math.exp(x);
      z[i] = scale * alpha * (e - 1);
      if (dz) dz[i] = scale * alpha * e;
    }
  }
};

/** SELU's constants (Klambauer et al. 2017), as in PyTorch and Keras. */
export const SELU_SCALE = 1.0507009873554805;
export const SELU_ALPHA = 1.6732632423543772;
/** The leaky ReLU slope the simulation uses (PyTorch's default; Keras and TF.js use 0.3). */
export const LEAKY_SLOPE = 0.01;

const TABLE: Record<string, Omit<ExperimentActivation, 'name'>> = {
  erf: { pass: erfPass },
  tanh: { pass: tanhPass },
  sin: { pass: sinPass },
  relu: { pass: reluPass(0) },
  leaky_relu: { pass: reluPass(LEAKY_SLOPE), note: `negative slope ${LEAKY_SLOPE}` },
  gelu: { pass: geluPass, note: 'exact GELU x·Phi(x)' },
  silu: { pass: siluPass },
  swish: { pass: siluPass, note: 'swish with beta = 1 (SiLU)' },
  hardswish: { pass: hardswishPass },
  sigmoid: { pass: sigmoidPass },
  softplus: { pass: softplusPass },
  elu: { pass: eluPass(1, 1), note: 'alpha = 1' },
  selu: { pass: eluPass(SELU_SCALE, SELU_ALPHA) },
  /** Only for the tests of the Langevin step (a linear model); a model's linear layer is refused upstream. */
  identity: {
    pass: (h, z, dz, n) => {
      for (let i = 0; i < n; i++) {
        z[i] = h[i];
        if (dz) dz[i] = 1;
      }
    },
  },
};

export function experimentActivation(name: string): ExperimentActivation | undefined {
  const row = TABLE[name];
  return row && { name, ...row };
}

export function simulatedActivations(): string[] {
  return Object.keys(TABLE).filter((n) => n !== 'identity');
}
