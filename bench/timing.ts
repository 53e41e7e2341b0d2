// The benchmarks' clock: the median of repeated timings, after untimed warm-up calls.
import { performance } from 'node:perf_hooks';

/** Median of `runs` timings of fn, in ms, after `warm` untimed calls. */
export function medianMs(fn: () => void, runs: number, warm = 2): number {
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
