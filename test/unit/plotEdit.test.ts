// "Write sizes to file" (one text replacement) and the webview protocol's checks of what comes in.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sizesEdit, type TextReplacement } from '../../src/parse/sizesEdit';
import { parseFromWebview, parseState } from '../../src/contract/webview';
import { parseDocument } from '../../src/parse/index';
import { ROOT } from './helpers';

const apply = (text: string, r: TextReplacement | { error: string }) => {
  assert.ok(!('error' in r), 'error' in r ? r.error : '');
  const e = r as TextReplacement;
  return text.slice(0, e.start) + e.text + text.slice(e.end);
};

describe('plot: write sizes to file', () => {
  it('JSON: replaces the sizes object of the named model; the file still parses with the new sizes', () => {
    const text = readFileSync(join(ROOT, 'examples/three-layer.json'), 'utf8');
    const out = apply(text, sizesEdit('three-layer.json', text, 'three-layer-erf', { d: 100, N1: 10000, N2: 1e6 }));
    assert.match(out, /"sizes": \{ "d": 100, "N1": 10000, "N2": 1000000 \}/);
    assert.deepEqual(parseDocument('three-layer.json', out).models[0].sizes, { d: 100, N1: 10000, N2: 1e6 });
    assert.equal(out.replace(/"sizes": \{[^}]*\}/, ''), text.replace(/"sizes": \{[^}]*\}/, ''), 'nothing else changes');
  });

  it('JSON: adds sizes when the model has none', () => {
    const text = '{\n  "scalingModel": {\n    "name": "m",\n    "layers": [{ "type": "dense", "width": "N" }, { "type": "readout" }]\n  }\n}\n';
    const out = apply(text, sizesEdit('m.json', text, 'm', { d: 64, N: 512 }));
    assert.match(out, /\]\,\n    "sizes": \{ "d": 64, "N": 512 \}\n  \}/);
    assert.deepEqual(parseDocument('m.json', out).models[0].sizes, { d: 64, N: 512 });
  });

  it('TypeScript: rewrites the @scaling sizes line, or adds one under @scaling model', () => {
    const text = readFileSync(join(ROOT, 'examples/annotated-three-layer.ts'), 'utf8');
    const name = parseDocument('a.ts', text).models[0].name;
    const out = apply(text, sizesEdit('a.ts', text, name, { d: 50, N1: 2500, N2: 50 }));
    assert.deepEqual(parseDocument('a.ts', out).models[0].sizes, { d: 50, N1: 2500, N2: 50 });
    const bare = '/**\n * @scaling model tiny\n * @scaling layer dense width=N\n */\nexport {};\n';
    const added = apply(bare, sizesEdit('t.ts', bare, 'tiny', { d: 10, N: 100 }));
    assert.equal(added, '/**\n * @scaling model tiny\n * @scaling sizes d=10 N=100\n * @scaling layer dense width=N\n */\nexport {};\n');
  });

  it('refuses what it cannot edit, with a reason', () => {
    assert.match((sizesEdit('x.json', '{"modelTopology": {}}', 'm', { d: 1 }) as { error: string }).error, /no scalingModel/);
    assert.match((sizesEdit('x.json', '{ bad', 'm', { d: 1 }) as { error: string }).error, /not valid JSON/);
    assert.match((sizesEdit('x.ts', 'const a = 1;', 'm', { d: 1 }) as { error: string }).error, /no model is read from this file/);
  });

  // The tags of a script were found by the nearest comment opener before `@scaling model NAME` and
  // the first closer after it: with line comments and a block comment further on (a licence header
  // above, another model's block below), that span held the next model's tags, and the sizes of
  // one model were written over another's.
  const TWO = `/* Licence header */
// @scaling model first
// @scaling layer dense width=N activation=tanh
export const a = 1;
/**
 * @scaling model second
 * @scaling layer dense width=N activation=relu
 * @scaling sizes d=20 N=200
 */
export const b = 2;
`;
  it('TypeScript: the sizes go to the named model\'s own block of line comments, never to the next model\'s', () => {
    const before = parseDocument('m.ts', TWO).models;
    const out = apply(TWO, sizesEdit('m.ts', TWO, 'first', { d: 11, N: 111 }));
    assert.ok(out.includes('// @scaling model first\n// @scaling sizes d=11 N=111\n// @scaling layer dense width=N activation=tanh\n'), out);
    const after = parseDocument('m.ts', out).models;
    assert.deepEqual(after.map((m) => [m.name, m.sizes]), [['first', { ...before[0].sizes, d: 11, N: 111 }], ['second', before[1].sizes]]);
    // And the second model's own sizes tag, in its block comment.
    const out2 = apply(TWO, sizesEdit('m.ts', TWO, 'second', { d: 21, N: 201 }));
    assert.equal(out2, TWO.replace('@scaling sizes d=20 N=200', '@scaling sizes d=21 N=201'));
  });

  it('Python: the model\'s own # @scaling block, a new comment line above an untagged model, or a refusal where the code states the widths', () => {
    const py = 'import torch.nn as nn\n\n\nclass Net(nn.Module):\n    def __init__(self, d_in, hidden):\n        super().__init__()\n        self.fc = nn.Linear(d_in, hidden)\n        self.out = nn.Linear(hidden, 1)\n\n    def forward(self, x):\n        return self.out(self.fc(x).tanh())\n';
    const name = parseDocument('net.py', py).models[0].name;
    // Untagged: a comment line of its own above the class.
    const added = apply(py, sizesEdit('net.py', py, name, { d: 784, hidden: 512 }));
    assert.ok(added.includes('\n\n# @scaling sizes d=784 hidden=512\nclass Net(nn.Module):'), added);
    assert.deepEqual(parseDocument('net.py', added).models[0].sizes, { d: 784, hidden: 512 });
    // Tagged: the sizes tag of its block, replaced.
    const again = apply(added, sizesEdit('net.py', added, name, { d: 784, hidden: 2048 }));
    assert.equal(again, added.replace('hidden=512', 'hidden=2048'));
    // Widths the code states: a tag would contradict the code, so nothing is written.
    const literal = 'import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 1))\n';
    const r = sizesEdit('net.py', literal, parseDocument('net.py', literal).models[0].name, { d: 784, N1: 4096 });
    assert.ok('error' in r);
    assert.match(r.error, /N1=4096 but the code says 256|change them there/);
  });
});

