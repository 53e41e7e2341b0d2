// Benchmark of the TypeScript / TF.js reader on inputs of growing size: for each workload, the time
// to read n and 10·n copies, the growth (a linear reader grows about 10x), and the time against the
// tokenizer alone on the same text, measured in the same run (the cost of looking at each character
// once). Prints figures; asserts nothing (test/unit/parse-typescript-linear.test.ts asserts growth).
//   npm run bench:readers
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from '../src/parse/index';
import { tokenize } from '../src/parse/jsTokens';
import { medianMs } from './timing';

const ROOT = join(__dirname, '..', '..');
const real = (p: string) => readFileSync(join(ROOT, 'test/fixtures/real/tfjs-code/tfjs-examples', p), 'utf8');

const time = (fn: () => void, runs = 7) => medianMs(fn, runs);

let nested = '1';
for (let i = 0; i < 30; i++) nested = `tf.layers.dense({units: ${nested}})`;

const workloads: [string, (n: number) => string, number][] = [
  ['real files (tfjs-examples boston-housing + jena-weather), repeated', (n) => Array.from({ length: n }, () => real('boston-housing/index.js') + real('jena-weather/models.js')).join('\n'), 4],
  ['untagged tf.sequential models', (n) => Array.from({ length: n }, (_, i) => `function m${i}() {\n  const m = tf.sequential();\n  m.add(tf.layers.dense({units: 64, activation: 'tanh', inputShape: [16]}));\n  m.add(tf.layers.dense({units: 1}));\n  return m;\n}\n`).join(''), 40],
  ['functional chain (tf.input -> apply -> tf.model)', (n) => `let y = tf.input({shape: [4]});\n${'y = tf.layers.dense({units: 4, activation: "relu"}).apply(y);\n'.repeat(n)}const m = tf.model({inputs: x, outputs: y});\n`, 300],
  ['30 nested tf.layers calls per model.add (issue 11, finding 1)', (n) => `/** @scaling model m */\nconst model = tf.sequential();\n${`model.add(${nested});\n`.repeat(n)}`, 10],
  ['const declarations on one line (issue 11, finding 4)', (n) => '/** @scaling model m */\n' + Array.from({ length: n }, (_, i) => `const a${i} = ${i}`).join(' ') + '\nconst model = tf.sequential();', 300],
];

const fmt = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`);
console.log('TypeScript / TF.js reader: time for n and 10·n, growth, and against the tokenizer alone (median of 7, warm)\n');
for (const [name, make, n] of workloads) {
  const small = make(n);
  const large = make(10 * n);
  const a = time(() => parseDocument('bench.ts', small));
  const b = time(() => parseDocument('bench.ts', large), 3);
  const tok = time(() => tokenize(large), 3);
  console.log(`${name}`);
  console.log(`  ${(small.length / 1024).toFixed(0)} KB: ${fmt(a)}   ${(large.length / 1024).toFixed(0)} KB: ${fmt(b)}   growth ${(b / a).toFixed(1)}x for 10x the input   ${(b / tok).toFixed(1)}x the tokenizer alone (${fmt(tok)})`);
}
