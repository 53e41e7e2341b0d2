// The pure rendering of results: hint texts, hover Markdown, reports, number/monomial formatting.
import * as assert from 'node:assert/strict';
import { clipText, exponentsText, exponentText, fitList, formatNumber, formatValue, monomialText, OVERFLOW_TEXT, PENDING_TEXT, powerText, superscript } from '../../src/report/format';
import type { AnalyzeOutput } from '../../src/contract/result';
import { cli, ROOT } from './helpers';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { layerHintLabel, layerParams, mergeHints, modelHintLabel, modelHints } from '../../src/extension/render/hints';
import { esc, fileMarkdown, HOVER_CHARS, hoverMarkdown, modelMarkdown, workspaceMarkdown } from '../../src/extension/render/markdown';
import { renderText } from '../../src/cli/text';
import { analyzeDocument } from '../../src/pipeline/document';
import { file, threeLayer, withConv } from './extensionFixtures';

describe('presentation: the one module of text (src/report/format.ts)', () => {
  it('writes monomials of the contract with roots and κ, as the analysis writes them', () => {
    assert.equal(exponentsText({ kappa: '1', d: '1/2', N2: '1/2' }), 'κ·√(d·N2)');
    assert.equal(exponentsText({ d: '1/3', N1: '1/3', N2: '1/3' }), '∛(d·N1·N2)');
    assert.equal(exponentsText({ N2: '1/2', d: '-1/2' }), '√(N2/d)');
    assert.equal(exponentsText({ d: '3' }), 'd³');
    assert.equal(exponentsText({ d: '2/3', N1: '1' }), '∛(d²·N1³)');
    assert.equal(exponentsText({ N1: '-1/3', N2: '2/3', d: '-1/3' }), '∛(N2²/(N1·d))');
    assert.equal(exponentsText({ d: '-1' }), '1/d');
    assert.equal(exponentsText({ beta: '1', d: '-1' }), 'β/d');
    assert.equal(exponentsText({}), '1');
    assert.equal(exponentsText({ d: '0' }), '1');
  });
  it('writes four or more consecutive numbered sizes with one power as a range (deep networks)', () => {
    assert.equal(exponentsText({ N1: '1', N2: '1', N3: '1', N4: '1', d: '1' }), 'N1·⋯·N4·d');
    assert.equal(exponentsText({ N1: '1', N2: '1', N3: '1', d: '1' }), 'N1·N2·N3·d', 'three stay as they are');
    assert.equal(exponentsText({ N1: '1', N2: '1', N4: '1', N5: '1', d: '1' }), 'N1·N2·N4·N5·d', 'not consecutive');
    assert.equal(exponentsText({ N1: '2/3', N2: '2/3', N3: '2/3', N4: '2/3', N5: '1', d: '1/3' }), '∛((N1·⋯·N4)²·N5³·d)');
    assert.equal(exponentsText({ d: '1', N1: '-1', N2: '-1', N3: '-1', N4: '-1', N5: '-1' }), 'd/(N1·⋯·N5)');
    assert.equal(exponentsText({ kappa: '1', N1: '1/2', N2: '1/2', N3: '1/2', N4: '1/2', d: '1/2' }), 'κ·√(N1·⋯·N4·d)');
  });
  it('gives back the text of every P* and energy of the examples from their exponents alone', () => {
    const out = JSON.parse(cli(['analyze', 'examples', '--json']).out) as AnalyzeOutput;
    let n = 0;
    for (const m of out.files.flatMap((f) => f.models)) {
      for (const mono of [m.pStar, ...m.candidates.map((c) => c.energy)]) {
        if (!mono?.text) continue;
        assert.equal(exponentsText(mono.exponents), mono.text, `${m.name}: ${JSON.stringify(mono.exponents)}`);
        n++;
      }
    }
    assert.ok(n > 50, `${n} monomials`);
  });
  it('prefers the engine text when there is one', () => {
    assert.equal(monomialText({ exponents: { d: '1' }, text: 'd (given)' }), 'd (given)');
    assert.equal(monomialText({ exponents: { kappa: '1', N: '1/2', d: '1/2' } }), 'κ·√(N·d)');
    assert.equal(monomialText(undefined), '?');
  });
  it('formats numbers: compact for hints, 3 digits for charts, whole sizes for the command line', () => {
    assert.equal(formatNumber(2), '2');
    assert.equal(formatNumber(100), '100');
    assert.equal(formatNumber(1.0e6), '1e6');
    assert.equal(formatNumber(123456), '1.2e5');
    assert.equal(formatNumber(4.6416), '4.64');
    assert.equal(formatNumber(0.2154), '0.22');
    assert.equal(formatValue(316.228), '316');
    assert.equal(formatValue(1e6), '1.00e6');
    assert.equal(formatValue(0.5), '0.5');
    assert.equal(formatValue(1e6, { exactIntegers: true }), '1000000');
    assert.equal(formatValue(1.5e9, { exactIntegers: true }), '1.50e9');
    assert.equal(formatValue(Infinity), OVERFLOW_TEXT);
    assert.equal(formatNumber(NaN), 'not a number');
  });
  it('writes powers of d plainly for charts and the command line, and prettily for hints', () => {
    assert.equal(powerText('d', '1'), 'd');
    assert.equal(powerText('d', '0'), '1');
    assert.equal(powerText('d', '2'), 'd^2');
    assert.equal(powerText('d', '1/3'), 'd^(1/3)');
    assert.equal(powerText('d', '-1'), 'd^(-1)');
    assert.equal(powerText('d', 0.8234), 'd^0.823');
    assert.equal(powerText('d', '3', 'pretty'), 'd³');
    assert.equal(powerText('d', '1/2', 'pretty'), '√d');
    assert.equal(powerText('d', '4/3', 'pretty'), 'd^(4/3)');
    assert.equal(powerText('d', '-1', 'pretty'), '1/d');
    assert.equal(powerText('d', '865075/1048576'), 'd^0.825', 'fine-grid exponents read off sizes as decimals');
    assert.equal(exponentText('3/2'), '(3/2)');
    assert.equal(superscript('-12'), '⁻¹²');
  });
  it('cuts long lists and lines short for people, saying how many are left out', () => {
    assert.deepEqual(fitList(['aaaa', 'bbbb', 'cccc'], 9), { shown: ['aaaa', 'bbbb'], more: 1 });
    assert.deepEqual(fitList(['a'.repeat(50), 'b'], 9), { shown: ['a'.repeat(50)], more: 1 }, 'the first always');
    assert.deepEqual(fitList([], 9), { shown: [], more: 0 });
    assert.equal(clipText('short', 10), 'short');
    assert.equal(clipText('N1^2 N2^2 N3^2 N4^2', 12), 'N1^2 N2^2…');
    assert.equal(clipText('x'.repeat(20), 8), 'xxxxxxx…', 'no space: cut at the limit');
  });
});

