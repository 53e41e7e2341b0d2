// Memory and time of the JSON parser against JSON.parse (the baseline, measured in the same run),
// on large inputs of three shapes: the retained bytes per input byte after a full GC, and the
// parse time. Asserts nothing.   npm run bench:memory   (node --expose-gc)
import { performance } from 'node:perf_hooks';
import { parseJson } from '../src/parse/json';
import { parseDocument } from '../src/parse';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (npm run bench:memory)');

/** Retained bytes after a full GC; the pause lets array buffers freed by the GC be counted as freed. */
async function retained(make: () => unknown): Promise<{ perByte: number; ms: number }> {
  const settle = () => new Promise((r) => setTimeout(r, 50));
  gc!();
  await settle();
  const m0 = process.memoryUsage();
  const t0 = performance.now();
  const keep = make();
  const ms = performance.now() - t0;
  gc!();
  await settle();
  gc!();
  const m1 = process.memoryUsage();
  void (keep as { length?: number }).length; // alive until measured
  return { perByte: m1.heapUsed + m1.arrayBuffers - (m0.heapUsed + m0.arrayBuffers), ms };
}

/** A flat one-byte string, so that flattening a rope does not count against the parser. */
const flat = (s: string) => Buffer.from(s, 'latin1').toString('latin1');
const inputs: [string, string][] = [
  ['array of 2M numbers (4 MB)', flat('[' + '0,'.repeat(1_999_999) + '0]')],
  ['object of 200k keys (4 MB)', flat('{' + Array.from({ length: 200_000 }, (_, i) => `"key${i}":"value ${i}"`).join(',') + '}')],
  ['Keras-like layers (4 MB)', flat(`{"modelTopology": {"class_name": "Sequential", "config": {"layers": [${Array.from({ length: 20_000 }, (_, i) => `{"class_name": "Dense", "config": {"units": ${i + 1}, "activation": "relu", "name": "dense_${i}", "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}}}}`).join(',')}]}}}`)],
];

console.log(`${'input'.padEnd(30)} ${'ours B/B'.padStart(9)} ${'JSON.parse B/B'.padStart(15)} ${'ratio'.padStart(6)} ${'ours ms'.padStart(8)} ${'JSON.parse ms'.padStart(14)} ${'ratio'.padStart(6)}`);
async function main(): Promise<void> {
for (const [name, text] of inputs) {
  const base = await retained(() => JSON.parse(text));
  const ours = await retained(() => parseJson(text));
  const a = ours.perByte / text.length;
  const b = base.perByte / text.length;
  console.log(`${name.padEnd(30)} ${a.toFixed(1).padStart(9)} ${b.toFixed(1).padStart(15)} ${(a / b).toFixed(2).padStart(6)} ${ours.ms.toFixed(0).padStart(8)} ${base.ms.toFixed(0).padStart(14)} ${(ours.ms / base.ms).toFixed(2).padStart(6)}`);
}
// The whole front end on a file at the size limit: the time the worker spends before it can say anything.
const big = flat('{"scalingModel": {"name": "m", "layers": [{"type": "dense", "width": "N"}, {"type": "readout"}]}, "data": [' + '0,'.repeat(4_000_000) + '0]}');
const t0 = performance.now();
parseDocument('big.json', big);
console.log(`\nparseDocument on a ${(big.length / 2 ** 20).toFixed(1)} MiB file with a model: ${(performance.now() - t0).toFixed(0)} ms`);
}

void main();
