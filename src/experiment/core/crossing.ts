// P*(d): the smallest P at which the mean alignment crosses alpha, interpolated linearly in
// log P between the two grid points around it. alpha is relative to the plateau: half the
// highest mean alignment the grid reached (the temperature caps the alignment below 1, so a
// fixed alpha would measure the cap, not the onset; method.md section 2, issue 14).

export interface CurvePoint {
  P: number;
  /** Mean alignment (over seeds and starts) at P. */
  alignment: number;
}

/** alpha = ALPHA_FRACTION x plateau. */
export const ALPHA_FRACTION = 0.5;
/** A curve whose highest mean alignment stays below this has not learned: it has no plateau and no P*. */
export const MIN_PLATEAU = 0.1;

export function plateauOf(curve: CurvePoint[]): number {
  return curve.reduce((m, c) => (c.alignment > m ? c.alignment : m), -Infinity);
}

export type Crossing =
  | { kind: 'crossed'; pStar: number; lower: number; upper: number }
  | { kind: 'below-grid'; pStar?: undefined }
  | { kind: 'not-reached'; pStar?: undefined };

/** The first upward crossing of `alpha` by a curve sorted by P. */
export function crossing(curve: CurvePoint[], alpha: number): Crossing {
  const c = [...curve].sort((a, b) => a.P - b.P);
  if (!c.length || !Number.isFinite(alpha)) return { kind: 'not-reached' };
  if (c[0].alignment >= alpha) return { kind: 'below-grid' };
  for (let i = 1; i < c.length; i++) {
    const a = c[i - 1], b = c[i];
    if (b.alignment >= alpha) {
      const t = (alpha - a.alignment) / (b.alignment - a.alignment);
      const pStar = Math.exp(Math.log(a.P) + t * (Math.log(b.P) - Math.log(a.P)));
      return { kind: 'crossed', pStar, lower: a.P, upper: b.P };
    }
  }
  return { kind: 'not-reached' };
}

/** P* of a curve with alpha at ALPHA_FRACTION of its own plateau. */
export function pStarOf(curve: CurvePoint[]): { alpha: number; plateau: number; crossing: Crossing } {
  const plateau = plateauOf(curve);
  const alpha = ALPHA_FRACTION * plateau;
  return { alpha, plateau, crossing: plateau >= MIN_PLATEAU ? crossing(curve, alpha) : { kind: 'not-reached' } };
}
