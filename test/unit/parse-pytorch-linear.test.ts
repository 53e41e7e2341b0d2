// The Python tokenizer and the PyTorch reader are linear in their input: ten times the input takes
// less than fifty times the time (CPU time, the least of several runs, so that other processes on
// a busy machine do not count). Realistic files and the long shapes that break naive readers.
import * as assert from 'assert';
import { parseDocument } from '../../src/parse';
import { tokenizePython } from '../../src/parse/python/tokens';
import { pythonModelFile } from '../../bench/pythonSource';
import { assertLinear, RATIO } from './linear';

const L = 'import torch.nn as nn\n';
const SHAPES: [what: string, make: (n: number) => string][] = [
  ['a model file of n lines', (n) => pythonModelFile(n)],
  ['an nn.Sequential of n layers', (n) => `${L}m = nn.Sequential(${'nn.Linear(8, 8), nn.Tanh(), '.repeat(n / 4)}nn.Linear(8, 1))\n`],
  ['a sum of n terms', (n) => `${L}W = ${Array.from({ length: n }, (_, i) => String(i % 7)).join(' + ')}\nm = nn.Sequential(nn.Linear(4, W), nn.Tanh(), nn.Linear(W, 1))\n`],
  ['n lines of constants', (n) => `${L}${Array.from({ length: n }, (_, i) => `C${i} = ${i % 5} + 1`).join('\n')}\nm = nn.Sequential(nn.Linear(4, C3), nn.Tanh(), nn.Linear(C3, 1))\n`],
  ['a loop body of n statements', (n) => `${L}layers = []\nfor i in range(4):\n${'    layers.append(nn.Identity())\n'.repeat(n / 4)}m = nn.Sequential(nn.Linear(4, 4), *layers, nn.Linear(4, 1))\n`],
  ['n f-strings and comments', (n) => `${L}${'s = f"{1 + 2}-{\'x\'}"  # nn.Linear(\n'.repeat(n)}m = nn.Sequential(nn.Linear(4, 4), nn.ReLU(), nn.Linear(4, 1))\n`],
];

describe('PyTorch reader: linear time', function () {
  this.timeout(60000);
  for (const [what, make] of SHAPES) {
    it(`reads ${what}: 10x the input in under ${RATIO}x the time`, () => {
      const r = assertLinear(what, make, (s) => parseDocument('m.py', s), 400);
      if (process.env.SHOW_RATIOS) console.log(`      ${what}: ${r.toFixed(1)}x`);
      // Read (an nn.Sequential of 1,001 layers is read in full, then refused as deeper than a model may have).
      const doc = parseDocument('m.py', make(4000));
      assert.ok(doc.models.length >= 1 || doc.diagnostics.some((d) => d.code === 'too-many-layers'), JSON.stringify(doc.diagnostics));
    });
  }

  // A chain of subclasses (found by a review: each class's bases were walked again from it, quadratic,
  // and 4,000 of them were an internal error, exit 3), plain and with each forward calling super's.
  for (const [what, one] of [
    ['a chain of n subclasses', (i: number) => `class C${i}(C${i - 1}):\n    pass\n`],
    ['a chain of n subclasses whose forward calls super()', (i: number) => `class C${i}(C${i - 1}):\n    def forward(self, x):\n        return super().forward(x)\n`],
  ] as const) {
    const make = (n: number) => `${L}class C0(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(4, 1)\n    def forward(self, x):\n        return self.fc(x)\n${Array.from({ length: Math.max(1, Math.round(n / 30)) }, (_, i) => one(i + 1)).join('')}`;
    it(`reads ${what}: 10x the input in under ${RATIO}x the time, and says the deepest is not read`, () => {
      assertLinear(what, make, (s) => parseDocument('m.py', s), 400);
      const doc = parseDocument('m.py', make(120000));
      assert.deepEqual(doc.diagnostics.map((d) => [d.severity, d.code]), [['warning', 'py-deep-bases']]);
    });
  }

  it('padding a file buys no more reading: a branching recursion stops at the same cap in a 2.4 MB file as in a small one', () => {
    // The allowance grew by 100 steps a token without a bound: behind 2.4 MB of `a = 0` the recursion
    // below ran 3 minutes and was then read to its end (found by a review).
    const recursion = 'def f(x):\n    return f(x) + f(x) + f(x) + f(x)\nm = nn.Sequential(nn.Linear(f(8), 4), nn.ReLU(), nn.Linear(4, 1))\n';
    for (const pad of [0, 400_000]) {
      const doc = parseDocument('m.py', `${L}${'a = 0\n'.repeat(pad)}${recursion}`);
      const all = [...doc.diagnostics, ...doc.models.flatMap((m) => m.diagnostics ?? [])];
      assert.ok(all.some((d) => d.code === 'py-too-long'), `${pad} lines of padding: ${JSON.stringify(all.map((d) => d.message))}`);
    }
  });

  it('a chain of 8,000 operators or trailers is a value not known, and the model is still read (the stack overflowed: an internal error lost the file)', () => {
    const chains: [string, string][] = [
      ['+', Array(8000).fill('1').join(' + ')],
      ['**', Array(8000).fill('1').join(' ** ')],
      ['unary -', `${'- '.repeat(8000)}3`],
      ['not', `${'not '.repeat(8000)}3`],
      ['.attr', `a${'.b'.repeat(8000)}`],
      ['[0]', `a${'[0]'.repeat(8000)}`],
      ['()', `a${'()'.repeat(8000)}`],
    ];
    for (const [what, expr] of chains) {
      const doc = parseDocument('m.py', `${L}X = ${expr}\nm = nn.Sequential(nn.Linear(X, 4), nn.ReLU(), nn.Linear(4, 1))\n`);
      const all = [...doc.diagnostics, ...doc.models.flatMap((m) => m.diagnostics ?? [])];
      assert.ok(!all.some((d) => /internal error/.test(d.message)), `${what}: ${JSON.stringify(all)}`);
      assert.equal(doc.models.length, 1, what);
      if (what !== 'not') assert.ok(all.some((d) => d.code === 'py-unresolved' && d.message.includes('an expression of more than 256 operators in a row')), `${what}: ${JSON.stringify(all)}`);
    }
  });

  it(`tokenizes 10x the input in under ${RATIO}x the time (strings, f-strings, comments, brackets)`, () => {
    const chunk = 'x = f"{a[\'k\']:>{w}}" + r\'\\d\' + """doc"""  # c\nif (a and\n    b): y = [1, 2, (3,\n 4)]\n';
    assertLinear('the Python tokenizer', (n) => chunk.repeat(n), (s) => tokenizePython(s), 400);
  });
});
