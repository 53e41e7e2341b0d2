// The scaling plot webview (panel and side view). The extension sends the models the worker read
// from the file (the override and the settings applied: the same result store the hints draw
// from), again whenever they change; the webview never reads a file. It runs only the plot builder
// on those models (about 25 ms for a three-layer model), again for "what if" sizes, so that they
// redraw while the slider moves, with no round trip to the extension and without changing the
// file; only the chart shown is built, a deep network having one of each kind for every width; its
// phase diagram is walked in steps and drawn as it fills in. The builder runs in a Web Worker of
// the webview (plotChannel.ts, src/plot/session.ts): a deep network's plot takes up to a second to
// build and its diagram tens of seconds to walk, and the panel answers meanwhile (a slider dragged
// asks for a plot a frame; the worker builds the last). The webview is its own renderer process,
// so nothing here blocks the editor. Messages in and out are checked by src/contract/webview.ts.

import { fileStem } from '../src/model/names';
import type { ModelDescription } from '../src/model/types';
import { chartCsv, plotJson, type Chart as PlotChart } from '../src/plot/index';
import { chartKey, type FromPlotSession, type PlotSummary, type PlotTab } from '../src/plot/session';
import { chartSvg } from '../src/plot/svg';
import { colorFor, colorIds } from '../src/plot/palette';
import { decimal, formatValue as fmt, numberedRuns, powerText, sequenceText } from '../src/report/format';
import { parseState, parseToWebview, type FromWebview, type ModelsMessage, type PlotState } from '../src/contract/webview';
import { chartImage, drawChart } from './charts';
import { chartOverlay, experimentFor, onExperiment, renderExperimentCaption } from './experiment';
import { onThemeChange, readTheme } from './theme';
import { openPlotChannel } from './plotChannel';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const state: PlotState = parseState(vscode.getState());
const post = (m: FromWebview) => vscode.postMessage(m);
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

let doc: ModelsMessage | undefined;
let models: ModelDescription[] = [];
let model: ModelDescription | undefined;
/** The plot as the session last sent it (without its charts: those it sent are in view.charts). */
let plot: PlotSummary | undefined;
/** What else the session said of that plot, and the charts it sent, by chartKey. */
interface View {
  seq: number;
  available: { pstarWidth: boolean; scales: boolean; phase: boolean };
  phaseAxes?: [string, string];
  phasePending: boolean;
  charts: Map<string, PlotChart | undefined>;
  /** Charts asked for and not come yet. */
  asked: Set<string>;
}
let view: View | undefined;
/** The last build asked of the session (a newer one drops what is left of the older). */
let seq = 0;
/** The answer to come rebuilds the size controls (a new model, sizes reset). */
let rebuildControls = false;
const hidden = new Set<string>();
type Tab = PlotTab & NonNullable<PlotState['tab']>;
const TABS: { id: Tab; label: string }[] = [
  { id: 'pstar-d', label: 'P* vs d' },
  { id: 'pstar-width', label: 'P* vs width' },
  { id: 'phase', label: 'Phase diagram' },
  { id: 'scales', label: 'Scales' },
];

/** The tab shown (P* against d until one is chosen). */
const shownTab = (): Tab => state.tab ?? 'pstar-d';
/** The width the charts along a width are drawn against (the first until one is chosen). */
const alongShown = (): string | undefined => (plot?.widths.includes(state.along ?? '') ? state.along : plot?.widths[0]);

const key = () => (doc && model ? `${doc.uri}#${model.name}` : '');
const overrides = () => state.overrides?.[key()];
const save = () => vscode.setState(state);

// ---------------------------------------------------------------- messages

window.addEventListener('message', (e: MessageEvent) => {
  const m = parseToWebview(e.data);
  if (!m) return;
  if (m.type === 'models') onModels(m);
  else if (m.type === 'empty') showEmpty(m.reason);
  else if (m.type === 'experiment') {
    onExperiment(m);
    if (doc?.uri === m.uri && model?.name === m.model) renderChart();
  } else notice(m.text, m.level);
});

function onModels(m: ModelsMessage): void {
  const sameFile = doc?.uri === m.uri;
  doc = m;
  models = m.models;
  if (!models.length) {
    showEmpty('No model in this file.');
    return;
  }
  const wanted = m.model ?? (sameFile || state.uri === m.uri ? state.model : undefined);
  model = models.find((x) => x.name === wanted) ?? models[0];
  state.uri = m.uri;
  state.model = model.name;
  save();
  $('empty').hidden = true;
  $('app').hidden = false;
  renderModelSelect();
  recompute(true);
}

