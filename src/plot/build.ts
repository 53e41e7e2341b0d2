// A model description in, the scaling plot's chart data out. Every number comes from the engine:
// candidates' branches (exact energies and parameters), rank/evaluateCandidate at a point, and
// LineEvaluator/winnerSegments for sweeps along one size. Nothing here re-derives a scaling.
// Pure: runs in the CLI, the tests and the webview alike.

import { prepareCandidates, rank, evaluateCandidate, winnerSegments, sizeSymbols, type Candidate, type ScaleProblem } from '../engine/index';
import { LineEvaluator } from '../engine/boundaries';
import { simplicityCompare, toPoint } from '../engine/evaluate';
import { dot } from '../engine/lp';
import type { LinForm } from '../engine/linform';
import { Rational } from '../engine/rational';
import { toProblem } from '../model/toProblem';
import type { ModelDescription } from '../model/types';
import { analyzeModel } from '../report/build';
import { equationText, OVERFLOW_TEXT } from '../report/format';
import type { ModelResult } from '../report/result';
import { exactPoint, floatPoint, referenceBasis, regimeBasis, sizesBasis, toRational } from './basis';
import { describePhase, describePstarD, describePstarWidth, describeScales } from './describe';
import type { Basis, Crossing, LineChart, LineSeries, PhaseBoundary, PhaseChart, PlotData, WinnerSpan } from './types';

export interface PlotOptions {
  /** Numeric sizes that override the file's (the webview's "what if"). */
  sizes?: Record<string, number>;
  /** The two sizes of the phase diagram (default: the first two widths). */
  phaseAxes?: [string, string];
  /** Cells per axis of the phase diagram. */
  phaseResolution?: number;
}

/** Exponent range of a width axis: d^0 to d^4, widened to hold the design point. */
const axisMax = (q: number) => Math.min(12, Math.max(4, Math.ceil(q + 1)));
const WIDTH_SAMPLES = 128;

export function buildPlot(model: ModelDescription, options: PlotOptions = {}): PlotData {
  const result = analyzeModel(model, { sizes: options.sizes });
  const prep = toProblem(model, options.sizes);
  const empty = (why: string): PlotData => emptyPlot(model.name, prep.sizes, why);
  if (!prep.problem) return empty(result.diagnostics.find((d) => d.code === 'not-covered')?.message ?? 'the model cannot be analysed');
  const problem = prep.problem;
  const candidates = prepareCandidates(problem);
  if (!candidates.length) return empty('no candidate pattern is admissible for this model');
  const symbols = sizeSymbols(problem);
  const widths = symbols.filter((s) => s !== problem.dim);
  const sizes = prep.sizes;

  const reg = regimeBasis(problem, widths);
  const num = sizesBasis(problem, widths, sizes);
  const ref = referenceBasis(problem, widths);
  const scaling = reg ?? num ?? ref;
  // The design point is where the result names its winner: the sizes when complete, else the regime.
  const design = num ?? reg ?? ref;
  const ctx: Ctx = { problem, candidates, symbols, widths, result, sizes, design };

  const pstarWidth = widths.map((s) => widthChart(ctx, s));
  const scales = widths.map((s) => scalesChart(ctx, s)).filter((c): c is LineChart => !!c);
  let phase: PhaseChart | undefined;
  const axes = options.phaseAxes && options.phaseAxes.every((a) => widths.includes(a)) && options.phaseAxes[0] !== options.phaseAxes[1] ? options.phaseAxes : widths.length >= 2 ? ([widths[0], widths[1]] as [string, string]) : undefined;
  if (axes) phase = phaseChart(ctx, axes, options.phaseResolution ?? 64);

  const winnerCandidate = result.candidates.find((c) => c.id === result.winner);
  return {
    model: model.name,
    dim: problem.dim,
    widths,
    candidates: candidates.map((c) => c.id),
    sizes,
    winner: result.winner,
    pStar: result.pStar ? { text: result.pStar.text, inD: result.pStar.inD, value: winnerCandidate?.energy.value } : undefined,
    scaling,
    design,
    charts: { pstarD: pstarDChart(ctx, scaling), pstarWidth, phase, scales },
  };
}

