// The target: y = He_m(w*·x) / sqrt(m!), the probabilists' Hermite polynomial normalised so that
// E[y^2] = 1 under x ~ N(0, I_d) with |w*| = 1 (method.md, section 1).

/** He_m(z) by the recurrence He_{n+1} = z He_n - n He_{n-1}. */
export function hermite(m: number, z: number): number {
  if (m === 0) return 1;
  let prev = 1;
  let cur = z;
  for (let n = 1; n < m; n++) {
    const next = z * cur - n * prev;
    prev = cur;
    cur = next;
  }
  return cur;
}

/** 1 / sqrt(m!): the factor that gives He_m unit variance under a standard normal argument. */
function hermiteNorm(m: number): number {
  let f = 1;
  for (let n = 2; n <= m; n++) f *= n;
  return 1 / Math.sqrt(f);
}

/** The normalised target He_m(z) / sqrt(m!). */
export function normalizedHermite(m: number, z: number): number {
  return hermite(m, z) * hermiteNorm(m);
}
