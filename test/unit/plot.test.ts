// The scaling plot's chart data against the engine's own results: slopes are the candidates' exact
// exponents of d, crossings are the result's boundaries, the phase diagram agrees with rank().
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from '../../src/parse/index';
import { analyzeModel } from '../../src/report/build';
import { buildPlot, chartCsv, plotJson, allCharts, Plotter, type PlotData } from '../../src/plot/index';

const findChart = (plot: PlotData, id: string) => allCharts(plot).find((c) => c.id === id);
import { parseSizeExpr } from '../../src/model/sizeExpr';
import { Rational } from '../../src/engine/rational';
import type { ModelDescription } from '../../src/model/types';
import { ROOT, SAME_PSTAR_MODEL } from './helpers';

function model(file: string): ModelDescription {
  const m = parseDocument(file, readFileSync(join(ROOT, file), 'utf8')).models[0];
  assert.ok(m, `no model in ${file}`);
  return m;
}

/** Checks `lhs = rhs` (monomials like "N1^2", "N2 d") at a point of exponents. */
function holds(equation: string, point: Record<string, number>): boolean {
  const side = (t: string) => t.trim().split(/\s+/).reduce((acc, f) => {
    if (f === '1') return acc;
    const p = parseSizeExpr(f);
    assert.ok(p.ok, f);
    return acc + Object.entries(p.value.exponents).reduce((a, [k, v]) => a + Rational.parse(String(v)).toNumber() * point[k], 0);
  }, 0);
  const [l, r] = equation.split('=');
  return Math.abs(side(l) - side(r)) < 1e-6;
}

