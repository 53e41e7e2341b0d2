// From runs to a verdict: the crossing of alpha, the log-log fit with its bootstrap interval,
// the schedule of P, the flags that say a point did not equilibrate, the sentence that reads the
// comparison, and the check of a results file read back.
import { strict as assert } from 'node:assert';
import { crossing, pStarOf } from '../../src/experiment/core/crossing';
import { fitLine, logLogSlope, percentileInterval } from '../../src/experiment/core/fit';
import type { RunOutcome } from '../../src/experiment/core/run';
import { caveats, reading, verdictOf } from '../../src/experiment/compare';
import { planExperiment, predictionOf } from '../../src/experiment/run/plan';
import { buildResults, checkResults } from '../../src/experiment/results';
import { ExperimentSchedule, parseId } from '../../src/experiment/schedule';
import { equilibrationNotes, meanCurve } from '../../src/experiment/summarize';
import type { ExperimentPlan, Predicted, RunRecord } from '../../src/experiment/types';
import type { ModelDescription } from '../../src/model/types';

const twoLayer = (extra: Partial<ModelDescription> = {}): ModelDescription => ({
  name: 'two-layer',
  data: { kind: 'gaussian', dim: 'd' },
  target: { kind: 'single-index', degree: 3 },
  parametrization: { readout: 'standard' },
  layers: [{ type: 'dense', width: 'N', activation: 'erf' }, { type: 'readout' }],
  regime: { N: 'd' },
  ...extra,
});

function plan(extra: Partial<ModelDescription> = {}, settings: Partial<ExperimentPlan['settings']> = {}): ExperimentPlan {
  const p = planExperiment(twoLayer(extra), { mode: 'quick', settings });
  if (!p.ok) throw new Error(p.reason);
  return p.plan;
}

const outcome = (alignment: number, o: Partial<RunOutcome> = {}): RunOutcome => ({
  alignment, se: 0.01, drift: 0, equilibrated: true, diverged: false, retries: 0, steps: 100, eta: 0.01, time: 15, curvature: 10, trainMse: 0.5, ...o,
});

