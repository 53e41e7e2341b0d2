// The pass along a whole segment of one size (segment.ts) against point passes at many points of the
// segment: where it finds nothing below the level, no point pass does; where it finds the first
// stretch, no point before it is feasible, and its sequence is below the level inside it. Both kinds:
// anything below F less a margin (the walk's undercut checks), and anything simpler than a known
// sequence at F plus a tolerance (its naming checks). Random networks of every rule, along d and
// along widths, at numeric sizes and at exact regimes.
import { strict as assert } from 'node:assert';
import { analyze, compileChain, type Pattern, type ScaleProblem } from '../../src/engine/index';
import { instance } from '../../src/engine/chain';
import { passerFor } from '../../src/engine/pass';
import { GAVE_UP, firstBelow } from '../../src/engine/segment';
import { randomNetwork } from '../sweep/walks';
import { rng } from './helpers';

/** Points per segment for the point passes. */
const K = 64;

describe('the pass along a segment of one size', function () {
  this.timeout(300_000);

  for (const naming of [false, true]) {
    it(`${naming ? 'simpler than a known sequence at F plus a tolerance' : 'below F less a margin'}: the first place as point passes at ${K + 1} points find it, and more (random networks of every rule, 1 to 12 hidden layers)`, () => {
      const r = rng(naming ? 4242 : 4141);
      let found = 0;
      let none = 0;
      let between = 0;
      for (let i = 0; i < 140; i++) {
        const problem = randomNetwork(r, [1, 2, 3, 4, 6, 8, 12][i % 7]);
        const a = analyze(problem, { table: false, boundaries: false });
        if (!a.base || !a.winner) continue;
        const chain = compileChain(problem);
        const base = a.base.float;
        const level = Float64Array.from(chain.symbols, (s) => a.winner!.energy.get(s).toNumber());
        const known: Pattern[] | undefined = naming ? a.winner.sequence : undefined;
        for (let t = 0; t < 4; t++) {
          const axis = Math.floor(r() * chain.symbols.length);
          const from = base[axis];
          const to = Math.max(0, from + (r() < 0.5 ? -1 : 1) * (0.05 + r() * 1.5));
          let scale = 1;
          for (const v of base) scale = Math.max(scale, Math.abs(v));
          scale = Math.max(scale, Math.abs(to));
          // The undercut checks' margin below F; the naming checks' tolerance above it.
          const margin = naming ? -1e-10 * scale : 1e-8 * scale;
          const where = `network ${i}, along ${chain.symbols[axis]} from ${from} to ${to}`;
          const hit = firstBelow(chain, base, axis, from, to, level, margin, known);
          assert.notEqual(hit, GAVE_UP, where);
          const feasibleAt = (u: number, sequence?: Pattern[]) => {
            const x = base.slice();
            x[axis] = from + u * (to - from);
            let E = -margin;
            for (let k = 0; k < x.length; k++) E += level[k] * x[k];
            const passer = passerFor(instance(chain, x));
            if (sequence) return passer.follows({ E, eps: 0 }, sequence);
            return passer.run(known ? { E, eps: 0, simplerThan: known } : { E, eps: 0 }).feasible;
          };
          const points = Array.from({ length: K + 1 }, (_, k) => feasibleAt(k / K));
          const firstPoint = points.indexOf(true);
          if (hit === undefined) {
            none++;
            assert.equal(firstPoint, -1, `${where}: nothing on the segment, but the point pass at ${firstPoint / K} finds something`);
            continue;
          }
          if (hit === GAVE_UP) continue;
          found++;
          assert.ok(firstPoint < 0 || firstPoint / K >= hit.first - 1e-9, `${where}: the point pass at ${firstPoint / K} finds something before the first stretch (${hit.first})`);
          assert.ok(hit.first <= hit.inside && hit.inside <= hit.last, where);
          assert.ok(feasibleAt(hit.inside), `${where}: nothing at ${hit.inside}, inside the first stretch`);
          assert.ok(feasibleAt(hit.inside, hit.sequence), `${where}: the stretch's sequence is not there`);
          // What three points (near the start, the middle, near the end) did not see.
          if (![1 / K, 1 / 2, 1 - 1 / K].some((u) => feasibleAt(u))) between++;
        }
      }
      assert.ok(found > 150 && none > 150, `found ${found}, none ${none}`);
      // The walks checked three such points before: the segment pass finds what lies between them.
      if (!naming) assert.ok(between > 5, `stretches between three points: ${between}`);
    });
  }

  it('the same for an attention head (its specialized positions cost d^2 and spike the target alone), both kinds, along d and L', () => {
    const r = rng(4343);
    let found = 0;
    let none = 0;
    for (let i = 0; i < 120; i++) {
      const problem: ScaleProblem = { dim: 'd', degree: [2, 3, 4, 5][i % 4], readout: 'standard', hidden: [{ kind: 'attention', context: 'L', heads: 1, index: 0 }], sizes: { d: 16 + Math.floor(r() * 4000), L: 2 + Math.floor(r() * 4000) } };
      const a = analyze(problem, { table: false, boundaries: false });
      if (!a.base || !a.winner) continue;
      const chain = compileChain(problem);
      const base = a.base.float;
      const level = Float64Array.from(chain.symbols, (s) => a.winner!.energy.get(s).toNumber());
      for (const known of [undefined, a.winner.sequence]) {
        const axis = i % 2;
        const from = base[axis];
        const to = Math.max(0, from + (r() < 0.5 ? -1 : 1) * (0.05 + r() * 2));
        const margin = (known ? -1e-10 : 1e-8) * Math.max(1, ...base, to);
        const feasibleAt = (u: number) => {
          const x = base.slice();
          x[axis] = from + u * (to - from);
          let E = -margin;
          for (let k = 0; k < x.length; k++) E += level[k] * x[k];
          return passerFor(instance(chain, x)).run(known ? { E, eps: 0, simplerThan: known } : { E, eps: 0 }).feasible;
        };
        const hit = firstBelow(chain, base, axis, from, to, level, margin, known);
        assert.notEqual(hit, GAVE_UP);
        const firstPoint = Array.from({ length: K + 1 }, (_, k) => feasibleAt(k / K)).indexOf(true);
        const where = `head ${i} (m = ${problem.degree}), along ${chain.symbols[axis]} from ${from} to ${to}${known ? ', naming' : ''}`;
        if (!hit || hit === GAVE_UP) {
          none++;
          assert.equal(firstPoint, -1, `${where}: nothing on the segment, but a point pass finds something`);
          continue;
        }
        found++;
        assert.ok(firstPoint < 0 || firstPoint / K >= hit.first - 1e-9, `${where}: a point pass finds something before the first stretch`);
        assert.ok(feasibleAt(hit.inside), `${where}: nothing inside the first stretch`);
      }
    }
    assert.ok(found > 10 && none > 100, `found ${found}, none ${none}`);
  });
});
