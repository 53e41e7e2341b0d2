// The editor surface in a real VS Code: inlay hints, hover, CodeLens, status bar and diagnostics
// on the JSON and TypeScript models of examples/ (and test/e2e/fixtures/).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startVSCode, ROOT } from './harness.mjs';

let vs;
before(async () => {
  vs = await startVSCode({ workspaceFrom: [path.join(ROOT, 'examples'), path.join(ROOT, 'test/e2e/fixtures')], open: 'two-layer.json' });
});
after(async () => { await vs?.close('editor'); });

describe('Scaling Lens in the editor', () => {
  it('activates', () => {
    assert.ok(vs.extLog.some((l) => /\[scaling-lens\] activated in \d+ ms/.test(l)));
  });

  it('shows inlay hints on the model line and the layer line of a JSON model', { timeout: 90000 }, async () => {
    await vs.waitForLog(/result two-layer\.json v\d+ models=1 /, 30000);
    const layer = await vs.waitForLineText('"type": "dense"', /specialization/);
    assert.match(layer, /"activation": "erf" }, ?\s*specialization, M\* ≈ 3\.16/);
    const model = await vs.waitForLineText('"scalingModel"', 'P* ∝');
    assert.match(model, /P\* ∝ κ·√\(N·d\)/);
    await vs.screenshot('hints-json.png');
  });

  it('shows the CodeLens and the status bar item', { timeout: 30000 }, async () => {
    await vs.page.locator('.codelens-decoration', { hasText: 'Show scaling plot' }).first().waitFor({ timeout: 20000 });
    await vs.page.locator('.statusbar-item', { hasText: 'P* ∝' }).first().waitFor({ timeout: 20000 });
  });

  it('hovers a layer and reads the derivation', { timeout: 60000 }, async () => {
    const hover = await vs.hover('"type": "dense"', 'dense', 'Candidates');
    const text = (await hover.innerText()).replace(/\u00a0/g, ' ');
    for (const part of ['Scaling Lens: two-layer-erf', 'Layer 1 (dense)', 'pattern specialization', 'P* ∝ κ·√(N·d)',
      'Winner:', 'Candidates', 'specialization ✓', 'Rules used by the winner', 'Show scaling plot']) {
      assert.ok(text.includes(part), `hover lacks ${JSON.stringify(part)}:\n${text}`);
    }
    await vs.screenshot('hover-json.png');
    await vs.page.mouse.move(5, 500);
    await vs.page.keyboard.press('Escape');
  });

  it('says "not learnable" for an erf network with an even target: hint, hover and chart, with no P*', { timeout: 120000 }, async () => {
    await vs.openFile('e2e-even.json');
    await vs.waitForLog(/result e2e-even\.json v\d+ models=1 /, 30000);
    const hint = await vs.waitForLineText('"scalingModel"', 'not learnable');
    assert.match(hint, /P\*: not learnable by this network/);
    assert.doesNotMatch(hint, /P\* ∝/);
    const hover = await vs.hover('"activation": "erf"', 'dense', 'Scaling Lens: even-target');
    const text = (await hover.innerText()).replace(/\u00a0/g, ' ');
    assert.ok(text.includes('not learnable by this network') && text.includes('an odd network has no even component'), text);
    assert.ok(!/P\* ∝/.test(text), text);
    await vs.screenshot('hover-not-learnable.png');
    await vs.page.mouse.move(5, 500);
    await vs.page.keyboard.press('Escape');
    // The chart: no line for P*, the reason instead.
    await vs.showPlotFromCodeLens(/command showPlot e2e-even\.json model=even-target/);
    const desc = await vs.panelText('#chart-desc', /not learnable/, 'no "not learnable" in the chart');
    assert.match(desc, /Nothing to plot: P\*: not learnable by this network: an odd network has no even component/);
    await vs.screenshot('plot-not-learnable.png');
    await vs.page.keyboard.press('Control+W');
  });

  it('without a regime or sizes, says exactly where the winner wins: hover and chart', { timeout: 120000 }, async () => {
    await vs.openFile('e2e-nopoint.json');
    await vs.waitForLog(/result e2e-nopoint\.json v\d+ models=1 /, 30000);
    await vs.waitForLineText('"scalingModel"', /P\* ∝ κ·√\(N2·d\)/);
    const says = /It wins exactly where N2 >= d, N2 <= d\^5, N1 >= N2: no other pattern sequence is lower anywhere there/;
    const hover = await vs.hover('"width": "N2"', 'N2', 'Scaling Lens: no-point');
    const text = (await hover.innerText()).replace(/\u00a0/g, ' ');
    assert.match(text, says);
    assert.doesNotMatch(text, /This formula holds when/);
    assert.doesNotMatch(text, /wins wherever this formula holds/);
    await vs.screenshot('hover-no-point.png');
    await vs.page.mouse.move(5, 500);
    await vs.page.keyboard.press('Escape');
    await vs.showPlotFromCodeLens(/command showPlot e2e-nopoint\.json model=no-point/);
    await vs.panelText('#wins', says, 'the chart does not say where the winner wins');
    await vs.screenshot('plot-no-point.png');
    await vs.page.keyboard.press('Control+W');
  });

  it('renders the text of a hostile file as text: the plot link is the only link, and no image loads', { timeout: 90000 }, async () => {
    // test/e2e/fixtures/e2e-hostile.json: a name and a layer type full of Markdown, links, HTML and commands.
    await vs.openFile('e2e-hostile.json');
    try {
      await vs.waitForLog(/result e2e-hostile\.json v\d+ models=1 /, 30000);
      const hover = await vs.hover('"type": "dense"', 'dense', 'Show scaling plot');
      const text = (await hover.innerText()).replace(/\u00a0/g, ' ');
      assert.ok(text.includes('Scaling Lens: hostile `](command:scalingLens.showPlot?'), text);
      assert.ok(text.includes('<img src=https://example.invalid/x.png>'), `the HTML shows as text:\n${text}`);
      // Our Markdown (VS Code adds its own actions, such as "View Problem", outside it).
      const links = await hover.locator('.rendered-markdown a').evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('data-href') ?? a.getAttribute('href')]));
      assert.equal(links.length, 1, JSON.stringify(links));
      assert.equal(links[0][0], 'Show scaling plot');
      assert.match(links[0][1], /^command:scalingLens\.showPlot\?/);
      assert.equal(await hover.locator('.rendered-markdown img').count(), 0);
      await vs.screenshot('hover-hostile.png');
    } finally {
      await vs.page.mouse.move(5, 500);
      await vs.page.keyboard.press('Escape');
      await vs.openFile('two-layer.json');
    }
  });

  it('shows a diagnostic for a negative width, and clears it when fixed', { timeout: 90000 }, async () => {
    const { page } = vs;
    const before = Number(/diagnostics=(\d+)/.exec(await vs.waitForLog(/result two-layer\.json v\d+ models=1 /))[1]);
    let from = vs.mark_();
    await vs.select('"width": "N"');
    await page.keyboard.type('"width": -5');
    await vs.waitForLog(/result two-layer\.json v\d+ models=0 diagnostics=[1-9]/, 30000, from);
    await page.locator('.editor-group-container.active .monaco-editor .squiggly-error').first().waitFor({ timeout: 20000 });
    const problems = page.locator('.statusbar-item[id="status.problems"]');
    await problems.filter({ hasText: /[1-9]/ }).first().waitFor({ timeout: 20000 });
    await vs.screenshot('diagnostic-json.png');
    from = vs.mark_();
    await vs.select('-5');
    await page.keyboard.type('"N"');
    await vs.waitForLog(new RegExp(`result two-layer\\.json v\\d+ models=1 diagnostics=${before}\\b`), 30000, from);
    await page.locator('.editor-group-container.active .monaco-editor .squiggly-error').first().waitFor({ state: 'detached', timeout: 20000 });
    await vs.waitForLineText('"type": "dense"', /specialization/);
  });

  it('follows the settings: hint verbosity, our toggle and editor.inlayHints.enabled', { timeout: 90000 }, async () => {
    const hinted = (l) => l.includes('"type": "dense"') && /specialization/.test(l);
    const waitLines = async (pred, what) => {
      const end = Date.now() + 20000;
      for (;;) {
        const lines = await vs.visibleLines();
        if (pred(lines)) return lines;
        if (Date.now() > end) throw new Error(`${what}:\n${lines.join('\n')}`);
        await vs.page.waitForTimeout(200);
      }
    };
    await vs.setUserSettings({ 'scalingLens.hints.verbosity': 'minimal' }, 'two-layer.json');
    await waitLines((ls) => ls.some((l) => hinted(l) && !l.includes('M*')), 'minimal verbosity: the pattern alone');
    await vs.setUserSettings({ 'scalingLens.hints.verbosity': 'detailed' }, 'two-layer.json');
    await waitLines((ls) => ls.some((l) => l.includes('"scalingModel"') && /P\* ≈ 316/.test(l)), 'detailed verbosity: P* at the sizes');
    await vs.setUserSettings({ 'editor.inlayHints.enabled': 'off' }, 'two-layer.json');
    await waitLines((ls) => !ls.some(hinted), 'editor.inlayHints.enabled off hides the hints');
    await vs.setUserSettings({ 'scalingLens.hints.enabled': false }, 'two-layer.json');
    await waitLines((ls) => !ls.some(hinted), 'scalingLens.hints.enabled false hides the hints');
    await vs.setUserSettings({}, 'two-layer.json');
    await waitLines((ls) => ls.some((l) => hinted(l) && l.includes('M* ≈ 3.16')), 'default settings: hints back');
  });

  it('puts each layer\'s pattern on a three-layer model', { timeout: 60000 }, async () => {
    const from = vs.mark_();
    await vs.openFile('three-layer.json');
    await vs.waitForLog(/result three-layer\.json v\d+ models=1 /, 30000, from);
    await vs.waitForLineText('"width": "N1"', /\bgp\b/);
    await vs.waitForLineText('"width": "N2"', /specialization, M2\* ≈ 1/);
    await vs.waitForLineText('"scalingModel"', /P\* ∝ κ·√\(N2·d\) ~ d/);
  });

  it('shows hints and the hover on a TypeScript @scaling model', { timeout: 90000 }, async () => {
    const from = vs.mark_();
    await vs.openFile('e2e-annotated.ts');
    await vs.waitForLog(/result e2e-annotated\.ts v\d+ models=[1-9]/, 30000, from);
    await vs.waitForLineText('@scaling layer dense width=N2', /specialization/);
    await vs.waitForLineText('@scaling layer dense width=N1', /\bgp\b/);
    await vs.screenshot('hints-ts.png');
    const hover = await vs.hover('@scaling layer dense width=N2', 'width', 'Candidates');
    assert.match((await hover.innerText()).replace(/\u00a0/g, ' '), /Scaling Lens: e2e-three-layer/);
    await vs.screenshot('hover-ts.png');
    await vs.page.mouse.move(5, 500);
  });

  it('puts the pattern on each tf.layers.dense line of a TF.js model', { timeout: 60000 }, async () => {
    const from = vs.mark_();
    await vs.openFile('mnist-mlp.ts');
    await vs.waitForLog(/result mnist-mlp\.ts v\d+ models=[1-9]/, 30000, from);
    await vs.waitForLineText('units: HIDDEN', /\b(gp|gfl|specialization|magnetization)\b/);
    await vs.screenshot('hints-tfjs.png');
  });

  it('applies the override beside a Keras model.json, and follows edits to it', { timeout: 90000 }, async () => {
    let from = vs.mark_();
    await vs.openFile('keras-mlp/model.json');
    // model.scaling.json beside it ties N1 and N2 to d, so P* has an exponent of d.
    await vs.waitForLog(/result model\.json v\d+ models=1 diagnostics=\d+ inD=1\b/, 30000, from);
    await vs.openFile('keras-mlp/model.scaling.json');
    from = vs.mark_();
    await vs.select('"regime": { "N1": "d", "N2": "d" }');
    await vs.page.keyboard.type('"regime": {}');
    // Without the regime there is no exponent of d any more: the Keras file was analysed again.
    await vs.waitForLog(/result model\.json v\d+ models=1 diagnostics=\d+ inD=-/, 30000, from);
  });

  it('analyses a 128-hidden-layer model and puts a pattern on every layer line', { timeout: 120000 }, async () => {
    const from = vs.mark_();
    await vs.openFile('e2e-deep.json');
    await vs.waitForLog(/result e2e-deep\.json v\d+ models=1 diagnostics=0 /, 60000, from);
    await vs.waitForLineText('"scalingModel"', 'P* ∝');
    // Page through the file: every layer line (N1 ... N128) shows its pattern as an inlay hint.
    const seen = new Set();
    await vs.page.keyboard.press('Control+Home');
    for (let page = 0; page < 40 && seen.size < 128; page++) {
      await vs.page.waitForTimeout(300);
      for (const line of await vs.visibleLines()) {
        const m = /"width": "N(\d+)", "activation": "\w+" },?\s*(gp|specialization|gfl|magnetization)\b/.exec(line);
        if (m) seen.add(Number(m[1]));
      }
      await vs.page.keyboard.press('PageDown');
    }
    assert.equal(seen.size, 128, `layers with a hint: ${[...seen].sort((a, b) => a - b).join(',')}`);
    await vs.screenshot('hints-deep.png');
  });

  it('shows the hints of a model that takes seconds before its boundaries, with a spinner while they are walked (128 layers of one width)', { timeout: 120000 }, async () => {
    const from = vs.mark_();
    await vs.openFile('e2e-uniform.json');
    // About two seconds in the worker, most of it walking the sizes: the early result (everything
    // but the boundaries) comes first, and its hints show while the walks run.
    await vs.waitForLog(/early e2e-uniform\.json v\d+ models=1 diagnostics=0 /, 30000, from);
    await vs.waitForLineText('"scalingModel"', 'P* ∝');
    const resultLine = /result e2e-uniform\.json v\d+ models=1 diagnostics=0 /;
    assert.ok(!vs.extLog.slice(from).some((l) => resultLine.test(l)), 'the hints came before the whole result');
    // Past half a second VS Code's window progress shows, and says what is left.
    await vs.waitForLog(/busy e2e-uniform\.json/, 30000, from);
    await vs.page.locator('.statusbar-item', { hasText: 'walking the phase boundaries of e2e-uniform.json' }).first().waitFor({ timeout: 10000 });
    await vs.screenshot('busy-uniform.png');
    await vs.waitForLog(resultLine, 60000, from);
    await vs.page.locator('.statusbar-item', { hasText: 'walking the phase boundaries of e2e-uniform.json' }).first().waitFor({ state: 'hidden', timeout: 10000 });
    await vs.waitForLineText('"scalingModel"', 'P* ∝');
  });
});