function showEmpty(reason: string): void {
  doc = undefined;
  model = undefined;
  view = undefined;
  plot = undefined;
  $('app').hidden = true;
  const empty = $('empty');
  empty.hidden = false;
  empty.querySelector('p')!.textContent = reason;
}

let noticeTimer: number | undefined;
function notice(text: string, level: 'info' | 'error' = 'info'): void {
  const n = $('notice');
  n.textContent = text;
  n.className = `notice ${level}`;
  window.clearTimeout(noticeTimer);
  noticeTimer = window.setTimeout(() => (n.textContent = ''), 6000);
}

// ---------------------------------------------------------------- pipeline

const channel = openPlotChannel(document.body.dataset.plotWorker, onPlot, (mode) => (document.body.dataset.plotWorker = mode));

/** Asks the session for the plot of the model at the sizes shown; it answers with the chart shown. */
function recompute(rebuild = false): void {
  if (!model) return;
  seq++;
  if (rebuild) {
    rebuildControls = true;
    // The old model's sliders would set sizes it does not have: gone until the new plot comes.
    $('sizes').replaceChildren();
    // A deep network's plot takes up to a second: say so where its headline comes.
    $('headline').textContent = `Building the plot of ${model.name}…`;
  }
  $('app').setAttribute('aria-busy', 'true');
  channel.send({ type: 'build', seq, model, sizes: overrides(), axes: state.axes, tab: shownTab(), along: state.along });
}

/** Tells the session which chart shows (a tab or a width chosen): it sends that chart, and walks the phase diagram on only while it shows. */
function askChart(): void {
  if (!view) return;
  view.asked.add(chartKey(shownTab(), alongShown()));
  channel.send({ type: 'show', seq, tab: shownTab(), along: alongShown() });
}

function onPlot(m: FromPlotSession): void {
  if (m.seq !== seq) return; // about a plot since replaced
  if (m.type === 'failed') {
    // A bug in the plot builder must not leave a blank panel: say what failed.
    showEmpty(`The chart could not be built: ${m.message}`);
    return;
  }
  if (m.type === 'all') {
    post({ type: 'export', format: 'json', name: `${modelStem()}-plot.json`, data: plotJson(m.data) });
    return;
  }
  const first = view?.seq !== m.seq;
  if (first) view = { seq: m.seq, available: m.available, phaseAxes: m.phaseAxes, phasePending: m.phasePending, charts: new Map(), asked: new Set() };
  view!.phasePending = m.phasePending;
  view!.charts.set(m.key, m.chart);
  view!.asked.delete(m.key);
  plot = m.data;
  if (first) {
    $('app').setAttribute('aria-busy', 'false');
    document.body.dataset.ms = m.ms.toFixed(1);
    renderHeadline();
    if (rebuildControls) renderSizes();
    rebuildControls = false;
    renderTabs();
  }
  renderChart();
}

/** The chart of the tab shown, as the session sent it (undefined until it has). */
function currentChart(): PlotChart | undefined {
  if (!plot || !view) return undefined;
  const k = chartKey(shownTab(), alongShown());
  // Not sent for this plot (a tab or width chosen while it was built): ask for it, once.
  if (!view.charts.has(k) && !view.asked.has(k)) askChart();
  return view.charts.get(k);
}

// ---------------------------------------------------------------- header

function renderModelSelect(): void {
  const sel = $<HTMLSelectElement>('model-select');
  sel.replaceChildren(...models.map((m) => new Option(m.name, m.name, false, m.name === model?.name)));
  sel.hidden = models.length < 2;
  $('model-name').textContent = model?.name ?? '';
  $('file-name').textContent = doc ? doc.fileName.split(/[\\/]/).pop()! : '';
}

