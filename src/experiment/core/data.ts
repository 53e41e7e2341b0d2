// The learning problem (method.md, section 1): x ~ N(0, I_d), y = He_m(w*·x)/sqrt(m!) with a
// fresh unit w* per seed, a training pool (a run at P uses its first P rows, so the points of one
// seed share their data) and a held-out test set.

import { normalizedHermite } from './hermite';
import { hashSeed, Rng } from './rng';

export interface Dataset {
  d: number;
  degree: number;
  wStar: Float64Array;
  trainX: Float64Array;
  trainY: Float64Array;
  testX: Float64Array;
  testY: Float64Array;
  trainSize: number;
  testSize: number;
}

export function makeDataset(d: number, degree: number, trainSize: number, testSize: number, seed: number): Dataset {
  const rw = new Rng(hashSeed('teacher', seed, d));
  const wStar = new Float64Array(d);
  rw.fillNormal(wStar);
  let norm = 0;
  for (let k = 0; k < d; k++) norm += wStar[k] * wStar[k];
  norm = Math.sqrt(norm);
  for (let k = 0; k < d; k++) wStar[k] /= norm;
  const sample = (n: number, stream: string) => {
    const r = new Rng(hashSeed(stream, seed, d));
    const x = new Float64Array(n * d);
    const y = new Float64Array(n);
    for (let p = 0; p < n; p++) {
      let u = 0;
      for (let k = 0; k < d; k++) {
        const v = r.normal();
        x[p * d + k] = v;
        u += v * wStar[k];
      }
      y[p] = normalizedHermite(degree, u);
    }
    return { x, y };
  };
  const train = sample(trainSize, 'train');
  const test = sample(testSize, 'test');
  return { d, degree, wStar, trainX: train.x, trainY: train.y, testX: test.x, testY: test.y, trainSize, testSize };
}

/** The alignment A_f = <f, y> / <y, y> over n points (method.md, section 2). */
export function alignment(f: ArrayLike<number>, y: ArrayLike<number>, n = y.length): number {
  let fy = 0;
  let yy = 0;
  for (let i = 0; i < n; i++) {
    fy += f[i] * y[i];
    yy += y[i] * y[i];
  }
  return yy > 0 ? fy / yy : NaN;
}
