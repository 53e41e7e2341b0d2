// The sanity gate of the whole experiment (issue 14): for a linear target (m = 1) the measured
// P* grows like d, so the measured slope must lie within 0.75 to 1.25. Seeded and deterministic;
// fast settings (short windows, 4 seeds, d = 8 to 64): about 35 s of one core.
import { strict as assert } from 'node:assert';
import { runInThread } from '../../src/experiment/drive';
import { planExperiment } from '../../src/experiment/run/plan';
import type { ModelDescription } from '../../src/model/types';

describe('experiment: the m = 1 sanity gate', function () {
  this.timeout(300_000); // the machine may be shared; the run itself is about 35 s of CPU

  it('a two-layer erf network with N = d on a linear target: measured slope of log P* in log d within 0.75 to 1.25', () => {
    const model: ModelDescription = {
      name: 'linear-target',
      data: { kind: 'gaussian', dim: 'd' },
      target: { kind: 'single-index', degree: 1 },
      parametrization: { readout: 'standard' },
      layers: [{ type: 'dense', width: 'N', activation: 'erf' }, { type: 'readout' }],
      regime: { N: 'd' },
    };
    const p = planExperiment(model, {
      mode: 'quick',
      settings: { dims: [8, 16, 32, 64], seeds: 4, burnIn: 6, sample: 4, measurements: 16, testSize: 1000, maxRatio: 16, pStart: 0.5, bootstrap: 200 },
    });
    assert.ok(p.ok, p.ok ? '' : p.reason);
    if (!p.ok) return;
    const { results } = runInThread(p.plan);
    const m = results.measured;
    assert.equal(m.points.filter((x) => x.pStar !== undefined).length, 4, 'every d crossed alpha');
    assert.ok(m.exponent! >= 0.75 && m.exponent! <= 1.25, `measured slope ${m.exponent}`);
    assert.ok(m.interval![0] <= 1 && 1 <= m.interval![1], `the interval ${m.interval} contains 1`);
    for (const pt of m.points) assert.ok(pt.runs.every((r) => !r.diverged), `no run diverged at d = ${pt.d}`);
  });
});