interface Ctx {
  problem: ScaleProblem;
  candidates: Candidate[];
  symbols: string[];
  widths: string[];
  result: ModelResult;
  sizes: Record<string, number>;
  design: Basis;
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
  const { problem, candidates, result } = ctx;
  const dim = problem.dim;
  const point = floatPoint(basis, dim);
  const exact = exactPoint(basis, dim);
  const ranking = rank(candidates, point)!;
  const tied = new Set(ranking.tied.map((t) => t.candidate.id));
  const dSize = ctx.sizes[dim];
  const xMax = Math.max(5, dSize > 1 ? Math.ceil(Math.log10(dSize) + 1) : 0);
  const xs = range(1, xMax, (xMax - 1) * 4);
  // Along the ray every size ∝ d^exponent, every branch energy is homogeneous: a straight line whose
  // slope is the candidate's energy at log d = 1 (exact from its active branch when the basis is).
  const series: LineSeries[] = [];
  for (const c of candidates) {
    const ev = evaluateCandidate(c, point);
    if (!ev) continue;
    const slope = exact ? ev.branch.energy.evalExact(exact) : toRational(ev.value);
    const s = slope ? slope.toNumber() : ev.value;
    series.push({
      id: c.id,
      label: c.id,
      ys: xs.map((x) => round(s * x)),
      slope: slope ? slope.toString() : String(Number(ev.value.toPrecision(4))),
      winner: c.id === ranking.winner.candidate.id || undefined,
      tied: (tied.has(c.id) && c.id !== ranking.winner.candidate.id) || undefined,
    });
  }
  series.sort((a, b) => Number(!!b.winner) - Number(!!a.winner) || slopeValue(a.slope!) - slopeValue(b.slope!) || a.id.localeCompare(b.id));
  const chart: LineChart = {
    kind: 'pstar-d',
    id: 'pstar-d',
    title: `P* against ${dim}`,
    x: { symbol: dim, label: `${dim} (log scale)`, unit: 'log10', min: xs[0], max: xs[xs.length - 1] },
    y: { symbol: 'P*', label: 'P* (log scale, no prefactor)', unit: 'log10', min: 0, max: Math.max(...series.flatMap((s) => s.ys.map((y) => y ?? 0))) },
    xs,
    series,
    crossings: [],
    spans: [{ from: xs[0], to: xs[xs.length - 1], winner: ranking.winner.candidate.id }],
    description: '',
  };
  const winnerValue = result.candidates.find((c) => c.id === result.winner)?.energy.value;
  if (dSize > 0 && winnerValue !== undefined && ctx.design.kind === 'sizes') {
    chart.design = { x: round(Math.log10(dSize)), y: round(Math.log10(winnerValue)), label: `design point: ${dim} = ${fmt(dSize)}, P* ≈ ${fmt(winnerValue)} (${result.winner})` };
  }
  chart.description = describePstarD(chart, basis, dim);
  return chart;
}

function slopeValue(s: string): number {
  return s.includes('/') ? Rational.parse(s).toNumber() : Number(s);
}

export function fmt(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'not a number' : OVERFLOW_TEXT;
  if (v >= 1e5 || (v > 0 && v < 1e-3)) return v.toExponential(2).replace('e+', 'e');
  return String(Number(v.toPrecision(3)));
}

// ---------------------------------------------------------------- P* against one width

/** Candidates in the order LineEvaluator keeps them (simplest first), so indices line up. */
function ordered(candidates: Candidate[]): Candidate[] {
  return [...candidates].sort(simplicityCompare);
}

