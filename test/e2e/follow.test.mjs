// An open chart follows what the hints follow (one road: the result store): a model that states no
// target degree is drawn with the setting's degree, then with a new setting, then with the override
// file beside it (which wins over the setting), each time without reopening the chart.
//   e2e-follow.json: one erf layer, N = d^8. Degree 3: GP wins, P* ∝ κ·d³; degree 5: specialization,
//   P* ∝ κ·√(N·d) (scaling-lens analyze test/e2e/fixtures/e2e-follow.json --degree 5).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startVSCode, ROOT } from './harness.mjs';

let vs;
before(async () => {
  vs = await startVSCode({ workspaceFrom: [path.join(ROOT, 'test/e2e/fixtures')], open: 'e2e-follow.json' });
  await vs.waitForLog(/result e2e-follow\.json v\d+ models=1 /, 30000);
});
after(async () => {
  await vs?.close('follow');
});

/** The plot panel's document (inside VS Code's nested webview iframes) once it shows a winner. */
async function panelFrame(timeout = 30000) {
  const end = Date.now() + timeout;
  for (;;) {
    for (const f of vs.page.frames()) {
      if (await f.locator('body.mode-panel #winner').count().catch(() => 0)) return f;
    }
    if (Date.now() > end) throw new Error('no plot panel with a winner');
    await vs.page.waitForTimeout(200);
  }
}

/** Waits until the panel's winner and headline read as expected; returns the headline. */
async function chartSays(winner, headline, timeout = 30000) {
  const end = Date.now() + timeout;
  let seen = '';
  for (;;) {
    const f = await panelFrame();
    const w = (await f.locator('#winner').textContent().catch(() => '')) ?? '';
    const h = (await f.locator('#headline').textContent().catch(() => '')) ?? '';
    seen = `${w} | ${h}`;
    if (w === winner && headline.test(h)) return h;
    if (Date.now() > end) throw new Error(`expected ${winner} and ${headline}, the chart says ${JSON.stringify(seen)}`);
    await vs.page.waitForTimeout(250);
  }
}

describe('an open chart follows the settings and the override', () => {
  it('draws the model with the default degree', { timeout: 90000 }, async () => {
    const from = vs.mark_();
    await vs.runCommand('Scaling Lens: Show Scaling Plot');
    await vs.waitForLog(/plot models panel e2e-follow\.json v\d+ e2e-follow:degree=3/, 30000, from);
    await chartSays('gp', /P\* ∝ κ·d³ .*\[paper\]/);
    await vs.waitForLineText('"scalingModel"', /P\* ∝ κ·d³/);
  });

  it('follows a new default degree in the settings', { timeout: 90000 }, async () => {
    const from = vs.mark_();
    await vs.setUserSettings({ 'scalingLens.defaults.targetDegree': 5 }, 'e2e-follow.json');
    await vs.waitForLog(/plot models panel e2e-follow\.json v\d+ e2e-follow:degree=5/, 30000, from);
    const h = await chartSays('specialization', /P\* ∝ κ·√\(N·d\) = κ·d\^\(9\/2\).*\[derived\]/);
    assert.doesNotMatch(h, /what if/);
    await vs.waitForLineText('"scalingModel"', /P\* ∝ κ·√\(N·d\)/);
    await vs.screenshot('follow-settings.png');
  });

  it('follows an edit of the override beside the file, which wins over the setting', { timeout: 90000 }, async () => {
    await vs.openFile('e2e-follow.scaling.json');
    const from = vs.mark_();
    await vs.select('"description"');
    await vs.page.keyboard.type('"target": { "kind": "single-index", "degree": 3 }, "description"');
    await vs.waitForLog(/plot models panel e2e-follow\.json v\d+ e2e-follow:degree=3/, 30000, from);
    await chartSays('gp', /P\* ∝ κ·d³ .*\[paper\]/);
    await vs.screenshot('follow-override.png');
  });
});