describe('plot: chart data from the engine', () => {
  const three = model('examples/three-layer.json');
  const plot = buildPlot(three);
  const result = analyzeModel(three);

  it('P* against d: one line per candidate, slope = the candidate\'s exact exponent of d', () => {
    const c = plot.charts.pstarD;
    assert.equal(plot.scaling.kind, 'regime');
    assert.equal(c.series.length, result.candidates.length);
    for (const rc of result.candidates) {
      const s = c.series.find((x) => x.id === rc.id)!;
      assert.equal(s.slope, rc.energy.inD, rc.id);
      // a straight line through the origin of the log-log plot
      c.xs.forEach((x, i) => assert.ok(Math.abs(s.ys[i]! - Rational.parse(s.slope!).toNumber() * x) < 1e-9));
    }
    const winner = c.series.filter((s) => s.winner);
    assert.deepEqual(winner.map((s) => s.id), ['gp-specialization']);
    assert.equal(winner[0].slope, '1');
    assert.equal(c.series.find((s) => s.id === 'specialization-magnetization')!.slope, '4/3');
    assert.ok(c.series.find((s) => s.id === 'specialization-specialization')!.tied);
    assert.match(c.description, /Winner: gp-specialization, P\* ∝ d \(tied: specialization-specialization\)/);
    assert.match(c.description, /specialization-magnetization d\^\(4\/3\)/);
    assert.deepEqual(c.design && [c.design.x, c.design.y], [2, 2]); // d = 100, P* = 100
  });

  it('P* against N2: crossings at d^(1/3) and d^2, the result\'s boundaries along N2', () => {
    const c = findChart(plot, 'pstar-N2');
    assert.ok(c && c.kind === 'pstar-width');
    assert.deepEqual(c.crossings.map((x) => [x.exact, x.equation, x.before, x.after]), [
      ['1/3', 'N2^3 = d', 'gp-gfl', 'gp-specialization'],
      ['2', 'N1 = N2', 'gp-specialization', 'specialization-gp'],
    ]);
    const fromResult = result.boundaries.filter((b) => b.along === 'N2').map((b) => [b.where, b.at]);
    assert.deepEqual(fromResult, [['N2^3 = d', 'N2 = d^(1/3)'], ['N1 = N2', 'N2 = d^2']]);
    assert.deepEqual(c.spans.map((s) => s.winner), ['gp-gfl', 'gp-specialization', 'specialization-gp']);
    // the envelope is the lowest candidate everywhere
    const env = c.series.find((s) => s.envelope)!;
    c.xs.forEach((_, i) => {
      const min = Math.min(...c.series.filter((s) => !s.envelope && s.ys[i] !== null).map((s) => s.ys[i]!));
      assert.ok(Math.abs(env.ys[i]! - min) < 1e-9);
    });
    // gp-specialization is √(N2·d): slope 1/2 along N2 in its interior branch
    const gs = c.series.find((s) => s.id === 'gp-specialization')!;
    const i1 = c.xs.indexOf(1);
    const i2 = c.xs.indexOf(2);
    assert.ok(Math.abs(gs.ys[i1]! - 1) < 1e-9 && Math.abs(gs.ys[i2]! - 1.5) < 1e-9);
    assert.match(c.description, /Winner along N2: gp-gfl, then gp-specialization from N2 = d\^\(1\/3\), then specialization-gp from N2 = d\^2/);
    assert.deepEqual(c.design && [c.design.x, c.design.y], [1, 1]);
  });

  it('phase diagram over N1 and N2: cells agree with rank, boundaries satisfy their equations', () => {
    const ph = plot.charts.phase!;
    assert.equal(ph.id, 'phase-N1-N2');
    assert.deepEqual([ph.x.max, ph.y.max], [4, 4]);
    assert.equal(ph.cells.length, ph.xs.length * ph.ys.length);
    // spot checks against the engine's own ranking at a few cells
    for (const [i, j] of [[0, 0], [10, 50], [40, 20], [63, 63], [32, 15]]) {
      const sizes = { d: 100, N1: 100 ** ph.xs[i], N2: 100 ** ph.ys[j] };
      const r = analyzeModel(three, { sizes });
      assert.equal(ph.candidates[ph.cells[j * ph.xs.length + i]], r.winner, `cell ${i},${j}`);
    }
    const eqs = ph.boundaries.map((b) => b.equation);
    for (const e of ['N1 = N2', 'N2^3 = d', 'N1 = d']) assert.ok(eqs.includes(e), `${e} in ${eqs.join('; ')}`);
    for (const b of ph.boundaries) {
      for (const p of [b.from, b.to]) assert.ok(holds(b.equation, { N1: p.x, N2: p.y, d: 1 }), `${b.equation} at ${p.x},${p.y}`);
    }
    assert.deepEqual(ph.design && [ph.design.x, ph.design.y], [2, 1]);
    assert.match(ph.description, /Design point: N1 = d\^2, N2 = d \(gp-specialization\)/);
  });

  it('the winner\'s own scales: M2* ∝ √(N2/d) along N2', () => {
    const c = findChart(plot, 'scales-N2');
    assert.ok(c && c.kind === 'scales');
    const m2 = c.series.find((s) => s.id === 'M2')!;
    assert.match(m2.label, /M2\* ∝ √\(N2\/d\)/);
    for (const q of [1, 2, 3]) assert.ok(Math.abs(m2.ys[c.xs.indexOf(q)]! - (q - 1) / 2) < 1e-9, `q=${q}`);
    assert.match(c.description, /M2\* ∝ √\(N2\/d\) \(1 at the design point\)/);
  });

  it('"what if": new sizes move the winner exactly as the result does', () => {
    const sizes = { d: 100, N1: 10000, N2: 1e6 };
    const p = buildPlot(three, { sizes });
    const r = analyzeModel(three, { sizes });
    assert.equal(r.winner, 'specialization-gp');
    assert.equal(p.winner, r.winner);
    assert.equal(p.design.kind, 'sizes');
    assert.equal(p.design.exact.N2, '3');
    // the regime chart keeps its lines; the design marker moves with the sizes
    assert.deepEqual(p.charts.pstarD.series.map((s) => s.slope), plot.charts.pstarD.series.map((s) => s.slope));
    assert.match(p.charts.pstarD.design!.label, /specialization-gp/);
  });

  it('numeric sizes alone: exponents read as fractions (N = 1000 at d = 100 is d^(3/2))', () => {
    const p = buildPlot(model('examples/two-layer.json'));
    assert.equal(p.scaling.kind, 'sizes');
    assert.equal(p.scaling.exact.N, '3/2');
    assert.equal(p.winner, 'specialization');
    assert.deepEqual(p.charts.pstarD.series.map((s) => [s.id, s.slope]), [['specialization', '5/4'], ['gfl', '15/8'], ['gp', '3']]);
    assert.equal(p.charts.phase, undefined, 'one width: no phase diagram');
    assert.equal(p.charts.pstarWidth[0].crossings[0].exact, '1/3');
  });

  it('a model that cannot be analysed gives an empty plot with the reason', () => {
    const m: ModelDescription = { ...model('examples/two-layer.json'), layers: [{ type: 'conv2d' }, { type: 'readout' }] };
    const p = buildPlot(m);
    assert.ok(p.unavailable && /not covered/.test(p.unavailable), p.unavailable);
    assert.match(p.charts.pstarD.description, /^Nothing to plot/);
  });

  it('CSV: one column per series with a winner column; the phase diagram one row per cell', () => {
    const csv = chartCsv(findChart(plot, 'pstar-N2')!).trim().split('\n');
    const head = csv[0].split(',');
    assert.equal(head[0], 'log_d N2');
    assert.equal(head[head.length - 1], 'winner');
    assert.ok(head.includes('log_d P* gp-specialization'));
    assert.equal(csv.length, 1 + findChart(plot, 'pstar-N2')!.xs.length);
    const atD = csv.find((l) => l.startsWith('1,'))!.split(',');
    assert.equal(atD[head.indexOf('log_d P* gp-specialization')], '1');
    assert.equal(atD[atD.length - 1], 'gp-specialization');
    const ph = chartCsv(plot.charts.phase!).trim().split('\n');
    assert.equal(ph[0], 'log_d N1,log_d N2,winner');
    assert.equal(ph.length, 1 + 64 * 64);
    const d = chartCsv(plot.charts.pstarD).split('\n');
    assert.equal(d[0].split(',')[0], 'log10 d');
    const back = JSON.parse(plotJson(plot));
    assert.equal(back.charts.pstarD.series.length, plot.charts.pstarD.series.length);
  });

  it('builds a chart only when it is asked for, each the same as in the whole plot', function () {
    this.timeout(120_000);
    // A deep network has a chart of each kind for every width: the panel and `plot --chart` build the
    // one they show (the whole plot of a 128-layer model of one width took over a minute).
    const act = ['erf', 'tanh', 'relu', 'gelu', 'sigmoid'];
    const deep: ModelDescription = { ...three, name: 'deep', regime: undefined, sizes: { d: 784 }, layers: [...Array.from({ length: 12 }, (_, i) => ({ type: 'dense' as const, width: 64 * (1 + ((i * 13) % 64)), activation: act[i % 5] })), { type: 'readout' as const }] };
    for (const m of [three, model('examples/two-layer.json'), deep]) {
      const whole = buildPlot(m);
      const lazy = new Plotter(m);
      assert.deepEqual(lazy.chartIds(), allCharts(whole).map((c) => c.id), m.name);
      assert.deepEqual([lazy.data.charts.pstarWidth.length, lazy.data.charts.scales.length, lazy.data.charts.phase], [0, 0, undefined], 'nothing but P* against d at first');
      const last = whole.widths[whole.widths.length - 1];
      assert.deepEqual(lazy.along(last).pstarWidth, findChart(whole, `pstar-${last}`), `${m.name}: P* against ${last}`);
      assert.deepEqual(lazy.data.charts.pstarWidth.map((c) => c.id), [`pstar-${last}`], 'that chart alone');
      assert.equal(lazy.available.scales, whole.charts.scales.length > 0);
      assert.equal(lazy.available.phase, !!whole.charts.phase);
      for (const id of lazy.chartIds()) assert.deepEqual(lazy.chart(id), findChart(whole, id), `${m.name}: ${id}`);
      assert.equal(plotJson(lazy.all()), plotJson(whole), `${m.name}: the whole plot, charts in the widths' order`);
    }
  });

  it('the phase diagram\'s walks stop at their budget, leave the rest blank and say so', () => {
    assert.doesNotMatch(plot.charts.phase!.description, /Partial/, 'walked in full within the budget');
    const none = new Plotter(three, { phaseBudgetMs: -1 }).phase()!;
    assert.ok(none.cells.length === 64 * 64 && none.cells.every((c) => c === -1), 'nothing walked: every cell blank');
    assert.deepEqual([none.boundaries, none.candidates], [[], []]);
    assert.match(none.description, /Partial: the walks stopped after .* s, with 0 of 64 rows and 0 of 64 columns walked/);
  });

  it('writes a run of widths held alike once in its texts for people, and every width in its numbers', () => {
    const act = ['erf', 'tanh', 'relu', 'gelu', 'sigmoid'];
    const deep: ModelDescription = { ...three, name: 'deep', regime: undefined, sizes: undefined, layers: [...Array.from({ length: 6 }, (_, i) => ({ type: 'dense' as const, width: `N${i + 1}`, activation: act[i % 5] })), { type: 'readout' as const }] };
    const p = new Plotter(deep);
    assert.equal(p.data.design.text, 'the reference point (N1–N6 = d^2; no regime or sizes given)');
    assert.deepEqual(Object.keys(p.data.design.exact), ['N1', 'N2', 'N3', 'N4', 'N5', 'N6']);
    // The other widths a chart holds (four make a run).
    assert.match(p.along('N1').pstarWidth!.description, /everything else at N2–N6 = d\^2 \(the reference point\)/);
    assert.match(p.phase()!.description, /^Phase diagram over N1 \(across, 1 to d\^4\) and N2 \(up, 1 to d\^4\), N3–N6 = d\^2; each/);
    // Three are written out.
    const five = new Plotter({ ...deep, layers: [...deep.layers.slice(0, 5), deep.layers[6]] });
    assert.match(five.phase()!.description, /, N3 = d\^2, N4 = d\^2, N5 = d\^2; each/);
  });

  it('a view walks the phase diagram on in steps, each of a piece of a line at least, to the diagram walked at once', function () {
    this.timeout(60_000);
    const act = ['erf', 'tanh', 'relu', 'gelu', 'sigmoid'];
    const deep: ModelDescription = { ...three, name: 'deep', regime: undefined, sizes: { d: 784 }, layers: [...Array.from({ length: 8 }, (_, i) => ({ type: 'dense' as const, width: 64 * (1 + ((i * 13) % 64)), activation: act[i % 5] })), { type: 'readout' as const }] };
    const whole = new Plotter(deep, { phaseBudgetMs: 1e9 }).phase()!;
    assert.doesNotMatch(whole.description, /Partial|Still walking/);
    // Nothing walked in the budget (-1 ms): a view walking in steps says the walks go on.
    const view = new Plotter(deep, { phaseBudgetMs: -1, phaseInSteps: true });
    const first = view.phase()!;
    assert.ok(first.cells.every((c) => c === -1));
    assert.match(first.description, /Still walking: 0 of 24 rows and 0 of 24 columns so far/);
    assert.ok(view.phasePending);
    let steps = 0;
    let same = 0;
    let lines = 0;
    let shown = first;
    while (view.phasePending) {
      // A step with no time left still walks a piece of a line (a line can take longer than a step).
      const c = view.phaseMore(-1)!;
      steps++;
      if (c === shown) {
        // Inside a line: nothing new to show, the same chart.
        same++;
        continue;
      }
      lines++;
      const m = /Still walking: (\d+) of 24 rows and (\d+) of 24 columns/.exec(c.description);
      if (view.phasePending) assert.deepEqual(m && [+m[1], +m[2]], [Math.ceil(lines / 2), Math.floor(lines / 2)], `step ${steps}: a line more`);
      assert.ok(c.cells.filter((x) => x >= 0).length >= shown.cells.filter((x) => x >= 0).length);
      shown = c;
    }
    assert.equal(lines, 48, 'every line once: 24 rows and 24 columns');
    assert.ok(same > 0, 'some lines took more than one step (a step is a piece of a line)');
    assert.equal(steps, lines + same);
    assert.deepEqual(view.phase(), whole, 'the same diagram as walked at once');
    assert.equal(view.phaseMore(100), view.phase(), 'nothing more to walk');
    // Without a budget cut, nothing is pending; a plot never asked for its diagram has none to walk on.
    assert.equal(new Plotter(deep).phasePending, false);
    assert.equal(new Plotter(deep).phaseMore(100), undefined);
  });
});

describe('plot: a change of name with the same P*', () => {
  it('is a crossing marked samePStar, and the description says so and pairs each winner with its own crossing', () => {
    // The chart had no crossing at d^0.439 (SAME_PSTAR_MODEL), and its description gave GFL-GP-Spec
    // "from N1 = d".
    const chart = buildPlot(SAME_PSTAR_MODEL).charts.pstarWidth.find((c) => c.id === 'pstar-N1')!;
    assert.ok(chart, 'a chart along N1');
    const same = chart.crossings.find((c) => Math.abs(c.x - 0.439) < 1e-3);
    assert.ok(same, JSON.stringify(chart.crossings));
    assert.deepEqual([same.before, same.after, same.samePStar], ['gfl-specialization-gfl', 'gfl-gp-specialization', true]);
    assert.match(chart.description, /then gfl-gp-specialization from N1 = d\^0\.439/);
    assert.match(chart.description, /\(gfl-specialization-gfl → gfl-gp-specialization; the same P\* on both sides: only the pattern changes\)/);
  });
});
