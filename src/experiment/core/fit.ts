// The measured exponent: least-squares slope of log P* against log d, with a percentile bootstrap
// over seeds (each replicate resamples the seeds of every d independently, since each d has its
// own teachers and data, and recomputes every P*(d) and the slope).

import { Rng } from './rng';

export interface LineFit {
  slope: number;
  intercept: number;
}

/** y = intercept + slope x, least squares; undefined with fewer than two distinct x. */
export function fitLine(x: number[], y: number[]): LineFit | undefined {
  const n = x.length;
  if (n < 2) return undefined;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxx = 0, sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i] - mx) * (x[i] - mx);
    sxy += (x[i] - mx) * (y[i] - my);
  }
  if (!(sxx > 0)) return undefined;
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

/** The slope of log P* against log d. */
export function logLogSlope(d: number[], pStar: number[]): LineFit | undefined {
  return fitLine(d.map(Math.log), pStar.map(Math.log));
}

/** The (1-level)/2 and (1+level)/2 quantiles of the values (linear interpolation). */
export function percentileInterval(values: number[], level: number): [number, number] | undefined {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (!v.length) return undefined;
  const q = (p: number) => {
    const pos = p * (v.length - 1);
    const lo = Math.floor(pos), hi = Math.ceil(pos);
    return v[lo] + (pos - lo) * (v[hi] - v[lo]);
  };
  return [q((1 - level) / 2), q((1 + level) / 2)];
}

/** Indices 0..n-1 drawn n times with replacement. */
export function resample(n: number, rng: Rng): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(Math.floor(rng.uniform() * n));
  return out;
}
