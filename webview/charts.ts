// Draws one chart of the plot data with Chart.js. Only the pieces used are registered (a line
// controller on linear scales, points, lines, the tooltip), so the bundle stays small. The phase
// diagram's regions, the crossings and the background are drawn by small plugins on the same canvas,
// so a PNG export holds exactly what is on screen.

import { Chart, LineController, LineElement, LinearScale, PointElement, ScatterController, Tooltip, type ChartDataset, type Plugin, type TooltipItem } from 'chart.js';
import type { Chart as PlotChart, LineChart, PhaseChart } from '../src/plot/types';
import { colorFor, colorIds, crossingDash, dashFor } from '../src/plot/palette';
import { tickLabel } from '../src/plot/svg';
import { compactPlain, decimal, powerText, superscript } from '../src/report/format';
import { withAlpha, type Theme } from './theme';

Chart.register(LineController, ScatterController, LineElement, PointElement, LinearScale, Tooltip);

export interface DrawOptions {
  theme: Theme;
  candidates: string[];
  dim: string;
  /** Numeric d, to show values next to powers of d in tooltips. */
  d?: number;
  hidden: Set<string>;
  /** More datasets and plugins on the same canvas (the experiment's points), and the axes they need. */
  overlay?: ChartOverlay;
}

export interface ChartOverlay {
  datasets: ChartDataset<'line' | 'scatter', { x: number; y: number }[]>[];
  plugins: Plugin[];
  pluginOptions: Record<string, unknown>;
  /** Axis ranges to show instead of the chart's own (the experiment's d range), when set. */
  x?: [number, number];
  y?: [number, number];
}

let current: Chart | undefined;

function destroyChart(): void {
  current?.destroy();
  current = undefined;
}

/** The chart as a PNG data URL (background included). */
export function chartImage(): string | undefined {
  return current?.toBase64Image('image/png', 1);
}

