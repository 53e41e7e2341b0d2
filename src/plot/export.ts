// The chart data as files people open elsewhere: CSV (one table per chart) and JSON (everything).

import { PLOT_SCHEMA_VERSION, type Chart, type LineChart, type PhaseChart, type PlotData } from './types';

function cell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const row = (values: (string | number | null | undefined)[]) => values.map(cell).join(',');

function axisHeader(chart: Chart, which: 'x' | 'y'): string {
  const a = chart[which];
  return a.unit === 'log10' ? `log10 ${a.symbol}` : `log_d ${a.symbol}`;
}

function lineCsv(chart: LineChart): string {
  const header = [axisHeader(chart, 'x'), ...chart.series.map((s) => `${axisHeader(chart, 'y')} ${s.label}`)];
  if (chart.spans.length) header.push('winner');
  const lines = [row(header)];
  chart.xs.forEach((x, i) => {
    const vals: (string | number | null)[] = [x, ...chart.series.map((s) => s.ys[i])];
    if (chart.spans.length) vals.push(winnerAt(chart, x));
    lines.push(row(vals));
  });
  return lines.join('\n') + '\n';
}

function winnerAt(chart: LineChart, x: number): string {
  const s = chart.spans.find((sp) => x >= sp.from && x <= sp.to) ?? chart.spans[chart.spans.length - 1];
  return s.winner;
}

function phaseCsv(chart: PhaseChart): string {
  const lines = [row([axisHeader(chart, 'x'), axisHeader(chart, 'y'), 'winner'])];
  chart.ys.forEach((y, j) => chart.xs.forEach((x, i) => lines.push(row([x, y, chart.candidates[chart.cells[j * chart.xs.length + i]] ?? '']))));
  return lines.join('\n') + '\n';
}

/** One chart as CSV: a column per series (line charts) or one row per cell (the phase diagram). */
export function chartCsv(chart: Chart): string {
  return chart.kind === 'phase' ? phaseCsv(chart) : lineCsv(chart);
}

export function allCharts(plot: PlotData): Chart[] {
  const c = plot.charts;
  return [c.pstarD, ...c.pstarWidth, ...(c.phase ? [c.phase] : []), ...c.scales];
}

/** The whole plot as JSON, with the version of its shape (schemas/plot-output.schema.json), keys in the order built. */
export function plotJson(plot: PlotData): string {
  return JSON.stringify({ schemaVersion: PLOT_SCHEMA_VERSION, ...plot }, null, 2) + '\n';
}
