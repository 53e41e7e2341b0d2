// A model description in, the scaling plot's chart data out. Every number comes from the engine:
// exact levels of each candidate sequence, its pieces along a size (each one monomial), and the
// optimum's pieces and boundaries along a size (the walk). Nothing here re-derives a scaling.
// Pure: runs in the CLI, the tests and the webview alike (it imports no front end).

import {
  compileChain,
  curveValue,
  optimumAt,
  optimumCurve,
  optimumCurveSteps,
  pointOf,
  pointWith,
  sequenceCurve,
  sequenceLevelAt,
  LinForm,
  Rational,
  type Analysis,
  boundaryKey,
  type Boundary,
  type Chain,
  type OptimumCurve,
  type Pattern,
  type Point,
  type ScaleProblem,
} from '../engine/index';
import type { ModelDescription } from '../model/types';
import { analyzeModelFull } from '../report/build';
import { assignmentsText, equationText, formatValue, powerText, sequenceText, winsText } from '../report/format';
import type { ModelResult } from '../contract/result';
import { summaryLine } from '../report/summary';
import { referenceBasis, regimeBasis, sizesBasis, toRational } from './basis';
import { describePhase, describePstarD, describePstarWidth, describeScales } from './describe';
import type { Basis, Chart, Crossing, LineChart, LineSeries, PhaseBoundary, PhaseChart, PlotData, WinnerSpan } from './types';

export interface PlotOptions {
  /** Numeric sizes that override the file's (the webview's "what if"). */
  sizes?: Record<string, number>;
  /** The two sizes of the phase diagram (default: the first two widths). */
  phaseAxes?: [string, string];
  /** Cells per axis of the phase diagram. */
  phaseResolution?: number;
  /** Time for the phase diagram's walks, in ms (default PHASE_BUDGET_MS). */
  phaseBudgetMs?: number;
  /**
   * The view goes on walking the phase diagram past its budget (Plotter.phaseMore): a diagram not
   * yet whole says it is still being walked, not that its walks stopped.
   */
  phaseInSteps?: boolean;
}

/**
 * The phase diagram's walks stop after this long: a deep network's walk across a whole width takes
 * a tenth of a second (a second with one width), and the diagram walks 48 of them. The rows and
 * columns nearest the design point are walked first; the rest is left blank, and the chart says so
 * (a view walks on in steps: Plotter.phaseMore).
 */
export const PHASE_BUDGET_MS = 2000;

/** Exponent range of a width axis: d^0 to d^4, widened to hold the design point. */
const axisMax = (q: number) => Math.min(12, Math.max(4, Math.ceil(q + 1)));
const WIDTH_SAMPLES = 128;

/**
 * A model's scaling plot, each chart built when first asked for: P* against d at once; P* against a
 * width and the winner's scales along it (`along`), and the phase diagram (`phase`), on demand. A
 * deep network has a chart of each kind for every width, and building them all took half a second
 * at 32 hidden layers and ten at 128 (`npm run bench:extension`), where a view shows one chart;
 * `all()` builds every one (the JSON export, `scaling-lens plot --format json`).
 */
export class Plotter {
  /** The plot as built so far: `charts.pstarWidth`, `scales` and `phase` fill in as they are asked for. */
  readonly data: PlotData;
  /** Which charts exist, known without building them. */
  readonly available: { pstarWidth: boolean; scales: boolean; phase: boolean };
  /** The two sizes of the phase diagram, when there are two widths. */
  readonly phaseAxes?: [string, string];
  private readonly ctx?: Ctx;
  private readonly built = new Map<string, { pstarWidth: LineChart; scales?: LineChart }>();
  private phaseBuilt = false;
  private phaseWalk?: PhaseWalk;
  /** The phase diagram's budgets so far (what a diagram cut short says it was given). */
  private phaseMs = 0;

