// A small SVG writer for the charts (the CLI's `scaling-lens plot`): no browser, no canvas, plain
// strings. Same data, colours and words as the webview; the description goes into <desc>.

import { samePStarSuffix, compactPlain, decimal, powerText, sequenceText } from '../report/format';
import { colorFor, colorIds, crossingDash, dashFor } from './palette';
import type { Axis, Chart, LineChart, PhaseChart } from './types';

export interface SvgOptions {
  width?: number;
  height?: number;
  theme?: 'light' | 'dark';
  /** Every candidate id in the engine's order (PlotData.candidates), for stable colours. */
  candidates?: string[];
  /** The input-dimension symbol for tick labels (PlotData.dim). */
  dim?: string;
  /** The model's name, in the title: a saved chart says what it is of ("P* against d" alone did not). */
  model?: string;
}

const THEMES = {
  light: { bg: '#ffffff', fg: '#1f2328', muted: '#656d76', grid: '#d0d7de' },
  dark: { bg: '#1e1e1e', fg: '#e6edf3', muted: '#9198a1', grid: '#3d444d' },
};

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const n2 = (x: number) => String(Math.round(x * 100) / 100);

interface Frame {
  left: number;
  top: number;
  w: number;
  h: number;
  sx: (x: number) => number;
  sy: (y: number) => number;
}

/** The legend's width bounds, and a 12 px label's width per character (a bold sans-serif, generously). */
const LEGEND_MIN = 200;
const LEGEND_MAX = 380;
const CHAR_W = 7.2;

