// One run: a network at one (d, P, seed) from one start, equilibrated by Langevin dynamics, and
// its test alignment averaged over the tail of the trajectory.

import { alignment, makeDataset, type Dataset } from './data';
import { dataCurvature, Sampler, type Integrator, type Potential } from './langevin';
import { solveSpd } from './linalg';
import { Network, type NetSpec } from './network';
import { hashSeed, Rng } from './rng';

export type Start = 'random' | 'aligned';

export interface RunSettings {
  /** The temperature (the likelihood's ridge). */
  kappa: number;
  /** Burn-in and sampling windows, in prior relaxation times. */
  burnIn: number;
  sample: number;
  /** Alignment measurements in the sampling window. */
  measurements: number;
  integrator: Integrator;
  /** The step over its stability scale: h = stepFactor / sqrt(1 + c) (underdamped) or / (1 + c). */
  stepFactor: number;
  /** Most steps one run may take; a run that needs more stops short and says so. */
  maxSteps: number;
  testSize: number;
}

export interface RunJob {
  net: NetSpec;
  degree: number;
  P: number;
  seed: number;
  start: Start;
  settings: RunSettings;
}

export interface RunOutcome {
  /** Mean test alignment over the sampling window (NaN when the run diverged). */
  alignment: number;
  /** Its standard error (batch means). */
  se: number;
  /** Mean of the second half of the window minus the first. */
  drift: number;
  /** False when the run diverged, stopped at the step budget, or drifted. */
  equilibrated: boolean;
  diverged: boolean;
  /** Restarts with a quarter of the step after a divergence. */
  retries: number;
  steps: number;
  eta: number;
  /** Time reached (burn-in + sampling), in prior relaxation times. */
  time: number;
  /** Largest data curvature seen (prior-preconditioned). */
  curvature: number;
  /** Mean data term per sample, times 2 kappa (the training MSE) over the window. */
  trainMse: number;
  note?: string;
}

/** A drift beyond this (in alignment units) and beyond 3 standard errors marks a run as not equilibrated. */
export const DRIFT_TOLERANCE = 0.1;
const BATCHES = 5;
const MAX_RETRIES = 2;

let cached: { key: string; data: Dataset } | undefined;

/** The dataset of a seed; the last one is kept, since a worker runs the points of a seed in turn. */
function datasetFor(d: number, degree: number, P: number, testSize: number, seed: number): Dataset {
  const key = `${d}|${degree}|${testSize}|${seed}`;
  if (cached && cached.key === key && cached.data.trainSize >= P) return cached.data;
  const data = makeDataset(d, degree, Math.max(P, cached?.key === key ? cached.data.trainSize : 0), testSize, seed);
  cached = { key, data };
  return data;
}

export function runOne(job: RunJob): RunOutcome {
  const { net: spec, P, settings: s } = job;
  const data = datasetFor(spec.d, job.degree, P, s.testSize, job.seed);
  const net = new Network(spec);
  const x = data.trainX.subarray(0, P * spec.d);
  const y = data.trainY.subarray(0, P);
  const pot: Potential = { size: net.size, variance: net.variance, gradient: (t, g) => net.dataGradient(t, x, y, P, s.kappa, g) };
  const start = initialTheta(net, job, data);
  let factor = s.stepFactor;
  let retries = 0;
  for (;;) {
    const out = trajectory(net, pot, start, job, data, factor);
    if (!out.diverged || retries >= MAX_RETRIES) return { ...out, retries };
    retries++;
    factor /= 4;
  }
}

