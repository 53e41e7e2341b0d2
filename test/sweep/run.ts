// `npm run sweep:walks`: the long sweep of the walks against the certified optimum (walks.ts).
// Prints what it checked and each disagreement; exits 1 when any.
//   npm run sweep:walks                                 3,000 random networks and 200 of the benchmark's (seed 1)
//   npm run sweep:walks -- --random 100 --benchmark 0 --seed 7
import { parseArgs } from 'node:util';
import { rng } from '../unit/helpers';
import { benchmarkNetwork, randomNetwork, sweepWalks } from './walks';

const { values } = parseArgs({
  options: {
    random: { type: 'string', default: '3000' },
    benchmark: { type: 'string', default: '200' },
    seed: { type: 'string', default: '1' },
  },
});
const seed = Number(values.seed);
const r = rng(seed);
const DEPTHS = [2, 3, 4, 6, 8, 12, 16];
function* networks() {
  for (let i = 0; i < Number(values.random); i++) {
    const L = DEPTHS[i % DEPTHS.length];
    yield { problem: randomNetwork(r, L), what: `random network ${i} of ${L} layers (seed ${seed})` };
  }
  for (let i = 0; i < Number(values.benchmark); i++) {
    const L = [8, 16, 24, 32][i % 4];
    const s = 10_000 * seed + i;
    yield { problem: benchmarkNetwork(L, s), what: `the benchmark's network of ${L} layers, seed ${s}` };
  }
}
const t0 = Date.now();
const res = sweepWalks(networks(), 20);
console.log(`sweep of the walks: ${res.networks} networks, ${res.crossings} crossings, ${res.starts} points beyond the design point and ${res.inside} inside the pieces checked against the certified optimum in ${((Date.now() - t0) / 1000).toFixed(0)} s: ${res.wrong} disagree (inside, ${res.pointNames} named otherwise at that point alone)`);
for (const d of res.disagreements) console.log(`  ${d}`);
process.exit(res.wrong ? 1 : 0);
