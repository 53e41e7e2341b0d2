// Reads a measured exponent against the predicted one as the theory states it: the prediction
// is a lower bound on P* (docs/method.md, sections 2 and 7), so an interval that contains it is consistent,
// one above it means the bound holds but is not tight, and one below it means the prediction
// fails there. A disagreement is never softened: it is the most valuable thing an experiment shows.

import type { PointRecord, Predicted, Verdict } from './types';

/**
 * An interval wider than this (in units of the exponent of d) that contains the prediction tells
 * nothing: it contains d^0 and d^2 as well (a quick run measured -0.26 to 1.92 around a flat P*
 * and read "consistent").
 */
export const WIDE_INTERVAL = 2;

export function verdictOf(interval: [number, number] | undefined, predicted: number): Verdict {
  if (!interval) return 'undetermined';
  if (interval[0] > predicted) return 'not-tight';
  if (interval[1] < predicted) return 'fails';
  return interval[1] - interval[0] > WIDE_INTERVAL ? 'undetermined' : 'consistent';
}

const f2 = (x: number) => x.toFixed(2);

export function predictedText(p: Predicted): string {
  return p.exact && p.exact !== String(p.inD) ? `${p.exact} = ${f2(p.inD)}` : p.exact ?? f2(p.inD);
}

export function reading(exponent: number | undefined, interval: [number, number] | undefined, predicted: Predicted, level: number, points: number): { verdict: Verdict; reading: string } {
  const pred = `d^${predictedText(predicted)}`;
  if (exponent === undefined) return { verdict: 'undetermined', reading: `No exponent: ${points < 2 ? `only ${points} dimension(s) gave a P*` : 'the fit failed'}, so the predicted ${pred} is neither confirmed nor contradicted.` };
  const pct = Math.round(level * 100);
  const measured = interval ? `d^${f2(exponent)} (${pct}% interval ${f2(interval[0])} to ${f2(interval[1])})` : `d^${f2(exponent)} (no interval)`;
  const verdict = verdictOf(interval, predicted.inD);
  const text: Record<Verdict, string> = {
    consistent: `Measured P* ∝ ${measured}, whose interval contains the predicted ${pred}: consistent with the prediction (a lower bound on P*).`,
    'not-tight': `Measured P* ∝ ${measured}, above the predicted ${pred}: the lower bound holds but is not tight here.`,
    fails: `Measured P* ∝ ${measured}, below the predicted ${pred}: the prediction fails here, since P* grows more slowly than the lower bound allows.`,
    undetermined: interval
      ? `Measured P* ∝ ${measured} against the predicted ${pred}: an interval wider than ${WIDE_INTERVAL} does not decide (more dimensions or seeds narrow it).`
      : `Measured P* ∝ ${measured} against the predicted ${pred}: without an interval this does not decide.`,
  };
  return { verdict, reading: text[verdict] };
}

export function caveats(points: PointRecord[], predicted: Predicted, smokeTest: boolean, status: string, dims: number): string[] {
  const out: string[] = [];
  if (smokeTest) out.push('Quick mode, a smoke test: small d and few seeds, where measured exponents run low; run the full mode or the exported script for evidence.');
  if (status !== 'complete') out.push(`${status === 'cancelled' ? 'Cancelled' : 'Partial'}: ${points.filter((p) => !p.provisional).length} of ${dims} dimensions finished.`);
  const unsettled = points.filter((p) => !p.equilibrated);
  if (unsettled.length) out.push(`Not equilibrated at d = ${unsettled.map((p) => p.d).join(', ')} (see each point's notes): those P* are less certain.`);
  const missing = points.filter((p) => p.pStar === undefined && !p.provisional);
  if (missing.length) out.push(`No crossing at d = ${missing.map((p) => p.d).join(', ')}; left out of the fit.`);
  if (predicted.inD < 1) out.push('The predicted exponent is below 1, so the counting bound P ≳ d is the stronger lower bound there.');
  return out;
}