function trajectory(net: Network, pot: Potential, start: Float64Array, job: RunJob, data: Dataset, factor: number): Omit<RunOutcome, 'retries'> {
  const s = job.settings;
  const rng = new Rng(hashSeed('noise', job.seed, job.net.d, job.P, job.start, factor));
  const theta = new Float64Array(start);
  const sampler = new Sampler(pot, s.integrator, rng);
  let curvature = dataCurvature(pot, theta, rng);
  sampler.setStep(factor, curvature);
  const limit = 1e6 * (job.P / s.kappa + 1);
  const total = s.burnIn + s.sample;
  let steps = 0;
  let time = 0;
  let rechecked = false;
  const fail = (note: string) => ({ alignment: NaN, se: NaN, drift: NaN, equilibrated: false, diverged: true, steps, eta: sampler.h, time, curvature, trainMse: NaN, note });
  // Burn-in, with a second look at the curvature half way (it grows as features are learned).
  while (time < s.burnIn && steps < s.maxSteps) {
    const e = sampler.step(theta);
    steps++;
    time += sampler.h;
    if (!(e < limit)) return fail(`diverged at step ${steps} (data term ${e})`);
    if (!rechecked && time >= s.burnIn / 2) {
      rechecked = true;
      const c = dataCurvature(pot, theta, rng);
      if (c > curvature) {
        curvature = c;
        sampler.setStep(factor, c);
      }
    }
  }
  const planned = Math.ceil(s.sample / sampler.h);
  const sampleSteps = Math.max(s.measurements, Math.min(planned, s.maxSteps - steps));
  const every = Math.max(1, Math.floor(sampleSteps / s.measurements));
  const values: number[] = [];
  const fTest = new Float64Array(data.testSize);
  let mse = 0;
  for (let i = 1; i <= sampleSteps; i++) {
    const e = sampler.step(theta);
    steps++;
    time += sampler.h;
    if (!(e < limit)) return fail(`diverged at step ${steps} (data term ${e})`);
    mse += (2 * s.kappa * e) / job.P;
    if (i % every === 0) {
      net.forward(theta, data.testX, data.testSize, fTest, false);
      values.push(alignment(fTest, data.testY));
    }
  }
  if (!values.every(Number.isFinite)) return fail('the test alignment is not finite');
  const st = tailStats(values);
  const short = time < total * 0.999;
  const drifted = Math.abs(st.drift) > DRIFT_TOLERANCE && Math.abs(st.drift) > 3 * st.driftSe;
  const notes: string[] = [];
  if (short) notes.push(`stopped at the step budget (${s.maxSteps} steps) after ${time.toFixed(2)} of ${total} relaxation times`);
  if (drifted) notes.push(`the alignment drifted by ${st.drift.toFixed(3)} across the sampling window`);
  return {
    alignment: st.mean,
    se: st.se,
    drift: st.drift,
    equilibrated: !short && !drifted,
    diverged: false,
    steps,
    eta: sampler.h,
    time,
    curvature,
    trainMse: mse / sampleSteps,
    ...(notes.length ? { note: notes.join('; ') } : {}),
  };
}

/** Mean, batch-means standard error, and the drift between the window's halves with its error. */
function tailStats(v: number[]): { mean: number; se: number; drift: number; driftSe: number } {
  const n = v.length;
  const mean = v.reduce((a, b) => a + b, 0) / n;
  const b = Math.min(BATCHES, n);
  const means: number[] = [];
  for (let i = 0; i < b; i++) {
    const lo = Math.floor((i * n) / b), hi = Math.floor(((i + 1) * n) / b);
    let s = 0;
    for (let k = lo; k < hi; k++) s += v[k];
    means.push(s / (hi - lo));
  }
  const bm = means.reduce((a, c) => a + c, 0) / b;
  const varB = b > 1 ? means.reduce((a, c) => a + (c - bm) * (c - bm), 0) / (b - 1) : 0;
  const se = Math.sqrt(varB / b);
  const half = Math.floor(n / 2);
  const m1 = v.slice(0, half).reduce((a, c) => a + c, 0) / Math.max(1, half);
  const m2 = v.slice(half).reduce((a, c) => a + c, 0) / Math.max(1, n - half);
  return { mean, se, drift: m2 - m1, driftSe: 2 * se };
}

/**
 * A start: a draw from the prior ('random'), or ('aligned') the first layer's neurons all along
 * w* (w_i = z_i w*, z_i ~ N(0, 1): the prior's preactivation scale, fully specialised) with the
 * readout at its conditional posterior mean given the features (an exact Gaussian solve).
 */
function initialTheta(net: Network, job: RunJob, data: Dataset): Float64Array {
  const rng = new Rng(hashSeed('init', job.seed, job.net.d, job.P, job.start));
  const theta = new Float64Array(net.size);
  net.samplePrior(theta, () => rng.normal());
  if (job.start === 'random') return theta;
  const l1 = net.layers[0];
  const d = job.net.d;
  for (let i = 0; i < l1.nOut; i++) {
    const z = rng.normal();
    for (let k = 0; k < d; k++) theta[l1.w.offset + i * d + k] = z * data.wStar[k];
  }
  readoutPosteriorMean(net, theta, data.trainX, data.trainY, job.P, job.settings.kappa);
  return theta;
}

/** Sets the readout to its posterior mean given the hidden features (ridge regression). */
function readoutPosteriorMean(net: Network, theta: Float64Array, x: Float64Array, y: Float64Array, P: number, kappa: number): void {
  net.forward(theta, x, P, undefined, false);
  const z = net.lastHidden();
  const n = net.readout.size;
  const A = new Float64Array(n * n);
  const b = new Float64Array(n);
  for (let p = 0; p < P; p++) {
    const row = p * n;
    for (let i = 0; i < n; i++) {
      const zi = z[row + i] / kappa;
      b[i] += zi * y[p];
      for (let j = 0; j <= i; j++) A[i * n + j] += zi * z[row + j];
    }
  }
  for (let i = 0; i < n; i++) {
    A[i * n + i] += 1 / net.readout.variance;
    for (let j = 0; j < i; j++) A[j * n + i] = A[i * n + j];
  }
  const a = solveSpd(A, b, n);
  if (a) theta.set(a, net.readout.offset);
}