describe('experiment: crossing and fit', () => {
  it('interpolates the first crossing of alpha linearly in log P', () => {
    const c = crossing([{ P: 100, alignment: 0.1 }, { P: 400, alignment: 0.5 }, { P: 200, alignment: 0.3 }], 0.4);
    assert.equal(c.kind, 'crossed');
    if (c.kind !== 'crossed') return;
    assert.ok(Math.abs(c.pStar - Math.sqrt(200 * 400)) < 1e-9, `${c.pStar}`);
    assert.deepEqual([c.lower, c.upper], [200, 400]);
    assert.equal(crossing([{ P: 10, alignment: 0.6 }, { P: 20, alignment: 0.7 }], 0.5).kind, 'below-grid');
    assert.equal(crossing([{ P: 10, alignment: 0.1 }, { P: 20, alignment: 0.2 }], 0.5).kind, 'not-reached');
  });

  it('alpha is half the plateau read at 4 P*: A(P*) = A(4 P*) / 2, scale-free', () => {
    // A sigmoid in log P that keeps rising slowly: A(P) = 0.6 / (1 + (100/P)^2) + 0.05 log(P/100) for P > 30.
    const F = (x: number) => (x < 0.3 ? 0 : 0.6 / (1 + 1 / (x * x)) + 0.05 * Math.log(x));
    const curveAt = (scale: number) => [8, 16, 32, 64, 128, 256, 512, 1024, 2048].map((P) => ({ P: P * scale, alignment: F(P / 100) }));
    const r = pStarOf(curveAt(1));
    assert.equal(r.crossing.kind, 'crossed');
    if (r.crossing.kind !== 'crossed') return;
    const p = r.crossing.pStar;
    assert.ok(Math.abs(r.alpha - r.plateau / 2) < 1e-12);
    assert.ok(p > 64 && p < 128, `${p}`);
    // The interpolated curve at P* is alpha, and the plateau is the interpolated curve at 4 P*.
    const interp = (c: { P: number; alignment: number }[], P: number) => {
      const i = c.findIndex((x) => x.P >= P);
      const t = (Math.log(P) - Math.log(c[i - 1].P)) / (Math.log(c[i].P) - Math.log(c[i - 1].P));
      return c[i - 1].alignment + t * (c[i].alignment - c[i - 1].alignment);
    };
    assert.ok(Math.abs(interp(curveAt(1), p) - r.alpha) < 1e-9 && Math.abs(interp(curveAt(1), 4 * p) - r.plateau) < 1e-9);
    // The same curve shifted in P by any factor gives P* shifted by that factor.
    const q = pStarOf(curveAt(3.7)).crossing;
    assert.ok(q.kind === 'crossed' && Math.abs(q.pStar / p - 3.7) < 1e-9);
    // Unlearned curves (below MIN_PLATEAU, however their small values compare) have no P*; a curve already learned at its start is below the grid.
    assert.equal(pStarOf([{ P: 8, alignment: 0.01 }, { P: 16, alignment: 0.08 }, { P: 32, alignment: 0.13 }, { P: 64, alignment: 0.15 }]).crossing.kind, 'not-reached');
    assert.equal(pStarOf([{ P: 8, alignment: 0.5 }, { P: 16, alignment: 0.55 }, { P: 64, alignment: 0.6 }]).crossing.kind, 'below-grid');
  });

  it('fits the slope of log P* against log d exactly on a power law, and the percentile interval', () => {
    const d = [8, 16, 32, 64];
    const f = logLogSlope(d, d.map((x) => 3 * x ** 1.25))!;
    assert.ok(Math.abs(f.slope - 1.25) < 1e-12 && Math.abs(f.intercept - Math.log(3)) < 1e-12);
    assert.equal(fitLine([1], [2]), undefined);
    assert.equal(fitLine([1, 1], [2, 3]), undefined);
    assert.deepEqual(percentileInterval([5, 1, 4, 2, 3], 0.5), [2, 4]);
    assert.equal(percentileInterval([NaN], 0.9), undefined);
  });

  it('verdicts as the theory reads a lower bound: consistent, not tight, fails', () => {
    assert.equal(verdictOf([0.8, 1.2], 1), 'consistent');
    assert.equal(verdictOf([1.3, 1.6], 1), 'not-tight');
    assert.equal(verdictOf([0.5, 0.8], 1), 'fails');
    assert.equal(verdictOf(undefined, 1), 'undetermined');
    // An interval wider than 2 that holds the prediction decides nothing (a quick run: -0.26 to 1.92 read "consistent").
    assert.equal(verdictOf([-0.26, 1.92], 1), 'undetermined');
    assert.equal(verdictOf([1.5, 3.7], 1), 'not-tight', 'wide, but above the prediction: still decided');
    assert.match(reading(1.1, [-0.26, 1.92], { inD: 1, exact: '1', status: 'derived' } as never, 0.9, 4).reading, /an interval wider than 2 does not decide/);
    const pred: Predicted = { inD: 1, exact: '1', status: 'paper', from: 'regime' };
    assert.match(reading(0.7, [0.5, 0.8], pred, 0.9, 4).reading, /below the predicted d\^1: the prediction fails here/);
    assert.match(reading(1.5, [1.3, 1.6], pred, 0.9, 4).reading, /the lower bound holds but is not tight here/);
    assert.match(reading(1.05, [0.8, 1.3], pred, 0.9, 4).reading, /90% interval 0\.80 to 1\.30\), whose interval contains the predicted d\^1: consistent/);
    assert.match(reading(undefined, undefined, { ...pred, inD: 1.25, exact: '5/4' }, 0.9, 1).reading, /only 1 dimension\(s\) gave a P\*, so the predicted d\^5\/4 = 1\.25/);
    const c = caveats([], { ...pred, inD: 0.5 }, true, 'partial', 3);
    assert.ok(c.some((x) => /smoke test/.test(x)) && c.some((x) => /Partial: 0 of 3/.test(x)) && c.some((x) => /counting bound/.test(x)));
  });
});

