// The experiment's numeric core: the data generator (Hermite normalisation, the alignment
// estimator), the network's gradient, the kernels, and the Langevin step, whose stationary
// distribution on a tiny linear model must match the closed-form Gaussian posterior.
import { strict as assert } from 'node:assert';
import { erf, experimentActivation, simulatedActivations } from '../../src/experiment/core/activations';
import { alignment, makeDataset } from '../../src/experiment/core/data';
import { hermite, normalizedHermite } from '../../src/experiment/core/hermite';
import { blocked, naive } from '../../src/experiment/core/kernels';
import { dataCurvature, Sampler, type Integrator, type Potential } from '../../src/experiment/core/langevin';
import { solveSpd } from '../../src/experiment/core/linalg';
import { Network } from '../../src/experiment/core/network';
import { Rng } from '../../src/experiment/core/rng';
import { knownActivations } from '../../src/engine/activation';

describe('experiment core: the data generator', () => {
  it('He_m follows the recurrence (He_3 = z^3 - 3z, He_4 = z^4 - 6z^2 + 3)', () => {
    for (const z of [-1.7, 0, 0.3, 2.2]) {
      assert.ok(Math.abs(hermite(3, z) - (z ** 3 - 3 * z)) < 1e-12);
      assert.ok(Math.abs(hermite(4, z) - (z ** 4 - 6 * z * z + 3)) < 1e-12);
    }
  });

  it('normalised Hermite targets have unit variance and are orthogonal across degrees (Monte Carlo)', () => {
    const rng = new Rng(7);
    const n = 400_000;
    const m2 = [0, 0, 0, 0, 0];
    let cross13 = 0, cross24 = 0, mean3 = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      const h = [1, 2, 3, 4].map((m) => normalizedHermite(m, z));
      h.forEach((v, k) => (m2[k + 1] += v * v));
      cross13 += h[0] * h[2];
      cross24 += h[1] * h[3];
      mean3 += h[2];
    }
    for (let m = 1; m <= 4; m++) assert.ok(Math.abs(m2[m] / n - 1) < 0.03, `E[He_${m}^2]/m! = ${m2[m] / n}`);
    assert.ok(Math.abs(cross13 / n) < 0.02 && Math.abs(cross24 / n) < 0.03 && Math.abs(mean3 / n) < 0.01);
  });

  it('draws x ~ N(0, I_d), a unit w* per seed, y = He_m(w*·x)/sqrt(m!), and nested training sets', () => {
    const a = makeDataset(16, 3, 2000, 500, 1);
    const b = makeDataset(16, 3, 100, 500, 1);
    const c = makeDataset(16, 3, 100, 500, 2);
    const norm = Math.hypot(...a.wStar);
    assert.ok(Math.abs(norm - 1) < 1e-12);
    assert.deepEqual(b.trainX, a.trainX.subarray(0, 100 * 16), 'the first P rows do not depend on the pool size');
    assert.notDeepEqual(c.wStar, a.wStar, 'a fresh teacher per seed');
    let xx = 0, yy = 0;
    for (let i = 0; i < a.trainX.length; i++) xx += a.trainX[i] ** 2;
    for (const y of a.trainY) yy += y * y;
    assert.ok(Math.abs(xx / a.trainX.length - 1) < 0.03, 'unit variance inputs');
    assert.ok(Math.abs(yy / a.trainSize - 1) < 0.15, `E[y^2] = ${yy / a.trainSize}`);
    for (let p = 0; p < 5; p++) {
      let u = 0;
      for (let k = 0; k < 16; k++) u += a.testX[p * 16 + k] * a.wStar[k];
      assert.ok(Math.abs(a.testY[p] - (u ** 3 - 3 * u) / Math.sqrt(6)) < 1e-9);
    }
  });

  it('the alignment A_f = <f,y>/<y,y> is 1 for f = y, scales linearly, and is 0 for an orthogonal f', () => {
    const y = [1, -2, 0.5, 3];
    assert.equal(alignment(y, y), 1);
    assert.ok(Math.abs(alignment(y.map((v) => 0.4 * v), y) - 0.4) < 1e-12);
    assert.equal(alignment([2, 1, 0, 0], y), 0);
    // On data: the alignment of He_1 with a He_3 target is ~0 and of the target plus noise ~1.
    const data = makeDataset(8, 3, 10, 20000, 3);
    const lin = new Float64Array(data.testSize);
    const noisy = new Float64Array(data.testSize);
    const r = new Rng(5);
    for (let p = 0; p < data.testSize; p++) {
      for (let k = 0; k < 8; k++) lin[p] += data.testX[p * 8 + k] * data.wStar[k];
      noisy[p] = data.testY[p] + r.normal();
    }
    assert.ok(Math.abs(alignment(lin, data.testY)) < 0.03);
    assert.ok(Math.abs(alignment(noisy, data.testY) - 1) < 0.03);
  });
});