function widthChart(ctx: Ctx, along: string): LineChart {
  const { problem, symbols, design } = ctx;
  const dim = problem.dim;
  const base = floatPoint(design, dim);
  const qMax = axisMax(base[along]);
  const xs = range(0, qMax, WIDTH_SAMPLES);
  const cands = ordered(ctx.candidates);
  const line = new LineEvaluator(cands, toPoint(base, symbols), symbols.indexOf(along));
  const series: LineSeries[] = cands.map((c, ci) => ({ id: c.id, label: c.id, ys: xs.map((q) => finite(line.value(ci, q))) }));
  const envelope: LineSeries = {
    id: 'winner',
    label: 'winner (lowest P*)',
    envelope: true,
    ys: xs.map((_, i) => {
      const vals = series.map((s) => s.ys[i]).filter((v): v is number => v !== null);
      return vals.length ? Math.min(...vals) : null;
    }),
  };
  const { segments, crossings } = winnerSegments(ctx.candidates, base, along, qMax);
  const exact = exactPoint(design, dim);
  const order = symbols;
  const cross: Crossing[] = crossings.map((b) => ({
    x: round(b.at),
    exact: exact ? solveFor(b.equation, along, exact)?.toString() : toRational(b.at)?.toString(),
    before: b.before,
    after: b.after,
    equation: equationText(b.equation, order),
  }));
  const spans: WinnerSpan[] = segments.map((s) => ({ from: round(s.from), to: round(s.to), winner: s.winner }));
  const designWinner = line.winnerAt(base[along]);
  const winnerIndex = cands.findIndex((c) => c.id === designWinner);
  for (const s of series) s.winner = s.id === designWinner || undefined;
  const ys = [...series, envelope].flatMap((s) => s.ys).filter((v): v is number => v !== null);
  const others = ctx.widths.filter((w) => w !== along).map((w) => `${w} = ${powerOf(dim, design, w)}`);
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
    design: winnerIndex >= 0 ? { x: round(base[along]), y: round(line.value(winnerIndex, base[along])), label: `design point: ${along} = ${powerOf(dim, design, along)} (${designWinner})` } : undefined,
    description: '',
  };
  chart.description = describePstarWidth(chart, dim, others, design);
  return chart;
}

const finite = (v: number) => (Number.isFinite(v) ? round(v) : null);

function powerOf(dim: string, b: Basis, s: string): string {
  const e = b.exact[s] ?? String(Number(b.exponents[s].toPrecision(3)));
  return e === '1' ? dim : e.includes('/') ? `${dim}^(${e})` : `${dim}^${e}`;
}

/** The exponent of `along` where `equation` vanishes, the other sizes at `point`: exact. */
function solveFor(equation: LinForm, along: string, point: Record<string, Rational>): Rational | undefined {
  const coef = equation.get(along);
  if (coef.isZero()) return undefined;
  const rest = equation.restrict((s) => s !== along).evalExact(point);
  return rest.neg().div(coef);
}

// ---------------------------------------------------------------- the winner's own scales

function scalesChart(ctx: Ctx, along: string): LineChart | undefined {
  const { problem, symbols, design, result } = ctx;
  const dim = problem.dim;
  const base = floatPoint(design, dim);
  const winnerId = result.winner ?? rank(ctx.candidates, base)?.winner.candidate.id;
  const c = ctx.candidates.find((x) => x.id === winnerId);
  if (!c || !c.params.length) return undefined;
  const qMax = axisMax(base[along]);
  const xs = range(0, qMax, WIDTH_SAMPLES);
  const axis = symbols.indexOf(along);
  const x0 = toPoint(base, symbols);
  const evs = xs.map((q) => {
    const x = x0.slice();
    x[axis] = q;
    const ev = evaluateCandidate(c, x);
    return ev ? { ev, x } : undefined;
  });
  const texts = result.candidates.find((r) => r.id === c.id)?.params ?? {};
  const series: LineSeries[] = c.params.map((p, j) => ({
    id: p.name,
    label: `${p.name}*${texts[p.name]?.text ? ` ∝ ${texts[p.name].text}` : ''}`,
    // The branch's optimal log-parameters are linear in the log sizes: read them off where it is active.
    ys: evs.map((e) => (e ? round(dot(e.ev.branch.paramsF[j], e.x)) : null)),
  }));
  const ys = series.flatMap((s) => s.ys).filter((v): v is number => v !== null);
  const chart: LineChart = {
    kind: 'scales',
    id: `scales-${along}`,
    title: `Scales of ${c.id} against ${along}`,
    x: { symbol: along, label: `${along} (powers of ${dim})`, unit: 'powerOfD', min: 0, max: qMax },
    y: { symbol: 'scale', label: `scale (powers of ${dim})`, unit: 'powerOfD', min: Math.min(0, ...ys), max: Math.max(1, ...ys) },
    xs,
    series,
    crossings: [],
    spans: [],
    description: '',
  };
  const atDesign = evaluateCandidate(c, x0);
  const designValues = c.params.map((_, j) => (atDesign ? dot(atDesign.branch.paramsF[j], x0) : null));
  chart.description = describeScales(chart, c.id, dim, designValues);
  return chart;
}