function renderHeadline(): void {
  const h = $('headline');
  h.replaceChildren();
  if (!plot) return;
  if (plot.unavailable) {
    // No line for P* where there is none: the reason instead (not covered, or not learnable by this network).
    h.textContent = `Nothing to plot: ${plot.unavailable}`;
    return;
  }
  const badge = document.createElement('span');
  badge.className = 'winner-badge';
  badge.id = 'winner';
  badge.style.setProperty('--swatch', colorFor(plot.winner ?? '', plot.candidates));
  badge.textContent = plot.winner ? sequenceText(plot.winner) : 'no winner';
  const text = document.createElement('span');
  const p = plot.pStar;
  const parts = [p?.text ? `P* ∝ ${p.text}` : '', p?.inD ? `= κ·${powerText(plot.dim, p.inD)}` : '', p?.value !== undefined ? `≈ ${fmt(p.value)} (no prefactor)` : '', p?.status ? `[${p.status}]` : ''].filter(Boolean);
  text.textContent = ` ${parts.join(' ')}`;
  const where = document.createElement('span');
  where.className = 'muted';
  where.textContent = ` · at ${plot.design.text}${overrides() ? ' (what if)' : ''}`;
  h.append('Winner ', badge, text, where);
  if (p?.wins) {
    const wins = document.createElement('div');
    wins.className = 'muted';
    wins.id = 'wins';
    wins.textContent = `${p.wins}.`;
    h.append(wins);
  }
}


// ---------------------------------------------------------------- what-if sizes

/** The value each size control starts from: the what-if, else the file's size, else its regime at d. */
function startingSizes(): Record<string, number> {
  if (!plot || !model) return {};
  const out: Record<string, number> = {};
  const o = overrides();
  const d = o?.[plot.dim] ?? plot.sizes[plot.dim] ?? 100;
  out[plot.dim] = d;
  for (const s of plot.widths) out[s] = o?.[s] ?? plot.sizes[s] ?? Math.round(d ** (plot.design.exponents[s] ?? 1));
  return out;
}

/**
 * Runs of consecutive numbered widths of one value ("N1–N64 = 512") a person asked to set one by
 * one; every other run has one slider that moves all its widths (a deep network of one width had a
 * slider for each, and its chart sat below sixty of them).
 */
const eachWidth = new Set<string>();

function renderSizes(): void {
  const box = $('sizes');
  box.replaceChildren();
  if (!plot || plot.unavailable) return;
  const start = startingSizes();
  const widths = plot.widths;
  box.append(sizeRow([plot.dim], start));
  for (const [i, j] of numberedRuns(widths, (k) => start[widths[k]])) {
    const group = widths.slice(i, j);
    if (group.length > 1 && eachWidth.has(`${key()}|${group[0]}`)) for (const s of group) box.append(sizeRow([s], start));
    else box.append(sizeRow(group, start));
  }
  const dirty = !!overrides();
  $<HTMLButtonElement>('reset').disabled = !dirty;
  $<HTMLButtonElement>('write').disabled = !dirty;
}

/** A slider and a number for one size, or for a run of widths that move together. */
function sizeRow(group: string[], start: Record<string, number>): HTMLElement {
  const s = group[0];
  const name = group.length > 1 ? `${s}–${group[group.length - 1]}` : s;
  const id = group.length > 1 ? `${s}-${group[group.length - 1]}` : s;
  const v = start[s];
  const row = document.createElement('div');
  row.className = 'size-row';
  const label = document.createElement('label');
  label.htmlFor = `size-${id}`;
  label.textContent = name;
  if (group.length > 1) label.title = `${group.length} widths, moved together`;
  const range = document.createElement('input');
  range.type = 'range';
  range.id = `size-${id}`;
  range.min = '0';
  range.max = String(Math.max(6, Math.ceil(Math.log10(v)) + 2));
  range.step = '0.01';
  range.value = String(Math.log10(v));
  range.setAttribute('aria-valuetext', `${name} = ${fmt(v)}`);
  range.title = `${name} (log scale)`;
  const num = document.createElement('input');
  num.type = 'number';
  num.id = `num-${id}`;
  num.min = '1';
  num.value = String(v);
  num.setAttribute('aria-label', `${name} value`);
  const apply = (value: number) => {
    if (!(value >= 1) || !Number.isFinite(value)) return;
    const all = { ...startingSizes() };
    for (const g of group) all[g] = value;
    state.overrides = { ...(state.overrides ?? {}), [key()]: all };
    save();
    num.value = String(value);
    range.value = String(Math.log10(value));
    range.setAttribute('aria-valuetext', `${name} = ${fmt(value)}`);
    schedule();
  };
  range.addEventListener('input', () => apply(roundNice(10 ** Number(range.value))));
  num.addEventListener('change', () => apply(Number(num.value)));
  row.append(label, range, num);
  if (group.length > 1) {
    const each = document.createElement('button');
    each.type = 'button';
    each.className = 'icon-button each';
    each.id = `each-${id}`;
    each.textContent = 'each';
    each.title = `Set each of ${name} on its own`;
    each.addEventListener('click', () => {
      eachWidth.add(`${key()}|${s}`);
      renderSizes();
      $(`num-${s}`).focus();
    });
    row.append(each);
  }
  return row;
}

