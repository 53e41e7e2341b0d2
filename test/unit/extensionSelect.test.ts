// Which documents the extension sends to the worker.
import * as assert from 'node:assert/strict';
import { globMatcher, mayHoldModel, pathSelected } from '../../src/extension/select';

describe('extension: document selection', () => {
  it('recognises the forms we read', () => {
    assert.ok(mayHoldModel('json', '/w/a.json', '{ "scalingModel": {} }'));
    assert.ok(mayHoldModel('json', '/w/model.json', '{ "modelTopology": {} }'));
    assert.ok(mayHoldModel('json', '/w/gpt2/config.json', '{ "n_embd": 768 }'));
    assert.ok(mayHoldModel('typescript', '/w/m.ts', '/** @scaling model x */'));
    assert.ok(mayHoldModel('javascript', '/w/m.js', 'const model = tf.sequential();\nmodel.add(tf.layers.dense({ units: 3 }))'));
    assert.ok(mayHoldModel('javascript', '/w/f.js', 'const m = tf.model({ inputs: x, outputs: y });'));
    assert.ok(!mayHoldModel('javascript', '/w/t.js', 'const y = tf.tidy(() => tf.layers.dense({ units: 3 }).apply(x));'), 'code that builds no model');
    assert.ok(!mayHoldModel('json', '/w/package.json', '{ "name": "x" }'));
    assert.ok(!mayHoldModel('json', '/w/other.json', '{ "hidden_size": 3 }'), 'HF keys only count in config.json');
    assert.ok(!mayHoldModel('typescript', '/w/a.ts', 'export const x = 1;'));
    assert.ok(!mayHoldModel('markdown', '/w/a.md', '@scaling'));
  });
  it('matches include/exclude globs', () => {
    assert.ok(globMatcher('**/*.{json,jsonc}')('a/b/c.json'));
    assert.ok(globMatcher('**/*.{json,jsonc}')('c.jsonc'));
    assert.ok(!globMatcher('**/*.json')('c.ts'));
    assert.ok(globMatcher('**/node_modules/**')('node_modules/x/y.json'));
    assert.ok(globMatcher('src/?.ts')('src/a.ts'));
    const inc = ['**/*.{json,jsonc}', '**/*.ts'];
    const exc = ['**/node_modules/**'];
    assert.ok(pathSelected('examples/two-layer.json', inc, exc));
    assert.ok(!pathSelected('node_modules/pkg/a.json', inc, exc));
    assert.ok(!pathSelected('README.md', inc, exc));
    assert.ok(pathSelected('./a.ts', inc, exc));
  });
});