// ---------------------------------------------------------------- phase diagram

function phaseChart(ctx: Ctx, [ax, ay]: [string, string], n: number): PhaseChart {
  const { problem, symbols, design } = ctx;
  const dim = problem.dim;
  const base = floatPoint(design, dim);
  const xMax = axisMax(base[ax]);
  const yMax = axisMax(base[ay]);
  const xs = Array.from({ length: n }, (_, i) => round(((i + 0.5) * xMax) / n));
  const ys = Array.from({ length: n }, (_, j) => round(((j + 0.5) * yMax) / n));
  const cands = ordered(ctx.candidates);
  const ids: string[] = [];
  const index = (id: string | undefined) => {
    if (id === undefined) return -1;
    let k = ids.indexOf(id);
    if (k < 0) k = ids.push(id) - 1;
    return k;
  };
  const cells: number[] = [];
  const ix = symbols.indexOf(ax);
  const iy = symbols.indexOf(ay);
  for (const y of ys) {
    const x = toPoint(base, symbols);
    x[iy] = y;
    const line = new LineEvaluator(cands, x, ix);
    for (const q of xs) cells.push(index(line.winnerAt(q)));
  }

  // Boundaries: exact crossings along rows and columns, grouped by their equation; each group's
  // points lie on one straight line in the plane, drawn between its extreme points.
  const groups = new Map<string, { between: [string, string]; equation: LinForm; pts: { x: number; y: number }[] }>();
  const add = (b: { before: string; after: string; equation: LinForm }, pt: { x: number; y: number }) => {
    const key = [b.before, b.after].sort().join('|') + '|' + normalizedKey(b.equation);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { between: [b.before, b.after], equation: b.equation, pts: [] }));
    g.pts.push(pt);
  };
  const lines = 32;
  for (let k = 0; k <= lines; k++) {
    const y = (k * yMax) / lines;
    for (const b of winnerSegments(ctx.candidates, { ...base, [ay]: y }, ax, xMax).crossings) add(b, { x: b.at, y });
    const x = (k * xMax) / lines;
    for (const b of winnerSegments(ctx.candidates, { ...base, [ax]: x }, ay, yMax).crossings) add(b, { x, y: b.at });
  }
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
  const designLine = new LineEvaluator(cands, toPoint(base, symbols), ix);
  const designWinner = designLine.winnerAt(base[ax]);
  const others = ctx.widths.filter((w) => w !== ax && w !== ay).map((w) => `${w} = ${powerOf(dim, design, w)}`);
  const chart: PhaseChart = {
    kind: 'phase',
    id: `phase-${ax}-${ay}`,
    title: `Phase diagram over ${ax} and ${ay}`,
    x: { symbol: ax, label: `${ax} (powers of ${dim})`, unit: 'powerOfD', min: 0, max: xMax },
    y: { symbol: ay, label: `${ay} (powers of ${dim})`, unit: 'powerOfD', min: 0, max: yMax },
    xs,
    ys,
    cells,
    candidates: ids,
    boundaries,
    design: { x: round(base[ax]), y: round(base[ay]), label: `design point: ${ax} = ${powerOf(dim, design, ax)}, ${ay} = ${powerOf(dim, design, ay)} (${designWinner})` },
    description: '',
  };
  chart.description = describePhase(chart, dim, others, designWinner);
  return chart;
}

function normalizedKey(f: LinForm): string {
  const e = f.entries().sort(([a], [b]) => a.localeCompare(b));
  return e.length ? f.scale(Rational.ONE.div(e[0][1])).key() : '';
}
