// Sparse integer vectors for traces: a trace's forms range over every size of the network, but
// each touches only a few (d, E and the widths of the layers that learned), so a deep network's
// trace stays linear in its depth. A vector is one packed array, coordinate then coefficient
// ([i0, c0, i1, c1, ...], coordinates increasing, coefficients nonzero): a trace makes one for
// nearly every value it computes, and one array is a third of the allocations of two.

export type Sparse = readonly number[];

export const ZERO_VEC: Sparse = [];

export function unitVec(i: number, coef: number): Sparse {
  return coef ? [i, coef] : ZERO_VEC;
}

/** a + sign·b. */
export function addVec(a: Sparse, b: Sparse, sign = 1): Sparse {
  const na = a.length;
  const nb = b.length;
  if (!nb) return a;
  if (!na && sign === 1) return b;
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < na && j < nb) {
    const ai = a[i];
    const bj = b[j];
    if (ai < bj) {
      out.push(ai, a[i + 1]);
      i += 2;
    } else if (bj < ai) {
      out.push(bj, sign * b[j + 1]);
      j += 2;
    } else {
      const v = a[i + 1] + sign * b[j + 1];
      if (v) out.push(ai, v);
      i += 2;
      j += 2;
    }
  }
  for (; i < na; i += 2) out.push(a[i], a[i + 1]);
  for (; j < nb; j += 2) out.push(b[j], sign * b[j + 1]);
  return out;
}

export function scaleVec(a: Sparse, k: number): Sparse {
  if (!k) return ZERO_VEC;
  const out = a.slice();
  for (let i = 1; i < out.length; i += 2) out[i] *= k;
  return out;
}

/** The vector's value at a point: the sum of each coefficient times the point's coordinate. */
export function dotVec(a: Sparse, x: Float64Array): number {
  let v = 0;
  for (let k = 0; k < a.length; k += 2) v += a[k + 1] * x[a[k]];
  return v;
}

export function getVec(a: Sparse, i: number): number {
  for (let k = 0; k < a.length && a[k] <= i; k += 2) if (a[k] === i) return a[k + 1];
  return 0;
}

export function eqVec(a: Sparse, b: Sparse): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

/** The sign of a_i - b_i at the first coordinate i < below where they differ (0 when none does). */
export function firstDifference(a: Sparse, b: Sparse, below: number): number {
  let i = 0;
  let j = 0;
  const na = a.length;
  const nb = b.length;
  for (;;) {
    const ai = i < na ? a[i] : Infinity;
    const bj = j < nb ? b[j] : Infinity;
    const at = Math.min(ai, bj);
    if (at >= below) return 0;
    const va = ai === at ? a[(i += 2) - 1] : 0;
    const vb = bj === at ? b[(j += 2) - 1] : 0;
    if (va !== vb) return va > vb ? 1 : -1;
  }
}
