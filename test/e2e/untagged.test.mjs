// Untagged TensorFlow.js code in a real VS Code: a real file from tensorflow/tfjs-examples
// (baseball-node/pitch_type.js, test/fixtures/real/SOURCES.md), opened as it is, with no
// annotation, gets hints on its model and its layers, and the hover lists the assumptions it took
// from the settings (target degree, readout).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startVSCode, ROOT } from './harness.mjs';

let vs;
before(async () => {
  vs = await startVSCode({ workspaceFrom: [path.join(ROOT, 'test/fixtures/real/tfjs-code/tfjs-examples/baseball-node')], open: 'pitch_type.js' });
});
after(async () => { await vs?.close('untagged'); });

describe('untagged TensorFlow.js code in the editor', () => {
  it('reads the model the code builds and shows hints on it and on its layers', { timeout: 120000 }, async () => {
    await vs.waitForLog(/result pitch_type\.js v\d+ models=1 /, 60000);
    await vs.select('const model = tf.sequential();'); // line 79: bring it into view
    const model = await vs.waitForLineText('const model = tf.sequential();', 'P* ∝', 60000);
    assert.match(model, /const model = tf\.sequential\(\);.*P\* ∝ κ·/);
    // Each dense layer shows its pattern; the widths come from the code (250, 175, 150) and d = 8.
    for (const units of [250, 175, 150]) {
      const line = await vs.waitForLineText(`tf.layers.dense({units: ${units}`, /\b(gp|gfl|specialization|magnetization)\b/);
      assert.match(line, new RegExp(`units: ${units}`));
    }
    await vs.screenshot('hints-untagged-tfjs.png');
  });

  it('hovers a layer: the model, its layer and the assumptions it took from the settings', { timeout: 60000 }, async () => {
    // Waits for this layer's own hover: every layer's hover has the assumptions, and a clean-clone run
    // once took layer 1's (the mouse crossing its line) and failed on "Layer 2".
    const hover = await vs.hover('tf.layers.dense({units: 175', 'dense', 'Layer 2 (dense)');
    const text = (await hover.innerText()).replace(/\u00a0/g, ' ');
    for (const part of ['Scaling Lens: model', 'Layer 2 (dense)', 'Assumptions', 'target degree = 3 (setting)', 'readout = standard (setting)']) {
      assert.ok(text.includes(part), `hover lacks ${JSON.stringify(part)}:\n${text}`);
    }
    await vs.page.mouse.move(5, 500);
    await vs.page.keyboard.press('Escape');
  });
});