describe('plot: webview protocol', () => {
  it('accepts well-formed messages and rejects everything else', () => {
    assert.deepEqual(parseFromWebview({ type: 'ready' }), { type: 'ready' });
    assert.ok(parseFromWebview({ type: 'export', format: 'csv', name: 'a.csv', data: 'x' }));
    assert.ok(parseFromWebview({ type: 'writeSizes', uri: 'file:///a.json', model: 'm', sizes: { d: 100 } }));
    for (const bad of [
      null, 'ready', { type: 'nope' },
      { type: 'export', format: 'exe', name: 'a', data: '' },
      { type: 'export', format: 'csv', name: '../../etc/passwd', data: '' },
      { type: 'export', format: 'png', name: 'a.png', data: 'not a data url' },
      { type: 'writeSizes', uri: 'u', model: 'm', sizes: { d: -1 } },
      { type: 'writeSizes', uri: 'u', model: 'm', sizes: { 'd; rm': 2 } },
      { type: 'writeSizes', uri: 'u', model: 'm', sizes: { d: Infinity } },
    ]) assert.equal(parseFromWebview(bad), undefined, JSON.stringify(bad));
  });

  it('keeps only valid parts of a restored state', () => {
    const kept = parseState({ uri: 'file:///a', model: 'm', tab: 'phase', axes: ['N1', 'N2'], overrides: { k: { d: 10 }, bad: { d: 'x' } }, junk: 1 });
    assert.deepEqual({ ...kept, overrides: { ...kept.overrides } }, { uri: 'file:///a', model: 'm', tab: 'phase', axes: ['N1', 'N2'], overrides: { k: { d: 10 } } });
    assert.deepEqual(parseState('nope'), {});
    // A model keyed "__proto__" (JSON.parse makes it an own key) is kept as a key, not set as the
    // prototype of the overrides; and a size named like a key of Object.prototype is no size.
    const s = parseState(JSON.parse('{"overrides": {"__proto__": {"d": 20}, "m": {"constructor": 3}}}'));
    assert.deepEqual(Object.entries(s.overrides!), [['__proto__', { d: 20 }]]);
    assert.equal(Object.getPrototypeOf(s.overrides), null);
    assert.equal(parseFromWebview({ type: 'writeSizes', uri: 'u', model: 'm', sizes: JSON.parse('{"__proto__": 5}') }), undefined);
  });
});