  constructor(
    model: ModelDescription,
    private readonly options: PlotOptions = {},
  ) {
    // Without the walks along every size: each chart walks what it draws, over its own range.
    const { result, analysis, prep } = analyzeModelFull(model, { sizes: options.sizes, boundaries: false });
    this.available = { pstarWidth: false, scales: false, phase: false };
    if (!prep.problem || !analysis || analysis.unlearnable || !analysis.winner) {
      const why = !prep.problem || !analysis ? (result.diagnostics.find((d) => d.code === 'not-covered')?.message ?? 'the model cannot be analysed') : summaryLine(result);
      this.data = emptyPlot(model.name, prep.sizes, why);
      return;
    }
    const problem = prep.problem;
    const chain = compileChain(problem);
    const symbols = chain.symbols;
    const widths = symbols.filter((s) => s !== problem.dim);
    const sizes = prep.sizes;

    const reg = regimeBasis(problem, widths);
    const num = sizesBasis(problem, widths, sizes);
    const ref = referenceBasis(problem, widths);
    const scaling = reg ?? num ?? ref;
    // The design point is where the result names its winner: the sizes when complete, else the regime.
    const design = num ?? reg ?? ref;
    const designPoint = analysis.base ?? basisPoint(design, symbols, problem.dim);
    const ctx: Ctx = { problem, chain, analysis, symbols, widths, result, sizes, design, designPoint, candidates: analysis.table.map((r) => r.result.sequence) };
    this.ctx = ctx;
    const axes = options.phaseAxes;
    this.phaseAxes = axes && axes.every((a) => widths.includes(a)) && axes[0] !== axes[1] ? axes : widths.length >= 2 ? [widths[0], widths[1]] : undefined;
    this.available = { pstarWidth: widths.length > 0, scales: widths.length > 0 && analysis.winner.params.length > 0, phase: !!this.phaseAxes };
    this.data = {
      model: model.name,
      dim: problem.dim,
      widths,
      candidates: ctx.candidates.map(id),
      sizes,
      winner: result.winner,
      pStar: result.pStar ? { text: result.pStar.text, inD: result.pStar.inD, value: result.pStar.value, status: result.pStar.status, wins: winsText(result.pStar) } : undefined,
      scaling,
      design,
      // phase in its place among the keys (the JSON keeps the order built), filled in by phase().
      charts: { pstarD: pstarDChart(ctx, scaling), pstarWidth: [], phase: undefined, scales: [] },
    };
  }

  /** P* against one width and the winner's scales along it (none where the winner has no free scale). */
  along(width: string): { pstarWidth?: LineChart; scales?: LineChart } {
    const ctx = this.ctx;
    if (!ctx || !ctx.widths.includes(width)) return {};
    let b = this.built.get(width);
    if (!b) {
      this.built.set(width, (b = { pstarWidth: widthChart(ctx, width), scales: scalesChart(ctx, width) }));
      // Kept in the widths' order, whatever order they were asked in.
      const order = ctx.widths.filter((w) => this.built.has(w)).map((w) => this.built.get(w)!);
      this.data.charts.pstarWidth = order.map((x) => x.pstarWidth);
      this.data.charts.scales = order.flatMap((x) => (x.scales ? [x.scales] : []));
    }
    return b;
  }

  /** The phase diagram over the two sizes (options.phaseAxes, else the first two widths). */
  phase(): PhaseChart | undefined {
    if (!this.phaseBuilt && this.ctx && this.phaseAxes) {
      const budget = (this.phaseMs = this.options.phaseBudgetMs ?? PHASE_BUDGET_MS);
      const walk = (this.phaseWalk = new PhaseWalk(this.ctx, this.phaseAxes, this.options.phaseResolution ?? (this.ctx.chain.layers.length > 3 ? 24 : 64)));
      walk.walk(Date.now() + budget);
      this.data.charts.phase = walk.chart(this.options.phaseInSteps ? undefined : budget);
    }
    this.phaseBuilt = true;
    return this.data.charts.phase;
  }

  /** Whether the phase diagram was built and some of its lines are still to walk (phaseMore). */
  get phasePending(): boolean {
    return !!this.phaseWalk && !this.phaseWalk.done;
  }

  /**
   * Walks more of the phase diagram: at least a piece of a line, and more until `budgetMs` have
   * passed. The diagram as it stands then (undefined where it was never built): the same object as
   * before where a view walking in steps has no line more to show.
   */
  phaseMore(budgetMs: number): PhaseChart | undefined {
    const walk = this.phaseWalk;
    if (!walk) return undefined;
    if (!walk.done) {
      const lines = walk.lines;
      walk.walk(Date.now() + budgetMs, true);
      this.phaseMs += Math.max(0, budgetMs);
      // A step that ended inside a line changes nothing a view shows: the same chart (a view
      // walking in steps draws again only when this changes).
      if (walk.lines !== lines || !this.options.phaseInSteps) this.data.charts.phase = walk.chart(this.options.phaseInSteps ? undefined : this.phaseMs);
    }
    return this.data.charts.phase;
  }

