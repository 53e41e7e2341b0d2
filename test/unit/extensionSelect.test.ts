// Which documents the extension sends to the worker: one pre-filter (src/parse/index.ts), the
// command line's, on the name the worker reads the document by; and the include/exclude globs.
import * as assert from 'node:assert/strict';
import { globMatcher, pathSelected } from '../../src/extension/select';
import { mightContainModel } from '../../src/parse/index';

describe('extension: document selection', () => {
  it('recognises the forms we read', () => {
    assert.ok(mightContainModel('/w/a.json', '{ "scalingModel": {} }'));
    assert.ok(mightContainModel('/w/model.json', '{ "modelTopology": {} }'));
    assert.ok(mightContainModel('/w/gpt2/config.json', '{ "n_embd": 768 }'));
    assert.ok(mightContainModel('/w/m.ts', '/** @scaling model x */'));
    assert.ok(mightContainModel('/w/m.js', 'const model = tf.sequential();\nmodel.add(tf.layers.dense({ units: 3 }))'));
    assert.ok(mightContainModel('/w/f.js', 'const m = tf.model({ inputs: x, outputs: y });'));
    assert.ok(!mightContainModel('/w/t.js', 'const y = tf.tidy(() => tf.layers.dense({ units: 3 }).apply(x));'), 'code that builds no model');
    assert.ok(!mightContainModel('/w/package.json', '{ "name": "x" }'));
    assert.ok(mightContainModel('/w/other.json', '{ "hidden_size": 3 }'), 'a Hugging Face config by any name, as the command line reads it');
    assert.ok(!mightContainModel('/w/a.ts', 'export const x = 1;'));
    assert.ok(!mightContainModel('/w/a.md', '@scaling'));
    assert.ok(mightContainModel('Untitled-1.json', '{ "scalingModel": {} }'), 'an untitled document, named by its language');
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