describe('extension render: inlay hints', () => {
  it('puts P* on the model line and the pattern on each layer line', () => {
    const hints = modelHints(threeLayer(), 'normal');
    assert.deepEqual(hints.map((h) => [h.line, h.kind, h.label]), [
      [1, 'model', 'P* ∝ κ·√(d·N2) ~ d · paper · GP → specialization'],
      [6, 'layer', 'gp'],
      [7, 'layer', 'specialization, M2* ≈ 1'],
    ]);
  });
  it('follows the verbosity', () => {
    const m = threeLayer();
    assert.equal(modelHintLabel(m, 'minimal'), 'P* ∝ κ·√(d·N2)');
    assert.equal(modelHintLabel(m, 'detailed'), 'P* ∝ κ·√(d·N2) ~ d · P* ≈ 100 · paper · GP → specialization');
    assert.equal(layerHintLabel(m, 1, 'minimal'), 'specialization');
    assert.equal(layerHintLabel(m, 1, 'detailed'), 'specialization, M2* ≈ 1, N2 = 100, M2* ∝ √(N2/d)');
    assert.equal(layerHintLabel(m, 2, 'normal'), undefined, 'no hint on the readout unless detailed');
    assert.equal(layerHintLabel(m, 2, 'detailed'), 'readout');
  });
  it('counts ties in normal hints and names them in detailed ones', () => {
    const m = threeLayer();
    m.tied = ['gp-specialization', 'specialization-specialization'];
    assert.equal(modelHintLabel(m, 'normal'), 'P* ∝ κ·√(d·N2) ~ d · paper · GP → specialization (+1 tied)');
    assert.match(modelHintLabel(m, 'detailed')!, /\(tied: specialization-specialization\)/);
  });
  it('uses the layer pattern the engine gives over the winner candidate', () => {
    const m = threeLayer();
    m.layers[0].pattern = 'gfl';
    assert.equal(layerHintLabel(m, 0, 'minimal'), 'gfl');
  });
  it('attaches M1 and an unnumbered β to the right layers', () => {
    const m = threeLayer();
    m.winner = 'specialization-magnetization';
    assert.deepEqual(layerParams(m, 0).map(([k]) => k), ['M1']);
    assert.deepEqual(layerParams(m, 1).map(([k]) => k), ['beta']);
    assert.equal(layerHintLabel(m, 1, 'normal'), 'magnetization, β* ≈ 0.22');
  });
  it('writes a flat optimum\'s parameter as every surface does ("M2*: any from 1 to d", not "M2* ∝ any ...")', () => {
    const m = threeLayer();
    m.candidates.find((c) => c.id === m.winner)!.params = { M2: { range: { min: null, max: { exponents: { d: '1' }, text: 'd' } }, text: 'any from 1 to d' } };
    assert.equal(layerHintLabel(m, 1, 'normal'), 'specialization, M2*: any from 1 to d');
  });
  it('gives an unnumbered parameter to the only patterned layer', () => {
    const m = withConv();
    m.candidates[0].params = { M: { exponents: { N: '1/2', d: '-1/2' }, value: 3.16228 } };
    assert.equal(layerHintLabel(m, 1, 'normal'), 'specialization, M* ≈ 3.16');
  });
  it('skips uncovered layers when counting pattern positions, and says they are not covered', () => {
    const m = withConv();
    assert.equal(layerHintLabel(m, 0, 'normal'), 'not covered: convolutions are outside the scale analysis');
    assert.equal(layerHintLabel(m, 1, 'normal'), 'specialization, M1* ∝ √(N/d)');
  });
  it('passes over a layer the analysis ignores (dropout) when counting pattern positions: the shipped Keras example', () => {
    // examples/keras-mlp: Dense N1, Dropout, Dense N2, readout. The dropout was counted, and its line
    // read "specialization, M2* ≈ 1" while N2's lost its M2 (a review of the editor's surfaces).
    const text = readFileSync(join(ROOT, 'examples/keras-mlp/model.json'), 'utf8');
    const m = analyzeDocument('model.json', text).models[0];
    assert.deepEqual(m.layers.map((l) => l.type), ['dense', 'Dropout', 'dense', 'readout']);
    assert.equal(layerHintLabel(m, 1, 'normal'), 'dropout is the identity at inference; ignored');
    assert.match(layerHintLabel(m, 2, 'normal')!, /^specialization, M2\* ≈ /);
    assert.deepEqual(layerParams(m, 1), []);
    const hover = hoverMarkdown(m, 'file:///model.json', 1);
    assert.doesNotMatch(hover.slice(0, hover.indexOf('\n')), /pattern|M2/);
  });
  it('merges hints that share a line', () => {
    const merged = mergeHints([
      { line: 3, label: 'gp', kind: 'layer' }, { line: 3, label: 'P* ∝ d', kind: 'model' }, { line: 1, label: 'x', kind: 'layer' },
    ]);
    assert.deepEqual(merged.map((h) => [h.line, h.label, h.kind]), [[1, 'x', 'layer'], [3, 'gp | P* ∝ d', 'model']]);
  });
  it('gives no hint without P* nor a range', () => {
    const m = threeLayer();
    delete m.range;
    for (const l of m.layers) delete l.range;
    assert.deepEqual(modelHints(m, 'normal'), []);
  });
});

