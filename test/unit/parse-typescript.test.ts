// The TypeScript/JavaScript front end: the tokenizer (strings, templates, regexes, comments),
// `@scaling` tags, TF.js code, constants, the tag-wins rule, and diagnostics with their positions.
import * as assert from 'assert';
import { parseDocument, mightContainModel } from '../../src/parse';
import { tokenize } from '../../src/parse/jsTokens';
import type { Diagnostic } from '../../src/model/types';
import { rangeOf, R } from './helpers';


function all(doc: { models: { diagnostics?: Diagnostic[] }[]; diagnostics: Diagnostic[] }): Diagnostic[] {
  return [...doc.diagnostics, ...doc.models.flatMap((m) => m.diagnostics ?? [])];
}
function one(diags: Diagnostic[], code: string): Diagnostic {
  const d = diags.filter((x) => x.code === code);
  assert.strictEqual(d.length, 1, `expected one ${code}, got ${JSON.stringify(diags, null, 1)}`);
  return d[0];
}

describe('parse: JS/TS tokenizer', () => {
  const kinds = (src: string) => tokenize(src).tokens.map((t) => `${t.kind}:${t.text}`);

  it('does not read code inside strings, templates or comments', () => {
    const src = "const a = 'tf.layers.dense({'; const b = \"x\\\"y\"; // tf.sequential()\n/* model.add( */ const c = `t ${ {k: 1}.k } tf.layers.dense(`;";
    const idents = tokenize(src).tokens.filter((t) => t.kind === 'ident').map((t) => t.text);
    assert.deepStrictEqual(idents, ['const', 'a', 'const', 'b', 'const', 'c', 'k', 'k']);
    const { comments } = tokenize(src);
    assert.deepStrictEqual(comments.map((c) => c.text), ['// tf.sequential()', '/* model.add( */']);
    const strs = tokenize(src).tokens.filter((t) => t.kind === 'string').map((t) => t.value);
    assert.deepStrictEqual(strs, ['tf.layers.dense({', 'x"y']);
  });

  it('handles nested template literals', () => {
    const t = kinds('x = `a${`b${c}d`}e`;');
    assert.deepStrictEqual(t, ['ident:x', 'punct:=', 'template:`a${', 'template:`b${', 'ident:c', 'template:}d`', 'template:}e`', 'punct:;']);
  });

  it('tells regular expressions from division', () => {
    assert.deepStrictEqual(kinds('a = b / c / d'), ['ident:a', 'punct:=', 'ident:b', 'punct:/', 'ident:c', 'punct:/', 'ident:d']);
    assert.deepStrictEqual(kinds("r = /'[/]\\/*x/g; y"), ['ident:r', 'punct:=', "regex:/'[/]\\/*x/g", 'punct:;', 'ident:y']);
    assert.deepStrictEqual(kinds('return /a"b/.test(s)').slice(0, 2), ['ident:return', 'regex:/a"b/']);
    assert.deepStrictEqual(kinds('f(x) / 2'), ['ident:f', 'punct:(', 'ident:x', 'punct:)', 'punct:/', 'number:2']);
  });

  it('reads numbers with separators, exponents and hex', () => {
    const nums = tokenize('1_000 2.5e3 0x10 .5 10n').tokens.map((t) => t.num);
    assert.deepStrictEqual(nums, [1000, 2500, 16, 0.5, 10]);
  });

  it('never throws on unterminated constructs', () => {
    for (const s of ['"abc', '`abc ${', '/* x', "'a\n", '/[/', '`${`${']) assert.ok(tokenize(s));
  });
});

const THREE = `/**
 * @scaling model three-layer-erf
 * @scaling data gaussian dim=d
 * @scaling target single-index degree=3
 * @scaling layer dense width=N1 activation=erf
 * @scaling layer dense width=N2 activation=erf
 * @scaling readout standard
 * @scaling sizes d=100 N1=10000 N2=100
 * @scaling regime N1=d^2 N2=d
 */
export const x = 1;
`;

