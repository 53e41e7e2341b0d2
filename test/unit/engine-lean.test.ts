// The lean trace (lean.ts) is what Newton's steps on a level read: each constraint's slack and its
// slope in E, on plain numbers. The full Tracer computes the same values with their forms, so on
// random networks of every rule (activations, biases, degrees, readouts, the attention head), at
// exact and floating-point points and levels below, at and above a sequence's own level, the two
// must list the same constraints with the same values and slopes.
import { strict as assert } from 'node:assert';
import { allSequences, compileChain, type ScaleProblem } from '../../src/engine/index';
import { leanTrace } from '../../src/engine/lean';
import { Tracer } from '../../src/engine/trace';
import { Rational } from '../../src/engine/rational';
import { randomProblem } from './engineRandom';
import { rng } from './helpers';

/** A random network of every rule, or (hidden = 0) the attention head. */
function problem(r: () => number, hidden: number): ScaleProblem {
  if (hidden > 0) return randomProblem(r, hidden);
  return { dim: 'd', degree: [2, 3, 4][Math.floor(r() * 3)], readout: 'standard', hidden: [{ kind: 'attention', context: 'L', heads: 1, index: 0 }] };
}

describe('lean trace', function () {
  this.timeout(120_000);

  it('gives the full trace\'s slacks and slopes, exactly and in floating point (random networks of every rule, 0 to 6 hidden layers)', () => {
    const r = rng(4242);
    let compared = 0;
    for (let k = 0; k < 300; k++) {
      const chain = compileChain(problem(r, k % 7));
      const exact = chain.symbols.map((s) => (s === chain.problem.dim ? Rational.ONE : Rational.of(Math.floor(r() * 9), 1 + Math.floor(r() * 3))));
      const float = Float64Array.from(exact, (x) => x.toNumber() * 6.5);
      const seqs = allSequences(chain);
      for (let t = 0; t < 4; t++) {
        const seq = seqs[Math.floor(r() * seqs.length)];
        // Levels on a coarse grid, so that ties between values (decided just below the level) occur.
        const E = Rational.of(Math.floor(r() * 24) - 4, 2);
        const full = new Tracer(chain, exact, E).trace(seq);
        const lean = leanTrace(chain, exact, E, seq);
        assert.equal(lean.target, !!full.target, `k=${k}: target`);
        assert.equal(lean.constraints.length, full.constraints.length, `k=${k}: constraints`);
        lean.constraints.forEach((c, i) => {
          assert.ok(c.slack.val.equals(full.constraints[i].slack.val), `k=${k} ${seq.join('-')} at ${E}: slack ${i} ${c.slack.val} vs ${full.constraints[i].slack.val}`);
          assert.ok(c.slack.slope().equals(full.constraints[i].slack.slope()), `k=${k}: slope ${i}`);
        });
        const Ef = E.toNumber() * 6.5;
        const fullF = new Tracer(chain, float, Ef).trace(seq);
        const leanF = leanTrace(chain, float, Ef, seq);
        assert.equal(leanF.constraints.length, fullF.constraints.length, `k=${k}: float constraints`);
        leanF.constraints.forEach((c, i) => {
          assert.equal(c.slack.num, fullF.constraints[i].slack.num, `k=${k}: float slack ${i}`);
          assert.ok(c.slack.slope().equals(fullF.constraints[i].slack.slope()), `k=${k}: float slope ${i}`);
        });
        compared += lean.constraints.length + leanF.constraints.length;
      }
    }
    assert.ok(compared > 1500, `${compared} slacks compared`);
  });
});