/** Slider values as numbers people write: 3 significant digits. */
const roundNice = (v: number) => Number(decimal(v));

let frame = 0;
function schedule(): void {
  // One recompute per animation frame while a slider is dragged.
  if (frame) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    recompute();
    const dirty = !!overrides();
    $<HTMLButtonElement>('reset').disabled = !dirty;
    $<HTMLButtonElement>('write').disabled = !dirty;
  });
}

// ---------------------------------------------------------------- tabs and chart

function renderTabs(): void {
  const bar = $('tabs');
  const tab = shownTab();
  const available = (t: Tab) => !!plot && !!view && !plot.unavailable && (t === 'pstar-d' || (t === 'pstar-width' && view.available.pstarWidth) || (t === 'phase' && view.available.phase) || (t === 'scales' && view.available.scales));
  bar.replaceChildren(
    ...TABS.map((t) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.role = 'tab';
      b.id = `tab-${t.id}`;
      b.textContent = t.label;
      b.setAttribute('aria-selected', String(t.id === tab));
      b.setAttribute('aria-controls', 'figure');
      b.tabIndex = t.id === tab ? 0 : -1;
      b.disabled = !available(t.id);
      b.addEventListener('click', () => selectTab(t.id));
      return b;
    }),
  );
  renderChartOptions();
}

function selectTab(t: Tab): void {
  state.tab = t;
  save();
  renderTabs();
  askChart();
  renderChart();
  $(`tab-${t}`).focus();
}

