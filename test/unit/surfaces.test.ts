// Every surface says the same thing about a model: the inlay hint (and its tooltip), the hover, the
// CodeLens and status bar (both print summaryLine), the chart, the CLI text and JSON, and the
// workspace report. Each is rendered from one result here and compared.
import { strict as assert } from 'node:assert';
import { renderText } from '../../src/cli/text';
import { hoverMarkdown, workspaceMarkdown } from '../../src/extension/render/markdown';
import { modelHints } from '../../src/extension/render/hints';
import { buildPlot } from '../../src/plot/index';
import { readModels } from '../../src/pipeline/document';
import { analyzeDocument } from '../../src/pipeline/document';
import { NOT_LEARNABLE, summaryLine } from '../../src/report/summary';
import { compactPlain, compactRuns, namesText, sequenceText, sizesText, winsText } from '../../src/report/format';
import { layerList, mergeLayerAssumptions } from '../../src/model/toProblem';
import type { ModelResult } from '../../src/contract/result';

const models: Record<string, object> = {
  paper: { name: 'paper', layers: [{ type: 'dense', width: 'N', activation: 'erf' }, { type: 'readout' }], regime: { N: 'd' } },
  derived: { name: 'derived', layers: [{ type: 'dense', width: 'N1', activation: 'tanh' }, { type: 'dense', width: 'N2', activation: 'tanh' }, { type: 'readout' }], sizes: { d: 100, N1: 3000, N2: 200 } },
  reported: { name: 'reported', layers: [{ type: 'attention', context: 'L' }, { type: 'readout' }], regime: { L: 'd^2' } },
  biased: { name: 'biased', target: { kind: 'single-index', degree: 2 }, biasVariance: '1/d', layers: [{ type: 'dense', width: 'N', activation: 'erf', bias: true }, { type: 'readout' }], regime: { N: 'd' } },
  unlearnable: { name: 'unlearnable', target: { kind: 'single-index', degree: 2 }, layers: [{ type: 'dense', width: 'N', activation: 'erf' }, { type: 'readout' }] },
  branchOnly: { name: 'branchOnly', layers: [{ type: 'dense', width: 'N1', activation: 'erf' }, { type: 'dense', width: 'N2', activation: 'erf' }, { type: 'readout' }] },
  deepBiased: { name: 'deepBiased', layers: [...Array.from({ length: 12 }, () => ({ type: 'dense', width: 512, activation: 'relu', bias: true })), { type: 'readout' }], data: { kind: 'gaussian', dim: 784 } },
  deep: { name: 'deep', layers: [...Array.from({ length: 12 }, (_, i) => ({ type: 'dense', width: `N${i + 1}`, activation: 'gelu' })), { type: 'readout' }], regime: Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`N${i + 1}`, 'd'])) },
};

function surfaces(name: string) {
  const text = JSON.stringify({ scalingModel: models[name] }, null, 2);
  const file = analyzeDocument(`${name}.json`, text);
  const m: ModelResult = file.models[0];
  const hints = modelHints(m, 'normal');
  const model = readModels(`${name}.json`, text).models[0];
  return {
    m,
    hint: hints.find((h) => h.kind === 'model')!,
    hints,
    hover: hoverMarkdown(m, `file:///${name}.json`),
    lens: summaryLine(m), // the CodeLens tooltip and the status bar print this line
    chart: buildPlot(model),
    cli: renderText({ files: [file] }),
    json: JSON.parse(JSON.stringify(file)).models[0] as ModelResult,
    report: workspaceMarkdown([file]),
  };
}