describe('extension render: hover and reports', () => {
  it('shows the whole derivation of a model', () => {
    const md = modelMarkdown(threeLayer());
    for (const part of [
      '### Scaling Lens: three-layer-erf',
      '**P\\* ∝ κ·√(d·N2)** (∝ d under the regime; ≈ 100 at the sizes; status: **paper**)',
      'Winner: **GP → specialization** (`gp-specialization`)',
      '| **gp-specialization** ✓ | √(d·N2) | d | 100 | M2 ∝ √(N2/d) ≈ 1 | interior | M2·d = N2/M2 | — | paper |',
      '| specialization-magnetization | ∛(d·N1·N2) | d^(4/3) | 464 |',
      'M1 = 1',
      '#### Phase boundaries',
      '- `specialization-magnetization` | `gp-specialization`: `N1^2 = N2 d` (along N1, at N1 = d^(1))',
      '- at: d = 100, N1 = 10000, N2 = 100', // sizes as written, as the CLI writes them (the hover wrote 1e4)
      '- regime: N1 ~ d^2, N2 ~ d',
      '#### Rules used by the winner',
      '- specialization: M·d + N/M: **paper**',
      '- target degree = `3` (default)',
      '1. 3 candidates',
    ]) assert.ok(md.includes(part), `missing ${JSON.stringify(part)} in\n${md}`);
    // the winner's row comes first
    assert.ok(md.indexOf('gp-specialization** ✓') < md.indexOf('| gp-gp |'));
  });
  it('says that the boundaries are being walked in an early result, in their place', () => {
    const { boundaries: _b, winnerRange: _w, ...rest } = threeLayer();
    const md = modelMarkdown({ ...rest, boundaries: [], pending: 'boundaries' });
    assert.ok(md.includes(`#### Phase boundaries\n\n_${esc(PENDING_TEXT)}_`), md);
    assert.ok(!modelMarkdown(threeLayer()).includes(esc(PENDING_TEXT)));
  });
  it('starts with the hovered layer', () => {
    const md = modelMarkdown(threeLayer(), { layer: 1 });
    assert.ok(md.includes('**Layer 2** (dense), width `N2` = 100, activation `erf`, pattern **specialization**, M2* ∝ √(N2/d) ≈ 1'), md);
  });
  it('lists what is not covered, tied candidates, the near boundary and the diagnostics', () => {
    const m = withConv();
    m.tied = ['specialization', 'gp'];
    m.nearBoundary = true;
    m.runnerUp = 'gp';
    const md = modelMarkdown(m);
    assert.ok(md.includes('#### Not covered\n- layer 1 (`conv2d`): convolutions are outside the scale analysis'), md);
    assert.ok(md.includes('tied with `gp`'), md);
    assert.ok(md.includes('runner-up `gp` within a factor of 4'), md);
    assert.ok(md.includes('N >= d'), md);
    assert.ok(md.includes('- info at line 4:5: activation missing: assumed erf (`assumed-activation`)'), md);
  });
  it('escapes Markdown in names from files', () => {
    assert.equal(esc('a*b_[c]|'), 'a\\*b\\_\\[c\\]\\|');
    const m = threeLayer();
    m.name = 'evil *name* [x](command:y)';
    assert.ok(modelMarkdown(m).includes('evil \\*name\\* \\[x\\](command:y)'));
  });
  it('keeps a deep network\'s hover within what VS Code renders, every section in it, and the CLI text readable', function () {
    this.timeout(60_000);
    // 48 relu layers of one width: every condition, parameter and boundary has a term for nearly
    // every layer, and the whole derivation was 142,000 characters, past the 100,000 VS Code
    // renders of a hover (the rest, the plot's link included, was cut off mid-table). Runs of sizes
    // written once brought it to 40,000; the hover shows less still.
    const layers = [...Array.from({ length: 48 }, () => ({ type: 'dense', width: 512, activation: 'relu' })), { type: 'readout' }];
    const r = analyzeDocument('deep.json', JSON.stringify({ scalingModel: { name: 'deep', layers, data: { kind: 'gaussian', dim: 784 } } }));
    const m = r.models[0];
    const hover = hoverMarkdown(m, 'file:///deep.json', 3);
    assert.ok(hover.length < 30_000 && modelMarkdown(m).length > hover.length + 10_000, `hover: ${hover.length} characters, the whole derivation ${modelMarkdown(m).length}`);
    for (const section of ['**Layer 4**', '**P\\* ∝', 'This formula holds when', '#### Candidates', '#### Phase boundaries', '#### Sizes', '#### Rules', '#### Derivation', 'Show scaling plot']) {
      assert.ok(hover.includes(section), `hover has ${section}`);
    }
    const more = /… (\d+) more \(Copy Result as JSON lists them all\)/.exec(hover);
    const shown = hover.split('\n').filter((l) => /^- `.*` \| `.*`: /.test(l)).length;
    assert.equal(shown + (more ? Number(more[1]) : 0), m.boundaries.length, 'the boundaries not shown are counted');
    const text = renderText({ files: [r] });
    assert.ok(text.length < 60_000, `CLI text: ${text.length} characters`);
    // Ten times the boundaries: past the budget, the rest are counted.
    const many = { ...m, boundaries: Array.from({ length: 10 }, () => m.boundaries).flat() };
    const manyHover = hoverMarkdown(many, 'file:///deep.json', 3);
    const manyMore = /… (\d+) more \(Copy Result as JSON lists them all\)/.exec(manyHover);
    assert.ok(manyMore && Number(manyMore[1]) + manyHover.split('\n').filter((l) => /^- `.*` \| `.*`: /.test(l)).length === many.boundaries.length, 'the boundaries not shown are counted');
    assert.match(renderText({ files: [{ ...r, models: [many] }] }), /… \d+ more boundaries \(--json lists them all\)/);
    assert.ok(JSON.stringify(r).length > 100_000, 'the JSON keeps every item');
    // Past the limit all the same (ten thousand sizes, each of its own width): cut at a paragraph, the plot's link kept.
    const huge = hoverMarkdown({ ...m, sizes: Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`N${i + 1}`, 512 + i])) }, 'file:///deep.json');
    assert.ok(huge.length < HOVER_CHARS + 500 && huge.includes('_The rest is in Copy Result as Markdown._') && huge.includes('#### Phase boundaries'), `${huge.length}`);
    assert.match(huge, /\[Show scaling plot\]\(command:[^)]*\)$/);
  });
  it('shows a shallow model\'s whole derivation in its hover', () => {
    const m = threeLayer();
    assert.ok(hoverMarkdown(m, 'file:///x.json', 1).startsWith(modelMarkdown(m, { layer: 1 })));
  });
  it('writes file and workspace reports', () => {
    const f = file([threeLayer(), withConv()]);
    f.diagnostics = [{ message: 'bad width', severity: 'error', range: { start: { line: 2, character: 0 }, end: { line: 2, character: 3 } } }];
    const md = fileMarkdown(f);
    assert.ok(md.startsWith('# Scaling Lens: examples/three-layer.json\n'));
    assert.ok(md.includes('## Scaling Lens: three-layer-erf') && md.includes('## Scaling Lens: conv-then-dense'));
    assert.ok(md.includes('## Diagnostics\n\n- error at line 3:1: bad width'));
    assert.ok(!fileMarkdown(f, { model: 'three-layer-erf' }).includes('conv-then-dense'));
    const ws = workspaceMarkdown([f, { file: 'empty.json', models: [] }]);
    assert.ok(ws.includes('2 file(s), 2 model(s), 1 error(s).'));
    assert.ok(ws.includes('| examples/three-layer.json | three-layer-erf | κ·√(d·N2) | d | gp-specialization | paper |'));
    assert.ok(ws.includes('## Scaling Lens: examples/three-layer.json') && ws.includes('### Scaling Lens: three-layer-erf'));
    assert.ok(!ws.includes('empty.json\n'));
  });
});