describe('parse: @scaling tags', () => {
  it('says a second model tag, and a size given twice, at the one that is read (the last wins; it was silent)', () => {
    const src = '/**\n * @scaling model first\n * @scaling model second\n * @scaling layer dense width=N activation=erf\n * @scaling sizes d=10 N=100 d=20\n */\nexport const m = 1;\n';
    const m = parseDocument('t.ts', src).models[0];
    assert.deepStrictEqual([m.name, m.sizes], ['second', { d: 20, N: 100 }]);
    assert.deepStrictEqual(m.diagnostics!.filter((d) => d.code === 'repeated-key').map((d) => d.message), [
      'a second "@scaling model" tag: the model is called "second", not "first"',
      'd is given again in "@scaling sizes" (it was 10 at 5:19); this value is read',
    ]);
  });
  it('says which model a block describes where the model is not right under it (a block above a helper took a model 10 lines on, without a word)', () => {
    const src = "import * as tf from '@tensorflow/tfjs';\n/**\n * @scaling model far\n * @scaling regime N1=d\n */\nfunction helper() { return 1; }\nconst K = 3;\n\n\nconst model = tf.sequential();\nmodel.add(tf.layers.dense({ units: 64, inputShape: [8], activation: 'relu' }));\nmodel.add(tf.layers.dense({ units: 1 }));\n";
    const m = parseDocument('far.ts', src).models[0];
    const info = m.diagnostics!.find((d) => d.code === 'ts-block-model')!;
    assert.deepStrictEqual([info.severity, info.message, info.range.start.line], ['info', 'this block describes the model built at line 10 (tf.sequential()), the first one after it', 2]);
    const py = parseDocument('far.py', 'import torch.nn as nn\n# @scaling model far\n\ndef helper():\n    return 1\n\nK = 3\n\nclass Small(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.a = nn.Linear(8, 4)\n        self.b = nn.Linear(4, 1)\n    def forward(self, x):\n        return self.b(self.a(x).tanh())\n').models[0];
    assert.equal(py.diagnostics!.find((d) => d.code === 'py-block-model')?.message, 'the @scaling block at line 2 describes Small, the first model after it');
  });
  it('reads a tag written in another case, and says how it is written (sizes in "@SCALING sizes" were dropped without a word)', () => {
    const src = '/**\n * @Scaling model capital\n * @scaling layer dense width=N activation=erf\n * @SCALING sizes d=100 N=1000\n */\nexport const m = 1;\n';
    const m = parseDocument('c.ts', src).models[0];
    assert.deepStrictEqual([m.name, m.sizes], ['capital', { d: 100, N: 1000 }]);
    const w = m.diagnostics!.filter((d) => d.code === 'tag-case');
    assert.deepStrictEqual(w.map((d) => [d.severity, d.message, d.range.start]), [
      ['warning', '"@Scaling" is read as "@scaling": tags are written in lower case', { line: 1, character: 3 }],
      ['warning', '"@SCALING" is read as "@scaling": tags are written in lower case', { line: 3, character: 3 }],
    ]);
    // Python's comment tags alike.
    const py = parseDocument('n.py', 'import torch.nn as nn\n# @SCALING sizes d=100\nnet = nn.Sequential(nn.Linear(784, 64), nn.Tanh(), nn.Linear(64, 1))\n').models[0];
    assert.ok(py.diagnostics!.some((d) => d.code === 'tag-case'));
  });
  it('reads the formats.md tag block with exact ranges', () => {
    const doc = parseDocument('a.ts', THREE);
    assert.deepStrictEqual(all(doc), []);
    const m = doc.models[0];
    assert.strictEqual(m.name, 'three-layer-erf');
    assert.strictEqual(m.source, 'typescript');
    assert.deepStrictEqual(m.range, R(0, 0, 9, 3));
    assert.deepStrictEqual(m.layers, [
      { type: 'dense', width: 'N1', activation: 'erf', range: R(4, 3, 4, 47), origin: { text: '@scaling layer dense width=N1 activation=erf', range: R(4, 3, 4, 47) } },
      { type: 'dense', width: 'N2', activation: 'erf', range: R(5, 3, 5, 47), origin: { text: '@scaling layer dense width=N2 activation=erf', range: R(5, 3, 5, 47) } },
      { type: 'readout', range: R(6, 3, 6, 28), origin: { text: '@scaling readout standard', range: R(6, 3, 6, 28) } },
    ]);
    assert.deepStrictEqual(m.sizes, { d: 100, N1: 10000, N2: 100 });
    assert.deepStrictEqual(m.regime, { N1: 'd^2', N2: 'd' });
    assert.deepStrictEqual(m.origins!['sizes.N1'].range, rangeOf(THREE, '10000'));
    assert.deepStrictEqual(m.origins!['regime.N1'].range, rangeOf(THREE, 'd^2'));
    assert.deepStrictEqual(m.target, { kind: 'single-index', degree: 3 });
    assert.deepStrictEqual(m.assumptions, []);
  });

  it('reads several tags on one line, the hermite alias, kappa and mean-field', () => {
    const src = '/** @scaling model m  @scaling target hermite degree=5 @scaling readout mean-field @scaling kappa 0.01 @scaling layer dense width=N */\n';
    const doc = parseDocument('a.js', src);
    assert.deepStrictEqual(doc.diagnostics, []);
    const m = doc.models[0];
    assert.strictEqual(m.name, 'm');
    assert.strictEqual(m.target.degree, 5);
    assert.deepStrictEqual(m.parametrization, { readout: 'mean-field', kappa: 0.01 });
    assert.deepStrictEqual(m.layers[0].range, rangeOf(src, '@scaling layer dense width=N'));
  });

  it('records @scaling assume as annotation assumptions and defaults as default ones', () => {
    const m = parseDocument('a.ts', '/** @scaling model m @scaling assume degree=4 readout=mean-field @scaling layer dense width=N */').models[0];
    assert.strictEqual(m.target.degree, 4);
    const src = Object.fromEntries(m.assumptions!.map((a) => [a.what, a.source]));
    assert.strictEqual(src['target degree'], 'annotation');
    assert.strictEqual(src['readout'], 'annotation');
    assert.strictEqual(src['activation of dense layer 1'], 'default');
    assert.strictEqual(src['readout layer'], 'default');
    const s = parseDocument('a.ts', '/** @scaling model m @scaling layer dense width=N */', { defaults: { degree: 2 } }).models[0];
    assert.deepStrictEqual(s.assumptions!.find((a) => a.what === 'target degree'), { what: 'target degree', value: '2', source: 'setting' });
  });

  it('reads blocks of // line comments', () => {
    const src = '// @scaling model lines\n// @scaling layer dense width=N activation=relu\n// @scaling readout\nconst z = 1;\n';
    const m = parseDocument('a.ts', src).models[0];
    assert.strictEqual(m.name, 'lines');
    assert.deepStrictEqual(m.layers.map((l) => l.type), ['dense', 'readout']);
  });

  it('reads attention layers and keeps unknown layer types as not covered', () => {
    const src = '/**\n * @scaling model head\n * @scaling layer attention context=L heads=1\n * @scaling layer layernorm\n * @scaling readout\n * @scaling sizes d=64 L=128\n */';
    const doc = parseDocument('a.ts', src);
    const m = doc.models[0];
    assert.deepStrictEqual(m.layers.map((l) => l.type), ['attention', 'layernorm', 'readout']);
    assert.deepStrictEqual(m.layers[0], { type: 'attention', context: 'L', heads: 1, range: R(2, 3, 2, 45), origin: { text: '@scaling layer attention context=L heads=1', range: R(2, 3, 2, 45) } });
    const w = one(all(doc), 'uncovered-layer');
    assert.strictEqual(w.severity, 'warning');
    assert.deepStrictEqual(w.range, rangeOf(src, 'layernorm'));
  });

  const bad: { what: string; src: string; code: string; at: string; msg: RegExp; severity?: string }[] = [
    { what: 'unknown tag', src: '/** @scaling model m @scaling layer dense width=N @scaling widht 3 */', code: 'ts-unknown-tag', at: 'widht', msg: /unknown tag "@scaling widht"; known tags: model, data, target, layer, readout/ },
    // An error: read without it, the misspelt layer was left out and the rest got a number.
    { what: 'misspelt tag', src: '/** @scaling model m @scaling layer dense width=N1 @scaling layr dense width=N2 */', code: 'ts-unknown-tag', at: 'layr', msg: /^unknown tag "@scaling layr" \(did you mean "layer"\?\); known tags: / },
    { what: 'zero width', src: '/** @scaling model m @scaling layer dense width=0 */', code: 'bad-width', at: '0', msg: /at least 1/ },
    { what: 'bad width symbol', src: '/** @scaling model m @scaling layer dense width=N% */', code: 'bad-width', at: 'N%', msg: /is not a number or a symbol \(N1\)/ },
    { what: 'degree 0', src: '/** @scaling model m @scaling target single-index degree=0 @scaling layer dense width=N */', code: 'bad-degree', at: '0', msg: /at least 1/ },
    { what: 'bad readout', src: '/** @scaling model m @scaling readout wide @scaling layer dense width=N */', code: 'bad-readout', at: 'wide', msg: /"standard" or "mean-field"/ },
    { what: 'non-gaussian data', src: '/** @scaling model m @scaling data images dim=d @scaling layer dense width=N */', code: 'bad-data', at: 'images', msg: /not covered/ },
    { what: 'unknown layer key', src: '/** @scaling model m @scaling layer dense wdth=N */', code: 'unknown-key', at: 'wdth', msg: /allowed keys: width, activation, bias or name/ },
    { what: 'regime symbol not in model', src: '/** @scaling model m @scaling layer dense width=N @scaling regime N3=d */', code: 'bad-regime', at: 'N3', msg: /no size N3 \(its sizes: N\)/ },
    { what: 'regime not in d', src: '/** @scaling model m @scaling layer dense width=N @scaling regime N=L^2 */', code: 'bad-regime', at: 'L^2', msg: /power of d/ },
    { what: 'bad size', src: '/** @scaling model m @scaling layer dense width=N @scaling sizes N=-4 */', code: 'bad-size', at: '-4', msg: /positive/ },
    { what: 'no layers', src: '/** @scaling model lonely */\nconst a = 1;', code: 'ts-no-model', at: '@scaling model lonely', msg: /has no layers/ },
    { what: 'missing key=value', src: '/** @scaling model m @scaling layer dense width=N @scaling sizes d */', code: 'ts-bad-tag', at: ' d ', msg: /expected key=value/ },
  ];
  for (const c of bad) {
    it(`diagnoses ${c.what} at the offending word`, () => {
      const doc = parseDocument('a.ts', c.src);
      const d = one(all(doc), c.code);
      assert.match(d.message, c.msg);
      assert.strictEqual(d.severity, c.severity ?? 'error');
      let want = rangeOf(c.src, c.at, c.at === '0' || c.at === '-4' ? 0 : 0);
      if (c.at === ' d ') want = R(0, want.start.character + 1, 0, want.end.character - 1);
      if (c.at === '0') want = rangeOf(c.src, '=0');
      if (c.at === '0') want = R(0, want.start.character + 1, 0, want.end.character);
      assert.deepStrictEqual(d.range, want);
      assert.strictEqual(doc.models.length, (c.severity ?? 'error') === 'error' ? 0 : 1);
    });
  }
});

