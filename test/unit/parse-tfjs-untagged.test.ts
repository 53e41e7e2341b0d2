// TensorFlow.js code with no @scaling tag: every model the code builds is read (tf.sequential with
// add() or a layers array, the functional API), with its assumptions, each dense layer's bias,
// constants in the scope that sees them; what cannot be read is refused with the reason and the
// place; a tag above the code still wins; files that build no model say nothing.
import * as assert from 'assert';
import { parseDocument, mightContainModel } from '../../src/parse';
import { analyzeDocument, readModels } from '../../src/pipeline/document';
import type { DenseLayer } from '../../src/model/types';
import { rangeOf } from './helpers';

const dense = (m: { layers: { type: string }[] }) => m.layers.filter((l): l is DenseLayer => l.type === 'dense');

describe('parse: TF.js code without tags', () => {
  it('reads tf.sequential() + add() in any script extension, with settings as assumptions', () => {
    const src = `import * as tf from '@tensorflow/tfjs';\nconst model = tf.sequential();\nmodel.add(tf.layers.dense({units: 32, activation: 'tanh', inputShape: [10]}));\nmodel.add(tf.layers.dense({units: 1}));\n`;
    for (const ext of ['ts', 'js', 'mjs', 'cjs', 'tsx', 'jsx']) {
      assert.ok(mightContainModel(`a.${ext}`, src), ext);
      const doc = parseDocument(`a.${ext}`, src, { defaults: { degree: 5, readout: 'mean-field' } });
      const m = doc.models[0];
      assert.equal(m.name, 'model', ext);
      assert.deepEqual([m.data.dim, dense(m).map((l) => [l.width, l.activation])], [10, [[32, 'tanh']]]);
      assert.deepEqual(m.range, { start: rangeOf(src, 'const model').start, end: rangeOf(src, 'model.add(tf.layers.dense({units: 1}))').end });
      assert.deepEqual(m.assumptions!.find((a) => a.what === 'target degree'), { what: 'target degree', value: '5', source: 'setting' });
      assert.deepEqual(m.assumptions!.find((a) => a.what === 'readout'), { what: 'readout', value: 'mean-field', source: 'setting' });
    }
  });

  it('reads useBias per dense layer: the file when stated, else the TF.js default', () => {
    const src = `const m = tf.sequential({layers: [\n  tf.layers.dense({units: 8, inputShape: [4], activation: 'relu', useBias: false}),\n  tf.layers.dense({units: 8, activation: 'relu'}),\n  tf.layers.dense({units: 8, activation: 'relu', useBias: true}),\n  tf.layers.dense({units: 1}),\n]});`;
    const m = parseDocument('b.js', src).models[0];
    assert.deepEqual(dense(m).map((l) => [l.bias, l.biasFrom]), [[false, 'file'], [true, 'library-default'], [true, 'file']]);
  });

  it('reads the functional API: tf.input -> apply chains (names, reassignments, nested calls) -> tf.model', () => {
    const src = `function build() {
  const input = tf.input({shape: [784]});
  const first = tf.layers.dense({units: 256, activation: 'relu'});
  let x = first.apply(input);
  x = tf.layers.dropout({rate: 0.2}).apply(x);
  x = tf.layers.dense({units: 64, activation: 'tanh'}).apply(tf.layers.dense({units: 128, activation: 'tanh'}).apply(x));
  const out = tf.layers.dense({units: 1}).apply(x) as tf.SymbolicTensor;
  return tf.model({inputs: input, outputs: out});
}`;
    const doc = parseDocument('f.ts', src);
    assert.deepEqual(doc.diagnostics, []);
    const m = doc.models[0];
    assert.equal(m.name, 'build');
    assert.equal(m.data.dim, 784);
    assert.deepEqual(m.layers.map((l) => [l.type, (l as { width?: number }).width]), [['dense', 256], ['dropout', undefined], ['dense', 128], ['dense', 64], ['readout', undefined]]);
    assert.deepEqual(m.layers[0].range, rangeOf(src, "tf.layers.dense({units: 256, activation: 'relu'})"));
    assert.deepEqual(m.origins!.d.range, rangeOf(src, 'shape: [784]'));
  });

  it('refuses what it cannot follow, saying why and where', () => {
    const cases: [string, RegExp, string][] = [
      ['const a = tf.input({shape: [4]});\nconst b = tf.layers.dense({units: 4}).apply(a);\nconst c = tf.layers.dense({units: 4}).apply(a);\nconst m = tf.model({inputs: a, outputs: [b, c]});', /it has 2 outputs/, 'tf.model({inputs: a, outputs: [b, c]})'],
      ['const a = tf.input({shape: [4]});\nconst s = tf.layers.add().apply([a, a]);\nconst m = tf.model({inputs: a, outputs: s});', /tf\.layers\.add\(…\) is applied to 2 tensors \(a merge\)/, 'tf.layers.add().apply([a, a])'],
      ['const a = tf.input({shape: [4]});\nconst y = base.apply(a);\nconst m = tf.model({inputs: a, outputs: y});', /base\.apply\(…\) is not a tf\.layers call written in this file .*a nested model, a custom layer or a layer made elsewhere is not read/, 'base.apply(a)'],
      ['const model = tf.sequential();\nfor (const u of [8, 4]) model.add(tf.layers.dense({units: u}));', /runs in a loop, so the number of layers is not known statically/, 'model.add(tf.layers.dense({units: u}))'],
      ['const model = tf.sequential();\nif (big) { model.add(tf.layers.dense({units: 64})); }\nmodel.add(tf.layers.dense({units: 1}));', /runs only under a condition, so the layers depend on values known only when it runs/, 'model.add(tf.layers.dense({units: 64}))'],
      ['const model = tf.sequential();\nmodel.add(makeLayer());', /model\.add\(makeLayer\(\)\) is not a tf\.layers call written here/, 'model.add(makeLayer())'],
      // Among layers that are read, these were left out with a warning and the rest analysed: a
      // number for a network the code does not build.
      ['const model = tf.sequential();\nmodel.add(tf.layers.dense({inputShape: [784], units: 128}));\nmodel.add(block(64));\nmodel.add(tf.layers.dense({units: 1}));', /model\.add\(block\(64\)\) is not a tf\.layers call written here \(a call or property access cannot be read statically\): a nested model, a custom layer or a layer made elsewhere is not read/, 'model.add(block(64))'],
      ['const hidden = [];\nfor (let i = 0; i < 8; i++) hidden.push(tf.layers.dense({units: 64}));\nconst model = tf.sequential({layers: [tf.layers.dense({inputShape: [784], units: 64}), ...hidden, tf.layers.dense({units: 1})]});', /\.\.\.hidden is not a tf\.layers call written here/, '...hidden'],
    ];
    for (const [src, re, at] of cases) {
      const doc = parseDocument('r.js', src);
      assert.equal(doc.models.length, 0, src);
      const d = doc.diagnostics.find((x) => x.code === 'tfjs-unread')!;
      assert.ok(d, src);
      assert.equal(d.severity, 'warning');
      assert.match(d.message, re);
      assert.deepEqual(d.range, rangeOf(src, at), src);
    }
  });

  it('reads an add() under a condition when it is only a dropout, and says so', () => {
    const src = 'const model = tf.sequential();\nmodel.add(tf.layers.dense({units: 16, activation: "tanh", inputShape: [4]}));\nif (p > 0) model.add(tf.layers.dropout({rate: p}));\nmodel.add(tf.layers.dense({units: 1}));';
    const m = parseDocument('c.js', src).models[0];
    assert.deepEqual(m.layers.map((l) => l.type), ['dense', 'dropout', 'readout']);
    assert.ok(m.diagnostics!.some((d) => /runs only under a condition; it is read as present/.test(d.message)));
  });

  it('resolves a constant in the scope that sees it, never one of another function', () => {
    const src = `const UNITS = 64;
function a() {
  const UNITS = 16;
  const m = tf.sequential();
  m.add(tf.layers.dense({units: UNITS, activation: 'tanh', inputShape: [8]}));
  m.add(tf.layers.dense({units: 1}));
  return m;
}
function b(UNITS_IN) {
  const m = tf.sequential();
  m.add(tf.layers.dense({units: UNITS, activation: 'tanh', inputShape: [8]}));
  m.add(tf.layers.dense({units: 1}));
  return m;
}
function c(opts) {
  const {width} = opts;
  const m = tf.sequential();
  m.add(tf.layers.dense({units: width, activation: 'tanh', inputShape: [8]}));
  m.add(tf.layers.dense({units: 1}));
  return m;
}`;
    const doc = parseDocument('s.js', src);
    assert.deepEqual(doc.models.map((m) => [m.name, dense(m)[0].width]), [['a', 16], ['b', 64], ['c', 'N1']]);
    const ask = doc.models[2].diagnostics!.find((d) => d.code === 'ts-unresolved')!;
    assert.equal(ask.severity, 'warning');
    assert.match(ask.message, /'width' is destructured from opts; its value is not known statically\. It is the symbol N1\. Give its size with "@scaling sizes N1=\.\.\." in a comment block above the model, or in s\.scaling\.json\.$/);
    // Given (here by the command line), the fact stays as an information that says where the size comes from.
    const given = readModels('s.js', src, { commandLine: { sizes: { N1: 300 } } }).models[2].diagnostics!.find((d) => d.code === 'ts-unresolved')!;
    assert.deepEqual([given.severity, given.message.replace(/^.*It is the symbol N1\. /, '')], ['info', 'Its size, 300, comes from the command line.']);
    // A tag that gives the width settles it in the file; one that names a symbol asks for that one.
    const tagged = (w: string) => parseDocument('s.js', src.replace('function c(opts) {', `/** @scaling layer dense width=${w} */\nfunction c(opts) {`)).models.find((m) => m.name === 'c')!.diagnostics!.find((d) => d.code === 'ts-unresolved')!;
    assert.deepEqual([tagged('512').severity, tagged('512').message.replace(/^.*statically\. /, '')], ['info', 'The tag gives the width: 512.']);
    assert.match(tagged('H').message, /It is the symbol H\. Give its size with "@scaling sizes H=\.\.\."/);
  });

  it('a tag above the code still wins, and the code below other models is read on its own', () => {
    const src = `/** @scaling model tagged @scaling target degree=5 @scaling layer dense width=N1 */
const a = tf.sequential();
a.add(tf.layers.dense({units: 100, activation: 'tanh', inputShape: [10]}));
a.add(tf.layers.dense({units: 1}));
const b = tf.sequential();
b.add(tf.layers.dense({units: 7, activation: 'tanh', inputShape: [3]}));
b.add(tf.layers.dense({units: 1}));
`;
    const doc = parseDocument('t.ts', src);
    assert.deepEqual(doc.models.map((m) => [m.name, m.target.degree, dense(m)[0].width]), [['tagged', 5, 'N1'], ['b', 3, 7]]);
    assert.deepEqual([doc.models[0].sizes, doc.models[0].data.dim], [{ N1: 100 }, 10]);
  });

  it('says nothing about files that use tf. without building a model', () => {
    const srcs = [
      'const t = tf.tensor2d([[1, 2]]);\nconst y = tf.tidy(() => t.mul(2));',
      'export const layer = tf.layers.dense({units: 3});\nconst out = layer.apply(x);',
      'class Z extends tf.layers.Layer { call(x) { return x; } }\ntf.serialization.registerClass(Z);',
      'const m = await tf.loadLayersModel("model.json");\nm.predict(x);',
      'const steps = ["a", "b"]; run.sequential(steps);',
      'const m = this.model({ inputs, outputs });',
    ];
    for (const src of srcs) assert.deepEqual(parseDocument('n.js', src), { models: [], diagnostics: [] }, src);
  });

  it('knows TensorFlow.js under another name, or imported by name', () => {
    const srcs = [
      "import * as tfjs from '@tensorflow/tfjs-node';\nconst m = tfjs.sequential();\nm.add(tfjs.layers.dense({units: 4, inputShape: [2], activation: 'tanh'}));\nm.add(tfjs.layers.dense({units: 1}));",
      "const tfn = require('@tensorflow/tfjs-node');\nconst m = tfn.sequential();\nm.add(tfn.layers.dense({units: 4, inputShape: [2], activation: 'tanh'}));\nm.add(tfn.layers.dense({units: 1}));",
      "import {sequential, layers} from '@tensorflow/tfjs';\nconst m = sequential();\nm.add(layers.dense({units: 4, inputShape: [2], activation: 'tanh'}));\nm.add(layers.dense({units: 1}));",
    ];
    for (const src of srcs) assert.deepEqual(dense(parseDocument('i.js', src).models[0]).map((l) => l.width), [4], src);
  });

  it('keeps the layers where the code adds them: a dense layer before a convolution is a hidden layer, not the readout, and nothing is analysed', () => {
    // The dense layer was taken out of its place and put last as the readout (its range on line 2).
    const src = "const model = tf.sequential();\nmodel.add(tf.layers.dense({units: 64, inputShape: [10], activation: 'relu'}));\nmodel.add(tf.layers.reshape({targetShape: [8, 8, 1]}));\nmodel.add(tf.layers.conv2d({filters: 1, kernelSize: 3, activation: 'tanh'}));\n";
    const m = parseDocument('o.js', src).models[0];
    assert.deepEqual(m.layers.map((l) => [l.type, (l as { width?: number }).width, l.range]), [
      ['dense', 64, rangeOf(src, "tf.layers.dense({units: 64, inputShape: [10], activation: 'relu'})")],
      ['reshape', undefined, rangeOf(src, 'tf.layers.reshape({targetShape: [8, 8, 1]})')],
      ['conv2d', undefined, rangeOf(src, "tf.layers.conv2d({filters: 1, kernelSize: 3, activation: 'tanh'})")],
    ]);
    assert.ok(!m.diagnostics!.some((d) => d.code === 'ts-readout'));
    const r = analyzeDocument('o.js', src).models[0];
    assert.equal(r.pStar, undefined, 'not analysed');
    // What stops it: the convolution (the reshape, ignored, is listed with its reason in the layers).
    assert.deepEqual(r.notCovered.map((n) => [n.type, n.range]), [['conv2d', m.layers[2].range]]);
  });

  it('reads the last dense layer as the readout in its place; a dropout after it is left out with a note', () => {
    const src = "const m = tf.sequential();\nm.add(tf.layers.dense({units: 16, activation: 'tanh', inputShape: [4]}));\nm.add(tf.layers.dense({units: 1}));\nm.add(tf.layers.dropout({rate: 0.1}));\n";
    const m = parseDocument('p.js', src).models[0];
    assert.deepEqual(m.layers.map((l) => [l.type, l.range]), [['dense', rangeOf(src, "tf.layers.dense({units: 16, activation: 'tanh', inputShape: [4]})")], ['readout', rangeOf(src, 'tf.layers.dense({units: 1})')]]);
    const note = m.diagnostics!.find((d) => d.code === 'ts-after-readout')!;
    assert.deepEqual([note.severity, note.range], ['info', rangeOf(src, 'tf.layers.dropout({rate: 0.1})')]);
    assert.ok(analyzeDocument('p.js', src).models[0].pStar, 'analysed');
    // A softmax as a layer of its own after the readout is left out too, as the PyTorch reader
    // leaves out an output activation (kept, it stopped the analysis).
    const soft = "const m = tf.sequential();\nm.add(tf.layers.dense({units: 16, activation: 'tanh', inputShape: [4]}));\nm.add(tf.layers.dense({units: 3}));\nm.add(tf.layers.activation({activation: 'softmax'}));\n";
    const sm = parseDocument('s.js', soft).models[0];
    assert.deepEqual(sm.layers.map((l) => l.type), ['dense', 'readout']);
    assert.match(sm.diagnostics!.find((d) => d.code === 'ts-after-readout')!.message, /^tf\.layers\.activation\(…\) after the last dense layer \(the readout\) is not part of the analysis, which reads a linear readout; it is left out$/);
    assert.ok(analyzeDocument('s.js', soft).models[0].pStar, 'analysed');
    // The readout's own activation, dropped, is said too.
    const sig = "const m = tf.sequential();\nm.add(tf.layers.dense({units: 16, activation: 'tanh', inputShape: [4]}));\nm.add(tf.layers.dense({units: 1, activation: 'sigmoid'}));\n";
    const n = parseDocument('g.js', sig).models[0].diagnostics!.find((d) => d.code === 'ts-readout-activation')!;
    assert.strictEqual(n.message, "the readout's activation (sigmoid) is not part of the analysis, which reads a linear readout");
  });

  it('says that a model with no dense layer is not analysed, and makes up no readout', () => {
    const cases: [string, string, RegExp][] = [
      ["const cnn = tf.sequential();\ncnn.add(tf.layers.conv2d({filters: 8, kernelSize: 3, inputShape: [28, 28, 1]}));\ncnn.add(tf.layers.flatten());\n", 'tf.sequential()', /^tf\.sequential\(\) builds a model with no dense layer \(conv2d, flatten\): the analysis needs dense layers and a readout$/],
      ['const a = tf.input({shape: [4, 4]});\nconst y = tf.layers.flatten().apply(a);\nconst m = tf.model({inputs: a, outputs: y});', 'tf.model({inputs: a, outputs: y})', /^tf\.model\(\.\.\.\) builds a model with no dense layer \(flatten\)/],
    ];
    for (const [src, at, re] of cases) {
      const doc = parseDocument('q.js', src);
      assert.equal(doc.models.length, 0, src);
      assert.equal(doc.diagnostics.length, 1, src);
      const d = doc.diagnostics[0];
      assert.deepEqual([d.code, d.severity, d.range], ['tfjs-no-dense', 'warning', rangeOf(src, at)]);
      assert.match(d.message, re);
    }
  });

  it('reads TensorFlow.js held on an object (this.tf = tf): sequential with a layers list or add(), and the functional API', () => {
    const srcs = [
      "class Agent {\n  constructor(tf) { this.tf = tf; }\n  newModel() {\n    this.model = this.tf.sequential({\n      layers: [\n        this.tf.layers.dense({units: 32, activation: 'tanh', inputShape: [8]}),\n        this.tf.layers.dense({units: 4, activation: 'softmax'}),\n      ],\n    });\n  }\n}\n",
      "const tfjs = require('@tensorflow/tfjs');\nclass A {\n  constructor() { this.tfjs = tfjs; }\n  build() {\n    this.net = this.tfjs.sequential();\n    this.net.add(this.tfjs.layers.dense({units: 32, activation: 'tanh', inputShape: [8]}));\n    this.net.add(this.tfjs.layers.dense({units: 1}));\n  }\n}\n",
      "function build() {\n  const x = window.tf.input({shape: [8]});\n  const h = window.tf.layers.dense({units: 32, activation: 'tanh'}).apply(x);\n  return window.tf.model({inputs: x, outputs: window.tf.layers.dense({units: 1}).apply(h)});\n}\n",
    ];
    for (const src of srcs) {
      const doc = parseDocument('h.js', src);
      assert.deepEqual(doc.diagnostics, [], src);
      const m = doc.models[0];
      assert.deepEqual([m.data.dim, m.layers.map((l) => [l.type, (l as { width?: number }).width])], [8, [['dense', 32], ['readout', undefined]]], src);
    }
    const first = parseDocument('h.js', srcs[0]).models[0];
    assert.equal(first.name, 'newModel');
    assert.deepEqual(first.layers[0].range, rangeOf(srcs[0], "this.tf.layers.dense({units: 32, activation: 'tanh', inputShape: [8]})"));
  });

  it('says why a .sequential( of another name is not read in a file that imports TensorFlow.js, and says nothing without the import', () => {
    const src = "const tf = require('@tensorflow/tfjs');\nclass A {\n  constructor(lib) { this.lib = lib; }\n  build() { this.model = this.lib.sequential(); }\n}\n";
    const doc = parseDocument('w.js', src);
    assert.equal(doc.models.length, 0);
    const d = doc.diagnostics.find((x) => x.code === 'tfjs-unread')!;
    assert.deepEqual([d.severity, d.range], ['warning', rangeOf(src, 'this.lib.sequential()')]);
    assert.match(d.message, /^this\.lib\.sequential\(…\) is not read as a TF\.js model: 'lib' is not a name TensorFlow\.js goes by in this file/);
    const plain = [
      'class Q { constructor(run) { this.run = run; }\n  go() { return this.run.sequential(this.steps); } }',
      'const out = app.tasks.sequential([a, b]);\nconst m = this.model({ inputs, outputs });',
      "import * as tf from '@tensorflow/tfjs';\nclass S { sequential() { return 1; } }\nconst t = tf.tensor([1]);",
    ];
    for (const p of plain) assert.deepEqual(parseDocument('n.js', p), { models: [], diagnostics: [] }, p);
    // Receivers it does not follow, in such a file: said too (they gave no model and no word).
    for (const call of ['this?.tf.sequential()', 'tf?.sequential()', "this['tf'].sequential()", 'a.b.c.d.tf.sequential()', 'getTf().sequential()', 'this.tf?.sequential()']) {
      const text = `import * as tf from '@tensorflow/tfjs';\nconst m = ${call};\n`;
      const w = parseDocument('r.js', text).diagnostics.find((x) => x.code === 'tfjs-unread');
      assert.ok(w, call);
      assert.match(w.message, /is not read as a TF\.js model/, call);
    }
  });
});
