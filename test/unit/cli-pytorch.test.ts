// PyTorch files from the command line and in the editor's pre-filter: `scaling-lens analyze
// examples/pytorch-mlp.py` (the README's command), a directory walk that reads model files and
// skips training scripts, net.scaling.json beside net.py, and which documents the editor sends on.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnalyzeOutput } from '../../src/contract/result';
import { pathSelected } from '../../src/extension/select';
import { mightContainModel } from '../../src/parse/index';
import { overriddenFileNames, overrideFileName } from '../../src/parse/override';
import { parseDocument } from '../../src/parse';
import { cli, ROOT } from './helpers';

const NET = 'import torch.nn as nn\n\nclass Net(nn.Module):\n    def __init__(self, d=100, h=1000):\n        super().__init__()\n        self.fc = nn.Linear(d, h)\n        self.out = nn.Linear(h, 1)\n\n    def forward(self, x):\n        return self.out(nn.functional.gelu(self.fc(x)))\n';
const TRAIN = 'import torch\nfrom net import Net\n\nmodel = Net()\nopt = torch.optim.Adam(model.parameters())\nfor step in range(100):\n    opt.step()\n';

describe('cli: PyTorch files', () => {
  it('analyses examples/pytorch-mlp.py as the README says', () => {
    const r = cli(['analyze', 'examples/pytorch-mlp.py']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /model pytorch-mlp \(line 14\)\n {4}P\* ∝ κ·√\(N1·d\) {3}= κ·d\^1 under the regime {3}≈ 634 at the sizes \(no prefactor\) {3}\[derived, certified\]/);
    assert.match(r.out, /sizes: N1 = 512, N2 = 256, d = 784/);
    assert.match(r.out, /1\. dense N1 = 512 \(tanh\)/);
    // The probe's width is not in the file: named where it is used, and the result asks for it.
    assert.match(r.out, /model make_probe/);
    assert.match(r.out, /examples\/pytorch-mlp\.py:32:\d+: warning: out_features `width` cannot be read statically: `width` is a parameter of make_probe\(\) without a default/);
    assert.match(r.out, /Results stay symbolic: no numeric value for width/);
  });

  it('walks a directory: reads the model file, skips the training script, applies net.scaling.json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sl-py-'));
    writeFileSync(join(dir, 'net.py'), NET);
    writeFileSync(join(dir, 'train.py'), TRAIN);
    writeFileSync(join(dir, 'net.scaling.json'), JSON.stringify({ scalingModel: { regime: { N1: 'd^2' } } }));
    const r = cli(['analyze', '.', '--json'], dir);
    assert.equal(r.code, 0, r.out);
    const out = JSON.parse(r.out) as AnalyzeOutput;
    // train.py only imports torch: not read. The override is listed as what it is, with no model.
    assert.deepEqual(out.files.map((f) => [f.file, f.models.length]), [['net.py', 1], ['net.scaling.json', 0]]);
    const m = out.files[0].models[0];
    assert.deepEqual(m.regime, { N1: 'd^2' });
    assert.ok(m.assumptions!.some((a) => a.what === 'regime N1' && a.source === 'override'));
    assert.equal(m.pStar!.inD, '3/2');
  });

  it('names the override of net.py net.scaling.json, and says so in it', () => {
    assert.equal(overrideFileName('/w/net.py'), '/w/net.scaling.json');
    assert.equal(overrideFileName('/w/net.ts'), '/w/net.scaling.json');
    assert.equal(overrideFileName('/w/net.mjs'), '/w/net.scaling.json');
    assert.deepEqual(overriddenFileNames('/w/net.scaling.json').slice(0, 4), ['/w/net.json', '/w/net.py', '/w/net.ts', '/w/net.js']);
    const doc = parseDocument('/w/net.scaling.json', JSON.stringify({ scalingModel: { target: { degree: 3 } } }));
    assert.match(doc.diagnostics[0].message, /^Overrides the assumptions of net\.json or the code net\.py, net\.ts, net\.js beside it/);
  });

  // Beside TF.js code the override was not read: the width the code computes stayed a symbol.
  it('applies net.scaling.json beside TF.js code too', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sl-js-'));
    writeFileSync(join(dir, 'net.js'), "const model = tf.sequential();\nmodel.add(tf.layers.dense({units: hidden, inputShape: [784], activation: 'tanh'}));\nmodel.add(tf.layers.dense({units: 1}));\n");
    writeFileSync(join(dir, 'net.scaling.json'), JSON.stringify({ scalingModel: { sizes: { N1: 2048 }, target: { degree: 5 } } }));
    const r = cli(['analyze', 'net.js', '--json'], dir);
    assert.equal(r.code, 0, r.out);
    const m = (JSON.parse(r.out) as AnalyzeOutput).files[0].models[0];
    assert.equal(m.sizes!.N1, 2048);
    assert.ok(m.assumptions!.some((a) => a.what === 'size N1' && a.source === 'override'));
    assert.ok(m.assumptions!.some((a) => a.source === 'override' && /degree/.test(a.what)), JSON.stringify(m.assumptions));
  });
});

describe('extension: Python documents', () => {
  it('sends on a Python file that builds a model, not one that only imports torch', () => {
    assert.ok(mightContainModel('/w/net.py', NET));
    assert.ok(mightContainModel('/w/seq.py', 'model = nn.Sequential(nn.Linear(3, 1))'));
    assert.ok(!mightContainModel('/w/train.py', TRAIN));
    assert.ok(!mightContainModel('/w/util.py', 'import torch\nx = torch.zeros(3)\n'));
  });
  it('activates on Python, offers its commands there, and includes **/*.py in the default file globs', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    assert.ok(pkg.activationEvents.includes('onLanguage:python'));
    for (const item of pkg.contributes.menus.commandPalette) assert.match('python', new RegExp(item.when.replace(/^editorLangId =~ \/(.*)\/$/, '$1')));
    const inc: string[] = pkg.contributes.configuration.properties['scalingLens.files.include'].default;
    assert.ok(pathSelected('models/net.py', inc, ['**/node_modules/**']));
  });
});