const MNIST = `import * as tf from '@tensorflow/tfjs';
const HIDDEN = 512;
const HALF: number = HIDDEN / 2;
/** @scaling model mnist-mlp  @scaling target single-index degree=3 */
const model = tf.sequential();
model.add(tf.layers.dense({ units: HIDDEN, activation: 'tanh', inputShape: [784] }));
model.add(tf.layers.dense({ units: HALF, activation: 'tanh' }));
model.add(tf.layers.dense({ units: 1 }));
`;

describe('parse: TF.js code under a block', () => {
  it('reads model.add(tf.layers.dense(...)) with constants, ranges and d from inputShape', () => {
    const doc = parseDocument('m.ts', MNIST);
    assert.deepStrictEqual(doc.diagnostics, []);
    const m = doc.models[0];
    assert.strictEqual(m.name, 'mnist-mlp');
    assert.deepStrictEqual(m.data, { kind: 'gaussian', dim: 784 });
    assert.deepStrictEqual(m.origins!.d.range, rangeOf(MNIST, 'inputShape: [784]'));
    assert.deepStrictEqual(m.range, R(3, 0, 7, 40));
    assert.deepStrictEqual(
      m.layers.map((l) => [l.type, (l as { width?: unknown }).width, (l as { activation?: string }).activation, l.range]),
      [
        ['dense', 512, 'tanh', R(5, 10, 5, 83)],
        ['dense', 256, 'tanh', R(6, 10, 6, 62)],
        ['readout', undefined, undefined, R(7, 10, 7, 39)],
      ],
    );
    assert.strictEqual(m.layers[0].origin!.text, "units: HIDDEN = 512, activation: 'tanh'");
    assert.deepStrictEqual(m.layers[0].origin!.range, rangeOf(MNIST, 'units: HIDDEN'));
    assert.strictEqual(m.layers[1].origin!.text, "units: HALF = 256, activation: 'tanh'");
  });

  it('reads tf.sequential({ layers: [...] }) and keeps other layers as not covered', () => {
    const src = `/** @scaling model s */\nexport const net = tf.sequential({\n  layers: [\n    tf.layers.dense({ units: 64, inputShape: [32], activation: 'relu' }),\n    tf.layers.dropout({ rate: 0.5 }),\n    tf.layers.dense({ units: 10, activation: 'softmax' }),\n  ],\n});\n`;
    const doc = parseDocument('s.js', src);
    const m = doc.models[0];
    assert.deepStrictEqual(m.layers.map((l) => l.type), ['dense', 'dropout', 'readout']);
    assert.deepStrictEqual(m.layers[1].range, rangeOf(src, 'tf.layers.dropout({ rate: 0.5 })'));
    assert.match((m.layers[1] as { reason: string }).reason, /dropout/);
    assert.strictEqual(m.data.dim, 32);
    const info = one(m.diagnostics!, 'ts-readout');
    assert.match(info.message, /last dense layer \(10 units\) is read as the readout/);
    assert.deepStrictEqual(m.assumptions!.find((a) => a.what === 'target degree')?.source, 'default');
  });

  it('the tag wins: a symbol takes the code number as its size; other conflicts warn', () => {
    const src = `/**
 * @scaling model c
 * @scaling data gaussian dim=d
 * @scaling layer dense width=N1 activation=erf
 * @scaling layer dense width=300
 * @scaling readout
 */
const model = tf.sequential();
model.add(tf.layers.dense({ units: 512, activation: 'tanh', inputShape: [784] }));
model.add(tf.layers.dense({ units: 256 }));
model.add(tf.layers.dense({ units: 1 }));
`;
    const doc = parseDocument('c.ts', src);
    const m = doc.models[0];
    assert.deepStrictEqual(m.sizes, { N1: 512, d: 784 });
    assert.deepStrictEqual(m.origins!['sizes.N1'].range, rangeOf(src, 'units: 512'));
    assert.deepStrictEqual(m.layers.map((l) => [(l as { width?: unknown }).width, (l as { activation?: string }).activation]), [['N1', 'erf'], [300, 'linear'], [undefined, undefined]]);
    const diags = m.diagnostics!.filter((d) => d.code === 'ts-conflict');
    assert.strictEqual(diags.length, 2);
    assert.match(diags[0].message, /says activation=erf but the code says 'tanh'; the tag wins/);
    assert.deepStrictEqual(diags[0].range, rangeOf(src, 'erf'));
    assert.match(diags[1].message, /width=300 but the code says units: 256; the tag wins/);
    assert.deepStrictEqual(diags[1].range, rangeOf(src, '300'));
  });

  it('names what it cannot resolve instead of guessing', () => {
    const src = `/** @scaling model u */\nconst model = tf.sequential();\nmodel.add(tf.layers.dense({ units: config.hidden, inputShape: [784] }));\nmodel.add(tf.layers.dense({ units: WIDTH }));\nmodel.add(tf.layers.dense({ units: 1 }));\n`;
    const doc = parseDocument('u.ts', src);
    const diags = all(doc).filter((d) => d.code === 'ts-unresolved');
    assert.strictEqual(diags.length, 2);
    assert.match(diags[0].message, /units: config\.hidden cannot be read statically/);
    assert.deepStrictEqual(diags[0].range, rangeOf(src, 'units: config.hidden'));
    assert.match(diags[1].message, /'WIDTH' is not a constant declared in this file/);
    // Those layers have no width, so they are not guessed; the tag-less model keeps what it can read.
    assert.ok(doc.models.every((m) => m.layers.every((l) => (l as { width?: unknown }).width !== undefined || l.type === 'readout')));
  });

  it('ignores code in strings and comments, and says why a tf.model under a block cannot be read', () => {
    const src = `/** @scaling model f @scaling layer dense width=N */\nconst s = "model.add(tf.layers.dense({ units: 3 }))";\n// tf.sequential()\nconst g = tf.model({ inputs, outputs });\n`;
    const doc = parseDocument('f.ts', src);
    const m = doc.models[0];
    assert.deepStrictEqual(m.layers.map((l) => l.type), ['dense', 'readout']);
    const w = one(m.diagnostics!, 'ts-unresolved');
    assert.match(w.message, /tf\.model\(\.\.\.\) builds a model whose layers cannot be read: 'outputs' is not assigned in this file/);
    assert.deepStrictEqual(w.range, rangeOf(src, 'outputs'));
  });

  it('gives each block the code up to the next block', () => {
    const src = `/** @scaling model a */\nconst a = tf.sequential();\na.add(tf.layers.dense({ units: 8, inputShape: [4] }));\na.add(tf.layers.dense({ units: 1 }));\n/** @scaling model b */\nconst b = tf.sequential();\nb.add(tf.layers.dense({ units: 16, inputShape: [4] }));\nb.add(tf.layers.dense({ units: 1 }));\n`;
    const doc = parseDocument('ab.ts', src);
    assert.deepStrictEqual(doc.models.map((m) => [m.name, (m.layers[0] as { width: number }).width, m.layers.length]), [['a', 8, 2], ['b', 16, 2]]);
  });
});

