// `npm run sweep:walks`: the long sweep of the walks against the certified optimum (walks.ts).
// Prints what it checked and each disagreement; exits 1 when any.
//   npm run sweep:walks                                 3,000 random networks, 200 of the benchmark's, 80 deep ones of one width (seed 1)
//   npm run sweep:walks -- --random 100 --benchmark 0 --deep 20 --seed 7
import { parseArgs } from 'node:util';
import { rng } from '../unit/helpers';
import { benchmarkNetwork, deepNetwork, randomNetwork, sweepWalks } from './walks';

const { values } = parseArgs({
  options: {
    random: { type: 'string', default: '3000' },
    benchmark: { type: 'string', default: '200' },
    deep: { type: 'string', default: '80' },
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
  for (let i = 0; i < Number(values.deep); i++) {
    const L = [16, 32, 48, 64][i % 4];
    const p = deepNetwork(r, L);
    const [a, b] = p.hidden.map((h) => (h.kind === 'dense' ? h.activation : ''));
    const point = p.sizes ? `width ${p.sizes.N1}, d = ${p.sizes.d}` : `N = d^${p.regime!.N1}`;
    yield { problem: p, what: `deep network ${i} of ${L} layers of one width (${a === b ? a : `${a} and ${b} in turn`}, degree ${p.degree}, ${p.readout}, ${point}; seed ${seed})` };
  }
}
const t0 = Date.now();
const res = sweepWalks(networks(), 20);
console.log(`sweep of the walks: ${res.networks} networks, ${res.crossings} crossings, ${res.starts} points beyond the design point and ${res.inside} inside the pieces checked against the certified optimum in ${((Date.now() - t0) / 1000).toFixed(0)} s: ${res.wrong} disagree (inside, ${res.pointNames} named otherwise at that point alone)`);
for (const d of res.disagreements) console.log(`  ${d}`);
process.exit(res.wrong ? 1 : 0);
