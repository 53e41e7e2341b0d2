// P*(d): the smallest P at which the mean alignment crosses alpha, interpolated linearly in log P.
// alpha is relative to the plateau (issue 14): at temperature kappa the alignment stays below 1 and
// keeps rising slowly with P, so there is no fixed level to cross, and a plateau read at the top of
// a grid depends on how far the grid goes. So the plateau is read at a fixed multiple of P* itself:
// P* is where the mean alignment reaches ALPHA_FRACTION of what it reaches PLATEAU_RATIO times
// further, A(P*) = 1/2 A(4 P*). Scale-free: a family of curves A_d(P) = F(P / P_d) gives P* ∝ P_d
// whatever F is, and no prediction is used to place anything.

export interface CurvePoint {
  P: number;
  /** Mean alignment (over seeds and starts) at P. */
  alignment: number;
}

/** alpha = ALPHA_FRACTION x the plateau. */
export const ALPHA_FRACTION = 0.5;
/** The plateau is the mean alignment at PLATEAU_RATIO x P*. */
export const PLATEAU_RATIO = 4;
/** Learning is an alignment of order 1: P* is read only where the plateau (A at 4 P*) is at least this. */
export const MIN_PLATEAU = 0.25;
/** Below this mean alignment a curve has not started to learn (the grid starts below it). */
export const ONSET = 0.1;

export type Crossing =
  | { kind: 'crossed'; pStar: number; lower: number; upper: number }
  | { kind: 'below-grid'; pStar?: undefined }
  | { kind: 'not-reached'; pStar?: undefined };

/** The first upward crossing of a fixed level by a curve sorted by P (also used for the onset). */
export function crossing(curve: CurvePoint[], level: number): Crossing {
  const c = [...curve].sort((a, b) => a.P - b.P);
  if (!c.length || !Number.isFinite(level)) return { kind: 'not-reached' };
  if (c[0].alignment >= level) return { kind: 'below-grid' };
  for (let i = 1; i < c.length; i++) {
    const a = c[i - 1], b = c[i];
    if (b.alignment >= level) {
      const t = (level - a.alignment) / (b.alignment - a.alignment);
      return { kind: 'crossed', pStar: Math.exp(Math.log(a.P) + t * (Math.log(b.P) - Math.log(a.P))), lower: a.P, upper: b.P };
    }
  }
  return { kind: 'not-reached' };
}

/** The curve as a function of log P, linear between its points; undefined outside them. */
function interpolator(c: CurvePoint[]): (u: number) => number | undefined {
  const us = c.map((p) => Math.log(p.P));
  return (u) => {
    if (u < us[0] - 1e-12 || u > us[us.length - 1] + 1e-12) return undefined;
    let i = 1;
    while (i < us.length - 1 && us[i] < u) i++;
    const t = us[i] === us[i - 1] ? 0 : (u - us[i - 1]) / (us[i] - us[i - 1]);
    return c[i - 1].alignment + Math.min(1, Math.max(0, t)) * (c[i].alignment - c[i - 1].alignment);
  };
}

/**
 * P* with alpha = ALPHA_FRACTION x A(PLATEAU_RATIO x P*): the first P where g(P) = A(P) - 1/2 A(4P)
 * turns non-negative while A(4P) >= MIN_PLATEAU (before that the curve has not learned, and the
 * ratio of two small, noisy alignments would mean nothing). g is
 * linear in log P between its breakpoints (the grid and the grid divided by 4), so the crossing is
 * exact for the interpolated curve.
 */
export function pStarOf(curve: CurvePoint[]): { alpha: number; plateau: number; crossing: Crossing } {
  const c = curve.filter((p) => Number.isFinite(p.alignment) && p.P > 0).sort((a, b) => a.P - b.P);
  const none = { alpha: NaN, plateau: NaN, crossing: { kind: 'not-reached' as const } };
  if (c.length < 2) return none;
  const A = interpolator(c);
  const shift = Math.log(PLATEAU_RATIO);
  const uMin = Math.log(c[0].P), uMax = Math.log(c[c.length - 1].P) - shift;
  if (uMax < uMin) return none;
  const breaks = [...new Set([...c.map((p) => Math.log(p.P)), ...c.map((p) => Math.log(p.P) - shift)])].filter((u) => u >= uMin - 1e-12 && u <= uMax + 1e-12).sort((a, b) => a - b);
  const g = (u: number) => {
    const high = A(u + shift)!;
    return { g: high >= MIN_PLATEAU ? A(u)! - ALPHA_FRACTION * high : -Infinity, high };
  };
  let prev: { u: number; g: number } | undefined;
  for (const u of breaks) {
    const cur = g(u);
    if (cur.g >= 0) {
      if (!prev) return { alpha: ALPHA_FRACTION * cur.high, plateau: cur.high, crossing: { kind: 'below-grid' } };
      // Linear between breakpoints; from "not learned yet" (-Infinity) the crossing is at this breakpoint.
      const t = Number.isFinite(prev.g) ? prev.g / (prev.g - cur.g) : 1;
      const uStar = prev.u + t * (u - prev.u);
      const plateau = A(uStar + shift)!;
      const pStar = Math.exp(uStar);
      const lower = [...c].reverse().find((p) => p.P <= pStar * (1 + 1e-9))?.P ?? c[0].P;
      const upper = c.find((p) => p.P >= pStar * (1 - 1e-9) && p.P > lower)?.P ?? c[c.length - 1].P;
      return { alpha: ALPHA_FRACTION * plateau, plateau, crossing: { kind: 'crossed', pStar, lower, upper } };
    }
    prev = { u, g: cur.g };
  }
  const top = c[c.length - 1].alignment;
  return { alpha: ALPHA_FRACTION * top, plateau: top, crossing: { kind: 'not-reached' } };
}
