// Langevin dynamics whose stationary distribution is the Bayesian posterior
//   exp(-E_data) x prior,   E_data = sum_p (f(x_p) - y_p)^2 / (2 kappa)
// (the MSE at temperature kappa, with the Gaussian prior's precision as the weight decay;
// method.md, section 2). Everything runs in the prior-preconditioned coordinates q = theta/sqrt(v),
// where the prior is a unit Gaussian: a constant preconditioner leaves the posterior unchanged and
// gives every prior direction (precision d for first-layer weights, N for a standard readout, N^2
// for a mean-field one) curvature 1, so one step size respects them all; the data term's largest
// curvature (about P/kappa times a per-sample scale) is measured by power iteration.

import type { Rng } from './rng';

export interface Potential {
  size: number;
  /** Prior variance per parameter. */
  variance: Float64Array;
  /** Gradient of the data term into `grad`; returns the data term. */
  gradient(theta: Float64Array, grad: Float64Array): number;
}

export type Integrator = 'underdamped' | 'overdamped';

/**
 * Advances theta by Langevin dynamics in the prior-preconditioned coordinates q = theta / sqrt(v),
 * where the prior is a unit Gaussian, so time is in prior relaxation times for both integrators:
 * - 'overdamped' (noisy gradient descent):  q <- (1 - h) q - h sqrt(v) g + sqrt(2h) xi;  stable
 *   for h < 2 / lambda_max, so it needs about lambda_max steps per unit of time;
 * - 'underdamped' (noisy gradient descent with momentum, BAOAB splitting, friction gamma = FRICTION
 *   = 1, half the critical 2 for the prior's unit frequency): stable for h < 2 / sqrt(lambda_max), so it needs
 *   about sqrt(lambda_max) steps per unit of time. Its q-marginal is exact for a Gaussian target.
 * Both leave the posterior invariant (up to the step's discretisation error).
 */
export class Sampler {
  private readonly sd: Float64Array;
  private readonly grad: Float64Array;
  private readonly momentum: Float64Array;
  private fresh = false;
  h = 0;
  /** The data term at the last gradient evaluation. */
  energy = NaN;
  static readonly FRICTION = 1;

  constructor(private readonly pot: Potential, readonly integrator: Integrator, private readonly rng: Rng) {
    const n = pot.size;
    this.sd = new Float64Array(n);
    for (let i = 0; i < n; i++) this.sd[i] = Math.sqrt(pot.variance[i]);
    this.grad = new Float64Array(n);
    this.momentum = new Float64Array(n);
    if (integrator === 'underdamped') rng.fillNormal(this.momentum);
  }

  /** The step for a largest data curvature `c`: `factor` over the stability limit's scale. */
  setStep(factor: number, c: number): void {
    this.h = this.integrator === 'underdamped' ? factor / Math.sqrt(1 + c) : factor / (1 + c);
  }

  /** One step; returns the data term at the new point (NaN or huge when it blew up). */
  step(theta: Float64Array): number {
    const { sd, grad, rng, h } = this;
    const n = theta.length;
    if (!this.fresh) this.energy = this.pot.gradient(theta, grad);
    if (this.integrator === 'overdamped') {
      const noise = Math.sqrt(2 * h);
      for (let i = 0; i < n; i++) theta[i] = (1 - h) * theta[i] - h * sd[i] * sd[i] * grad[i] + sd[i] * noise * rng.normal();
      this.energy = this.pot.gradient(theta, grad);
      this.fresh = true;
      return this.energy;
    }
    const p = this.momentum;
    const half = h / 2;
    const decay = Math.exp(-Sampler.FRICTION * h);
    const kick = Math.sqrt(1 - decay * decay);
    for (let i = 0; i < n; i++) {
      const s = sd[i];
      let pi = p[i] - half * (theta[i] / s + s * grad[i]);
      let q = theta[i] / s + half * pi;
      pi = decay * pi + kick * rng.normal();
      q += half * pi;
      theta[i] = s * q;
      p[i] = pi;
    }
    this.energy = this.pot.gradient(theta, grad);
    this.fresh = true;
    for (let i = 0; i < n; i++) p[i] -= half * (theta[i] / sd[i] + sd[i] * grad[i]);
    return this.energy;
  }
}

/**
 * The largest curvature of the data term in the prior-preconditioned coordinates, by power
 * iteration on finite differences of the gradient (so it sees the true Hessian, not only its
 * Gauss-Newton part). Returned with a margin, since power iteration approaches from below.
 */
export function dataCurvature(pot: Potential, theta: Float64Array, rng: Rng, iterations = 12): number {
  const n = pot.size;
  const sd = new Float64Array(n);
  for (let i = 0; i < n; i++) sd[i] = Math.sqrt(pot.variance[i]);
  const g0 = new Float64Array(n);
  const g1 = new Float64Array(n);
  const moved = new Float64Array(n);
  pot.gradient(theta, g0);
  let u = new Float64Array(n);
  rng.fillNormal(u);
  normalize(u);
  const eps = 1e-5;
  let lambda = 0;
  for (let it = 0; it < iterations; it++) {
    for (let i = 0; i < n; i++) moved[i] = theta[i] + eps * sd[i] * u[i];
    pot.gradient(moved, g1);
    const next = new Float64Array(n);
    for (let i = 0; i < n; i++) next[i] = (sd[i] * (g1[i] - g0[i])) / eps;
    lambda = normalize(next);
    if (!(lambda > 0) || !Number.isFinite(lambda)) return Number.isFinite(lambda) ? 0 : Infinity;
    u = next;
  }
  return 1.25 * lambda;
}

function normalize(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  const norm = Math.sqrt(s);
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i] /= norm;
  return norm;
}