// Arrow keys move between tabs (the ARIA tabs pattern).
document.addEventListener('keydown', (e) => {
  const target = e.target as HTMLElement;
  if (target.getAttribute('role') !== 'tab' || (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft')) return;
  const tabs = [...document.querySelectorAll<HTMLButtonElement>('#tabs [role=tab]:not(:disabled)')];
  const i = tabs.indexOf(target as HTMLButtonElement);
  const next = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
  if (next) selectTab(next.id.replace('tab-', '') as Tab);
  e.preventDefault();
});

function renderChartOptions(): void {
  const box = $('chart-options');
  box.replaceChildren();
  if (!plot || plot.unavailable) return;
  const tab = shownTab();
  const select = (id: string, label: string, options: string[], value: string, on: (v: string) => void) => {
    const l = document.createElement('label');
    l.htmlFor = id;
    l.textContent = label;
    const s = document.createElement('select');
    s.id = id;
    s.append(...options.map((o) => new Option(o, o, false, o === value)));
    s.addEventListener('change', () => on(s.value));
    box.append(l, s);
  };
  if ((tab === 'pstar-width' || tab === 'scales') && plot.widths.length > 1) {
    select('along', 'Against', plot.widths, state.along && plot.widths.includes(state.along) ? state.along : plot.widths[0], (v) => {
      state.along = v;
      save();
      askChart();
      renderChart();
    });
  }
  if (tab === 'phase' && plot.widths.length > 2) {
    const [ax, ay] = view?.phaseAxes ?? [plot.widths[0], plot.widths[1]];
    const change = (pair: [string, string]) => {
      if (pair[0] === pair[1]) return;
      state.axes = pair;
      save();
      recompute();
    };
    select('axis-x', 'Across', plot.widths, ax, (v) => change([v, ay]));
    select('axis-y', 'Up', plot.widths, ay, (v) => change([ax, v]));
  }
}

function renderChart(): void {
  const chart = currentChart();
  phaseState();
  const canvas = $<HTMLCanvasElement>('chart');
  $('chart-title').textContent = chart ? chart.title : '';
  $('chart-desc').textContent = chart ? chart.description : plot?.unavailable ? `Nothing to plot: ${plot.unavailable}` : '';
  renderLegend(chart);
  const exp = chart?.kind === 'pstar-d' ? experimentFor(doc?.uri, model?.name) : undefined;
  renderExperimentCaption($('experiment'), exp, !!state.experimentWide, () => {
    state.experimentWide = !state.experimentWide;
    save();
    renderChart();
  });
  if (!chart || !plot || plot.unavailable) return;
  const theme = readTheme();
  const overlay = exp && chartOverlay(exp.overlay, theme, colorFor(plot.winner ?? '', plot.candidates), !!state.experimentWide);
  if (exp) $('chart-desc').textContent = `${chart.description} ${exp.overlay.description}`;
  drawChart(canvas, chart, { theme, candidates: plot.candidates, dim: plot.dim, d: plot.sizes[plot.dim], hidden, overlay });
}

/**
 * Whether the phase diagram is whole, being walked (the session walks it on in steps while its tab
 * shows, and sends it each time a line is added) or paused (another tab shows).
 */
function phaseState(): void {
  document.body.dataset.phase = !view?.phasePending ? 'whole' : shownTab() === 'phase' ? 'walking' : 'paused';
}

function renderLegend(chart: PlotChart | undefined): void {
  const list = $('legend');
  list.replaceChildren();
  if (!chart || !plot) return;
  const ids = colorIds(plot.candidates, chart);
  const items =
    chart.kind === 'phase'
      ? chart.candidates.map((id) => ({ id, label: sequenceText(id), color: colorFor(id, ids), winner: id === plot!.winner, toggle: false }))
      : chart.series
          .filter((s) => !s.envelope)
          .map((s) => ({
            id: s.id,
            label: s.slope ? `${s.label}  ${powerText(plot!.dim, s.slope)}` : s.label,
            color: colorFor(s.id, chart.kind === 'scales' ? chart.series.map((x) => x.id) : plot!.candidates),
            winner: !!s.winner,
            toggle: true,
          }));
  for (const it of items) {
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    b.className = `legend-item${it.winner ? ' winner' : ''}`;
    b.dataset.id = it.id;
    b.style.setProperty('--swatch', it.color);
    b.textContent = it.label;
    if (it.winner) b.title = 'the winner';
    if (it.toggle) {
      b.setAttribute('aria-pressed', String(!hidden.has(it.id)));
      b.addEventListener('click', () => {
        if (hidden.has(it.id)) hidden.delete(it.id);
        else hidden.add(it.id);
        renderChart();
        (document.querySelector(`.legend-item[data-id="${CSS.escape(it.id)}"]`) as HTMLElement | null)?.focus();
      });
    } else b.disabled = false;
    li.append(b);
    list.append(li);
  }
}

// ---------------------------------------------------------------- buttons

/** The model's name as a file name's start (the exports' names). */
function modelStem(): string {
  return fileStem(model?.name ?? '', 'plot');
}

function fileBase(): string {
  const c = currentChart();
  return `${modelStem()}-${c?.id ?? 'plot'}`;
}

$('model-select').addEventListener('change', (e) => {
  const name = (e.target as HTMLSelectElement).value;
  model = models.find((m) => m.name === name) ?? model;
  state.model = model?.name;
  save();
  renderModelSelect();
  recompute(true);
});
$('reset').addEventListener('click', () => {
  if (state.overrides) delete state.overrides[key()];
  save();
  recompute(true);
  notice('Sizes reset to the file.');
});
$('write').addEventListener('click', () => {
  const o = overrides();
  if (doc && model && o) post({ type: 'writeSizes', uri: doc.uri, model: model.name, sizes: o });
});
$('reveal').addEventListener('click', () => {
  if (doc && model) post({ type: 'reveal', uri: doc.uri, model: model.name });
});
$('export-png').addEventListener('click', () => {
  const data = chartImage();
  if (data) post({ type: 'export', format: 'png', name: `${fileBase()}.png`, data });
});
$('export-svg').addEventListener('click', () => {
  const c = currentChart();
  const t = readTheme();
  if (c && plot) post({ type: 'export', format: 'svg', name: `${fileBase()}.svg`, data: chartSvg(c, { candidates: plot.candidates, dim: plot.dim, model: model?.name, theme: t.kind === 'light' || t.kind === 'high-contrast-light' ? 'light' : 'dark' }) });
});
$('export-csv').addEventListener('click', () => {
  const c = currentChart();
  if (c) post({ type: 'export', format: 'csv', name: `${fileBase()}.csv`, data: chartCsv(c) });
});
$('export-json').addEventListener('click', () => {
  // Every chart built (the session builds those not built yet): the export follows its answer.
  if (view) channel.send({ type: 'all', seq });
});

onThemeChange(() => renderChart());
let resizeTimer = 0;
window.addEventListener('resize', () => {
  window.clearTimeout(resizeTimer);
  resizeTimer = window.setTimeout(() => renderChart(), 100);
});

post({ type: 'ready' });
