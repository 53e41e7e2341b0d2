// The experiment's layer of the plot webview: keeps the results sent for each model, draws the
// measured P*(d) with error bars, the fitted line and its interval, and the predicted line over the
// P*-against-d chart, and says in one sentence how they compare (src/plot/experiment.ts computes
// the geometry). Nothing is hidden: a disagreement is drawn and said like an agreement.

import type { Plugin } from 'chart.js';
import type { ExperimentMessage } from '../src/contract/webview';
import { experimentOverlay, type ExperimentOverlay } from '../src/plot/experiment';
import type { ChartOverlay } from './charts';
import { withAlpha, type Theme } from './theme';

const byModel = new Map<string, { overlay: ExperimentOverlay; source: string }>();
const keyOf = (uri: string, model: string) => `${uri}#${model}`;

export function onExperiment(m: ExperimentMessage): void {
  if (m.results === null) byModel.delete(keyOf(m.uri, m.model));
  else byModel.set(keyOf(m.uri, m.model), { overlay: experimentOverlay(m.results), source: m.source });
}

export function experimentFor(uri: string | undefined, model: string | undefined): { overlay: ExperimentOverlay; source: string } | undefined {
  return uri && model ? byModel.get(keyOf(uri, model)) : undefined;
}

interface ErrorBarOpts {
  bars?: { x: number; low: number; high: number }[];
  color?: string;
}

const errorBars: Plugin = {
  id: 'slErrorBars',
  afterDatasetsDraw(chart, _args, opts: ErrorBarOpts) {
    const { ctx, scales } = chart;
    ctx.save();
    ctx.strokeStyle = opts.color ?? '#888';
    ctx.lineWidth = 1.5;
    for (const b of opts.bars ?? []) {
      const x = scales.x.getPixelForValue(b.x);
      const lo = scales.y.getPixelForValue(b.low);
      const hi = scales.y.getPixelForValue(b.high);
      ctx.beginPath();
      ctx.moveTo(x, lo);
      ctx.lineTo(x, hi);
      ctx.moveTo(x - 4, lo);
      ctx.lineTo(x + 4, lo);
      ctx.moveTo(x - 4, hi);
      ctx.lineTo(x + 4, hi);
      ctx.stroke();
    }
    ctx.restore();
  },
};

/** Datasets and plugins for the chart; `wide` keeps the chart's own axes instead of the measured range. */
export function chartOverlay(o: ExperimentOverlay, theme: Theme, predictedColor: string, wide: boolean): ChartOverlay {
  const line = (id: string) => o.lines.find((l) => l.id === id);
  const datasets: ChartOverlay['datasets'] = [];
  const fit = line('fit');
  for (const id of ['fit-low', 'fit-high']) {
    const l = line(id);
    if (l) datasets.push({ type: 'line', label: l.label, data: [l.from, l.to], borderColor: withAlpha(theme.fg, 0.55), backgroundColor: withAlpha(theme.fg, 0.55), borderWidth: 1, borderDash: [3, 3], pointRadius: 0, order: -3 });
  }
  if (fit) datasets.push({ type: 'line', label: fit.label, data: [fit.from, fit.to], borderColor: theme.fg, backgroundColor: theme.fg, borderWidth: 2, pointRadius: 0, order: -4 });
  const pred = line('predicted');
  if (pred) datasets.push({ type: 'line', label: pred.label, data: [pred.from, pred.to], borderColor: predictedColor, backgroundColor: predictedColor, borderWidth: 2.5, borderDash: [8, 4], pointRadius: 0, order: -4 });
  const pts = (want: (p: ExperimentOverlay['points'][number]) => boolean) => o.points.filter(want).map((p) => ({ x: p.x, y: p.y }));
  const settled = pts((p) => p.equilibrated && !p.provisional);
  const other = pts((p) => !p.equilibrated || p.provisional);
  if (settled.length) datasets.push({ type: 'scatter', label: 'measured P*', data: settled, pointRadius: 5, pointBackgroundColor: theme.fg, pointBorderColor: theme.fg, order: -6 });
  if (other.length) datasets.push({ type: 'scatter', label: 'measured P* (not equilibrated or provisional)', data: other, pointRadius: 5, pointStyle: 'rectRot', pointBackgroundColor: theme.bg, pointBorderColor: theme.fg, pointBorderWidth: 2, order: -6 });
  return {
    datasets,
    plugins: [errorBars],
    pluginOptions: { slErrorBars: { bars: o.points.filter((p) => p.low !== undefined).map((p) => ({ x: p.x, low: p.low!, high: p.high! })), color: theme.fg } },
    ...(wide ? {} : { x: o.x, y: o.y }),
  };
}

/** The caption under the chart: the reading, what limits it, where the results come from. */
export function renderExperimentCaption(box: HTMLElement, e: { overlay: ExperimentOverlay; source: string } | undefined, wide: boolean, onToggle: () => void): void {
  box.replaceChildren();
  box.hidden = !e;
  if (!e) return;
  const o = e.overlay;
  const head = document.createElement('p');
  head.className = 'experiment-head';
  const tag = document.createElement('strong');
  tag.textContent = o.smokeTest ? 'Experiment (quick mode, a smoke test)' : 'Experiment';
  const where = document.createElement('span');
  where.className = 'muted';
  where.textContent = ` · ${o.status} · ${e.source} `;
  const toggle = document.createElement('button');
  toggle.type = 'button';
  toggle.id = 'experiment-range';
  toggle.className = 'secondary';
  toggle.textContent = wide ? 'Zoom to the measured d' : 'Show all of d';
  toggle.addEventListener('click', onToggle);
  head.append(tag, where, toggle);
  const reading = document.createElement('p');
  reading.id = 'experiment-reading';
  reading.className = 'experiment-reading';
  reading.textContent = o.reading;
  const list = document.createElement('ul');
  list.className = 'experiment-caveats';
  for (const c of o.caveats) {
    const li = document.createElement('li');
    li.textContent = c;
    list.append(li);
  }
  const legend = document.createElement('p');
  legend.className = 'muted';
  legend.textContent = 'Filled dots: measured P* with its interval over seeds; hollow diamonds: not equilibrated or still running. Solid line: the fit, dotted: its interval; dashed, in the winner\'s colour: the predicted exponent (prefactors are unknown, so the lines pass through the centre of the points).';
  box.append(head, reading, list, legend);
}
