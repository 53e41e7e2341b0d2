// The simplest feasible sequence (the method's rule for naming a winner among ties) found from a
// known feasible one: made simpler layer by layer, then a plain pass over (state, non-lazy count,
// order against it) shows nothing simpler is feasible. It must name what the simplest search names
// (fewer non-lazy layers, then pattern order from layer 1), and what checking every sequence names.
import { strict as assert } from 'node:assert';
import { allSequences, compileChain, nonLazy, PATTERN_ORDER, type Pattern } from '../../src/engine/chain';
import { instance } from '../../src/engine/chain';
import { Passer } from '../../src/engine/pass';
import { floatLevel } from '../../src/engine/solve';
import { randomProblem } from './engineRandom';
import { rng } from './helpers';

/** Is a simpler than b (fewer non-lazy layers, then the earlier pattern at the first difference)? */
function simpler(a: readonly Pattern[], b: readonly Pattern[]): boolean {
  if (nonLazy(a) !== nonLazy(b)) return nonLazy(a) < nonLazy(b);
  for (let l = 0; l < a.length; l++) if (a[l] !== b[l]) return PATTERN_ORDER.indexOf(a[l]) < PATTERN_ORDER.indexOf(b[l]);
  return false;
}

/**
 * Random networks of every rule at points where exponents tie often (small integers and halves, so
 * many sequences share a level), at levels from the optimum up: a random feasible sequence is the
 * known one.
 */
function* cases(seed: number, n: number, layers: (k: number) => number) {
  const r = rng(seed);
  for (let k = 0; k < n; k++) {
    const chain = compileChain(randomProblem(r, layers(k)));
    const x = Float64Array.from(chain.symbols, (s) => (s === chain.problem.dim ? 1 : Math.floor(r() * 9) / 2) * 4);
    const passer = new Passer(instance(chain, x));
    const E0 = floatLevel(passer);
    if (E0 === undefined) continue;
    for (const dE of [0, 0.5, 2, 8]) {
      const E = Math.ceil((E0 + dE) * 8) / 8;
      // A known feasible sequence: the simplest one (as a walk's piece usually is), the one with the
      // most readout slack, or a random one that works.
      const best = passer.run({ E, eps: 0, best: true }).sequence;
      if (!best) continue;
      const random = Array.from(best, (p) => (r() < 0.5 ? p : PATTERN_ORDER[Math.floor(r() * 4)]));
      const pick = r();
      const simplest = pick < 0.4 ? passer.simplest({ E, eps: 0 }) : undefined;
      const known = simplest?.sequence ?? (pick < 0.7 || !passer.run({ E, eps: 0, sequence: random }).feasible ? best : random);
      yield { chain, passer, E, known, k };
    }
  }
}