  /** Every chart there is, in allCharts' order: its id, and how to have it (built once). */
  private entries(): [string, () => Chart | undefined][] {
    const w = this.data.widths;
    return [
      [this.data.charts.pstarD.id, () => this.data.charts.pstarD],
      ...(this.available.pstarWidth ? w.map((s): [string, () => Chart | undefined] => [`pstar-${s}`, () => this.along(s).pstarWidth]) : []),
      ...(this.phaseAxes ? [[`phase-${this.phaseAxes[0]}-${this.phaseAxes[1]}`, () => this.phase()] as [string, () => Chart | undefined]] : []),
      ...(this.available.scales ? w.map((s): [string, () => Chart | undefined] => [`scales-${s}`, () => this.along(s).scales]) : []),
    ];
  }

  /** The ids of every chart there is, in allCharts' order, without building them. */
  chartIds(): string[] {
    return this.entries().map(([chartId]) => chartId);
  }

  /** The chart with this id (chartIds), built if it was not. */
  chart(chartId: string): Chart | undefined {
    return this.entries().find(([k]) => k === chartId)?.[1]();
  }

  /** The chart a view of this kind shows along `along` (a width's charts; the first width by default). */
  chartOf(kind: string, along = this.data.widths[0]): Chart | undefined {
    if (kind === 'pstar-d') return this.data.charts.pstarD;
    if (kind === 'pstar-width') return this.along(along).pstarWidth;
    if (kind === 'scales') return this.along(along).scales;
    if (kind === 'phase') return this.phase();
    return undefined;
  }

  /** Every chart built: the whole plot. */
  all(): PlotData {
    for (const w of this.data.widths) this.along(w);
    this.phase();
    return this.data;
  }
}

/** The whole plot of a model, every chart built (Plotter builds them one at a time). */
export function buildPlot(model: ModelDescription, options: PlotOptions = {}): PlotData {
  return new Plotter(model, options).all();
}

interface Ctx {
  problem: ScaleProblem;
  chain: Chain;
  analysis: Analysis;
  /** The candidate sequences the table lists (all of them up to 3 hidden layers). */
  candidates: Pattern[][];
  symbols: string[];
  widths: string[];
  result: ModelResult;
  sizes: Record<string, number>;
  design: Basis;
  /** The design point in units of d (log d = 1). */
  designPoint: Point;
}

const id = (seq: Pattern[]) => seq.join('-') || 'readout-only';

/** A basis as an exact point (exponents of d), rounding decimal exponents to fractions. */
function basisPoint(b: Basis, symbols: string[], dim: string): Point {
  return pointOf(symbols.map((s) => (s === dim ? Rational.ONE : b.exact[s] !== undefined ? Rational.parse(b.exact[s]!) : toRational(b.exponents[s], 1e6, 1e-6) ?? Rational.of(Math.round(b.exponents[s] * 1e6), 1e6))));
}

function emptyPlot(name: string, sizes: Record<string, number>, why: string): PlotData {
  const axis = { symbol: 'd', label: 'd', unit: 'log10' as const, min: 1, max: 5 };
  const chart: LineChart = { kind: 'pstar-d', id: 'pstar-d', title: 'P* against d', x: axis, y: { ...axis, symbol: 'P*', label: 'P*' }, xs: [], series: [], crossings: [], spans: [], description: `Nothing to plot: ${why}.` };
  const basis: Basis = { kind: 'reference', exponents: {}, exact: {}, text: '' };
  return { model: name, dim: 'd', widths: [], candidates: [], sizes, scaling: basis, design: basis, charts: { pstarD: chart, pstarWidth: [], scales: [] }, unavailable: why };
}

const range = (lo: number, hi: number, n: number) => Array.from({ length: n + 1 }, (_, i) => round(lo + ((hi - lo) * i) / n));
const round = (x: number) => Math.round(x * 1e9) / 1e9;

// ---------------------------------------------------------------- P* against d

