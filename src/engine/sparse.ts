// Sparse integer vectors for traces: a trace's forms range over every size of the network, but
// each touches only a few (d, E and the widths of the layers that learned), so a deep network's
// trace stays linear in its depth.

/** Coordinates in increasing order with their nonzero coefficients. */
export interface Sparse {
  readonly idx: readonly number[];
  readonly val: readonly number[];
}

export const ZERO_VEC: Sparse = { idx: [], val: [] };

export function unitVec(i: number, coef: number): Sparse {
  return coef ? { idx: [i], val: [coef] } : ZERO_VEC;
}

/** a + sign·b. */
export function addVec(a: Sparse, b: Sparse, sign = 1): Sparse {
  const na = a.idx.length;
  const nb = b.idx.length;
  if (!nb) return a;
  if (!na && sign === 1) return b;
  const idx: number[] = [];
  const val: number[] = [];
  let i = 0;
  let j = 0;
  while (i < na && j < nb) {
    const ai = a.idx[i];
    const bj = b.idx[j];
    if (ai < bj) {
      idx.push(ai);
      val.push(a.val[i++]);
    } else if (bj < ai) {
      idx.push(bj);
      val.push(sign * b.val[j++]);
    } else {
      const v = a.val[i++] + sign * b.val[j++];
      if (v) {
        idx.push(ai);
        val.push(v);
      }
    }
  }
  for (; i < na; i++) idx.push(a.idx[i]), val.push(a.val[i]);
  for (; j < nb; j++) idx.push(b.idx[j]), val.push(sign * b.val[j]);
  return { idx, val };
}

export function scaleVec(a: Sparse, k: number): Sparse {
  return k ? { idx: a.idx, val: a.val.map((x) => x * k) } : ZERO_VEC;
}

export function getVec(a: Sparse, i: number): number {
  for (let k = 0; k < a.idx.length && a.idx[k] <= i; k++) if (a.idx[k] === i) return a.val[k];
  return 0;
}

export function eqVec(a: Sparse, b: Sparse): boolean {
  if (a === b) return true;
  if (a.idx.length !== b.idx.length) return false;
  for (let k = 0; k < a.idx.length; k++) if (a.idx[k] !== b.idx[k] || a.val[k] !== b.val[k]) return false;
  return true;
}

/** Σ a_i w_i. */
export function dotVec(a: Sparse, w: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < a.idx.length; k++) s += a.val[k] * w[a.idx[k]];
  return s;
}

/** The sign of a_i - b_i at the first coordinate i < below where they differ (0 when none does). */
export function firstDifference(a: Sparse, b: Sparse, below: number): number {
  let i = 0;
  let j = 0;
  const na = a.idx.length;
  const nb = b.idx.length;
  for (;;) {
    const ai = i < na ? a.idx[i] : Infinity;
    const bj = j < nb ? b.idx[j] : Infinity;
    const at = Math.min(ai, bj);
    if (at >= below) return 0;
    const va = ai === at ? a.val[i++] : 0;
    const vb = bj === at ? b.val[j++] : 0;
    if (va !== vb) return va > vb ? 1 : -1;
  }
}
