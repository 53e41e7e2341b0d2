// Dense kernels on row-major Float64Arrays, register-blocked over four rows and two columns (chosen by
// bench/experiment.bench.ts against the plain triple loops in `naive` below and TensorFlow.js's
// WebAssembly backend). Each is one of the three products a dense layer's forward and backward need.

/** out[p][j] = sum_k a[p][k] b[j][k]  (a: rows x inner, b: cols x inner, out: rows x cols). Blocked 4 x 2. */
export function matmulABt(a: Float64Array, b: Float64Array, out: Float64Array, rows: number, inner: number, cols: number): void {
  let p = 0;
  for (; p + 3 < rows; p += 4) {
    const a0 = p * inner, a1 = a0 + inner, a2 = a1 + inner, a3 = a2 + inner;
    const o0 = p * cols, o1 = o0 + cols, o2 = o1 + cols, o3 = o2 + cols;
    let j = 0;
    for (; j + 1 < cols; j += 2) {
      const b0 = j * inner, b1 = b0 + inner;
      let s00 = 0, s01 = 0, s10 = 0, s11 = 0, s20 = 0, s21 = 0, s30 = 0, s31 = 0;
      for (let k = 0; k < inner; k++) {
        const w0 = b[b0 + k], w1 = b[b1 + k];
        const x0 = a[a0 + k], x1 = a[a1 + k], x2 = a[a2 + k], x3 = a[a3 + k];
        s00 += x0 * w0;
        s01 += x0 * w1;
        s10 += x1 * w0;
        s11 += x1 * w1;
        s20 += x2 * w0;
        s21 += x2 * w1;
        s30 += x3 * w0;
        s31 += x3 * w1;
      }
      out[o0 + j] = s00;
      out[o0 + j + 1] = s01;
      out[o1 + j] = s10;
      out[o1 + j + 1] = s11;
      out[o2 + j] = s20;
      out[o2 + j + 1] = s21;
      out[o3 + j] = s30;
      out[o3 + j + 1] = s31;
    }
    for (; j < cols; j++) {
      const bj = j * inner;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let k = 0; k < inner; k++) {
        const w = b[bj + k];
        s0 += a[a0 + k] * w;
        s1 += a[a1 + k] * w;
        s2 += a[a2 + k] * w;
        s3 += a[a3 + k] * w;
      }
      out[o0 + j] = s0;
      out[o1 + j] = s1;
      out[o2 + j] = s2;
      out[o3 + j] = s3;
    }
  }
  for (; p < rows; p++) {
    const ap = p * inner;
    for (let j = 0; j < cols; j++) {
      const bj = j * inner;
      let s = 0;
      for (let k = 0; k < inner; k++) s += a[ap + k] * b[bj + k];
      out[p * cols + j] = s;
    }
  }
}

/** out[j][k] = sum_p g[p][j] z[p][k]  (g: rows x cols, z: rows x inner, out: cols x inner; overwritten). Blocked 4 x 2. */
export function matmulAtB(g: Float64Array, z: Float64Array, out: Float64Array, rows: number, cols: number, inner: number): void {
  out.fill(0, 0, cols * inner);
  let p = 0;
  for (; p + 3 < rows; p += 4) {
    const g0 = p * cols, g1 = g0 + cols, g2 = g1 + cols, g3 = g2 + cols;
    const z0 = p * inner, z1 = z0 + inner, z2 = z1 + inner, z3 = z2 + inner;
    let j = 0;
    for (; j + 1 < cols; j += 2) {
      const c00 = g[g0 + j], c10 = g[g1 + j], c20 = g[g2 + j], c30 = g[g3 + j];
      const c01 = g[g0 + j + 1], c11 = g[g1 + j + 1], c21 = g[g2 + j + 1], c31 = g[g3 + j + 1];
      const o0 = j * inner, o1 = o0 + inner;
      for (let k = 0; k < inner; k++) {
        const x0 = z[z0 + k], x1 = z[z1 + k], x2 = z[z2 + k], x3 = z[z3 + k];
        out[o0 + k] += c00 * x0 + c10 * x1 + c20 * x2 + c30 * x3;
        out[o1 + k] += c01 * x0 + c11 * x1 + c21 * x2 + c31 * x3;
      }
    }
    for (; j < cols; j++) {
      const c0 = g[g0 + j], c1 = g[g1 + j], c2 = g[g2 + j], c3 = g[g3 + j];
      const o = j * inner;
      for (let k = 0; k < inner; k++) out[o + k] += c0 * z[z0 + k] + c1 * z[z1 + k] + c2 * z[z2 + k] + c3 * z[z3 + k];
    }
  }
  for (; p < rows; p++) {
    const gp = p * cols, zp = p * inner;
    for (let j = 0; j < cols; j++) {
      const c = g[gp + j];
      const o = j * inner;
      for (let k = 0; k < inner; k++) out[o + k] += c * z[zp + k];
    }
  }
}

/** out[p][k] = sum_j g[p][j] w[j][k]  (g: rows x cols, w: cols x inner, out: rows x inner; overwritten). */
export function matmulAB(g: Float64Array, w: Float64Array, out: Float64Array, rows: number, cols: number, inner: number): void {
  for (let p = 0; p < rows; p++) {
    const gp = p * cols, o = p * inner;
    out.fill(0, o, o + inner);
    let j = 0;
    for (; j + 3 < cols; j += 4) {
      const c0 = g[gp + j], c1 = g[gp + j + 1], c2 = g[gp + j + 2], c3 = g[gp + j + 3];
      const w0 = j * inner, w1 = w0 + inner, w2 = w1 + inner, w3 = w2 + inner;
      for (let k = 0; k < inner; k++) out[o + k] += c0 * w[w0 + k] + c1 * w[w1 + k] + c2 * w[w2 + k] + c3 * w[w3 + k];
    }
    for (; j < cols; j++) {
      const c = g[gp + j], wj = j * inner;
      for (let k = 0; k < inner; k++) out[o + k] += c * w[wj + k];
    }
  }
}

/** The plain triple loops: the benchmark's baseline and the tests' reference. */
export const naive = {
  matmulABt(a: Float64Array, b: Float64Array, out: Float64Array, rows: number, inner: number, cols: number): void {
    for (let p = 0; p < rows; p++)
      for (let j = 0; j < cols; j++) {
        let s = 0;
        for (let k = 0; k < inner; k++) s += a[p * inner + k] * b[j * inner + k];
        out[p * cols + j] = s;
      }
  },
  matmulAtB(g: Float64Array, z: Float64Array, out: Float64Array, rows: number, cols: number, inner: number): void {
    for (let j = 0; j < cols; j++)
      for (let k = 0; k < inner; k++) {
        let s = 0;
        for (let p = 0; p < rows; p++) s += g[p * cols + j] * z[p * inner + k];
        out[j * inner + k] = s;
      }
  },
  matmulAB(g: Float64Array, w: Float64Array, out: Float64Array, rows: number, cols: number, inner: number): void {
    for (let p = 0; p < rows; p++)
      for (let k = 0; k < inner; k++) {
        let s = 0;
        for (let j = 0; j < cols; j++) s += g[p * cols + j] * w[j * inner + k];
        out[p * inner + k] = s;
      }
  },
};

export type Kernels = Pick<typeof naive, 'matmulABt' | 'matmulAtB' | 'matmulAB'>;
export const blocked: Kernels = { matmulABt, matmulAtB, matmulAB };