function pstarDChart(ctx: Ctx, basis: Basis): LineChart {
  const { problem, chain, result, symbols } = ctx;
  const dim = problem.dim;
  const point = basisPoint(basis, symbols, dim);
  const winnerAtRay = basis === ctx.design ? result.winner! : undefined;
  const dSize = ctx.sizes[dim];
  const xMax = Math.max(5, dSize > 1 ? Math.ceil(Math.log10(dSize) + 1) : 0);
  const xs = range(1, xMax, (xMax - 1) * 4);
  // Along the ray every size ∝ d^exponent and every energy is homogeneous: a straight line whose
  // slope is the sequence's exact level at log d = 1.
  const levels = ctx.candidates.map((seq) => ({ seq, E: sequenceLevelAt(chain, point, seq) }));
  const best = levels.reduce<Rational | undefined>((m, l) => (l.E && (!m || l.E.cmp(m) < 0) ? l.E : m), undefined);
  const tied = new Set(levels.filter((l) => l.E && best && l.E.equals(best)).map((l) => id(l.seq)));
  const first = levels.find((l) => l.E && best && l.E.equals(best));
  const winner = winnerAtRay ?? (first ? id(first.seq) : undefined);
  const series: LineSeries[] = [];
  for (const { seq, E } of levels) {
    if (!E) continue;
    const s = E.toNumber();
    series.push({
      id: id(seq),
      label: sequenceText(id(seq)),
      ys: xs.map((x) => round(s * x)),
      slope: E.toString(),
      winner: id(seq) === winner || undefined,
      tied: (tied.has(id(seq)) && id(seq) !== winner) || undefined,
    });
  }
  series.sort((a, b) => Number(!!b.winner) - Number(!!a.winner) || slopeValue(a.slope!) - slopeValue(b.slope!) || a.id.localeCompare(b.id));
  const chart: LineChart = {
    kind: 'pstar-d',
    id: 'pstar-d',
    title: `P* against ${dim}`,
    x: { symbol: dim, label: `${dim} (log scale)`, unit: 'log10', min: xs[0], max: xs[xs.length - 1] },
    y: { symbol: 'P*', label: 'P* (log scale, no prefactor)', unit: 'log10', min: 0, max: Math.max(0, ...series.flatMap((s) => s.ys.map((y) => y ?? 0))) },
    xs,
    series,
    crossings: [],
    spans: winner ? [{ from: xs[0], to: xs[xs.length - 1], winner }] : [],
    description: '',
  };
  const winnerValue = result.pStar?.value;
  if (dSize > 0 && winnerValue !== undefined && ctx.design.kind === 'sizes') {
    chart.design = { x: round(Math.log10(dSize)), y: round(Math.log10(winnerValue)), label: `design point: ${dim} = ${formatValue(dSize)}, P* ≈ ${formatValue(winnerValue)} (${sequenceText(result.winner!)})` };
  }
  chart.description = describePstarD(chart, basis, dim);
  return chart;
}

function slopeValue(s: string): number {
  return s.includes('/') ? Rational.parse(s).toNumber() : Number(s);
}


// ---------------------------------------------------------------- P* against one width

