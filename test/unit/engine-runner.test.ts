// The runner-up (the best sequence not tied with the winner) found by a pass along the tie graph:
// its level must be the least level above E* over every sequence (checked by solving every
// sequence's own level, up to 5 hidden layers), the pair pass's level where that pass does not give
// up (6 to 24), and the sequence it names must reach that level without being a tie.
import { strict as assert } from 'node:assert';
import { allSequences, compileChain } from '../../src/engine/chain';
import { exactLevel, optimumAt, sequenceLevel } from '../../src/engine/solve';
import { OVERFLOW, runnerUp } from '../../src/engine/runner';
import { Rational } from '../../src/engine/rational';
import { randomPoint, randomProblem } from './engineRandom';
import { rng } from './helpers';

describe('the runner-up along the tie graph', function () {
  this.timeout(300_000);

  it('is the least level above E* over every sequence (random networks of every rule at numeric sizes, 1 to 5 hidden layers)', () => {
    const r = rng(606);
    let compared = 0;
    for (let k = 0; k < 200; k++) {
      const chain = compileChain(randomProblem(r, 1 + (k % 5)));
      const pt = randomPoint(r, chain.symbols, true);
      const opt = optimumAt(chain, pt, { ties: true });
      if (!opt) continue;
      let least: Rational | undefined;
      for (const seq of allSequences(chain)) {
        const l = sequenceLevel(chain, pt, seq, opt.E.toNumber() + 1);
        if (l && l.E.cmp(opt.E) > 0 && (!least || l.E.cmp(least) < 0)) least = l.E;
      }
      const found = runnerUp(chain, pt, opt.E, { ties: opt.ties });
      if (found === OVERFLOW) assert.fail(`case ${k}: gave up`);
      assert.equal(found?.level.E.toString(), least?.toString(), `case ${k}`);
      if (found) {
        assert.equal(found.nearest, true);
        // Its name reaches its level exactly and is not a tie.
        const own = exactLevel(chain, pt, found.level.sequence, found.level.E);
        assert.ok(own && own.E.equals(found.level.E), `case ${k}: ${found.level.sequence.join('-')} at its level`);
      }
      compared++;
    }
    assert.ok(compared > 180, `compared ${compared}`);
  });

  it('finds the pair pass\'s level where that pass does not give up, and one where it does (6 to 24 hidden layers)', () => {
    const r = rng(607);
    let same = 0;
    let pairsGaveUp = 0;
    for (let k = 0; k < 120; k++) {
      const chain = compileChain(randomProblem(r, 6 + (k % 19)));
      const pt = randomPoint(r, chain.symbols, true);
      const opt = optimumAt(chain, pt, { ties: true });
      if (!opt) continue;
      const found = runnerUp(chain, pt, opt.E, { ties: opt.ties });
      assert.ok(found !== OVERFLOW && (!found || found.nearest), `case ${k}: the pass along the tie graph gave up`);
      const pairs = runnerUp(chain, pt, opt.E, { pairs: true });
      if (pairs === OVERFLOW || (pairs && !pairs.nearest)) {
        pairsGaveUp++;
        assert.ok(found && found.level.E.cmp(opt.E) > 0, `case ${k}: a runner-up where pairs gave up`);
        if (pairs !== OVERFLOW) assert.ok(found.level.E.cmp(pairs.level.E) <= 0, `case ${k}: no higher than what pairs found`);
        continue;
      }
      assert.equal(found?.level.E.toString(), pairs?.level.E.toString(), `case ${k}`);
      same++;
    }
    assert.ok(same > 70 && pairsGaveUp > 10, `${same} the same, ${pairsGaveUp} where pairs gave up`);
  });
});
