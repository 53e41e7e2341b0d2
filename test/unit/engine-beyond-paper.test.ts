// Cases the engine was not tuned to. Each expectation is worked out by hand from the rules of
// method.md in the comment above it; the engine must reach it through the general LP.
import { strict as assert } from 'node:assert';
import type { Layer } from '../../src/model/types';
import { analyzeModel } from '../../src/report/build';
import type { ModelResult } from '../../src/contract/result';
import { modelOf, rng } from './helpers';
import { analyze, Rational, REFERENCE_EXPONENT } from '../../src/engine/index';
import { randomOddProblem } from './engineRandom';

const model = modelOf;
const dense = (width: string | number, activation = 'erf'): Layer => ({ type: 'dense', width, activation });
const cand = (r: ModelResult, id: string) => {
  const c = r.candidates.find((x) => x.id === id);
  assert.ok(c, `candidate ${id} missing: ${r.candidates.map((x) => x.id).join(', ')}`);
  return c;
};

describe('engine beyond the paper (hand-derived)', () => {
  it('degree 5, two layers: GP d^5; specialization √(N d) for d <= N <= d^9; GFL (N d)^(5/6)', () => {
    // GP: a_y = d^5. Spec: M d + N/M -> √(N d), M* = √(N/d) >= 1 iff N >= d; beats the lazy
    // path d^5 iff √(N d) <= d^5 iff N <= d^9. GFL: N D + d^5 D^-5 -> N^(5/6) d^(5/6), D* = (d^5/N)^(1/6).
    const r = analyzeModel(model([dense('N')], { target: { kind: 'single-index', degree: 5 } }));
    assert.deepEqual(cand(r, 'gp').energy.exponents, { d: '5' });
    assert.deepEqual(cand(r, 'specialization').energy.exponents, { N: '1/2', d: '1/2' });
    assert.deepEqual(cand(r, 'specialization').energy.validWhen, ['N >= d', 'N <= d^9']);
    assert.deepEqual(cand(r, 'gfl').energy.exponents, { N: '5/6', d: '5/6' });
    assert.deepEqual(cand(r, 'gfl').params.D.exponents, { N: '-1/6', d: '5/6' });
  });

  it('degree 1, two layers, N = d^2: the lazy network already learns a linear target, P* ∝ d', () => {
    // GP: d. Spec: M d + N/M -> d^(3/2) > d, or the lazy path with M = 1: max(d, d) = d (a tie,
    // and GP is simpler). GFL: N D + d/D with D* = √(d/N) < 1, so D = 1: N = d^2. Winner GP, d^1.
    const r = analyzeModel(model([dense('N')], { target: { kind: 'single-index', degree: 1 }, regime: { N: 'd^2' } }));
    assert.equal(r.winner, 'gp');
    assert.equal(r.pStar!.inD, '1');
    assert.equal(cand(r, 'gfl').energy.inD, '2');
    assert.deepEqual(cand(r, 'gfl').activeBounds, ['D = 1']);
  });

  it('huge width N = d^6 > d^5: specialization falls back on the lazy path and GP wins with d^3', () => {
    // Spec's interior branch √(N d) = d^(7/2) exceeds the lazy a_y = d^3; the candidate falls
    // back on the lazy path (M = 1, cost d), so its energy is d^3, tied with GP, and GP is simpler.
    const r = analyzeModel(model([dense('N')], { regime: { N: 'd^6' } }));
    assert.equal(r.winner, 'gp');
    assert.equal(r.pStar!.inD, '3');
    const spec = cand(r, 'specialization');
    assert.equal(spec.energy.inD, '3');
    assert.match(spec.energy.branch!, /lazy path/);
    assert.ok(r.tied!.includes('specialization'));
    // ... and the crossing back to specialization sits at N = d^5.
    assert.ok(r.boundaries.some((b) => b.where === 'N = d^5'), JSON.stringify(r.boundaries));
  });

  it('mean-field readout: a_y gains N, so specialization gives N √d (derived)', () => {
    // Spec: M d + N·N/M -> 2 √(N^2 d) = N d^(1/2), M* = N d^(-1/2) (>= 1 iff N >= √d, <= N always).
    // GFL: N D + N d^3 D^-3 -> N d^(3/4). GP: N d^3. Under N = d: spec d^(3/2) wins.
    const r = analyzeModel(model([dense('N')], { parametrization: { readout: 'mean-field' }, regime: { N: 'd' } }));
    assert.deepEqual(cand(r, 'specialization').energy.exponents, { N: '1', d: '1/2' });
    assert.deepEqual(cand(r, 'specialization').params.M.exponents, { N: '1', d: '-1/2' });
    assert.deepEqual(cand(r, 'gfl').energy.exponents, { N: '1', d: '3/4' });
    assert.deepEqual(cand(r, 'gp').energy.exponents, { N: '1', d: '3' });
    assert.equal(r.winner, 'specialization');
    assert.equal(r.pStar!.inD, '3/2');
    assert.equal(r.pStar!.status, 'derived');
  });

  it('four layers (three hidden), proportional regime: P* ∝ d, named for the simplest pattern', () => {
    // GP-GP-Spec: the lazy layers keep φ at 1/d, so M3 d + N3/M3 -> √(N3 d) = d.
    // GP-Spec-Mag: M2 d + β N2/M2 + N3/β -> (N2 N3 d)^(1/3), Table 1 shifted up one layer.
    // Spec-Mag-GP: the magnetization reaches the readout through a lazy layer: (N1 N2 d)^(1/3).
    const r = analyzeModel(model([dense('N1'), dense('N2'), dense('N3')], { regime: { N1: 'd', N2: 'd', N3: 'd' } }));
    assert.equal(r.pStar!.inD, '1');
    assert.equal(r.winner, 'gp-gp-specialization');
    const reg = analyzeModel(model([dense('N1'), dense('N2'), dense('N3')]));
    assert.deepEqual(cand(reg, 'gp-gp-specialization').energy.exponents, { N3: '1/2', d: '1/2' });
    assert.deepEqual(cand(reg, 'gp-specialization-magnetization').energy.exponents, { N2: '1/3', N3: '1/3', d: '1/3' });
    assert.deepEqual(cand(reg, 'specialization-magnetization-gp').energy.exponents, { N1: '1/3', N2: '1/3', d: '1/3' });
    assert.equal(cand(reg, 'specialization-magnetization-gp').status, 'derived');
    assert.equal(reg.candidates.length, 36);
  });

  it('three layers with N1 = d, N2 = d^3: specialization then lazy wins with d (derived, and said so)', () => {
    // Spec-GP: M1 d + N1/M1 -> √(N1 d) = d (M1* = 1). GP-Spec: √(N2 d) = d^2. Spec-Mag's own
    // balance (N1 N2 d)^(1/3) = d^(5/3) loses to its fallback: the readout can use layer 1's spike
    // through layer 2's lazy part (beta -> 0), which is Spec-GP again: d, a tie. So the least
    // certain rule (a lazy part passes a spike on) decides, and the status says derived.
    const r = analyzeModel(model([dense('N1'), dense('N2')], { regime: { N1: 'd', N2: 'd^3' } }));
    assert.equal(r.winner, 'specialization-gp');
    assert.equal(r.pStar!.inD, '1');
    assert.equal(r.pStar!.status, 'derived');
    assert.equal(cand(r, 'gp-specialization').energy.inD, '2');
    assert.equal(cand(r, 'gp-specialization').status, 'paper');
    assert.equal(cand(r, 'specialization-magnetization').energy.inD, '1');
    assert.equal(cand(r, 'specialization-magnetization').status, 'derived');
    assert.deepEqual(r.tied, ['specialization-specialization', 'specialization-magnetization']);
  });

  it('ReLU: one hidden layer cannot carry He_3 at all; two can (degree support)', () => {
    // ReLU = x/2 plus an even function: its Hermite degrees are 0, 1 and the even ones. From the
    // linear input kernel (degree 1 only) one ReLU layer reaches degrees 1, 2, 4, ...: He_3 is never
    // produced, on any path (lazy, GFL or a spike), so there is no number.
    const one = analyzeModel(model([dense('N', 'relu')], { regime: { N: 'd' } }));
    assert.equal(one.pStar, null);
    assert.match(one.reason!, /degree 3/);
    assert.match(one.reason!, /two can carry He_3/);
    // Two layers: the second maps degrees 1 and 2 (lambda_1 = d^-1, lambda_2 = d^-2) through its
    // degree-2 component: lambda_3 = lambda_1 lambda_2 = d^-3. Lazy-lazy gives a_y = d^3.
    const two = analyzeModel(model([dense('N1', 'relu'), dense('N2', 'relu')], { regime: { N1: 'd', N2: 'd' } }));
    assert.equal(cand(two, 'gp-gp').energy.inD, '3');
    assert.equal(two.pStar!.status, 'derived');
    assert.ok(two.notes!.some((n) => /relu carries degrees 0, 1 and the even degrees/.test(n.text)));
  });

  it('numeric sizes: values, the winner at the sizes and the near-boundary flag', () => {
    // d = 100, N = 1000: spec √(N d) ≈ 316, M* = √10 ≈ 3.16; GFL (N d)^(3/4) ≈ 5623; GP 10^6.
    const r = analyzeModel(model([dense(1000)], { sizes: { d: 100 } }));
    assert.equal(r.winner, 'specialization');
    assert.equal(r.layers[0].width, 'N1');
    assert.equal(r.layers[0].value, 1000);
    assert.ok(Math.abs(r.pStar!.value! - 316.228) < 0.01);
    assert.ok(Math.abs(cand(r, 'specialization').params.M1.value! - 3.16228) < 1e-4);
    assert.equal(r.nearBoundary, false);
    // d = 4, N = 8: spec √32 ≈ 5.7, GFL 32^(3/4) ≈ 13.5: the runner-up is within a factor 4.
    const near = analyzeModel(model([dense(8)], { sizes: { d: 4 } }));
    assert.equal(near.winner, 'specialization');
    assert.equal(near.runnerUp, 'gfl');
    assert.equal(near.nearBoundary, true);
  });

  it('reports layers the rules do not cover, and gives no number for them', () => {
    const r = analyzeModel(model([dense('N'), { type: 'conv2d', range: undefined } as Layer]));
    assert.equal(r.pStar, undefined);
    assert.equal(r.candidates.length, 0);
    assert.equal(r.notCovered.length, 1);
    assert.equal(r.notCovered[0].type, 'conv2d');
    assert.ok(r.diagnostics.some((d) => d.code === 'not-covered'));
    assert.equal(r.layers[1].covered, false);
  });

  it('ignores dropout with a note, and refuses a linear layer', () => {
    const withDropout = analyzeModel(model([dense('N'), { type: 'dropout' } as Layer], { regime: { N: 'd' } }));
    assert.equal(withDropout.pStar!.inD, '1');
    assert.ok(withDropout.notes!.some((n) => n.kind === 'ignored' && /dropout/.test(n.text)));
    const linear = analyzeModel(model([dense('N', 'linear')]));
    assert.equal(linear.pStar, undefined);
    assert.match(linear.notCovered[0].reason, /linear layer/);
  });

  it('without a regime or sizes names the winner at the reference point and says so', () => {
    const r = analyzeModel(model([dense('N')]));
    assert.equal(r.winner, 'specialization');
    assert.match(r.pStar!.reference!, /d\^2/);
    assert.deepEqual(r.pStar!.validWhen, ['N >= d', 'N <= d^5']);
    assert.equal(r.pStar!.inD, undefined);
    assert.ok(r.diagnostics.some((d) => d.code === 'no-point'));
  });

  it('without a regime or sizes, no candidate row is a formula for a boundary only', () => {
    // Some interior branches hold only on a boundary: Spec-GP's read "N1 >= d, N1 <= d" (the lazy
    // layer's own term against the spike it passes). Such a row shows the branch at the reference
    // point (every width d^2) instead, which holds there and gives the sequence's level there; the
    // other rows keep their own formula (Spec-Mag's (N1 N2 d)^(1/3), as in the paper's table).
    const two = analyzeModel(model([dense('N1'), dense('N2')]));
    assert.deepEqual(cand(two, 'specialization-gp').energy.validWhen, ['N1 >= d', 'N1 <= d^5']);
    assert.deepEqual(cand(two, 'specialization-magnetization').energy.exponents, { N1: '1/3', N2: '1/3', d: '1/3' });
    const r = rng(20261126);
    for (let k = 0; k < 60; k++) {
      const problem = randomOddProblem(r, 1 + (k % 3));
      const a = analyze(problem);
      assert.equal(a.design, 'reference');
      const at: Record<string, Rational> = Object.fromEntries(a.symbols.map((s) => [s, s === 'd' ? Rational.ONE : Rational.of(REFERENCE_EXPONENT)]));
      for (const row of a.table) {
        const w = row.result.validWhen;
        const opposite = w.some((f, i) => w.some((g, j) => j > i && f.add(g).isZero()));
        assert.ok(!opposite, `${row.result.id}: ${w.map((f) => f.toString()).join(', ')} hold only on a boundary`);
        // A row whose conditions fail at the reference point is its own formula elsewhere; one whose
        // conditions hold there gives the sequence's level there.
        if (w.every((f) => f.evalExact(at).sign() >= 0) && row.result.id === a.winner?.id) assert.ok(row.result.energy.evalExact(at).equals(a.winner!.E));
      }
    }
  });

  it('analyses networks of any depth: five hidden layers in the proportional regime give d, certified', () => {
    // Lazy layers keep phi at 1/d, so the last layer specializing gives √(N5 d) = d, as for two
    // layers; nothing does better (every specialist costs at least d), which the certificate proves.
    const r = analyzeModel(model(['N1', 'N2', 'N3', 'N4', 'N5'].map((w) => dense(w)), { regime: { N1: 'd', N2: 'd', N3: 'd', N4: 'd', N5: 'd' } }));
    assert.equal(r.pStar!.inD, '1');
    assert.equal(r.winner, 'gp-gp-gp-gp-specialization');
    assert.equal(r.pStar!.certificate!.checked, true);
    assert.equal(r.candidateTable, 'best');
    assert.ok(typeof r.tiedCount === 'number' && r.tiedCount > 1);
  });

  it('a partial regime leaves results symbolic and says which size is missing', () => {
    const r = analyzeModel(model([dense('N1'), dense('N2')], { regime: { N1: 'd' } }));
    assert.ok(r.diagnostics.some((d) => /does not tie N2/.test(d.message)));
    assert.equal(r.pStar?.inD, undefined);
  });
});