describe('experiment core: network and kernels', () => {
  it('simulates every activation the engine knows', () => {
    for (const a of knownActivations()) assert.ok(experimentActivation(a), `no simulation for ${a}`);
    assert.ok(!simulatedActivations().includes('identity'));
  });

  it('erf is accurate to 2e-7 (JavaScript has none)', () => {
    const table: [number, number][] = [[0, 0], [0.5, 0.5204998778130465], [1, 0.8427007929497149], [2, 0.9953222650189527], [-1.5, -0.9661051464753108]];
    for (const [x, v] of table) assert.ok(Math.abs(erf(x) - v) < 2e-7, `erf(${x})`);
  });

  it('the blocked kernels equal the plain triple loops', () => {
    const r = new Rng(1);
    const rand = (n: number) => Float64Array.from({ length: n }, () => r.normal());
    for (const [P, k, n] of [[7, 5, 3], [16, 9, 13], [1, 1, 1]]) {
      const a = rand(P * k), b = rand(n * k), g = rand(P * n), w = rand(n * k);
      const o1 = new Float64Array(P * n), o2 = new Float64Array(P * n);
      blocked.matmulABt(a, b, o1, P, k, n);
      naive.matmulABt(a, b, o2, P, k, n);
      o1.forEach((v, i) => assert.ok(Math.abs(v - o2[i]) < 1e-10));
      const t1 = new Float64Array(n * k), t2 = new Float64Array(n * k);
      blocked.matmulAtB(g, a, t1, P, n, k);
      naive.matmulAtB(g, a, t2, P, n, k);
      t1.forEach((v, i) => assert.ok(Math.abs(v - t2[i]) < 1e-10));
      const u1 = new Float64Array(P * k), u2 = new Float64Array(P * k);
      blocked.matmulAB(g, w, u1, P, n, k);
      naive.matmulAB(g, w, u2, P, n, k);
      u1.forEach((v, i) => assert.ok(Math.abs(v - u2[i]) < 1e-10));
    }
  });

  it('the data gradient matches finite differences, for every activation, with biases, three layers, both readouts', () => {
    const data = makeDataset(5, 3, 9, 1, 2);
    for (const act of simulatedActivations()) {
      for (const readout of ['standard', 'mean-field'] as const) {
        const net = new Network({ d: 5, widths: [4, 3], activations: [act, 'tanh'], bias: [true, false], biasVariance: 0.5, readout });
        const r = new Rng(3);
        const theta = new Float64Array(net.size);
        net.samplePrior(theta, () => 3 * r.normal());
        const g = new Float64Array(net.size);
        net.dataGradient(theta, data.trainX, data.trainY, 9, 0.7, g);
        const e = 1e-6;
        for (let i = 0; i < net.size; i++) {
          const t = new Float64Array(theta);
          t[i] += e;
          const up = net.dataGradient(t, data.trainX, data.trainY, 9, 0.7, new Float64Array(net.size));
          t[i] -= 2 * e;
          const down = net.dataGradient(t, data.trainX, data.trainY, 9, 0.7, new Float64Array(net.size));
          const fd = (up - down) / (2 * e);
          // erf's value is an approximation (1.5e-7) whose derivative is exact: allow for it.
          assert.ok(Math.abs(fd - g[i]) < 2e-4 * Math.max(1, Math.abs(fd)), `${act} ${readout} parameter ${i}: ${g[i]} vs ${fd}`);
        }
      }
    }
  });

  it('the prior: W_l ~ N(0, 1/N_{l-1}), a ~ N(0, 1/N) standard or N(0, 1/N^2) mean-field', () => {
    const std = new Network({ d: 8, widths: [4, 6], activations: ['erf', 'erf'], readout: 'standard' });
    assert.deepEqual(std.blocks.map((b) => [b.name, b.size, b.variance]), [['W1', 32, 1 / 8], ['W2', 24, 1 / 4], ['a', 6, 1 / 6]]);
    const mf = new Network({ d: 8, widths: [4], activations: ['erf'], readout: 'mean-field' });
    assert.equal(mf.readout.variance, 1 / 16);
  });
});