describe('every surface says the same thing', () => {
  for (const name of ['paper', 'derived', 'reported', 'biased', 'deep']) {
    it(`${name}: the same status everywhere`, () => {
      const s = surfaces(name);
      const status = s.m.pStar!.status;
      assert.equal(status, { paper: 'paper', derived: 'derived', reported: 'reported', biased: 'derived', deep: 'derived' }[name]);
      // Right after P*, before the winner: what VS Code shows of a hint is its start (editor.inlayHints.maximumLength, 43).
      const before = s.m.winner ? s.hint.label.indexOf(` · ${status} · `) : s.hint.label.indexOf(` · ${status}`);
      assert.ok(before > 0 && !s.hint.label.slice(0, before).includes(' · '.concat(s.m.winner ?? '\u0000')), s.hint.label);
      assert.ok(s.hint.tooltip!.includes(`[${status}]`), s.hint.tooltip);
      assert.ok(s.hover.includes(`status: **${status}**`), s.hover.slice(0, 300));
      assert.ok(s.lens.endsWith(`[${status}]`), s.lens);
      assert.equal(s.chart.pStar?.status, status);
      assert.ok(s.cli.includes(`[${status}`), s.cli.slice(0, 300));
      assert.equal(s.json.pStar!.status, status);
      assert.match(s.report, new RegExp(`\\| ${status} \\|`));
      // ... and the same P*.
      const text = s.m.pStar!.text!;
      for (const [where, shown] of [['hint', s.hint.label], ['lens', s.lens], ['cli', s.cli], ['chart', s.chart.pStar!.text ?? '']] as const) assert.ok(shown.includes(text.replace(/^κ·/, '')), `${where}: ${shown}`);
    });
  }

  it('not learnable: the same words everywhere, and no number anywhere', () => {
    const s = surfaces('unlearnable');
    assert.equal(s.m.pStar, null);
    const reason = s.m.reason!;
    assert.match(reason, /an odd network has no even component/);
    assert.ok(s.hint.label.includes(NOT_LEARNABLE), s.hint.label);
    assert.ok(s.hint.tooltip!.includes(reason), s.hint.tooltip);
    assert.ok(s.hover.includes(NOT_LEARNABLE) && s.hover.includes('no even component'));
    assert.ok(s.lens.includes(NOT_LEARNABLE) && s.lens.includes(reason));
    assert.ok(s.chart.unavailable?.includes(NOT_LEARNABLE) && s.chart.unavailable.includes(reason), s.chart.unavailable);
    assert.equal(s.chart.charts.pstarD.series.length, 0, 'no line for P*');
    assert.ok(s.cli.includes(`P*: ${NOT_LEARNABLE}: ${reason}`));
    assert.equal(s.json.pStar, null);
    assert.equal(s.json.reason, reason);
    assert.ok(s.report.includes(NOT_LEARNABLE));
    for (const shown of [s.hint.label, s.lens, s.cli, s.hover]) assert.doesNotMatch(shown, /P\\?\* ∝/);
  });

  it('without a regime or sizes: the same words on where the winner wins, and never its whole branch where it does not', () => {
    const s = surfaces('branchOnly');
    const wins = winsText(s.m.pStar!)!;
    assert.match(wins, /It wins exactly where N2 >= d, N2 <= d\^5, N1 >= N2/);
    assert.deepEqual(s.m.pStar!.validWhen, ['N2 >= d', 'N2 <= d^5', 'N1 >= N2']);
    // The hover escapes Markdown (P\*, \<): read it as the text it renders.
    assert.ok(s.hover.replace(/\\(.)/g, '$1').includes(wins), s.hover.slice(0, 600));
    assert.ok(s.cli.includes(wins));
    assert.equal(s.chart.pStar!.wins, wins);
    assert.deepEqual(s.json.pStar!.wins, s.m.pStar!.wins);
    assert.ok(s.m.diagnostics.some((d) => d.code === 'no-point' && d.message.includes(wins)));
    for (const shown of [s.hover, s.cli]) assert.doesNotMatch(shown, /holds when/);
  });

  it('where the winner holds along d is said in powers of the design d, d₀, on every text surface', () => {
    // The hover said "from d^(1/5) to d²" along d (d in powers of d); the CLI "(powers of the design d)".
    const s = surfaces('derived');
    const along = s.m.winnerRange!.find((w) => w.along === 'd')!;
    assert.ok(along, JSON.stringify(s.m.winnerRange));
    const derivation = s.m.derivation!.find((l) => / stays the winner along d /.test(l))!;
    for (const [where, text] of [['hover', s.hover], ['cli', s.cli], ['derivation', derivation]] as const) {
      assert.match(text, /along d:? from d₀\S* to (at least )?d₀\S* \(d₀: the design point's d\)/, where);
    }
  });

  it('the same assumptions, with their source, in the hover, the CLI text and the JSON', () => {
    const s = surfaces('biased');
    const a = s.m.assumptions!;
    assert.ok(a.some((x) => x.what === 'bias of layer 1'));
    assert.ok(a.some((x) => x.what === 'bias variance sigma_b^2' && x.value === '∝ 1/d'));
    for (const x of a) {
      assert.ok(s.cli.includes(`assumed: ${x.what} = ${x.value} (${x.source})`), `cli: ${x.what}`);
      assert.ok(s.hover.includes(`(${x.source})`) && s.hover.includes(x.what.replace(/_/g, '\\_').replace(/\^/g, '^')), `hover: ${x.what}`);
    }
    assert.deepEqual(s.json.assumptions, a);
  });

  it('a deep network has a hint on every layer', () => {
    const s = surfaces('deep');
    const layerHints = s.hints.filter((h) => h.kind === 'layer');
    assert.equal(layerHints.length, 12);
    assert.equal(s.m.candidateTable, 'best');
  });

  it('a deep winner reads as counted runs on every text surface; the JSON keeps the full id', () => {
    const s = surfaces('deep');
    const full = s.m.winner!;
    assert.equal(full.split('-').length, 12);
    const short = sequenceText(full);
    assert.match(short, /×\d+/, `${full}: expected a run of one pattern`);
    assert.equal(s.json.winner, full);
    const chartText = [s.chart.charts.pstarD, ...s.chart.charts.pstarWidth].map((c) => `${c.description} ${c.series.map((x) => x.label).join(' ')} ${c.design?.label ?? ''}`).join('\n');
    for (const [where, shown] of [['hover', s.hover], ['report', s.report], ['cli', s.cli], ['chart', chartText]] as const) {
      assert.ok(!shown.includes(full), `${where} writes the 12 names out`);
    }
    for (const [where, shown] of [['report', s.report], ['cli', s.cli], ['hover', s.hover]] as const) assert.ok(shown.includes(short), `${where}: ${short}`);
  });

  it('a deep network states an assumption, a note and its sizes once for all its layers', () => {
    const s = surfaces('deepBiased');
    const a = s.m.assumptions!;
    assert.deepEqual(a.filter((x) => x.what.startsWith('bias of')), [{ what: 'bias of layers 1–12', value: 'yes', source: 'file' }]);
    assert.ok(s.cli.includes('assumed: bias of layers 1–12 = yes (file)'));
    assert.ok(s.hover.includes('bias of layers 1–12'));
    assert.ok(s.m.notes!.some((n) => n.text.startsWith('layers 1–12: relu carries')), JSON.stringify(s.m.notes));
    assert.ok(s.cli.includes('sizes: d = 784, N1–N12 = 512'), s.cli.slice(0, 800));
    assert.ok(s.hover.includes('d = 784, N1–N12 = 512'));
    // The layers: a run alike but for the width's number is one line; every layer is counted once.
    const rows = s.cli.split('\n').map((l) => /^ {6}(\d+)(?:–(\d+))?\. (\S+)/.exec(l)).filter((x) => x !== null);
    assert.ok(rows.some((r) => r[2] !== undefined), s.cli.slice(0, 1200));
    assert.deepEqual(rows.flatMap((r) => Array.from({ length: Number(r[2] ?? r[1]) - Number(r[1]) + 1 }, (_, k) => Number(r[1]) + k)), Array.from({ length: 13 }, (_, i) => i + 1));
    assert.match(s.cli, /^ {6}1–\d+\. dense N1–N\d+ = 512 \(relu, bias\) {3}→ \w+$/m);
    assert.match(surfaces('derived').cli, /^ {6}1\. dense N1 = 3000 \(tanh\) {3}→ \w+\n {6}2\. dense N2 = 200/m, 'a shallow network as before');
    assert.deepEqual(s.json.sizes, Object.fromEntries([['d', 784], ...Array.from({ length: 12 }, (_, i) => [`N${i + 1}`, 512])]), 'the JSON keeps every size');
  });

  it('writes runs of layers and of sizes as ranges, and nothing else', () => {
    assert.equal(layerList([3]), 'layer 3');
    assert.equal(layerList([2, 6]), 'layers 2, 6');
    assert.equal(layerList([1, 2]), 'layers 1, 2');
    assert.equal(layerList(Array.from({ length: 64 }, (_, i) => i + 1)), 'layers 1–64');
    assert.equal(layerList([1, 2, 3, 5, 7, 8, 9]), 'layers 1–3, 5, 7–9');
    assert.equal(layerList(Array.from({ length: 32 }, (_, i) => 2 + 4 * i)), 'layers 2, 6, 10, …, 126 (32 layers)');
    const bias = (n: number, source: 'file' | 'default' = 'file') => ({ what: `bias of layer ${n}`, value: 'yes', source });
    assert.deepEqual(mergeLayerAssumptions([bias(1), { what: 'readout', value: 'standard', source: 'default' }, bias(2), bias(3, 'default'), bias(2)]), [
      { what: 'bias of layers 1, 2', value: 'yes', source: 'file' },
      { what: 'readout', value: 'standard', source: 'default' },
      bias(3, 'default'),
    ], 'one per (what, value, source), where the first stood; a layer named twice counts once');
    assert.equal(mergeLayerAssumptions([{ what: 'size layer', value: '1', source: 'file' }])[0].what, 'size layer');
    assert.equal(namesText(['N1', 'd']), 'N1, d');
    assert.equal(namesText(Array.from({ length: 63 }, (_, i) => `N${i + 1}`)), 'N1–N63 (63 sizes)');
    assert.equal(namesText([...Array.from({ length: 10 }, (_, i) => `N${i + 1}`), 'N12', 'd']), 'N1–N10, N12, d (12 sizes)');
    assert.equal(namesText(Array.from({ length: 32 }, (_, i) => `N${2 * i + 1}`)), 'N1, N3, N5, …, N63 (32 sizes)');
    // Five parts are all written: "…" for one of them hid a name and saved nothing.
    assert.equal(namesText(['N3', 'N4', 'N6', 'N7', 'N8']), 'N3, N4, N6, N7, N8 (5 sizes)');
    assert.equal(namesText(['N1', 'N3', 'N5', 'N7', 'N9', 'N11']), 'N1, N3, N5, …, N11 (6 sizes)');
    const num = (v: number) => String(v);
    assert.equal(sizesText({ d: 784, N1: 512, N2: 512, N3: 512, N4: 512, N5: 64 }, num), 'd = 784, N1–N4 = 512, N5 = 64');
    assert.equal(sizesText({ N1: 512, N2: 512, N3: 512, d: 9 }, num), 'N1 = 512, N2 = 512, N3 = 512, d = 9', 'three are written out');
    assert.equal(sizesText({ N1: 5, N3: 5, N4: 5, N5: 5, N6: 5 }, num), 'N1 = 5, N3–N6 = 5', 'only consecutive numbers');
    assert.equal(sizesText({ kappa1: 2, kappa2: 2, kappa3: 2, kappa4: 2 }, num, (s) => s.toUpperCase()), 'KAPPA1–KAPPA4 = 2');
  });

  it('writes a plain condition with its runs of sizes once for a person; the JSON keeps it whole', () => {
    const run = (from: number, to: number, pow = '') => Array.from({ length: to - from + 1 }, (_, i) => `N${from + i}${pow}`).join(' ');
    assert.equal(compactPlain(`N1^63 <= ${run(2, 63)} d`), 'N1^63 <= N2 ⋯ N63 d');
    assert.equal(compactPlain(`N1^59 N64^62 d^59 = ${run(4, 63, '^3')}`), 'N1^59 N64^62 d^59 = (N4 ⋯ N63)^3');
    assert.equal(compactPlain(`${run(1, 4)} ${run(6, 63)} d >= N5^63`), 'N1 ⋯ N4 N6 ⋯ N63 d >= N5^63');
    for (const same of ['N1 N2 N3 >= d', 'N2 >= d', 'N1^2 N2 N3 N4 >= d', 'N1 N3 N5 N7 <= d^5', '']) assert.equal(compactPlain(same), same);
    assert.deepEqual(compactRuns(['N1·D1', 'N2·D2', 'N3·D3', 'N4·D4', 'M5·d']), ['N1·D1', '⋯', 'N4·D4', 'M5·d']);
    assert.deepEqual(compactRuns(['M1 = 1', 'M2 = 1', 'M3 = 1']), ['M1 = 1', 'M2 = 1', 'M3 = 1'], 'three stay');
    assert.deepEqual(compactRuns(['N1·D1', 'N2·D3', 'N3·D3', 'N4·D4']), ['N1·D1', 'N2·D3', 'N3·D3', 'N4·D4'], 'every number one more');
    // A deep network of one width: its hover and text write runs once; the JSON's conditions are whole.
    const layers = [...Array.from({ length: 24 }, () => ({ type: 'dense', width: 512, activation: 'relu' })), { type: 'readout' }];
    const file = analyzeDocument('u.json', JSON.stringify({ scalingModel: { name: 'u', layers, data: { kind: 'gaussian', dim: 784 } } }));
    const m = file.models[0];
    const long = [...m.pStar!.validWhen!, ...m.boundaries.map((b) => b.where)].filter((w) => /N10\^3 N11\^3 N12\^3 N13\^3/.test(w));
    assert.ok(long.length > 0, 'some condition has a run of sizes');
    const hover = hoverMarkdown(m, 'file:///u.json');
    const cli = renderText({ files: [file] });
    for (const shown of [hover, cli]) assert.doesNotMatch(shown, /N10\^3 N11\^3 N12\^3 N13\^3/);
    assert.ok(hover.includes(compactPlain(m.pStar!.validWhen![0])) && cli.includes(compactPlain(m.pStar!.validWhen![0])));
    assert.doesNotMatch(hover, /N1·D1 = N2·D2 = N3·D3 = N4·D4/);
    assert.ok(JSON.stringify(file).includes(long[0]), 'the JSON keeps the plain text');
  });

  it('up to 8 layers a sequence reads as it is; from 9 on, runs are counted', () => {
    const seq = (n: number) => Array.from({ length: n }, (_, i) => (i % 3 ? 'gp' : 'gfl')).join('-');
    for (const n of [1, 7, 8]) assert.equal(sequenceText(seq(n)), seq(n));
    assert.equal(sequenceText(seq(9)), 'gfl-gp×2-gfl-gp×2-gfl-gp×2');
  });
});