describe('experiment: equilibration flags', () => {
  const rec = (P: number, seed: number, start: 'random' | 'aligned', a: number, o: Partial<RunOutcome> = {}): RunRecord => ({ ...outcome(a, o), P, seed, start });

  it('a disagreement between random and aligned starts is hysteresis: not equilibrated', () => {
    const runs = [rec(100, 1, 'random', 0.02), rec(100, 1, 'aligned', 0.4), rec(200, 1, 'random', 0.5), rec(200, 1, 'aligned', 0.52)];
    const notes = equilibrationNotes(runs, 1);
    assert.equal(notes.length, 1);
    assert.match(notes[0], /hysteresis\) at P = 100, seed 1 \(random 0\.02, aligned 0\.40\)/);
  });

  it('divergences and runs that drifted or stopped short are reported, and a diverged run is left out of the curve', () => {
    const runs = [rec(100, 1, 'random', NaN, { diverged: true, equilibrated: false }), rec(100, 1, 'aligned', 0.3), rec(100, 2, 'random', 0.2, { equilibrated: false, note: 'drift' }), rec(100, 2, 'aligned', 0.2)];
    const notes = equilibrationNotes(runs, 2);
    assert.ok(notes.some((n) => /1 run\(s\) diverged: P = 100, seed 1, random/.test(n)));
    assert.ok(notes.some((n) => /1 run\(s\) did not equilibrate/.test(n)));
    const curve = meanCurve(runs, 2);
    assert.ok(Math.abs(curve[0].alignment - 0.25) < 1e-12, 'seed 1 uses its aligned start only');
  });

  it('a run whose worker failed is said to have failed, with the error, not to have diverged', () => {
    // Every run of a d of 80,000 failed to allocate its arrays, and the point read "2 run(s) diverged".
    const fail = { diverged: true, equilibrated: false, note: 'failed: worker error: Array buffer allocation failed' };
    const notes = equilibrationNotes([rec(100, 1, 'random', NaN, fail), rec(100, 1, 'aligned', NaN, fail)], 1);
    assert.deepEqual(notes.filter((n) => /failed|diverged/.test(n)), ['2 run(s) failed (worker error: Array buffer allocation failed): P = 100, seed 1, random; P = 100, seed 1, aligned']);
  });
});

