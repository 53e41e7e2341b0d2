// `npm run fuzz`: the long fuzz run (issue 11). Prints, per front end, the inputs run, escaped
// exceptions, internal errors, Markdown that would be live in a hover, inputs over the time limit,
// and the slowest parse + analysis; exits 1 when any is not zero.
//   npm run fuzz                              100,000 inputs per front end (seed 1)
//   npm run fuzz -- --inputs 2000 --seed 7    a shorter run, another seed
//   npm run fuzz -- --front-ends keras,override   some front ends only
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { FRONT_ENDS, loadSeeds, runFuzz, type FrontEnd } from './harness';

const { values } = parseArgs({
  options: {
    inputs: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    'plot-every': { type: 'string', default: '25' },
    'slow-ms': { type: 'string', default: '100' },
    'front-ends': { type: 'string', default: FRONT_ENDS.join(',') },
  },
});
const root = resolve(__dirname, '..', '..', '..');
const chosen = values['front-ends']!.split(',') as FrontEnd[];
for (const fe of chosen) if (!FRONT_ENDS.includes(fe)) throw new Error(`unknown front end '${fe}' (known: ${FRONT_ENDS.join(', ')})`);
const seeds = loadSeeds(root).filter((s) => chosen.includes(s.frontEnd));
const perFrontEnd = Number(values.inputs);
const t0 = Date.now();
console.log(`fuzz: ${perFrontEnd.toLocaleString('en-US')} inputs per front end, seed ${values.seed}, seeds: ${seeds.map((s) => s.source).join(', ')}`);
const stats = runFuzz(seeds, {
  perFrontEnd,
  seed: Number(values.seed),
  plotEvery: Number(values['plot-every']),
  slowMs: Number(values['slow-ms']),
  onProgress: (fe, n) => { if (n % 10000 === 0) console.log(`  ${fe}: ${n.toLocaleString('en-US')}`); },
});
let bad = 0;
console.log(`\n${'front end'.padEnd(16)} ${'inputs'.padStart(8)} ${'escaped'.padStart(8)} ${'internal'.padStart(9)} ${'markdown'.padStart(9)} ${'slow'.padStart(5)} ${'max analyse'.padStart(12)} ${'max total'.padStart(10)}`);
for (const fe of chosen) {
  const s = stats.get(fe)!;
  bad += s.escaped + s.internal + s.markdown + s.slow + (s.inputs ? 0 : 1);
  console.log(`${fe.padEnd(16)} ${String(s.inputs).padStart(8)} ${String(s.escaped).padStart(8)} ${String(s.internal).padStart(9)} ${String(s.markdown).padStart(9)} ${String(s.slow).padStart(5)} ${s.maxAnalyzeMs.toFixed(1).padStart(9)} ms ${s.maxTotalMs.toFixed(1).padStart(7)} ms`);
}
for (const fe of chosen) for (const e of stats.get(fe)!.examples) console.log(`\n[${fe}] ${e}`);
console.log(`\n${bad ? 'FAILED' : 'passed'} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
process.exitCode = bad ? 1 : 0;
