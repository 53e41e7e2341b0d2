// A PyTorch file in a real VS Code: the extension wakes on Python, puts hints on the model's class
// line and on its nn.Linear lines, hovers with the derivation, opens the chart from the CodeLens, and
// the workspace report lists the Python models.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startVSCode, ROOT } from './harness.mjs';

const PATTERN = /\b(gp|gfl|specialization|magnetization)\b/;

let vs;
before(async () => {
  vs = await startVSCode({ workspaceFrom: [path.join(ROOT, 'examples'), path.join(ROOT, 'test/e2e/fixtures')], open: 'e2e-torch.py' });
});
after(async () => { await vs?.close('pytorch'); });

describe('Scaling Lens on a PyTorch file', () => {
  it('activates on a Python file and reads its model', { timeout: 60000 }, async () => {
    assert.ok(vs.extLog.some((l) => /\[scaling-lens\] activated in \d+ ms/.test(l)));
    await vs.waitForLog(/result e2e-torch\.py v\d+ models=1 /, 30000);
  });

  it('shows hints on the class line and on each nn.Linear line', { timeout: 90000 }, async () => {
    const model = await vs.waitForLineText('class E2eMLP(nn.Module):', 'P* ∝');
    assert.match(model, /P\* ∝ κ·√\(N1·d\) ~ d/);
    await vs.waitForLineText('self.fc1 = nn.Linear(D_IN, hidden)', PATTERN);
    await vs.waitForLineText('self.fc2 = nn.Linear(hidden, hidden // 2)', PATTERN);
    await vs.screenshot('hints-pytorch.png');
  });

  it('hovers an nn.Linear layer and reads the derivation', { timeout: 60000 }, async () => {
    const hover = await vs.hover('self.fc1 = nn.Linear(D_IN, hidden)', 'Linear', 'Candidates');
    const text = (await hover.innerText()).replace(/\u00a0/g, ' ');
    for (const part of ['Scaling Lens: e2e-torch', 'Layer 1 (dense)', 'P* ∝ κ·√(N1·d)', 'Candidates', 'Show scaling plot']) {
      assert.ok(text.includes(part), `hover lacks ${JSON.stringify(part)}:\n${text}`);
    }
    await vs.screenshot('hover-pytorch.png');
    await vs.page.mouse.move(5, 500);
    await vs.page.keyboard.press('Escape');
  });

  it('opens the chart from the CodeLens above the model', { timeout: 90000 }, async () => {
    const from = await vs.showPlotFromCodeLens(/command showPlot e2e-torch\.py model=e2e-torch/);
    await vs.waitForLog(/plot ready panel/, 30000, from);
    const name = await vs.webviewText('#model-name', 'e2e-torch');
    assert.equal(name.trim(), 'e2e-torch');
    const desc = await vs.webviewText('#chart-desc', 'Winner:');
    assert.match(desc, /under regime N1 = d, N2 = d/);
    await vs.screenshot('plot-pytorch.png');
  });

  it('includes the Python models in the workspace report', { timeout: 90000 }, async () => {
    const from = vs.mark_();
    await vs.runCommand('Scaling Lens: Analyse Workspace');
    await vs.waitForLog(/command analyzeWorkspace files=\d+ models=\d+/, 60000, from);
    await vs.page.locator('.editor-group-container.active .tabs-container .tab.active', { hasText: 'workspace-report.md' }).waitFor({ timeout: 20000 });
    // The report lists every model of the workspace: a row may be below the fold, so find it first.
    for (const [row, re] of [['| e2e-torch.py | e2e-torch |', /\| e2e-torch\.py \| e2e-torch \|/], ['| pytorch-mlp.py | pytorch-mlp |', /\| pytorch-mlp\.py \| pytorch-mlp \|/]]) {
      await vs.select(row);
      assert.match((await vs.visibleLines()).join('\n'), re);
    }
  });
});