describe('experiment: the schedule of P', () => {
  /** A fake "true" curve: a sigmoid in log P centred on c * d^slope. */
  const fake = (slope: number, c = 4) => (d: number, P: number) => 0.6 / (1 + Math.pow((c * d ** slope) / P, 3));

  function drive(p: ExperimentPlan, truth: (d: number, P: number) => number): { schedule: ExperimentSchedule; runs: number } {
    const s = new ExperimentSchedule(p);
    let runs = 0;
    while (!s.done) {
      const jobs = s.take();
      assert.ok(jobs.length > 0, 'a schedule that is not done has runs ready');
      for (const j of jobs) {
        const [d, P, seed, start] = parseId(j.id);
        assert.equal(j.job.P, P);
        assert.equal(j.job.net.d, d);
        assert.equal(j.job.net.widths[0], d, 'N = d under the regime');
        runs++;
        s.record(j.id, outcome(truth(d, P) + (start === 'random' ? 0.004 : -0.004) + 0.002 * seed));
      }
    }
    return { schedule: s, runs };
  }

  it('doubles until P* can be read (the curve up to 4 P*), refines around it, and recovers the exponent', () => {
    const p = plan({}, { dims: [8, 16, 32, 64], seeds: 2, bootstrap: 50 });
    const { schedule } = drive(p, fake(1.25));
    const r = buildResults(p, schedule, 'complete', { producer: 'test' });
    assert.equal(r.measured.points.length, 4);
    for (const pt of r.measured.points) {
      const Ps = pt.curve.map((c) => c.P);
      assert.ok(Ps[Ps.length - 1] >= 4 * pt.pStar!, `d = ${pt.d}: the grid reaches 4 P* (${Ps})`);
      assert.ok(pt.pStar! > Ps[0] && pt.pStar! < Ps[Ps.length - 1]);
      assert.ok(pt.runs.length === 4 * Ps.length, 'every level runs every seed from both starts');
    }
    assert.ok(Math.abs(r.measured.exponent! - 1.25) < 0.08, `exponent ${r.measured.exponent}`);
    assert.equal(r.predicted.inD, 1);
    assert.equal(r.measured.verdict, 'not-tight');
    assert.equal(checkResults(JSON.parse(JSON.stringify(r))).ok, true);
  });

  it('extends the grid down when the curve starts above alpha, and says when it never learns', () => {
    const p = plan({}, { dims: [8, 16], seeds: 1, bootstrap: 20, maxRatio: 16 });
    const early = drive(p, (d, P) => 0.6 / (1 + (d / (4 * P)) ** 2));
    const points = buildResults(p, early.schedule, 'complete', { producer: 'test' }).measured.points;
    assert.ok(points.every((pt) => pt.curve[0].P === 2), 'the grid went down to P = 2');
    assert.ok(points[1].pStar! > 2 && points[1].pStar! < 8, `d = 16: P* = ${points[1].pStar}`);
    assert.equal(points[0].pStar, undefined);
    assert.ok(points[0].notes.some((n) => /above alpha at the smallest P \(2\): P\* is below the grid/.test(n)));
    const never = drive(p, () => 0.01);
    const r = buildResults(p, never.schedule, 'complete', { producer: 'test' });
    assert.ok(r.measured.points.every((pt) => pt.pStar === undefined && pt.notes.some((n) => /no learning: the mean alignment stayed below 0\.25/.test(n)) && pt.notes.some((n) => /no learning up to P = \d+ \(16 d\)/.test(n))));
    assert.equal(r.measured.verdict, 'undetermined');
  });
});

