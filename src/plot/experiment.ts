// The measured points of an experiment over the P*-against-d chart (x = log10 d, y = log10 P*):
// each P*(d) with its interval as an error bar, the fitted line over the measured d with the lines
// of its interval's slopes, and the predicted exponent's line. Prefactors are unknown, so the fit's
// interval lines and the predicted line pass through the centre of the measured points (the mean
// of log d and the fit there): what the chart compares is slopes. Pure, for the webview and tests.

import type { ExperimentResults } from '../experiment/types';
import { predictedText } from '../experiment/compare';
import type { XY } from './types';

export interface MeasuredPoint extends XY {
  d: number;
  pStar: number;
  /** log10 of the interval's ends, when there is an interval. */
  low?: number;
  high?: number;
  equilibrated: boolean;
  provisional: boolean;
}

export interface OverlayLine {
  id: 'fit' | 'fit-low' | 'fit-high' | 'predicted';
  label: string;
  from: XY;
  to: XY;
}

export interface ExperimentOverlay {
  points: MeasuredPoint[];
  lines: OverlayLine[];
  /** The measured region with a margin, in the chart's units. */
  x: [number, number];
  y: [number, number];
  reading: string;
  caveats: string[];
  smokeTest: boolean;
  status: ExperimentResults['status'];
  /** The overlay in words (screen readers, tests). */
  description: string;
}

const log10 = Math.log10;

export function experimentOverlay(r: ExperimentResults): ExperimentOverlay {
  const m = r.measured;
  const points: MeasuredPoint[] = m.points
    .filter((p) => p.pStar !== undefined && p.pStar > 0)
    .map((p) => ({
      x: log10(p.d),
      y: log10(p.pStar!),
      d: p.d,
      pStar: p.pStar!,
      ...(p.interval && p.interval[0] > 0 ? { low: log10(p.interval[0]), high: log10(p.interval[1]) } : {}),
      equilibrated: p.equilibrated,
      provisional: !!p.provisional,
    }));
  const lines: OverlayLine[] = [];
  const xs = points.map((p) => p.x);
  const x0 = Math.min(...xs), x1 = Math.max(...xs);
  if (points.length) {
    const cx = xs.reduce((a, b) => a + b, 0) / xs.length;
    // The centre: the fit at mean log d when there is a fit, else the mean of the points.
    const cy = m.exponent !== undefined && m.intercept !== undefined ? (m.intercept + m.exponent * cx * Math.LN10) / Math.LN10 : points.reduce((a, p) => a + p.y, 0) / points.length;
    const through = (slope: number): [XY, XY] => [{ x: x0, y: cy + slope * (x0 - cx) }, { x: x1, y: cy + slope * (x1 - cx) }];
    const line = (id: OverlayLine['id'], label: string, slope: number) => {
      const [from, to] = through(slope);
      lines.push({ id, label, from, to });
    };
    if (m.exponent !== undefined) {
      line('fit', `measured d^${m.exponent.toFixed(2)}`, m.exponent);
      if (m.interval) {
        line('fit-low', `interval low d^${m.interval[0].toFixed(2)}`, m.interval[0]);
        line('fit-high', `interval high d^${m.interval[1].toFixed(2)}`, m.interval[1]);
      }
    }
    line('predicted', `predicted d^${predictedText(r.predicted)}`, r.predicted.inD);
  }
  const ys = [...points.flatMap((p) => [p.y, p.low ?? p.y, p.high ?? p.y]), ...lines.flatMap((l) => [l.from.y, l.to.y])];
  const pad = (a: number, b: number, min: number): [number, number] => {
    const span = Math.max(b - a, min);
    const mid = (a + b) / 2;
    return [mid - span * 0.6, mid + span * 0.6];
  };
  const x: [number, number] = points.length ? pad(x0, x1, 0.3) : [0, 1];
  const y: [number, number] = ys.length ? pad(Math.min(...ys), Math.max(...ys), 0.5) : [0, 1];
  const described = points.map((p) => `d = ${p.d}: P* ≈ ${Math.round(p.pStar)}${p.low !== undefined ? ` (${Math.round(10 ** p.low)} to ${Math.round(10 ** p.high!)})` : ''}${p.equilibrated ? '' : ', not equilibrated'}${p.provisional ? ', provisional' : ''}`);
  return {
    points,
    lines,
    x,
    y,
    reading: m.reading,
    caveats: m.caveats,
    smokeTest: r.smokeTest,
    status: r.status,
    description: `Experiment (${r.settings.mode} mode${r.smokeTest ? ', a smoke test' : ''}, ${r.status}): ${described.join('; ') || 'no point yet'}. ${m.reading}`,
  };
}