function widthChart(ctx: Ctx, along: string): LineChart {
  const { problem, symbols, design, designPoint } = ctx;
  const dim = problem.dim;
  const axis = symbols.indexOf(along);
  const q0 = designPoint.float[axis];
  const qMax = axisMax(q0);
  const xs = range(0, qMax, WIDTH_SAMPLES);
  const curves = ctx.candidates.map((seq) => ({ seq, pieces: sequenceCurve(ctx.chain, designPoint, axis, seq, Rational.of(qMax)) }));
  const series: LineSeries[] = curves.map((c) => ({ id: id(c.seq), label: sequenceText(id(c.seq)), ys: xs.map((q) => finite(curveValue(c.pieces, designPoint, symbols, axis, q))) }));
  const opt = optimumCurve(ctx.chain, designPoint, axis, Rational.of(Math.ceil(qMax)));
  const envelope: LineSeries = { id: 'winner', label: 'winner (lowest P*)', envelope: true, ys: xs.map((q) => finite(curveValue(opt.segments, designPoint, symbols, axis, q))) };
  const cross: Crossing[] = opt.crossings
    .filter((b) => b.at.toNumber() <= qMax)
    .sort((a, b) => a.at.cmp(b.at))
    .map((b) => ({ x: round(b.at.toNumber()), exact: b.at.toString(), before: b.before, after: b.after, equation: equationText(b.equation, symbols), ...(b.samePStar ? { samePStar: true as const } : {}) }));
  const spans: WinnerSpan[] = mergeSpans(opt.segments.filter((s) => s.from.toNumber() < qMax).map((s) => ({ from: round(s.from.toNumber()), to: round(Math.min(qMax, s.to.toNumber())), winner: s.winner })));
  const designWinner = ctx.result.winner;
  for (const s of series) s.winner = s.id === designWinner || undefined;
  const ys = [...series, envelope].flatMap((s) => s.ys).filter((v): v is number => v !== null);
  const others = assignmentsText(ctx.widths.filter((w) => w !== along).map((w) => [w, powerOf(dim, design, w)]));
  const designY = curveValue(opt.segments, designPoint, symbols, axis, q0);
  const chart: LineChart = {
    kind: 'pstar-width',
    id: `pstar-${along}`,
    title: `P* against ${along}`,
    x: { symbol: along, label: `${along} (powers of ${dim})`, unit: 'powerOfD', min: 0, max: qMax },
    y: { symbol: 'P*', label: `P* (powers of ${dim}, no prefactor)`, unit: 'powerOfD', min: Math.min(0, ...ys), max: Math.max(...ys) },
    xs,
    series: [envelope, ...series.sort((a, b) => Number(!!b.winner) - Number(!!a.winner))],
    crossings: cross,
    spans,
    design: designY !== undefined ? { x: round(q0), y: round(designY), label: `design point: ${along} = ${powerOf(dim, design, along)} (${sequenceText(designWinner ?? '')})` } : undefined,
    description: '',
  };
  chart.description = describePstarWidth(chart, dim, others, design);
  return chart;
}

/** Adjacent pieces with the same winner are one span. */
function mergeSpans(spans: WinnerSpan[]): WinnerSpan[] {
  const out: WinnerSpan[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && last.winner === s.winner) last.to = s.to;
    else out.push({ ...s });
  }
  return out;
}

const finite = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? round(v) : null);

const powerOf = (dim: string, b: Basis, s: string) => powerText(dim, b.exact[s] ?? b.exponents[s]);

// ---------------------------------------------------------------- the winner's own scales

function scalesChart(ctx: Ctx, along: string): LineChart | undefined {
  const { problem, symbols, designPoint, analysis } = ctx;
  const dim = problem.dim;
  const w = analysis.winner!;
  if (!w.params.length) return undefined;
  const axis = symbols.indexOf(along);
  const q0 = designPoint.float[axis];
  const qMax = axisMax(q0);
  const xs = range(0, qMax, WIDTH_SAMPLES);
  const pieces = sequenceCurve(ctx.chain, designPoint, axis, w.sequence, Rational.of(qMax));
  const texts = ctx.result.candidates.find((r) => r.id === w.id)?.params ?? {};
  const valueOf = (name: string, q: number) => {
    const p = pieces.find((s) => s.from.toNumber() <= q + 1e-12 && q <= s.to.toNumber() + 1e-12);
    const f = p?.params[name];
    return f ? finite(evalAt(f, designPoint, symbols, axis, q)) : null;
  };
  const series: LineSeries[] = w.params.map((p) => ({
    id: p.name,
    label: `${p.name}*${texts[p.name]?.text ? ` ∝ ${texts[p.name].text}` : ''}`,
    ys: xs.map((q) => valueOf(p.name, q)),
  }));
  const ys = series.flatMap((s) => s.ys).filter((v): v is number => v !== null);
  const chart: LineChart = {
    kind: 'scales',
    id: `scales-${along}`,
    title: `Scales of ${w.id} against ${along}`,
    x: { symbol: along, label: `${along} (powers of ${dim})`, unit: 'powerOfD', min: 0, max: qMax },
    y: { symbol: 'scale', label: `scale (powers of ${dim})`, unit: 'powerOfD', min: Math.min(0, ...ys), max: Math.max(1, ...ys) },
    xs,
    series,
    crossings: [],
    spans: [],
    description: '',
  };
  chart.description = describeScales(chart, w.id, dim, w.params.map((p) => valueOf(p.name, q0)));
  return chart;
}

