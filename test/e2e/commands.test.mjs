// Every command of the extension, run from the command palette of a real VS Code.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startVSCode, ROOT } from './harness.mjs';

let vs;
before(async () => {
  vs = await startVSCode({ workspaceFrom: [path.join(ROOT, 'examples'), path.join(ROOT, 'test/e2e/fixtures')], open: 'two-layer.json' });
  await vs.waitForLog(/result two-layer\.json v\d+ models=1 /, 30000);
});
after(async () => { await vs?.close('commands'); });

const activeTab = (name) => vs.page.locator('.editor-group-container.active .tabs-container .tab.active', { hasText: name });
async function backToModel() {
  await vs.page.keyboard.press('Control+1'); // the report opened beside: back to the first group
  await vs.page.locator('.editor-group-container.active .tabs-container .tab.active', { hasText: 'two-layer.json' }).waitFor();
}

describe('Scaling Lens commands (command palette)', () => {
  it('Analyse Current File', { timeout: 60000 }, async () => {
    const from = vs.mark_();
    await vs.runCommand('Scaling Lens: Analyse Current File');
    await vs.waitForLog(/command analyzeFile two-layer\.json models=1/, 20000, from);
    assert.match(await vs.notification('1 model(s) in two-layer.json'), /two-layer-erf P\* ∝ κ·√\(N·d\)/);
  });

  it('Show Scaling Plot opens the chart panel on the model', { timeout: 60000 }, async () => {
    const from = vs.mark_();
    await vs.runCommand('Scaling Lens: Show Scaling Plot');
    await vs.waitForLog(/command showPlot two-layer\.json model=two-layer-erf/, 20000, from);
    // the panel opens beside, keeping the focus in the editor
    await vs.page.locator('.tabs-container .tab', { hasText: 'Scaling: two-layer-erf' }).first().waitFor({ timeout: 20000 });
    const title = await vs.webviewText('#model-name', 'two-layer-erf');
    assert.match(title, /two-layer-erf/);
    await vs.screenshot('show-plot.png');
    await backToModel();
  });

  it('Copy Result as JSON', { timeout: 60000 }, async () => {
    const from = vs.mark_();
    await vs.runCommand('Scaling Lens: Copy Result as JSON');
    await vs.waitForLog(/copied JSON \d+/, 20000, from);
    await vs.notification('copied the result as JSON');
    // the browser's clipboard holds what the remote extension host wrote (permissions granted in the harness)
    const text = await vs.page.evaluate(() => navigator.clipboard.readText()).catch((e) => `unreadable: ${e}`);
    console.log(`# clipboard after Copy Result as JSON: ${text.length} characters`);
    if (!text.startsWith('unreadable')) {
      const json = JSON.parse(text);
      assert.equal(json.files[0].models[0].name, 'two-layer-erf');
      assert.equal(json.files[0].file, 'two-layer.json');
    }
  });

  it('Copy Result as Markdown', { timeout: 60000 }, async () => {
    const from = vs.mark_();
    await vs.runCommand('Scaling Lens: Copy Result as Markdown');
    await vs.waitForLog(/copied Markdown \d+/, 20000, from);
    await vs.notification('copied the result as Markdown');
  });

  it('Toggle Inlay Hints hides and shows the hints', { timeout: 60000 }, async () => {
    await vs.waitForLineText('"type": "dense"', /specialization/);
    let from = vs.mark_();
    await vs.runCommand('Scaling Lens: Toggle Inlay Hints');
    await vs.waitForLog(/command toggleHints off/, 20000, from);
    const end = Date.now() + 20000;
    while ((await vs.visibleLines()).some((l) => l.includes('"type": "dense"') && l.includes('specialization'))) {
      assert.ok(Date.now() < end, 'hints still shown after toggling them off');
      await vs.page.waitForTimeout(200);
    }
    from = vs.mark_();
    await vs.runCommand('Scaling Lens: Toggle Inlay Hints');
    await vs.waitForLog(/command toggleHints on/, 20000, from);
    await vs.waitForLineText('"type": "dense"', /specialization/);
  });

  it('Analyse Workspace writes a report of every model', { timeout: 90000 }, async () => {
    const from = vs.mark_();
    await vs.runCommand('Scaling Lens: Analyse Workspace');
    const line = await vs.waitForLog(/command analyzeWorkspace files=\d+ models=\d+/, 60000, from);
    const [, files, models] = /files=(\d+) models=(\d+)/.exec(line).map(Number);
    assert.ok(files >= 3 && models >= 3, line);
    await activeTab('workspace-report.md').waitFor({ timeout: 20000 });
    await vs.notification(/model\(s\) in \d+ file\(s\)/);
    assert.match((await vs.visibleLines()).join('\n'), /# Scaling Lens: workspace report/);
    await vs.select('| two-layer.json | two-layer-erf |'); // the row may be below the fold: find it
    assert.match((await vs.visibleLines()).join('\n'), /\| two-layer\.json \| two-layer-erf \|/);
    await vs.screenshot('workspace-report.png');
  });
});
