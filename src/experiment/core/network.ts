// A dense stack with a linear readout, over one flat parameter vector, with the Gaussian prior of
// its parametrization (method.md, section 5):
//   h_l = W_l z_{l-1} (+ b_l),  z_l = sigma_l(h_l),  z_0 = x,  f = a · z_L,
//   W_l ~ N(0, 1/N_{l-1}) (N_0 = d),  b_l ~ N(0, sigma_b^2),  a ~ N(0, 1/N_L) (standard, chi = 1)
//   or N(0, 1/N_L^2) (mean-field, chi = 2).
// Matrices are row-major; W_l is N_l x N_{l-1} (a row per neuron). A batch is P x width.

import { experimentActivation, type ActivationPass } from './activations';
import { blocked, type Kernels } from './kernels';

export type Readout = 'standard' | 'mean-field';

export interface NetSpec {
  d: number;
  /** Hidden widths N_1..N_L. */
  widths: number[];
  /** Activation name per hidden layer (experimentActivation names). */
  activations: string[];
  /** Whether each hidden layer has a bias. */
  bias?: boolean[];
  /** Prior variance of the biases. */
  biasVariance?: number;
  readout: Readout;
}

export interface Block {
  name: string;
  offset: number;
  size: number;
  /** Prior variance of each entry. */
  variance: number;
}

interface Layer {
  nIn: number;
  nOut: number;
  w: Block;
  b?: Block;
  pass: ActivationPass;
}

/** Buffers for one batch size. */
interface Work {
  capacity: number;
  h: Float64Array[];
  z: Float64Array[];
  dz: Float64Array[];
  delta: Float64Array[];
  f: Float64Array;
}

export class Network {
  readonly blocks: Block[] = [];
  readonly layers: Layer[] = [];
  readonly readout: Block;
  readonly size: number;
  /** Prior variance per parameter (the Langevin preconditioner). */
  readonly variance: Float64Array;
  private work?: Work;

  constructor(readonly spec: NetSpec, private readonly k: Kernels = blocked) {
    let offset = 0;
    const add = (name: string, size: number, variance: number): Block => {
      const b = { name, offset, size, variance };
      offset += size;
      this.blocks.push(b);
      return b;
    };
    let nIn = spec.d;
    spec.widths.forEach((nOut, i) => {
      const act = experimentActivation(spec.activations[i]);
      if (!act) throw new Error(`no simulation for activation '${spec.activations[i]}'`);
      const w = add(`W${i + 1}`, nOut * nIn, 1 / nIn);
      const b = spec.bias?.[i] ? add(`b${i + 1}`, nOut, spec.biasVariance ?? 1) : undefined;
      this.layers.push({ nIn, nOut, w, b, pass: act.pass });
      nIn = nOut;
    });
    this.readout = add('a', nIn, spec.readout === 'mean-field' ? 1 / (nIn * nIn) : 1 / nIn);
    this.size = offset;
    this.variance = new Float64Array(offset);
    for (const b of this.blocks) this.variance.fill(b.variance, b.offset, b.offset + b.size);
  }

  private buffers(P: number): Work {
    if (this.work && this.work.capacity >= P) return this.work;
    const widths = this.layers.map((l) => l.nOut);
    this.work = {
      capacity: P,
      h: widths.map((n) => new Float64Array(P * n)),
      z: widths.map((n) => new Float64Array(P * n)),
      dz: widths.map((n) => new Float64Array(P * n)),
      delta: widths.map((n) => new Float64Array(P * n)),
      f: new Float64Array(P),
    };
    return this.work;
  }

  /** A draw from the prior. */
  samplePrior(theta: Float64Array, normal: () => number): void {
    for (let i = 0; i < this.size; i++) theta[i] = Math.sqrt(this.variance[i]) * normal();
  }

  /** f(x_p) for the P rows of x, into `out` (length >= P). Keeps the layer values for `backward`. */
  forward(theta: Float64Array, x: Float64Array, P: number, out?: Float64Array, keepDerivative = true): Float64Array {
    const w = this.buffers(P);
    let z = x;
    this.layers.forEach((l, i) => {
      const h = w.h[i];
      this.k.matmulABt(z, theta.subarray(l.w.offset, l.w.offset + l.w.size), h, P, l.nIn, l.nOut);
      if (l.b) {
        const b = l.b.offset;
        for (let p = 0; p < P; p++) for (let j = 0; j < l.nOut; j++) h[p * l.nOut + j] += theta[b + j];
      }
      l.pass(h, w.z[i], keepDerivative ? w.dz[i] : undefined, P * l.nOut);
      z = w.z[i];
    });
    const f = out ?? w.f;
    const n = this.readout.size, a = this.readout.offset;
    for (let p = 0; p < P; p++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += theta[a + j] * z[p * n + j];
      f[p] = s;
    }
    return f;
  }

  /**
   * The gradient of the data term sum_p r_p^2 / (2 kappa), r = f - y, into `grad`; returns the
   * data term. Runs its own forward pass.
   */
  dataGradient(theta: Float64Array, x: Float64Array, y: Float64Array, P: number, kappa: number, grad: Float64Array): number {
    const w = this.buffers(P);
    const f = this.forward(theta, x, P);
    let loss = 0;
    const c = 1 / kappa;
    for (let p = 0; p < P; p++) {
      const r = f[p] - y[p];
      loss += r * r;
      f[p] = c * r; // from here on f holds dE/df
    }
    const L = this.layers.length;
    const zL = w.z[L - 1];
    const n = this.readout.size, a = this.readout.offset;
    for (let j = 0; j < n; j++) grad[a + j] = 0;
    const delta = w.delta[L - 1], dz = w.dz[L - 1];
    for (let p = 0; p < P; p++) {
      const g = f[p];
      for (let j = 0; j < n; j++) {
        grad[a + j] += g * zL[p * n + j];
        delta[p * n + j] = g * theta[a + j] * dz[p * n + j];
      }
    }
    for (let i = L - 1; i >= 0; i--) {
      const l = this.layers[i];
      const below = i === 0 ? x : w.z[i - 1];
      this.k.matmulAtB(w.delta[i], below, grad.subarray(l.w.offset, l.w.offset + l.w.size), P, l.nOut, l.nIn);
      if (l.b) {
        const b = l.b.offset;
        for (let j = 0; j < l.nOut; j++) grad[b + j] = 0;
        for (let p = 0; p < P; p++) for (let j = 0; j < l.nOut; j++) grad[b + j] += w.delta[i][p * l.nOut + j];
      }
      if (i > 0) {
        const prev = w.delta[i - 1];
        this.k.matmulAB(w.delta[i], theta.subarray(l.w.offset, l.w.offset + l.w.size), prev, P, l.nOut, l.nIn);
        const d = w.dz[i - 1];
        for (let q = 0; q < P * l.nIn; q++) prev[q] *= d[q];
      }
    }
    return loss / (2 * kappa);
  }

  /** The last hidden layer's values after `forward` (P x N_L). */
  lastHidden(): Float64Array {
    return this.buffers(0).z[this.layers.length - 1];
  }
}
