// Each chart in words: read by screen readers (the webview's figure descriptions), checked by the
// tests, and printed by the CLI. Short sentences that carry the same facts as the picture.

import { samePStarSuffix, compactPlain, decimal, powerText, sequenceText } from '../report/format';
import { toRational } from './basis';
import type { Basis, LineChart, PhaseChart } from './types';

/** A position on a powers-of-d axis: exact where known. */
function at(dim: string, x: number, exact?: string): string {
  return powerText(dim, exact ?? x);
}

export function describePstarD(chart: LineChart, basis: Basis, dim: string): string {
  if (!chart.series.length) return 'No candidate to plot.';
  const winner = chart.series.find((s) => s.winner)!;
  const tied = chart.series.filter((s) => s.tied).map((s) => s.label);
  const parts = [
    `P* against ${dim} on log-log axes, under ${basis.text}; each candidate is a straight line whose slope is its exponent of ${dim}.`,
    `Winner: ${winner.label}, P* ∝ ${powerText(dim, winner.slope!)}${tied.length ? ` (tied: ${tied.join(', ')})` : ''}.`,
    `Candidates by slope: ${chart.series.map((s) => `${s.label} ${powerText(dim, s.slope!)}`).join('; ')}.`,
  ];
  if (chart.design) parts.push(`${cap(chart.design.label)}.`);
  return parts.join(' ');
}

/** `others`: the other widths and where they are held ("N2 = d^2, N3–N9 = d"), or ''. */
export function describePstarWidth(chart: LineChart, dim: string, others: string, design: Basis): string {
  const s = chart.x.symbol;
  const where = design.kind === 'regime' ? 'the regime' : design.kind === 'sizes' ? 'the sizes' : 'the reference point';
  const held = others ? `${others} (${where})` : where;
  const parts = [`P* against ${s} from ${at(dim, chart.x.min)} to ${at(dim, chart.x.max)} (log-log, powers of ${dim}), everything else at ${held}.`];
  const spans = chart.spans.map((sp, i) => {
    const c = chart.crossings[i - 1];
    const from = i === 0 ? '' : ` from ${s} = ${at(dim, sp.from, c?.exact)}`;
    return `${sequenceText(sp.winner)}${from}`;
  });
  parts.push(chart.spans.length === 1 ? `Winner everywhere along ${s}: ${sequenceText(chart.spans[0].winner)}.` : `Winner along ${s}: ${spans.join(', then ')}.`);
  if (chart.crossings.length) parts.push(`Crossings: ${chart.crossings.map((c) => `${s} = ${at(dim, c.x, c.exact)} where ${compactPlain(c.equation)} (${sequenceText(c.before)} → ${sequenceText(c.after)}${samePStarSuffix(c)})`).join('; ')}.`);
  else parts.push('No crossing in this range.');
  if (chart.design) parts.push(`${cap(chart.design.label)}.`);
  return parts.join(' ');
}

export function describeScales(chart: LineChart, candidate: string, dim: string, atDesign: (number | null)[]): string {
  const s = chart.x.symbol;
  const vals = chart.series.map((ser, j) => {
    const y = atDesign[j];
    return `${ser.label}${y === null ? '' : ` (${powerText(dim, exactish(y))} at the design point)`}`;
  });
  return `The scales of the winning pattern ${candidate} against ${s} from ${at(dim, chart.x.min)} to ${at(dim, chart.x.max)} (powers of ${dim}), the other sizes at the design point: ${vals.join('; ')}.`;
}

/** An exponent as a fraction when it is one, else 3 significant digits. */
function exactish(x: number): string {
  const r = toRational(x);
  return r ? r.toString() : decimal(x);
}

export function describePhase(chart: PhaseChart, dim: string, others: string, designWinner: string | undefined): string {
  const total = chart.cells.length || 1;
  const share = chart.candidates
    .map((id, k) => ({ id, n: chart.cells.filter((c) => c === k).length }))
    .sort((a, b) => b.n - a.n)
    .map((r) => `${sequenceText(r.id)} ${Math.round((100 * r.n) / total)}%`);
  const parts = [
    `Phase diagram over ${chart.x.symbol} (across, ${at(dim, chart.x.min)} to ${at(dim, chart.x.max)}) and ${chart.y.symbol} (up, ${at(dim, chart.y.min)} to ${at(dim, chart.y.max)})${others ? `, ${others}` : ''}; each region is coloured by its winning candidate.`,
    `Regions by area: ${share.join(', ')}.`,
  ];
  if (chart.boundaries.length) parts.push(`Boundaries: ${chart.boundaries.map((b) => `${compactPlain(b.equation)} (${sequenceText(b.between[0])} | ${sequenceText(b.between[1])})`).join('; ')}.`);
  if (chart.design) parts.push(`${cap(chart.design.label)}.`);
  else if (designWinner) parts.push(`The design point is in ${sequenceText(designWinner)}.`);
  return parts.join(' ');
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