describe('the simplest sequence from a known one', function () {
  this.timeout(300_000);

  it('names what checking every sequence names (random networks of every rule, 1 to 4 hidden layers)', () => {
    let compared = 0;
    let answers = 0;
    for (const { chain, passer, E, known, k } of cases(77, 250, (k) => 1 + (k % 4))) {
      const sequences = allSequences(chain);
      const feasible = sequences.filter((seq) => passer.run({ E, eps: 0, sequence: seq }).feasible);
      const first = feasible.reduce((a, b) => (simpler(b, a) ? b : a));
      const named = passer.simplest({ E, eps: 0 }, known).sequence;
      assert.deepEqual(named, first, `case ${k} at E=${E}: known ${known.join('-')}`);
      // The pass asked alone: is anything simpler than a sequence (feasible or not) feasible?
      for (const other of [known, ...sequences.filter((_, i) => i % 7 === k % 7)]) {
        const some = feasible.some((seq) => simpler(seq, other));
        assert.equal(passer.run({ E, eps: 0, simplerThan: other }).feasible, some, `case ${k} at E=${E}: simpler than ${other.join('-')}`);
        if (some) answers++;
      }
      compared++;
    }
    assert.ok(compared > 600 && answers > 1000, `compared ${compared}, ${answers} with something simpler`);
  });

  it('a known sequence no otherThan pass finds a rival to is the simplest (random networks, 1 to 4 hidden layers)', () => {
    // The pass leaves out sequences with an idle pattern (one that leaves the state as an earlier
    // pattern at that layer does): it may find no rival where others are feasible, never where a
    // simpler one is.
    let alone = 0;
    let rivals = 0;
    let idleOnly = 0;
    for (const { chain, passer, E, known, k } of cases(79, 250, (k) => 1 + (k % 4))) {
      const feasible = allSequences(chain).filter((seq) => passer.run({ E, eps: 0, sequence: seq }).feasible);
      const r = passer.run({ E, eps: 0, otherThan: known });
      if (r.feasible) {
        rivals++;
        assert.ok(r.sequence!.join() !== known.join() && feasible.some((seq) => seq.join() === r.sequence!.join()), `case ${k}: the rival is feasible and another sequence`);
        continue;
      }
      alone++;
      assert.ok(!feasible.some((seq) => simpler(seq, known)), `case ${k} at E=${E}: nothing is simpler than ${known.join('-')}`);
      if (feasible.length > 1) idleOnly++;
    }
    assert.ok(alone > 100 && rivals > 100 && idleOnly > 10, `${alone} alone (${idleOnly} with idle rivals only), ${rivals} with a rival`);
  });

  it('asked alone where the known sequence learns at most layers: the answer and the witness every sequence gives, on a frontier that stays small (5 to 7 and 32 hidden layers)', () => {
    // A prefix with so few non-lazy layers that it ends simpler whatever follows is one class in
    // the pass; kept apart by count they made a staircase of a state for every count (a pass of
    // L^2 states on networks that learn at every layer). Known sequences here learn at all layers
    // but two at most, where that class is most of the frontier.
    const r = rng(81);
    let asked = 0;
    let found = 0;
    for (let k = 0; k < 24; k++) {
      const L = 5 + (k % 3);
      const uniform = k % 2 === 0;
      const problem = uniform
        ? { dim: 'd', degree: 3, readout: 'standard' as const, hidden: Array.from({ length: L }, (_, i) => ({ kind: 'dense' as const, width: `N${i + 1}`, activation: ['relu', 'gelu', 'tanh', 'erf'][(k >> 1) % 4], index: i })) }
        : randomProblem(r, L);
      const chain = compileChain(problem);
      const width = 1 + Math.floor(r() * 4) / 4;
      const x = Float64Array.from(chain.symbols, (s) => (s === 'd' ? 1 : uniform ? width : Math.floor(r() * 9) / 2) * Math.log(784));
      const passer = new Passer(instance(chain, x));
      const E0 = floatLevel(passer);
      if (E0 === undefined) continue;
      const sequences = allSequences(chain);
      for (const dE of [1e-7, 0.05, 0.5]) {
        const E: number = E0 + dE;
        const feasible: Pattern[][] = sequences.filter((seq) => passer.run({ E, eps: 0, sequence: seq }).feasible);
        // Feasible ones (a walk's piece is), and a few others.
        const feasibleIds = new Set(feasible.map((seq) => seq.join()));
        const first = feasible.reduce((a, b) => (simpler(b, a) ? b : a));
        for (const known of [first, ...sequences.filter((seq) => nonLazy(seq) >= L - 2 && r() < (feasibleIds.has(seq.join()) ? 0.1 : 0.01))]) {
          const pass = passer.run({ E, eps: 0, simplerThan: known });
          assert.equal(pass.feasible, feasible.some((seq) => simpler(seq, known)), `case ${k} at E0 + ${dE}: simpler than ${known.join('-')}`);
          if (pass.feasible) {
            found++;
            const w = pass.sequence!;
            assert.ok(simpler(w, known) && feasible.some((seq) => seq.join() === w.join()), `case ${k}: the witness ${w.join('-')} is feasible and simpler than ${known.join('-')}`);
          }
          asked++;
        }
      }
    }
    assert.ok(asked > 2000 && found > 500 && found < asked - 200, `${found} of ${asked} with something simpler`);

    // 32 layers of one width at their optimum: the known sequence learns at every layer, and the
    // pass keeps a few states a layer where the staircase kept 33.
    const chain = compileChain({ dim: 'd', degree: 3, readout: 'standard', hidden: Array.from({ length: 32 }, (_, i) => ({ kind: 'dense' as const, width: `N${i + 1}`, activation: 'relu', index: i })) });
    const passer = new Passer(instance(chain, Float64Array.from(chain.symbols, (s) => (s === 'd' ? 1 : 1.25) * Math.log(784))));
    const E = floatLevel(passer)! + 1e-7;
    const known = passer.simplest({ E, eps: 0 }, passer.run({ E, eps: 0, best: true }).sequence).sequence!;
    assert.equal(nonLazy(known), 32, known.join('-'));
    const pass = passer.run({ E, eps: 0, simplerThan: known });
    assert.ok(!pass.feasible && pass.frontier <= 8, `nothing simpler, on a frontier of ${pass.frontier} states`);
  });

  it('hands a layer\'s pattern on to a later one (uniform networks, 8 to 32 hidden layers)', () => {
    // The simplest sequence with its first learning layer moved to layer 1 (and still feasible):
    // made simpler with `later`, it comes back in one call; changing one layer at a time cannot
    // find it (the simplest search's rounds then moved it a layer a round).
    let cases = 0;
    let plain = 0;
    for (let k = 0; k < 60; k++) {
      const L = 8 + (k % 25);
      const activation = ['relu', 'gelu', 'tanh', 'erf', 'silu'][k % 5];
      const chain = compileChain({ dim: 'd', degree: 3, readout: 'standard', hidden: Array.from({ length: L }, (_, i) => ({ kind: 'dense' as const, width: `N${i + 1}`, activation, index: i })) });
      const width = 1 + ((k * 7) % 5) / 4;
      const passer = new Passer(instance(chain, Float64Array.from(chain.symbols, (s) => (s === 'd' ? 1 : width) * Math.log(784))));
      const E0 = floatLevel(passer);
      if (E0 === undefined) continue;
      for (const dE of [1e-7, 0.01, 0.2]) {
        const E: number = E0 + dE;
        const best = passer.run({ E, eps: 0, best: true }).sequence;
        if (!best) continue;
        const star = passer.simplest({ E, eps: 0 }, best).sequence!;
        const first = star.findIndex((p) => p !== 'gp');
        if (first <= 0) continue;
        const moved = star.slice();
        [moved[0], moved[first]] = [star[first], 'gp'];
        if (!passer.follows({ E, eps: 0 }, moved)) continue;
        assert.deepEqual(passer.simplified({ E, eps: 0 }, moved, undefined, true).sequence, star, `case ${k} (${L} x ${activation}) at E0 + ${dE}: from ${moved.join('-')}`);
        if (passer.simplified({ E, eps: 0 }, moved).sequence.join() === star.join()) plain++;
        cases++;
      }
    }
    assert.ok(cases > 100 && plain === 0, `${cases} cases, ${plain} found without handing on`);
  });

  it('names what the simplest search names, where that search does not give up (5 to 24 hidden layers)', () => {
    let compared = 0;
    let madeSimpler = 0;
    for (const { passer, E, known, k } of cases(78, 120, (k) => 5 + (k % 20))) {
      const search = passer.simplest({ E, eps: 0 });
      if (search.overflow) continue;
      const named = passer.simplest({ E, eps: 0 }, known);
      assert.deepEqual(named.sequence, search.sequence, `case ${k} at E=${E}: known ${known.join('-')}`);
      assert.ok(!simpler(known, named.sequence!), 'nothing feasible is simpler than the simplest');
      if (named.sequence!.join() !== known.join()) madeSimpler++;
      compared++;
    }
    assert.ok(compared > 300, `compared ${compared}`);
    // The cases must exercise both outcomes: the known sequence kept, and one simpler found.
    assert.ok(madeSimpler > 50 && madeSimpler < compared - 50, `${madeSimpler} of ${compared} made simpler`);
  });

  it('names the same on uniform networks, where asking for anything simpler keeps a staircase (8 to 24 hidden layers)', () => {
    // Every hidden layer of one width, as in most real MLPs: GFL at most layers, each raising the
    // state a little, so the simplerThan frontier keeps a state for each count of non-lazy layers
    // near the known one's, and the passer asks first whether the known sequence is alone at the
    // level (otherThan). Asked three times in a row, so that the later calls take that way.
    const r = rng(80);
    let compared = 0;
    let alone = 0;
    for (let k = 0; k < 40; k++) {
      const L = 8 + (k % 17);
      const activation = ['relu', 'gelu', 'tanh', 'erf', 'silu'][k % 5];
      const chain = compileChain({ dim: 'd', degree: 3, readout: 'standard', hidden: Array.from({ length: L }, (_, i) => ({ kind: 'dense' as const, width: `N${i + 1}`, activation, index: i })) });
      const width = 1 + Math.floor(r() * 4) / 4;
      const x = Float64Array.from(chain.symbols, (s) => (s === 'd' ? 1 : width) * Math.log(784));
      const passer = new Passer(instance(chain, x));
      const E0 = floatLevel(passer);
      if (E0 === undefined) continue;
      for (const dE of [1e-7, 0.01, 0.2]) {
        const E: number = E0 + dE;
        const search = passer.simplest({ E, eps: 0 });
        const known = passer.run({ E, eps: 0, best: true }).sequence;
        if (search.overflow || !known) continue;
        for (let t = 0; t < 3; t++) assert.deepEqual(passer.simplest({ E, eps: 0 }, known).sequence, search.sequence, `case ${k} (${L} x ${activation}) at E0 + ${dE}, call ${t + 1}`);
        if (!passer.run({ E, eps: 0, otherThan: known }).feasible) alone++;
        compared++;
      }
    }
    assert.ok(compared > 80 && alone > 10, `compared ${compared}, ${alone} alone at their level`);
  });
});