const background: Plugin = {
  id: 'slBackground',
  beforeDraw(chart, _args, opts: { color?: string }) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.fillStyle = opts.color ?? 'transparent';
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

interface CrossingOpts {
  items?: { x: number; label: string; dash: number[] }[];
  color?: string;
  font?: string;
}
const crossings: Plugin = {
  id: 'slCrossings',
  afterDatasetsDraw(chart, _args, opts: CrossingOpts) {
    const { ctx, chartArea, scales } = chart;
    ctx.save();
    ctx.strokeStyle = opts.color ?? '#888';
    ctx.fillStyle = opts.color ?? '#888';
    ctx.font = opts.font ?? '11px sans-serif';
    ctx.textAlign = 'center';
    for (const c of opts.items ?? []) {
      const x = scales.x.getPixelForValue(c.x);
      ctx.setLineDash(c.dash);
      ctx.beginPath();
      ctx.moveTo(x, chartArea.top);
      ctx.lineTo(x, chartArea.bottom);
      ctx.stroke();
      ctx.fillText(c.label, x, chartArea.top - 6);
    }
    ctx.restore();
  },
};

interface RegionOpts {
  chart?: PhaseChart;
  colors?: string[];
}
const regions: Plugin = {
  id: 'slRegions',
  beforeDatasetsDraw(chart, _args, opts: RegionOpts) {
    const ph = opts.chart;
    if (!ph || !opts.colors) return;
    const { ctx, scales } = chart;
    const nx = ph.xs.length;
    const cw = (ph.x.max - ph.x.min) / nx;
    const chh = (ph.y.max - ph.y.min) / ph.ys.length;
    ctx.save();
    ph.ys.forEach((y, j) => {
      const top = scales.y.getPixelForValue(y + chh / 2);
      const bottom = scales.y.getPixelForValue(y - chh / 2);
      let i = 0;
      while (i < nx) {
        const k = ph.cells[j * nx + i];
        let e = i + 1;
        while (e < nx && ph.cells[j * nx + e] === k) e++;
        if (k >= 0) {
          const left = scales.x.getPixelForValue(ph.xs[i] - cw / 2);
          const right = scales.x.getPixelForValue(ph.xs[e - 1] + cw / 2);
          ctx.fillStyle = opts.colors![k];
          // Whole pixels, one pixel of overlap: no seams between rows.
          ctx.fillRect(Math.floor(left), Math.floor(top), Math.ceil(right - left) + 1, Math.ceil(bottom - top) + 1);
        }
        i = e;
      }
    });
    ctx.restore();
  },
};

function axisOptions(axis: PlotChart['x'], theme: Theme, dim: string, fixed: boolean) {
  const span = Math.ceil(axis.max) - Math.floor(axis.min);
  const step = span > 8 ? 2 : span > 2 ? 1 : 0.5;
  // Free axes end on a tick, so the top label never crowds the one below it.
  const min = fixed ? axis.min : Math.floor(axis.min / step) * step;
  const max = fixed ? axis.max : Math.ceil(axis.max / step) * step;
  return {
    type: 'linear' as const,
    min,
    max,
    title: { display: true, text: axis.label, color: theme.fg },
    grid: { color: withAlpha(theme.grid, 0.9) },
    border: { color: theme.border },
    ticks: {
      color: theme.muted,
      stepSize: step,
      callback: (v: string | number) => tickLabel(axis, Number(v), dim).replace(/\^(\S+)/, (_, e: string) => superscript(e)),
    },
  };
}

function valueText(unit: PlotChart['x']['unit'], v: number, dim: string, d?: number): string {
  const around = (x: number) => Number(decimal(x)).toLocaleString('en-US');
  if (unit === 'log10') return `10^${decimal(v)} ≈ ${around(10 ** v)}`;
  const p = powerText(dim, v);
  return d && d > 1 ? `${p} ≈ ${around(d ** v)}` : p;
}

export function drawChart(canvas: HTMLCanvasElement, chart: PlotChart, o: DrawOptions): void {
  destroyChart();
  const hc = o.theme.kind.startsWith('high-contrast');
  const font = { family: o.theme.font, size: Math.max(11, o.theme.fontSize - 1) };
  Chart.defaults.color = o.theme.fg;
  Chart.defaults.font = font;
  const datasets: ChartDataset<'line' | 'scatter', { x: number; y: number }[]>[] = [];
  let crossingItems: NonNullable<CrossingOpts['items']> = [];
  if (chart.kind !== 'phase') {
    const ids = chart.kind === 'scales' ? chart.series.map((s) => s.id) : o.candidates;
    for (const s of [...chart.series].sort((a, b) => order(b) - order(a))) {
      if (o.hidden.has(s.id)) continue;
      const color = s.envelope ? withAlpha(o.theme.fg, hc ? 0.5 : 0.18) : colorFor(s.id, ids);
      datasets.push({
        type: 'line',
        label: s.envelope ? s.label : s.slope ? `${s.label}  ${powerText(o.dim, s.slope)}` : s.label,
        data: chart.xs.flatMap((x, i) => (s.ys[i] === null ? [] : [{ x, y: s.ys[i]! }])),
        borderColor: color,
        backgroundColor: color,
        borderWidth: s.envelope ? 10 : s.winner ? (hc ? 4 : 3.5) : hc ? 2 : 1.5,
        borderDash: s.envelope ? [] : dashFor(s.id, ids),
        pointRadius: 0,
        pointHitRadius: 6,
        tension: 0,
        order: order(s),
      });
    }
    crossingItems = chart.crossings.map((c) => ({ x: c.x, label: `${chart.x.symbol} = ${c.exact ? powerText(o.dim, c.exact) : valueText('powerOfD', c.x, o.dim)}`, dash: crossingDash(c) }));
  } else {
    for (const b of chart.boundaries) {
      datasets.push({ type: 'line', label: `boundary ${compactPlain(b.equation)}`, data: [b.from, b.to], borderColor: o.theme.fg, backgroundColor: o.theme.fg, borderWidth: 2, pointRadius: 0, pointHitRadius: 4, order: 1 });
    }
  }
  if (chart.design) {
    datasets.push({ type: 'scatter', label: chart.design.label, data: [{ x: chart.design.x, y: chart.design.y }], pointRadius: 7, pointHoverRadius: 8, pointBackgroundColor: o.theme.bg, pointBorderColor: o.theme.fg, pointBorderWidth: 3, order: -10 });
  }
  if (o.overlay) datasets.push(...o.overlay.datasets);
  const fit = (axis: PlotChart['x'], r?: [number, number]) => (r ? { ...axis, min: r[0], max: r[1] } : axis);
  const phase = chart.kind === 'phase' ? chart : undefined;
  const regionIds = phase && colorIds(o.candidates, phase);
  const regionColors = phase?.candidates.map((id) => mixOver(colorFor(id, regionIds!), o.theme.bg, 0.6));
  current = new Chart(canvas, {
    type: 'line',
    data: { datasets },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: false,
      normalized: true,
      layout: { padding: { top: chart.kind === 'pstar-width' ? 22 : 8, right: 12 } },
      interaction: { mode: 'nearest', intersect: false, axis: 'x' },
      scales: { x: axisOptions(fit(chart.x, o.overlay?.x), o.theme, o.dim, !o.overlay?.x), y: axisOptions(fit(chart.y, o.overlay?.y), o.theme, o.dim, chart.kind === 'phase') },
      plugins: {
        // Our own HTML legend (keyboard-accessible, with exact slopes); the canvas one stays off.
        legend: { display: false },
        tooltip: {
          backgroundColor: withAlpha(o.theme.bg, 0.95),
          titleColor: o.theme.fg,
          bodyColor: o.theme.fg,
          borderColor: o.theme.border,
          borderWidth: 1,
          callbacks: {
            title: (items: TooltipItem<'line'>[]) => (items[0] ? `${chart.x.symbol} = ${valueText(chart.x.unit, items[0].parsed.x ?? 0, o.dim, o.d)}` : ''),
            label: (item: TooltipItem<'line'>) => `${item.dataset.label}: ${valueText(chart.y.unit, item.parsed.y ?? 0, o.dim, o.d)}`,
          },
        },
        slBackground: { color: o.theme.bg },
        slCrossings: { items: crossingItems, color: o.theme.muted, font: `${font.size - 1}px ${font.family}` },
        slRegions: { chart: phase, colors: regionColors },
        ...o.overlay?.pluginOptions,
      } as never,
    },
    plugins: [background, regions, crossings, ...(o.overlay?.plugins ?? [])],
  });
}

const order = (s: LineChart['series'][number]) => (s.envelope ? 10 : s.winner ? 0 : s.tied ? 1 : 2);

/** `a` over `b` at opacity `alpha`, as an opaque colour (regions must not darken where they touch). */
function mixOver(a: string, b: string, alpha: number): string {
  const rgb = (c: string) => {
    const ctx = document.createElement('canvas').getContext('2d')!;
    ctx.fillStyle = c;
    const v = ctx.fillStyle;
    if (v.startsWith('#')) return [1, 3, 5].map((i) => parseInt(v.slice(i, i + 2), 16));
    return v.replace(/[^\d,.]/g, '').split(',').slice(0, 3).map(Number);
  };
  const [x, y] = [rgb(a), rgb(b)];
  return `rgb(${x.map((v, i) => Math.round(v * alpha + y[i] * (1 - alpha))).join(', ')})`;
}
