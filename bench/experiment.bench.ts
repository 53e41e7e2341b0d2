// Benchmark of the experiment's numeric core, the measurement that chose it:
//  1. one Langevin step (full-batch gradient of a two-layer erf network + the BAOAB update) at
//     quick-mode and full-mode sizes, with the register-blocked typed-array kernels the core uses,
//     against the plain triple-loop typed-array baseline in the same run, and against TensorFlow.js's
//     WebAssembly backend (SIMD) when it is installed (optional, not a dependency:
//     `npm i --no-save @tensorflow/tfjs-core @tensorflow/tfjs-backend-wasm`);
//  2. the quick mode end to end (two-layer erf, N = d, He_3) on this machine's worker threads.
// Prints figures and ratios; asserts nothing.
//   npm run bench:experiment            (add -- --no-quick to skip part 2)
import { performance } from 'node:perf_hooks';
import { cpus } from 'node:os';
import { Network } from '../src/experiment/core/network';
import { blocked, naive, type Kernels } from '../src/experiment/core/kernels';
import { Sampler } from '../src/experiment/core/langevin';
import { makeDataset } from '../src/experiment/core/data';
import { Rng } from '../src/experiment/core/rng';
import { planExperiment } from '../src/experiment/run/plan';
import { runExperiment } from '../src/experiment/run/runner';
import type { ModelDescription } from '../src/model/types';

const SIZES: [number, number, number, string][] = [
  [256, 16, 16, 'quick, d = 16'],
  [1024, 32, 32, 'quick, d = 32 (top of its grid)'],
  [2048, 32, 181, 'quick, two-layer.json at d = 32 (N = d^1.5)'],
  [4096, 64, 64, 'full, d = 64'],
];

/** Steps per second over about `ms` milliseconds. */
function rate(step: () => void, ms: number): number {
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < ms) {
    step();
    n++;
  }
  return (n * 1000) / (performance.now() - t0);
}

/**
 * Interleaved: ROUNDS rounds, each timing every variant in turn, and the median per variant, so
 * that a machine shared with other work slows every variant alike.
 */
const ROUNDS = 7;
function interleaved(steps: (() => void)[], ms = 400): number[] {
  for (const s of steps) for (let i = 0; i < 3; i++) s();
  const rates: number[][] = steps.map(() => []);
  for (let r = 0; r < ROUNDS; r++) steps.forEach((s, i) => rates[i].push(rate(s, ms)));
  return rates.map((v) => v.sort((a, b) => a - b)[Math.floor(v.length / 2)]);
}

function jsStep(P: number, d: number, N: number, k: Kernels): () => void {
  const data = makeDataset(d, 3, P, 1, 1);
  const net = new Network({ d, widths: [N], activations: ['erf'], readout: 'standard' }, k);
  const theta = new Float64Array(net.size);
  const rng = new Rng(1);
  net.samplePrior(theta, () => rng.normal());
  const sampler = new Sampler({ size: net.size, variance: net.variance, gradient: (t, g) => net.dataGradient(t, data.trainX, data.trainY, P, 0.5, g) }, 'underdamped', rng);
  sampler.setStep(0.5, P);
  return () => void sampler.step(theta);
}