function evalAt(f: LinForm, base: Point, symbols: string[], axis: number, q: number): number {
  let v = 0;
  symbols.forEach((s, i) => (v += f.get(s).toNumber() * (i === axis ? q : base.float[i])));
  return v;
}

// ---------------------------------------------------------------- phase diagram

/**
 * The phase diagram's walks, kept between calls so that a view can go on walking where the budget
 * stopped them (the webview walks a deep network's diagram in steps, drawing it as it fills in).
 * Each row is an exact walk along x: its pieces colour the cells and its crossings mark the
 * boundaries; each column's walk along y adds its crossings. Rows and columns are walked nearest
 * the design point first, a row then a column, so that a diagram cut short still has both
 * directions near it; what they found is put together in the grid's order, so that a diagram walked
 * in full does not depend on that order.
 */
class PhaseWalk {
  private readonly ix: number;
  private readonly iy: number;
  private readonly xMax: number;
  private readonly yMax: number;
  private readonly xs: number[];
  private readonly ys: number[];
  private readonly rowOrder: number[];
  private readonly colOrder: number[];
  private readonly rows: ({ names: (string | undefined)[]; crossings: Boundary[] } | undefined)[] = [];
  private readonly cols: (Boundary[] | undefined)[] = [];
  /** Lines walked, in walking order (rows at even steps, columns at odd ones). */
  private k = 0;
  /** The line being walked (line k) and the point it runs through, paused between two of its pieces. */
  private line?: { base: Point; steps: Generator<void, OptimumCurve> };

  constructor(
    private readonly ctx: Ctx,
    private readonly axes: [string, string],
    private readonly n: number,
  ) {
    const { symbols, designPoint } = ctx;
    this.ix = symbols.indexOf(axes[0]);
    this.iy = symbols.indexOf(axes[1]);
    this.xMax = axisMax(designPoint.float[this.ix]);
    this.yMax = axisMax(designPoint.float[this.iy]);
    this.xs = Array.from({ length: n }, (_, i) => round(((i + 0.5) * this.xMax) / n));
    this.ys = Array.from({ length: n }, (_, j) => round(((j + 0.5) * this.yMax) / n));
    const nearest = (vals: number[], to: number) => vals.map((_, k) => k).sort((a, b) => Math.abs(vals[a] - to) - Math.abs(vals[b] - to) || a - b);
    this.rowOrder = nearest(this.ys, designPoint.float[this.iy]);
    this.colOrder = nearest(this.xs, designPoint.float[this.ix]);
  }

  get done(): boolean {
    return this.k >= 2 * this.n;
  }

  /** Lines walked so far. */
  get lines(): number {
    return this.k;
  }

  /**
   * Walks until `deadline` (Date.now()), a piece of a line at a time: a line the deadline stops
   * goes on from there next time (one line of a deep network of one width takes seconds, and a view
   * walking in steps would not answer meanwhile). With `atLeastOne`, one piece is walked whatever
   * the time (a step that walks nothing would never end the diagram).
   */
  walk(deadline: number, atLeastOne = false): void {
    const { ctx, ix, iy, xs, ys } = this;
    for (let first = atLeastOne; !this.done && (first || Date.now() <= deadline); first = false) {
      const row = this.k % 2 === 0;
      const j = this.rowOrder[this.k / 2];
      const i = this.colOrder[(this.k - 1) / 2];
      if (!this.line) {
        const base = row ? pointWith(ctx.designPoint, iy, exactOf(ys[j])) : pointWith(ctx.designPoint, ix, exactOf(xs[i]));
        this.line = { base, steps: row ? optimumCurveSteps(ctx.chain, base, ix, Rational.of(this.xMax)) : optimumCurveSteps(ctx.chain, base, iy, Rational.of(this.yMax)) };
      }
      const { base, steps } = this.line;
      const step = steps.next();
      if (!step.done) continue;
      this.line = undefined;
      const curve = step.value;
      if (row) {
        const names = xs.map((x) => {
          const here = curve.segments.filter((s) => s.from.toNumber() <= x && x <= s.to.toNumber());
          // On a boundary itself the winner is the simplest of the two (ask the engine there).
          const name = here.length > 1 ? optimumAt(ctx.chain, pointWith(base, ix, exactOf(x)))?.sequence : undefined;
          return name ? id(name) : here[0]?.winner;
        });
        this.rows[j] = { names, crossings: curve.crossings };
      } else this.cols[i] = curve.crossings;
      this.k++;
    }
  }