describe('experiment: the plan from a model', () => {
  it('widths follow the regime (N1 = d^2 -> round(d^2)) and the prediction is pStar.inD', () => {
    const p = plan({ layers: [{ type: 'dense', width: 'N1', activation: 'erf' }, { type: 'dense', width: 'N2', activation: 'erf' }, { type: 'readout' }], regime: { N1: 'd^2', N2: '2*d' } }, { maxWidth: 2000 });
    assert.deepEqual(p.widthLaws.map((w) => [w.symbol, w.coefficient, w.exponent, w.source]), [['N1', 1, 2, 'regime'], ['N2', 2, 1, 'regime']]);
    assert.equal(p.predicted.exact, '1');
    assert.equal(p.predicted.from, 'regime');
    assert.deepEqual(p.dropped.map((x) => x.d), [], 'd = 32: N1 = 1024 fits the budget of 2000');
    const small = plan({ layers: [{ type: 'dense', width: 'N1', activation: 'erf' }, { type: 'dense', width: 'N2', activation: 'erf' }, { type: 'readout' }], regime: { N1: 'd^2', N2: 'd' } });
    assert.deepEqual(small.dropped.map((x) => x.d), [23, 32], 'the quick budget (512) drops d = 23 (N1 = 529) and d = 32');
    assert.match(small.dropped[0].reason, /N1 = 529 exceeds the width budget 512/);
  });

  it('widths that follow the regime are predicted under the regime alone, where sizes off the regime name another winner', () => {
    // N1 = 100, N2 = 256 at d = 784 against the regime N1 = d^2, N2 = d: at the sizes GFL-Spec wins,
    // √(N1 d), which the regime makes d^(3/2) (pStar.inD); along the regime, where the experiment's
    // widths go, GP-Spec and Spec-Spec reach d^1 (before, the plan predicted 3/2).
    const layers: ModelDescription['layers'] = [{ type: 'dense', width: 'N1', activation: 'erf' }, { type: 'dense', width: 'N2', activation: 'erf' }, { type: 'readout' }];
    const p = plan({ layers, regime: { N1: 'd^2', N2: 'd' }, sizes: { d: 784, N1: 100, N2: 256 } }, { maxWidth: 2000 });
    assert.deepEqual(p.widthLaws.map((w) => w.source), ['regime', 'regime']);
    assert.equal(p.predicted.exact, '1');
    assert.equal(p.predicted.from, 'regime');
  });

  it('without a regime, widths follow the exponent the sizes imply, and so does the predicted exponent', () => {
    const p = plan({ regime: undefined, sizes: { d: 100, N: 1000 } });
    assert.ok(Math.abs(p.widthLaws[0].exponent - 1.5) < 1e-12);
    assert.match(p.widthLaws[0].text, /implied by N = 1000 at d = 100/);
    assert.ok(Math.abs(p.predicted.inD - 1.25) < 1e-12, 'sqrt(N d) with N = d^1.5');
    assert.equal(p.predicted.from, 'sizes');
  });

  it('refuses with a reason: attention, an unlearnable target, no widths, a budget that leaves one d, a linear layer', () => {
    const no = (m: Partial<ModelDescription>, settings = {}) => {
      const r = planExperiment(twoLayer(m), { mode: 'quick', settings });
      assert.equal(r.ok, false);
      return (r as { reason: string }).reason;
    };
    assert.match(no({ layers: [{ type: 'attention', context: 'L' }, { type: 'readout' }], regime: { L: 'd' } }), /dense layers; layer 1 is an attention head/);
    assert.match(no({ regime: undefined }), /width N follows neither a regime nor numeric sizes/);
    assert.match(no({ regime: { N: 'd^3' } }), /width budget \(512\) leaves 1 of the dimensions/);
    assert.match(no({ layers: [{ type: 'dense', width: 'N', activation: 'linear' }, { type: 'readout' }] }), /not analysed/);
    assert.match(no({ layers: [{ type: 'conv2d', width: 'N' }, { type: 'readout' }] }), /not analysed/);
  });

  it('an unlearnable model (no P*, with the analysis\'s reason) is refused with that reason', () => {
    const r = predictionOf({ name: 'm', pStar: null, reason: 'a network of odd activations cannot learn an even target', layers: [], candidates: [], boundaries: [], notCovered: [], diagnostics: [] } as never, [], 'd');
    assert.equal(r, 'no prediction to check: a network of odd activations cannot learn an even target');
    const d = predictionOf({ name: 'm', layers: [], candidates: [], boundaries: [], notCovered: [], diagnostics: [{ severity: 'warning', message: 'Not analysed: x.', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }] } as never, [], 'd');
    assert.equal(d, 'no prediction to check: Not analysed: x.');
  });

  it('keeps the model\'s biases, bias variance, readout and kappa', () => {
    const p = plan({ layers: [{ type: 'dense', width: 'N', activation: 'tanh', bias: true }, { type: 'readout' }], biasVariance: 'd^-1', parametrization: { readout: 'mean-field', kappa: 0.25 } });
    assert.deepEqual(p.hidden, [{ symbol: 'N', activation: 'tanh', bias: true }]);
    assert.deepEqual(p.biasVariance, { coefficient: 1, exponent: -1 });
    assert.equal(p.readout, 'mean-field');
    assert.equal(p.settings.kappa, 0.25);
  });
});

describe('experiment: results files read back', () => {
  it('names what is wrong, with its JSON path', () => {
    assert.match((checkResults([]) as { error: string }).error, /not a JSON object|"kind"/);
    assert.match((checkResults({ kind: 'scaling-lens-experiment', schemaVersion: 99 }) as { error: string }).error, /schemaVersion/);
    const p = plan({}, { dims: [8, 16], seeds: 1, bootstrap: 10 });
    const s = new ExperimentSchedule(p);
    const good = JSON.parse(JSON.stringify(buildResults(p, s, 'partial', { producer: 'test' })));
    assert.equal(checkResults(good).ok, true);
    good.measured.points = [{ d: -1 }];
    assert.match((checkResults(good) as { error: string }).error, /"measured\.points\[0\]\.d" must be a positive number/);
  });
});