/** The same step with TensorFlow.js tensors (float32, WebAssembly SIMD kernels), when installed. */
async function tfStep(P: number, d: number, N: number): Promise<(() => void) | string> {
  let tf: any;
  try {
    tf = require('@tensorflow/tfjs-core');
    require('@tensorflow/tfjs-backend-wasm');
    await tf.setBackend('wasm');
    await tf.ready();
  } catch {
    return 'not installed';
  }
  const data = makeDataset(d, 3, P, 1, 1);
  const X = tf.tensor2d(Float32Array.from(data.trainX), [P, d]);
  const XT = tf.transpose(X);
  const y = tf.tensor2d(Float32Array.from(data.trainY), [P, 1]);
  let W = tf.mul(tf.randomNormal([N, d]), 1 / Math.sqrt(d));
  let a = tf.mul(tf.randomNormal([N, 1]), 1 / Math.sqrt(N));
  let pW = tf.randomNormal([N, d]);
  let pa = tf.randomNormal([N, 1]);
  const h = 0.5 / Math.sqrt(P), decay = Math.exp(-h), kick = Math.sqrt(1 - decay * decay);
  const sW = 1 / Math.sqrt(d), sa = 1 / Math.sqrt(N), c = 2 / Math.sqrt(Math.PI);
  return () => {
    const next = tf.tidy(() => {
      const H = tf.matMul(X, W, false, true);
      const Z = tf.erf(H);
      const r = tf.div(tf.sub(tf.matMul(Z, a), y), 0.5);
      const ga = tf.transpose(tf.matMul(tf.transpose(r), Z));
      const delta = tf.mul(tf.mul(r, tf.transpose(a)), tf.mul(tf.exp(tf.neg(tf.square(H))), c));
      const gW = tf.transpose(tf.matMul(XT, delta));
      // The BAOAB update in the preconditioned coordinates, as in the core.
      const upd = (q: any, p: any, g: any, s: number) => {
        let p1 = tf.sub(p, tf.mul(tf.add(tf.div(q, s), tf.mul(g, s)), h / 2));
        let q1 = tf.add(tf.div(q, s), tf.mul(p1, h));
        p1 = tf.add(tf.mul(p1, decay), tf.mul(tf.randomNormal(p.shape), kick));
        q1 = tf.mul(q1, s);
        return [q1, p1];
      };
      const [W1, pW1] = upd(W, pW, gW, sW);
      const [a1, pa1] = upd(a, pa, ga, sa);
      return [W1, pW1, a1, pa1];
    });
    [W, pW, a, pa].forEach((t) => t.dispose());
    [W, pW, a, pa] = next;
    W.dataSync(); // wait for the step, as the JavaScript core does
  };
}

async function main() {
  console.log(`Experiment core benchmark on ${cpus().length} CPU(s) (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}\n`);
  console.log(`1. one Langevin step (gradient of a two-layer erf network over P samples + BAOAB update), steps per second (median of ${ROUNDS} interleaved rounds):`);
  console.log(`   ${'size'.padEnd(52)} ${'baseline'.padStart(9)} ${'core'.padStart(9)} ${'tfjs-wasm'.padStart(10)}   core/baseline  tfjs/baseline`);
  for (const [P, d, N, label] of SIZES) {
    const tf = await tfStep(P, d, N);
    const [base, core, tfRate] = interleaved([jsStep(P, d, N, naive), jsStep(P, d, N, blocked), ...(typeof tf === 'string' ? [] : [tf])]);
    const tfText = tfRate === undefined ? String(tf) : tfRate.toFixed(0);
    console.log(
      `   ${`P=${P} d=${d} N=${N} (${label})`.padEnd(52)} ${base.toFixed(0).padStart(9)} ${core.toFixed(0).padStart(9)} ${tfText.padStart(10)}   ${(core / base).toFixed(2).padStart(13)}x ${tfRate === undefined ? '' : `${(tfRate / base).toFixed(2).padStart(13)}x`}`,
    );
  }
  if (process.argv.includes('--no-quick')) return;
  console.log('\n2. quick mode end to end: two-layer erf, N = d, He_3 target (the issue\'s budget: 2 minutes on a 2-core machine)');
  const model: ModelDescription = {
    name: 'bench-two-layer',
    data: { kind: 'gaussian', dim: 'd' },
    target: { kind: 'single-index', degree: 3 },
    parametrization: { readout: 'standard' },
    layers: [{ type: 'dense', width: 'N', activation: 'erf' }, { type: 'readout' }],
    regime: { N: 'd' },
  };
  const plan = planExperiment(model, { mode: 'quick' });
  if (!plan.ok) throw new Error(plan.reason);
  const t0 = performance.now();
  const r = await runExperiment(plan.plan, { threads: Math.min(2, cpus().length) });
  const s = (performance.now() - t0) / 1000;
  const runs = r.measured.points.flatMap((p) => p.runs);
  const steps = runs.reduce((a, x) => a + x.steps, 0);
  console.log(`   ${s.toFixed(1)} s wall on ${Math.min(2, cpus().length)} threads, ${runs.length} runs, ${steps} steps (${(steps / s).toFixed(0)} steps/s overall)`);
  console.log(`   measured exponent ${r.measured.exponent?.toFixed(2)} (interval ${r.measured.interval?.map((x) => x.toFixed(2)).join(' to ')}), predicted ${r.predicted.inD}`);
}

void main();
