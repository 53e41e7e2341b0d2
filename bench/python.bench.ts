// Benchmark of the PyTorch reader: a 5,000-line Python model file read (tokenized, parsed, read
// statically into models), against the TypeScript reader on a file of the same number of lines
// measured in the same run. Prints figures and ratios; asserts nothing.
//   npm run bench:python
import { parseDocument } from '../src/parse/index';
import { tokenizePython } from '../src/parse/python/tokens';
import { tokenize } from '../src/parse/jsTokens';
import { analyzeDocument } from '../src/pipeline/document';
import { pythonModelFile, typescriptModelFile } from './pythonSource';
import { medianMs } from './timing';

const time = (fn: () => void, runs: number, warm = 5) => medianMs(fn, runs, warm);

const LINES = 5000;
const py = pythonModelFile(LINES);
const ts = typescriptModelFile(LINES);
const lines = (s: string) => s.split('\n').length - 1;
const fmt = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`);
const models = (name: string, text: string) => parseDocument(name, text).models.length;

console.log('PyTorch reader benchmark (median of repeated runs, warm)\n');
console.log(`  Python file:     ${lines(py)} lines, ${py.length} characters, ${models('m.py', py)} models`);
console.log(`  TypeScript file: ${lines(ts)} lines, ${ts.length} characters, ${models('m.ts', ts)} models (the same MLPs, as @scaling tags and TF.js code)\n`);

const rows: [string, () => void, () => void][] = [
  ['tokenize', () => tokenizePython(py), () => tokenize(ts)],
  ['read the models (parseDocument)', () => parseDocument('m.py', py), () => parseDocument('m.ts', ts)],
];
console.log(`  ${''.padEnd(34)} ${'Python'.padStart(10)} ${'TypeScript'.padStart(12)}   ratio`);
let read = 0;
for (const [label, a, b] of rows) {
  const ta = time(a, 20);
  const tb = time(b, 20);
  read = ta;
  console.log(`  ${label.padEnd(34)} ${fmt(ta).padStart(10)} ${fmt(tb).padStart(12)}   ${(ta / tb).toFixed(2)}x`);
}
console.log(`\n  Python: ${((read / lines(py)) * 1000).toFixed(1)} µs a line to read the models`);

// With the analysis of every model (what the editor's worker does), for scale.
const full = time(() => analyzeDocument('m.py', py), 3, 1);
const fullTs = time(() => analyzeDocument('m.ts', ts), 3, 1);
console.log(`  read + analyse every model:  Python ${fmt(full)}, TypeScript ${fmt(fullTs)} (${(full / fullTs).toFixed(2)}x)`);
