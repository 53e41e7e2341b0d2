// Monotonicity along widths, which the walks lean on (walk.ts, settledWider): widening a layer never
// makes anything feasible at a level, nor does lowering the level. Checked on random networks of
// every rule; then the walks that skip the checks it settles must equal walks that check everywhere.
// Also here: a plain pass that reuses the frontiers of the pass before it (the checks of one walk
// share every layer before the width walked) must answer as a fresh pass does.
import { strict as assert } from 'node:assert';
import { compileChain, instance, type Pattern } from '../../src/engine/chain';
import { Passer, passerFor } from '../../src/engine/pass';
import { optimumAt } from '../../src/engine/solve';
import { Walker } from '../../src/engine/walk';
import { Rational } from '../../src/engine/rational';
import { randomPoint, randomProblem } from './engineRandom';
import { rng } from './helpers';

describe('monotonicity along widths', function () {
  this.timeout(300_000);

  it('a wider layer or a lower level never makes a pass feasible (random networks of every rule, 1 to 12 hidden layers)', () => {
    const r = rng(8080);
    let feasibleNarrow = 0;
    let infeasibleWide = 0;
    for (let k = 0; k < 400; k++) {
      const chain = compileChain(randomProblem(r, 1 + (k % 12)));
      const pt = randomPoint(r, chain.symbols, r() < 0.5);
      const opt = optimumAt(chain, pt);
      if (!opt) continue;
      // Levels around the optimum, where feasibility changes.
      const E = opt.E.toNumber() + (r() - 0.5) * 2;
      const feasible = (x: Float64Array, level: number) => passerFor(instance(chain, x)).run({ E: level, eps: 0 }).feasible;
      const here = feasible(pt.float, E);
      chain.symbols.forEach((s, i) => {
        if (i === chain.dim) return;
        const wider = pt.float.slice();
        wider[i] += [1e-3, 0.25, 2][k % 3];
        const there = feasible(wider, E);
        assert.ok(!there || here, `case ${k}: widening ${s} made a level feasible`);
        if (here) feasibleNarrow++;
        if (!there) infeasibleWide++;
      });
      assert.ok(!feasible(pt.float, E - 0.1) || here, `case ${k}: a lower level was feasible`);
    }
    assert.ok(feasibleNarrow > 300 && infeasibleWide > 300, `both outcomes: ${feasibleNarrow}, ${infeasibleWide}`);
  });

  it('walks that skip the checks monotonicity settles equal walks that check everywhere (1 to 10 hidden layers)', () => {
    const r = rng(8181);
    let settled = 0;
    let crossings = 0;
    for (let k = 0; k < 120; k++) {
      const chain = compileChain(randomProblem(r, 1 + (k % 10)));
      const pt = randomPoint(r, chain.symbols, false);
      const start = optimumAt(chain, pt);
      if (!start) continue;
      const fast = new Walker(chain, pt);
      const slow = new Walker(chain, pt, true);
      chain.symbols.forEach((s, axis) => {
        for (const [end, sign] of [[Rational.of(10), 1], [Rational.ZERO, -1]] as const) {
          const a = fast.walk(axis, start, end, sign);
          const b = slow.walk(axis, start, end, sign);
          const text = (w: typeof a) => JSON.stringify({
            segments: w.segments.map((g) => [g.from.toString(), g.to.toString(), g.winner, g.energy.key()]),
            crossings: w.crossings.map((c) => [c.before, c.after, c.at.toString(), c.equation.key()]),
          });
          assert.equal(text(a), text(b), `case ${k} along ${s} (${sign > 0 ? 'wider' : 'narrower'})`);
          crossings += a.crossings.length;
          if (axis !== chain.dim) settled += a.segments.filter((g) => g.energy.get(s).sign() <= 0).length;
        }
      });
    }
    assert.ok(settled > 200 && crossings > 100, `settled pieces ${settled}, crossings ${crossings}`);
  });
});

describe('a plain pass reusing the frontiers of the one before', function () {
  this.timeout(300_000);

  it('answers as a fresh pass does, through runs that change one width, the level, the options or the kind of run, and through sequences followed between them (random networks of every rule, 1 to 16 hidden layers)', () => {
    const r = rng(8282);
    let reused = 0;
    let feasible = 0;
    let followed = 0;
    let got0: Pattern[] | undefined;
    for (let k = 0; k < 300; k++) {
      const chain = compileChain(randomProblem(r, 1 + (k % 16)));
      const pt = randomPoint(r, chain.symbols, r() < 0.5);
      const opt = optimumAt(chain, pt);
      if (!opt) continue;
      let x = pt.float.slice();
      let E = opt.E.toNumber() - 1e-6;
      const shared = new Passer(instance(chain, x));
      for (let step = 0; step < 24; step++) {
        const what = r();
        if (what < 0.5) {
          // One width moves: the frontiers before its first layer stay.
          const i = Math.floor(r() * chain.symbols.length);
          if (i !== chain.dim) (x = x.slice()), (x[i] += (r() - 0.5) * 2);
        } else if (what < 0.6) E += (r() - 0.5) * 0.5;
        const inst = instance(chain, x);
        shared.inst = inst;
        const o = { E, eps: 0, best: r() < 0.5, strict: r() < 0.2, ...(r() < 0.15 ? { alphabet: ['gp', 'specialization'] as Pattern[] } : {}) };
        if (r() < 0.2) {
          // Another kind of run, at the same level, overwrites the frontiers.
          if (r() < 0.5) shared.simplest({ E, eps: 0 }, opt.sequence);
          else shared.run({ E, eps: 0, sequence: opt.sequence });
          continue;
        }
        if (r() < 0.2) {
          // Following one sequence leaves them, and answers as a pass restricted to it does.
          const seq: Pattern[] = r() < 0.5 ? opt.sequence : (got0 ?? opt.sequence);
          assert.equal(shared.follows({ E, eps: 0, strict: o.strict }, seq), new Passer(inst).run({ E, eps: 0, strict: o.strict, sequence: seq }).feasible, `case ${k}, run ${step}: following ${seq.join('-')}`);
          followed++;
        }
        const got = shared.run(o);
        const want = new Passer(inst).run(o);
        got0 = got.sequence;
        assert.deepEqual({ feasible: got.feasible, sequence: got.sequence, frontier: got.frontier }, { feasible: want.feasible, sequence: want.sequence, frontier: want.frontier }, `case ${k}, run ${step}`);
        if (got.steps < want.steps) reused++;
        if (got.feasible) feasible++;
      }
    }
    assert.ok(reused > 1000 && feasible > 300 && followed > 500, `runs that reused frontiers: ${reused}, feasible: ${feasible}, sequences followed: ${followed}`);
  });
});
