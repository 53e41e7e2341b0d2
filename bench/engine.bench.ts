// Benchmark of the scale analysis: one model at a time, and a file of 1,000 models against
// JSON.parse of the same text measured in the same run. Prints figures; asserts nothing.
//   npm run bench
import { performance } from 'node:perf_hooks';
import { analyzeDocument } from '../src/report/document';
import { clearCandidateCache } from '../src/engine/index';

function model(name: string, layers: number, regime: boolean, sizes: boolean, degree = 3) {
  const widths = Array.from({ length: layers }, (_, i) => `N${i + 1}`);
  return {
    scalingModel: {
      name,
      data: { kind: 'gaussian', dim: 'd' },
      target: { kind: 'single-index', degree },
      layers: [...widths.map((w) => ({ type: 'dense', width: w, activation: 'erf' })), { type: 'readout' }],
      ...(sizes ? { sizes: Object.fromEntries([['d', 100], ...widths.map((w, i) => [w, 100 * (i + 2)])]) } : {}),
      ...(regime ? { regime: Object.fromEntries(widths.map((w, i) => [w, i % 2 ? 'd' : 'd^2'])) } : {}),
    },
  };
}

/** Median of `runs` timings of fn, in ms, after `warm` untimed calls. */
function time(fn: () => void, runs: number, warm = 5): number {
  for (let i = 0; i < warm; i++) fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    fn();
    t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)];
}

const fmt = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`);

console.log('Scale analysis benchmark (median of repeated runs, warm)\n');
console.log('one model (parse + analyse + report):');
const singles: [string, object, number][] = [
  ['two-layer, symbolic', model('a', 1, false, false), 200],
  ['two-layer, regime + sizes', model('b', 1, true, true), 200],
  ['three-layer (Table 1), regime + sizes', model('c', 2, true, true), 100],
  ['four-layer, regime + sizes', model('d', 3, true, true), 10],
  ['five-layer (4 hidden), regime', model('e', 4, true, false), 3],
];
console.log(`  ${''.padEnd(40)} ${'first'.padStart(10)} ${'again'.padStart(10)}   (first: the architecture's candidates are built; again: they come from the cache, as on an edit of sizes)`);
for (const [label, m, runs] of singles) {
  const text = JSON.stringify(m, null, 2);
  const first = time(() => {
    clearCandidateCache();
    analyzeDocument('m.json', text);
  }, runs, 2);
  const again = time(() => analyzeDocument('m.json', text), runs, 2);
  const tp = time(() => JSON.parse(text), 1000);
  console.log(`  ${label.padEnd(40)} ${fmt(first).padStart(10)} ${fmt(again).padStart(10)}   (${(first / tp).toFixed(0)}x / ${(again / tp).toFixed(0)}x JSON.parse of the same ${text.length} bytes)`);
}

// A file of 1,000 models: a realistic mix of depths and forms (mostly two and three layers).
const mix = Array.from({ length: 1000 }, (_, i) => model(`m${i}`, i % 10 === 9 ? 3 : (i % 2) + 1, i % 3 !== 0, i % 4 !== 0, [3, 3, 5, 1][i % 4]));
const big = JSON.stringify(mix, null, 2);
const tParse = time(() => JSON.parse(big), 20, 3);
const tAll = time(() => {
  clearCandidateCache();
  analyzeDocument('many.json', big);
}, 3, 1);
const out = analyzeDocument('many.json', big);
console.log(`\nfile of ${out.models.length} models (${(big.length / 1e6).toFixed(2)} MB; 45% two-layer, 45% three-layer, 10% four-layer):`);
console.log(`  JSON.parse (baseline)                    ${fmt(tParse).padStart(10)}`);
console.log(`  scaling-lens analyse                     ${fmt(tAll).padStart(10)}   (${(tAll / out.models.length).toFixed(3)} ms per model)`);
console.log(`  ratio analyse / JSON.parse               ${(tAll / tParse).toFixed(0).padStart(10)}x`);