/** U = |X w - y|^2 / (2 kappa) with prior w ~ N(0, v I): a Gaussian posterior in closed form. */
function linearModel(): { pot: Potential; mean: Float64Array; cov: Float64Array; n: number } {
  const n = 3, P = 6, kappa = 0.5, v = 2;
  const r = new Rng(11);
  const X = Float64Array.from({ length: P * n }, () => r.normal());
  const y = Float64Array.from({ length: P }, () => r.normal());
  const pot: Potential = {
    size: n,
    variance: new Float64Array(n).fill(v),
    gradient(w, g) {
      g.fill(0);
      let e = 0;
      for (let p = 0; p < P; p++) {
        let f = 0;
        for (let k = 0; k < n; k++) f += X[p * n + k] * w[k];
        const res = f - y[p];
        e += (res * res) / (2 * kappa);
        for (let k = 0; k < n; k++) g[k] += (res * X[p * n + k]) / kappa;
      }
      return e;
    },
  };
  const A = new Float64Array(n * n);
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    A[i * n + i] = 1 / v;
    for (let p = 0; p < P; p++) b[i] += (X[p * n + i] * y[p]) / kappa;
    for (let j = 0; j < n; j++) for (let p = 0; p < P; p++) A[i * n + j] += (X[p * n + i] * X[p * n + j]) / kappa;
  }
  const mean = solveSpd(A, b, n)!;
  const cov = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const e = new Float64Array(n);
    e[j] = 1;
    const col = solveSpd(A, e, n)!;
    for (let i = 0; i < n; i++) cov[i * n + j] = col[i];
  }
  return { pot, mean, cov, n };
}

describe('experiment core: Langevin dynamics', () => {
  for (const [integrator, factor, time] of [['underdamped', 0.5, 20000], ['overdamped', 0.1, 2000]] as [Integrator, number, number][]) {
    it(`${integrator}: the stationary distribution of a tiny linear model is the closed-form Gaussian posterior`, () => {
      const { pot, mean, cov, n } = linearModel();
      const rng = new Rng(21);
      const theta = new Float64Array(n);
      const s = new Sampler(pot, integrator, rng);
      const c = dataCurvature(pot, theta, rng);
      s.setStep(factor, c);
      // The curvature estimate sees the data term (P/kappa times the inputs' scale), far above the prior's 1.
      assert.ok(c > 2, `curvature ${c}`);
      const steps = Math.ceil(time / s.h);
      const m = new Float64Array(n), m2 = new Float64Array(n * n);
      let count = 0;
      for (let t = 0; t < steps; t++) {
        s.step(theta);
        if (t < steps / 10) continue;
        count++;
        for (let i = 0; i < n; i++) {
          m[i] += theta[i];
          for (let j = 0; j < n; j++) m2[i * n + j] += theta[i] * theta[j];
        }
      }
      for (let i = 0; i < n; i++) {
        const mi = m[i] / count;
        const sd = Math.sqrt(cov[i * n + i]);
        assert.ok(Math.abs(mi - mean[i]) < 0.05 * sd + 0.01, `mean ${i}: ${mi} vs ${mean[i]}`);
        for (let j = 0; j < n; j++) {
          const cij = m2[i * n + j] / count - (m[i] / count) * (m[j] / count);
          const scale = Math.sqrt(cov[i * n + i] * cov[j * n + j]);
          assert.ok(Math.abs(cij - cov[i * n + j]) < 0.06 * scale, `cov ${i},${j}: ${cij} vs ${cov[i * n + j]}`);
        }
      }
    });
  }

  it('the step respects the largest curvature: h = factor / sqrt(1 + c) (underdamped), factor / (1 + c) (overdamped)', () => {
    const { pot } = linearModel();
    const u = new Sampler(pot, 'underdamped', new Rng(1));
    u.setStep(0.5, 99);
    assert.ok(Math.abs(u.h - 0.05) < 1e-12);
    const o = new Sampler(pot, 'overdamped', new Rng(1));
    o.setStep(0.5, 99);
    assert.ok(Math.abs(o.h - 0.005) < 1e-12);
  });
});