export function chartSvg(chart: Chart, options: SvgOptions = {}): string {
  const W = options.width ?? 880;
  const H = options.height ?? 520;
  const t = THEMES[options.theme ?? 'light'];
  const ids = chart.kind === 'scales' ? chart.series.map((s) => s.id) : colorIds(options.candidates ?? (chart.kind === 'phase' ? chart.candidates : chart.series.map((s) => s.id)), chart);
  const dim = options.dim ?? 'd';
  const legend = legendItems(chart, ids, dim);
  // As wide as the longest label needs (a fixed 250 px cut "specialization-magnetization d^(4/3)"
  // off at the edge), within bounds; a label longer still is shortened, whole in its tooltip.
  const longest = Math.max(0, ...legend.map((i) => i.label.length));
  const legendW = Math.ceil(Math.min(LEGEND_MAX, Math.max(LEGEND_MIN, 30 + CHAR_W * longest + 12)));
  const fits = Math.floor((legendW - 30 - 12) / CHAR_W);
  const f = frame(chart, { left: 64, top: 44, w: W - 64 - legendW - 24, h: H - 44 - 56 });
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="title desc" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="12">`);
  const model = options.model && (options.model.length > 60 ? `${options.model.slice(0, 59)}…` : options.model);
  const title = model ? `${chart.title}: ${model}` : chart.title;
  out.push(`<title id="title">${esc(title)}</title>`);
  out.push(`<desc id="desc">${esc(chart.description)}</desc>`);
  out.push(`<rect width="${W}" height="${H}" fill="${t.bg}"/>`);
  out.push(`<text x="${f.left}" y="24" fill="${t.fg}" font-size="15" font-weight="600">${esc(title)}</text>`);
  if (chart.kind === 'phase') out.push(...phaseBody(chart, f, ids, t));
  out.push(...axes(chart, f, t, dim));
  if (chart.kind !== 'phase') out.push(...lineBody(chart, f, ids, t, dim));
  if (chart.design) {
    out.push(`<g class="design"><circle cx="${n2(f.sx(chart.design.x))}" cy="${n2(f.sy(chart.design.y))}" r="6" fill="${t.bg}" stroke="${t.fg}" stroke-width="2.5"/>`);
    out.push(`<title>${esc(chart.design.label)}</title></g>`);
  }
  // Legend
  let ly = f.top + 4;
  const lx = W - legendW;
  out.push(`<g class="legend">`);
  for (const item of legend) {
    const dash = item.dash.length ? ` stroke-dasharray="${item.dash.join(' ')}"` : '';
    out.push(item.swatch === 'line'
      ? `<line x1="${lx}" y1="${ly}" x2="${lx + 22}" y2="${ly}" stroke="${item.color}" stroke-width="${item.bold ? 4 : 2}"${dash}/>`
      : `<rect x="${lx}" y="${ly - 6}" width="22" height="12" fill="${mix(item.color, t.bg, 0.55)}"/>`);
    const label = item.label.length > fits ? `${item.label.slice(0, fits - 1)}…` : item.label;
    const tip = label === item.label ? '' : `<title>${esc(item.label)}</title>`;
    out.push(`<text x="${lx + 30}" y="${ly + 4}" fill="${t.fg}"${item.bold ? ' font-weight="700"' : ''}>${esc(label)}${tip}</text>`);
    ly += 19;
    if (ly > H - 20) break;
  }
  out.push(`</g>`);
  out.push(`</svg>`);
  return out.join('\n') + '\n';
}

function frame(chart: Chart, box: { left: number; top: number; w: number; h: number }): Frame {
  const pad = (a: Axis) => (a.max > a.min ? a : { ...a, max: a.min + 1 });
  const x = pad(chart.x);
  const y = pad(chart.kind === 'phase' ? chart.y : { ...chart.y, min: Math.floor(chart.y.min), max: Math.ceil(chart.y.max) });
  return {
    ...box,
    sx: (v) => box.left + ((v - x.min) / (x.max - x.min)) * box.w,
    sy: (v) => box.top + box.h - ((v - y.min) / (y.max - y.min)) * box.h,
  };
}

/** Tick label of an axis value: 10^k or d^k. */
export function tickLabel(a: Axis, v: number, dim = 'd'): string {
  const k = decimal(v);
  if (a.unit === 'log10') return k === '0' ? '1' : k === '1' ? '10' : `10^${k}`;
  return k === '0' ? '1' : k === '1' ? dim : `${dim}^${k}`;
}

function ticks(min: number, max: number): number[] {
  const span = max - min;
  const step = span > 12 ? 2 : span > 6 ? 1 : span > 2 ? 1 : 0.5;
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + 1e-9; v += step) out.push(Math.round(v * 1e6) / 1e6);
  return out;
}

function axes(chart: Chart, f: Frame, t: (typeof THEMES)['light'], dim: string): string[] {
  const out: string[] = [];
  const yAxis = chart.kind === 'phase' ? chart.y : { ...chart.y, min: Math.floor(chart.y.min), max: Math.ceil(chart.y.max) };
  out.push(`<g class="axes" fill="${t.muted}">`);
  for (const v of ticks(chart.x.min, chart.x.max)) {
    const x = n2(f.sx(v));
    if (chart.kind !== 'phase') out.push(`<line x1="${x}" y1="${f.top}" x2="${x}" y2="${f.top + f.h}" stroke="${t.grid}" stroke-width="1"/>`);
    out.push(`<text x="${x}" y="${f.top + f.h + 16}" text-anchor="middle">${esc(tickLabel(chart.x, v, dim))}</text>`);
  }
  for (const v of ticks(yAxis.min, yAxis.max)) {
    const y = n2(f.sy(v));
    if (chart.kind !== 'phase') out.push(`<line x1="${f.left}" y1="${y}" x2="${f.left + f.w}" y2="${y}" stroke="${t.grid}" stroke-width="1"/>`);
    out.push(`<text x="${f.left - 8}" y="${y}" dy="4" text-anchor="end">${esc(tickLabel(yAxis, v, dim))}</text>`);
  }
  out.push(`<rect x="${f.left}" y="${f.top}" width="${n2(f.w)}" height="${n2(f.h)}" fill="none" stroke="${t.muted}"/>`);
  out.push(`<text x="${n2(f.left + f.w / 2)}" y="${f.top + f.h + 38}" text-anchor="middle" fill="${t.fg}">${esc(chart.x.label)}</text>`);
  out.push(`<text transform="translate(16 ${n2(f.top + f.h / 2)}) rotate(-90)" text-anchor="middle" fill="${t.fg}">${esc(yAxis.label)}</text>`);
  out.push(`</g>`);
  return out;
}

function lineBody(chart: LineChart, f: Frame, ids: string[], t: (typeof THEMES)['light'], dim: string): string[] {
  const out: string[] = [`<g class="series" fill="none">`];
  // Thin lines first, the winner and the envelope last (on top).
  const order = [...chart.series].sort((a, b) => weight(a) - weight(b));
  for (const s of order) {
    const pts: string[] = [];
    const paths: string[] = [];
    s.ys.forEach((y, i) => {
      if (y === null) {
        if (pts.length) paths.push(pts.splice(0).join(' '));
        return;
      }
      pts.push(`${pts.length ? 'L' : 'M'}${n2(f.sx(chart.xs[i]))},${n2(f.sy(y))}`);
    });
    if (pts.length) paths.push(pts.join(' '));
    const color = s.envelope ? t.fg : colorFor(s.id, ids);
    const width = s.envelope ? 9 : s.winner ? 3 : 1.5;
    const dash = s.envelope ? '' : dashFor(s.id, ids).join(' ');
    const opacity = s.envelope ? 0.22 : 1;
    out.push(`<path data-series="${esc(s.id)}" d="${paths.join(' ')}" stroke="${color}" stroke-width="${width}" stroke-opacity="${opacity}"${dash ? ` stroke-dasharray="${dash}"` : ''}><title>${esc(s.label)}</title></path>`);
  }
  out.push(`</g>`);
  for (const c of chart.crossings) {
    const x = n2(f.sx(c.x));
    // A change of name with the same P* (the winner's line goes on unbroken) is dotted, not dashed.
    out.push(`<g class="crossing${c.samePStar ? ' same-pstar' : ''}"><line x1="${x}" y1="${f.top}" x2="${x}" y2="${f.top + f.h}" stroke="${t.muted}" stroke-dasharray="${crossingDash(c).join(' ')}"/>`);
    out.push(`<text x="${x}" y="${f.top - 6}" text-anchor="middle" fill="${t.fg}" font-size="11">${esc(`${chart.x.symbol} = ${c.exact ? powerText(dim, c.exact) : tickLabel(chart.x, c.x, dim)}`)}</text><title>${esc(`${compactPlain(c.equation)}: ${sequenceText(c.before)} → ${sequenceText(c.after)}${samePStarSuffix(c)}`)}</title></g>`);
  }
  return out;
}

// The envelope is a wide translucent halo under everything; the winner is drawn last, on top.
const weight = (s: LineChart['series'][number]) => (s.envelope ? -1 : s.winner ? 3 : s.tied ? 1 : 0);

/** `a` over `b` at opacity `alpha`, as an opaque hex colour. */
function mix(a: string, b: string, alpha: number): string {
  const p = (h: string) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
  const [x, y] = [p(a), p(b)];
  return '#' + x.map((v, i) => Math.round(v * alpha + y[i] * (1 - alpha)).toString(16).padStart(2, '0')).join('');
}

function phaseBody(chart: PhaseChart, f: Frame, ids: string[], t: (typeof THEMES)['light']): string[] {
  // Opaque colours mixed with the background: translucent cells would darken where they overlap.
  const out: string[] = [`<g class="regions" shape-rendering="crispEdges">`];
  const nx = chart.xs.length;
  const cw = f.w / nx;
  const ch = f.h / chart.ys.length;
  chart.ys.forEach((_, j) => {
    // Runs of equal cells along a row become one rectangle: far fewer elements.
    let i = 0;
    while (i < nx) {
      const k = chart.cells[j * nx + i];
      let e = i + 1;
      while (e < nx && chart.cells[j * nx + e] === k) e++;
      if (k >= 0) out.push(`<rect x="${n2(f.left + i * cw)}" y="${n2(f.top + f.h - (j + 1) * ch)}" width="${n2((e - i) * cw + 0.3)}" height="${n2(ch + 0.3)}" fill="${mix(colorFor(chart.candidates[k], ids), t.bg, 0.55)}"/>`);
      i = e;
    }
  });
  out.push(`</g>`);
  out.push(`<g class="boundaries" stroke="${t.fg}" stroke-width="2">`);
  for (const b of chart.boundaries) {
    out.push(`<line x1="${n2(f.sx(b.from.x))}" y1="${n2(f.sy(b.from.y))}" x2="${n2(f.sx(b.to.x))}" y2="${n2(f.sy(b.to.y))}"><title>${esc(`${compactPlain(b.equation)} (${b.between.join(' | ')})`)}</title></line>`);
  }
  out.push(`</g>`);
  return out;
}

interface LegendItem {
  label: string;
  color: string;
  dash: number[];
  bold: boolean;
  swatch: 'line' | 'area';
}

function legendItems(chart: Chart, ids: string[], dim: string): LegendItem[] {
  if (chart.kind === 'phase') return chart.candidates.map((id) => ({ label: sequenceText(id), color: colorFor(id, ids), dash: [], bold: false, swatch: 'area' }));
  return chart.series
    .filter((s) => !s.envelope)
    .map((s) => ({
      label: s.slope ? `${s.label}  ${powerText(dim, s.slope)}` : s.label,
      color: colorFor(s.id, ids),
      dash: dashFor(s.id, ids),
      bold: !!s.winner,
      swatch: 'line',
    }));
}
