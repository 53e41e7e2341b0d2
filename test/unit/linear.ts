// One check that a scanner is linear in its input, for every linearity test: ten times the input
// must take under fifty times the time. A linear scanner measures 5 to 12 times here, a quadratic one
// a hundred times or more. The bound was thirty until a clean-clone CI run measured a linear reader
// (the override's long regime) at 34 times three times in a row: late in a full run the heap is
// large, and the large input's garbage costs more than the small one's; a heavier engine test earlier
// in the run took a linear reader to 53 times, so each measurement now starts after a full collection
// (the tests run with --expose-gc), and measures the reader, not the heap the tests before it left.
// Times are CPU times (other processes do not count), the best of three runs; the small input is
// grown until it takes at least 2 ms so that the clock's resolution does not decide the ratio; a
// failing measurement is taken again up to three times, since one collection of the garbage in the
// wrong place can slow a run down. Keep the large input under about 1 MB, and what a reader keeps of
// it too (maxSmall): past the young generation, promotion costs grow with the heap, which is memory,
// not the algorithm.
import { strict as assert } from 'node:assert';

export const RATIO = 50;

/** A full collection where the tests run with --expose-gc (.mocharc.json), before each measurement. */
const collect = (globalThis as { gc?: () => void }).gc ?? (() => {});

/**
 * The small input grows to at most this many characters, so that ten times it stays far below the
 * longest string V8 can make (2^29 characters): in a clean-clone CI run the pre-filter on code
 * still read under 2 ms at 31 million characters, grew to 61 million, and making ten times that
 * threw ("Invalid string length") instead of measuring anything.
 */
export const MAX_SMALL_CHARS = 8_000_000;

/** The least CPU milliseconds of three calls (a reading below zero, a clock that stepped back, is taken again). */
function cpuMs(f: () => void): number {
  let best = Infinity;
  for (let k = 0, tries = 0; k < 3 && tries < 9; tries++) {
    const t0 = process.cpuUsage();
    f();
    const d = process.cpuUsage(t0);
    const ms = (d.user + d.system) / 1000;
    if (ms < 0) continue;
    best = Math.min(best, ms);
    k++;
  }
  return best;
}

/**
 * Checks that `run(make(10 n))` costs under RATIO times `run(make(n))`; returns the ratio measured.
 * `maxSmall`: the small input grows to at most this many characters. A reader whose output grows with
 * its input (a model per tag) keeps all of it alive while it reads: past the young generation the
 * large input's output is copied and promoted, and where the heap is large that costs far more than
 * alone (a full run that kept 1.5 GB of the oracle's candidates alive read 2,000 tags five times
 * slower than alone, 60 times the time of 200: see test/oracle/index.ts).
 */
export function assertLinear(what: string, make: (n: number) => string, run: (input: string) => unknown, n0: number, maxSmall = MAX_SMALL_CHARS): number {
  let n = n0;
  let small = make(n);
  run(small); // warm the JIT
  let tSmall = cpuMs(() => run(small));
  while (tSmall < 2 && n < n0 * 1024 && 2 * small.length <= maxSmall) {
    n *= 2;
    small = make(n);
    tSmall = cpuMs(() => run(small));
  }
  const large = make(10 * n);
  run(large);
  let last = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    collect();
    const a = Math.max(cpuMs(() => run(small)), 1);
    const b = cpuMs(() => run(large));
    if (b < RATIO * a) return b / a;
    last = `${what}: ${small.length} chars took ${a.toFixed(1)} ms, ${large.length} chars took ${b.toFixed(1)} ms (${(b / a).toFixed(0)} times for ten times the input)`;
  }
  assert.fail(last);
}