  /**
   * The diagram as walked so far. Not done: `stopped` says the walks stopped after that many ms (a
   * command line's chart), else that they go on (a view walking in steps).
   */
  chart(stoppedMs?: number): PhaseChart {
    const { ctx, xs, ys, n } = this;
    const [ax, ay] = this.axes;
    const { problem, symbols, design, designPoint } = ctx;
    const dim = problem.dim;
    const ids: string[] = [];
    const index = (w: string | undefined) => {
      if (w === undefined) return -1;
      let k = ids.indexOf(w);
      if (k < 0) k = ids.push(w) - 1;
      return k;
    };
    const groups = new Map<string, { between: [string, string]; equation: LinForm; pts: { x: number; y: number }[] }>();
    const add = (b: Boundary, pt: { x: number; y: number }) => {
      const key = boundaryKey(b);
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { between: [b.before, b.after].sort() as [string, string], equation: b.equation, pts: [] }));
      g.pts.push(pt);
    };
    const cells: number[] = [];
    ys.forEach((y, j) => {
      const row = this.rows[j];
      for (let i = 0; i < xs.length; i++) cells.push(row ? index(row.names[i]) : -1);
      for (const b of row?.crossings ?? []) add(b, { x: b.at.toNumber(), y });
    });
    xs.forEach((x, i) => {
      for (const b of this.cols[i] ?? []) add(b, { x, y: b.at.toNumber() });
    });
    const boundaries: PhaseBoundary[] = [];
    for (const g of groups.values()) {
      if (g.pts.length < 2) continue;
      const dir = { x: g.equation.get(ay).toNumber(), y: -g.equation.get(ax).toNumber() };
      const proj = (p: { x: number; y: number }) => p.x * dir.x + p.y * dir.y;
      const sorted = [...g.pts].sort((a, b) => proj(a) - proj(b));
      const from = sorted[0];
      const to = sorted[sorted.length - 1];
      if (Math.hypot(to.x - from.x, to.y - from.y) < 1e-6) continue;
      boundaries.push({ between: g.between, equation: equationText(g.equation, symbols), from: { x: round(from.x), y: round(from.y) }, to: { x: round(to.x), y: round(to.y) } });
    }
    const designWinner = ctx.result.winner;
    const others = assignmentsText(ctx.widths.filter((w) => w !== ax && w !== ay).map((w) => [w, powerOf(dim, design, w)]));
    const chart: PhaseChart = {
      kind: 'phase',
      id: `phase-${ax}-${ay}`,
      title: `Phase diagram over ${ax} and ${ay}`,
      x: { symbol: ax, label: `${ax} (powers of ${dim})`, unit: 'powerOfD', min: 0, max: this.xMax },
      y: { symbol: ay, label: `${ay} (powers of ${dim})`, unit: 'powerOfD', min: 0, max: this.yMax },
      xs,
      ys,
      cells,
      candidates: ids,
      boundaries,
      design: { x: round(designPoint.float[this.ix]), y: round(designPoint.float[this.iy]), label: `design point: ${ax} = ${powerOf(dim, design, ax)}, ${ay} = ${powerOf(dim, design, ay)} (${sequenceText(designWinner ?? '')})` },
      description: '',
    };
    chart.description = describePhase(chart, dim, others, designWinner);
    if (!this.done) {
      const rows = Math.ceil(this.k / 2);
      const cols = Math.floor(this.k / 2);
      chart.description += stoppedMs === undefined
        ? ` Still walking: ${rows} of ${n} rows and ${cols} of ${n} columns so far (those nearest the design point first); the rest of the diagram is blank until they are walked, and the shares above are of the whole.`
        : ` Partial: the walks stopped after ${stoppedMs / 1000} s, with ${rows} of ${n} rows and ${cols} of ${n} columns walked (those nearest the design point); the rest of the diagram is blank, and the shares above are of the whole.`;
    }
    return chart;
  }
}

/** A grid coordinate as a fraction (grid coordinates are multiples of small fractions). */
function exactOf(x: number): Rational {
  return toRational(x, 4096, 1e-9) ?? Rational.of(Math.round(x * 4096), 4096);
}