describe('parse: detection and dispatch', () => {
  it('mightContainModel is true for files that can hold a model', () => {
    assert.ok(mightContainModel('a.ts', '/** @scaling model x */'));
    assert.ok(mightContainModel('m.json', '{"scalingModel": {}}'));
    assert.ok(mightContainModel('model.json', '{"modelTopology": {}}'));
    assert.ok(mightContainModel('config.json', '{"model_type": "gpt2"}'));
    assert.ok(mightContainModel('config.json', '{"n_embd": 768}'));
    assert.ok(mightContainModel('m.jsonc', '// x\n{"scalingModel": {}}'));
    assert.ok(mightContainModel('Untitled-1', '{"scalingModel": {}}'));
  });
  it('mightContainModel is false for unrelated files', () => {
    assert.ok(!mightContainModel('a.ts', 'export const x = 1; // tf.layers.dense'));
    assert.ok(!mightContainModel('package.json', '{"name": "x", "scripts": {}}'));
    assert.ok(!mightContainModel('README.md', '@scaling model x'));
    assert.ok(!mightContainModel('a.py', '{"scalingModel": 1}'));
  });
  it('parseDocument returns nothing for unrelated files', () => {
    assert.deepStrictEqual(parseDocument('a.ts', 'const x = 1;'), { models: [], diagnostics: [] });
    assert.deepStrictEqual(parseDocument('notes.txt', 'hello'), { models: [], diagnostics: [] });
  });
});
