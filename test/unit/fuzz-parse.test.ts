// Fuzzing every front end with a seeded PRNG: random and mutated inputs built from the examples
// (truncation, random bytes, splices), deep nesting, very long lines, huge numbers. No exception
// may escape, problems must come back as diagnostics, and nothing may hang: a mutated example (a
// few KB) takes under 100 ms of CPU, a pathological input (up to 1 MB) under a second. These are
// hang guards, not speed claims: the bugs of issue 11 took 16 s to over a minute on such inputs,
// and the linearity of every scanner is measured in linearity.test.ts.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseDocument, mightContainModel, type ParsedDocument } from '../../src/parse';
import { parseJson } from '../../src/parse/json';
import { tokenize } from '../../src/parse/jsTokens';
import { mutate, prng } from '../fuzz/harness';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const EXAMPLES = ['two-layer.json', 'three-layer.json', 'attention-head.json', 'keras-mlp/model.json', 'gpt2-small/config.json', 'mnist-mlp.ts', 'annotated-three-layer.ts', 'pytorch-mlp.py'];
const seeds: { name: string; text: string }[] = EXAMPLES.map((f) => ({ name: f, text: fs.readFileSync(path.join(ROOT, 'examples', f), 'utf8') }));

/** CPU milliseconds of one parse: other processes on a busy machine do not count against it. */
function timedParse(name: string, text: string): { doc: ParsedDocument; ms: number } {
  const t0 = process.cpuUsage();
  let doc: ParsedDocument;
  try {
    doc = parseDocument(name, text);
    mightContainModel(name, text);
  } catch (e) {
    assert.fail(`${name}: exception escaped for input ${JSON.stringify(text.slice(0, 200))}: ${String(e)}`);
  }
  const d = process.cpuUsage(t0);
  return { doc, ms: (d.user + d.system) / 1000 };
}

function check(name: string, text: string, boundMs = 100): ParsedDocument {
  let { doc, ms } = timedParse(name, text);
  // A garbage-collection pause or the first compilation of a path can land on any input; a slow
  // parser is slow every time.
  for (let k = 0; k < 2 && ms >= boundMs; k++) ({ doc, ms } = timedParse(name, text));
  assert.ok(ms < boundMs, `${name}: took ${ms.toFixed(1)} ms of CPU three times for input of length ${text.length}`);
  assert.ok(Array.isArray(doc.models) && Array.isArray(doc.diagnostics));
  for (const d of [...doc.diagnostics, ...doc.models.flatMap((m) => m.diagnostics ?? [])]) {
    assert.ok(typeof d.message === 'string' && d.message.length > 0);
    assert.ok(['error', 'warning', 'info'].includes(d.severity));
    assert.ok(d.range.start.line >= 0 && d.range.start.character >= 0);
    const s = d.range.start;
    const e = d.range.end;
    assert.ok(e.line > s.line || (e.line === s.line && e.character >= s.character), `${name}: inverted range ${JSON.stringify(d)}`);
  }
  for (const m of doc.models) {
    assert.ok(m.layers.length > 0, 'a returned model has layers');
    const err = (m.diagnostics ?? []).find((d) => d.severity === 'error');
    assert.ok(!err, `${name}: a returned model has no error (${err?.code}: ${err?.message})`);
    // Every layer has a place in the file, but a part of a Hugging Face transformer that no key of
    // the config states (the residuals): listed, and given no place of its own.
    for (const l of m.layers) assert.ok(l.range || (m.source === 'huggingface' && (l as { partial?: boolean }).partial), `every layer has a range: ${JSON.stringify(l)}`);
  }
  return doc;
}

/** The hang guard for the large pathological inputs below (28 KB to 1 MB). */
const PATHOLOGICAL_MS = 1000;

describe('fuzz: every front end survives random and mutated input', () => {
  before(() => {
    // Warm the JIT so that the bound measures the parsers, not the first compilation.
    for (const s of seeds) for (let k = 0; k < 20; k++) parseDocument(s.name, s.text);
  });
  it('mutations of every example (3000 inputs, seeded)', () => {
    const rnd = prng(20260214);
    let withDiagnostics = 0;
    for (let k = 0; k < 3000; k++) {
      const seed = seeds[k % seeds.length];
      let text = seed.text;
      const rounds = 1 + Math.floor(rnd() * 3);
      for (let r = 0; r < rounds; r++) text = mutate(text, rnd);
      const doc = check(seed.name, text);
      if (doc.diagnostics.length) withDiagnostics++;
    }
    // Many mutations break the file; they must show up as diagnostics, not silence.
    assert.ok(withDiagnostics > 300, `only ${withDiagnostics} inputs gave file diagnostics`);
  });

  it('the same input under every file kind', () => {
    const rnd = prng(7);
    for (let k = 0; k < 500; k++) {
      const seed = seeds[Math.floor(rnd() * seeds.length)];
      const text = mutate(seed.text, rnd);
      for (const name of ['a.json', 'a.jsonc', 'config.json', 'a.ts', 'a.tsx', 'a.js', 'a.mjs', 'a.cjs', 'a.py', 'Untitled-1']) check(name, text);
    }
  });

  it('pathological inputs: deep nesting, long lines, huge numbers', () => {
    const deep = '// "scalingModel"\n' + '['.repeat(100000);
    const deepObj = '{"scalingModel":'.repeat(50000);
    const longLine = `{"scalingModel": {"name": "${'x'.repeat(1_000_000)}", "layers": [{"type": "dense", "width": 1e400}, {"type": "readout"}]}}`;
    const manyLayers = `{"scalingModel": {"layers": [${'{"type": "dense", "width": "N"},'.repeat(2000)} {"type": "readout"}]}}`;
    const ts = [
      '/** @scaling model x */\nconst m = tf.sequential();\nm.add(tf.layers.dense({units: ' + '('.repeat(20000) + '1' + ')'.repeat(20000) + '}));',
      '/** @scaling model x */\nconst m = tf.sequential();\nm.add(tf.layers.dense({units: ' + '-'.repeat(20000) + '1}));',
      '/** @scaling model x */\nconst m = tf.sequential();\nm.add(tf.layers.dense({units: 2' + '**2'.repeat(5000) + '}));',
      '/** @scaling model x */\n' + Array.from({ length: 5000 }, (_, i) => `const C${i} = C${i + 1};`).join('\n') + '\nconst C5000 = 3;\nconst m = tf.sequential();\nm.add(tf.layers.dense({units: C0}));',
      '`${'.repeat(20000) + '/** @scaling model x @scaling layer dense width=N */',
      '/** @scaling model x @scaling layer dense width=N */'.repeat(1000),
      '/** @scaling model x */ const m = tf.sequential(); m.add(' + 'tf.layers.dense({units: 4}), '.repeat(5000) + ');',
      '// @scaling model a\n'.repeat(5000),
      '/** @scaling sizes ' + 'N=1e400 '.repeat(10000) + '*/',
      '('.repeat(20000) + ']'.repeat(20000) + '/** @scaling model x @scaling layer dense width=N */',
    ];
    const L = 'import torch.nn as nn\n';
    const py = [
      L + 'x = ' + '('.repeat(20000) + '1' + ')'.repeat(20000) + '\nm = nn.Sequential(nn.Linear(2, x), nn.Linear(x, 1))\n',
      L + 'x = ' + '-'.repeat(20000) + '1\nm = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, x))\n',
      L + 'x = 2' + ' ** 2'.repeat(5000) + '\nm = nn.Sequential(nn.Linear(2, x), nn.Linear(x, 1))\n',
      L + Array.from({ length: 5000 }, (_, i) => `C${i} = C${i + 1}`).join('\n') + '\nC5000 = 3\nm = nn.Sequential(nn.Linear(2, C0), nn.Tanh(), nn.Linear(C0, 1))\n',
      L + Array.from({ length: 300 }, (_, i) => '    '.repeat(i) + 'if True:').join('\n') + '\n' + '    '.repeat(300) + 'm = nn.Sequential(nn.Linear(2, 3), nn.Linear(3, 1))\n',
      L + 'class M(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.l = nn.ModuleList()\n        for i in range(10 ** 9):\n            for j in range(4096):\n                self.l.append(nn.Linear(4, 4))\n    def forward(self, x):\n        for f in self.l:\n            x = f(x)\n        return x\n',
      L + 'def f(n):\n    return f(n + 1) if n else nn.Sequential(nn.Linear(1, 2), nn.Linear(2, 1))\nm = f(1)\n',
      L + 'class A(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.b = B()\n    def forward(self, x):\n        return self.b(x)\nclass B(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.a = A()\n        self.fc = nn.Linear(2, 1)\n    def forward(self, x):\n        return self.a(self.fc(x))\n',
      L + 'f"' + "{f'".repeat(5000) + '\nm = nn.Sequential(nn.Linear(2, 3), nn.Linear(3, 1))\n',
      L + '"""'.repeat(3) + '\n' + 'nn.Linear(1, 2)\n'.repeat(5000),
      L + 'm = nn.Sequential(' + 'nn.Linear(4, 4), nn.Tanh(), '.repeat(1000) + 'nn.Linear(4, 1))\n',
      L + '[' + '[1],'.repeat(5000) + ']\n' + '# @scaling model x\n'.repeat(1000) + 'nn.Sequential(nn.Linear(1, 1))',
    ];
    const cases: [string, string][] = [
      ['deep.json', deep],
      ['deep.json', deepObj],
      ['long.json', longLine],
      ['many.json', manyLayers],
      ['num.json', '{"scalingModel": {"layers": [{"type": "dense", "width": ' + '9'.repeat(5000) + '}]}}'],
      ['hf.json', '{"model_type": "x", "n_embd": 1e400, "n_positions": 1e400}'],
      ...ts.map((t, i): [string, string] => [`p${i}.ts`, t]),
      ...py.map((t, i): [string, string] => [`p${i}.py`, t]),
    ];
    for (const [name, text] of cases) check(name, text, PATHOLOGICAL_MS);
    // And what they say:
    assert.strictEqual(check('deep.json', deep, PATHOLOGICAL_MS).diagnostics[0].code, 'json-too-deep');
    assert.match(check('long.json', longLine, PATHOLOGICAL_MS).diagnostics.map((d) => d.message).join('\n'), /1e400 is too large/);
    // More layers than a model may have (LIMITS.maxLayers): said, not read.
    assert.ok(check('many.json', manyLayers, PATHOLOGICAL_MS).diagnostics.some((d) => d.code === 'too-many-layers' && d.severity === 'error'));
    // Python: the constant chain is read (it is static), the recursion and the cycle end, the huge loop is not unrolled.
    // In Python, C0 = C1 runs before C1 exists: the width is named, not taken from the end of the chain.
    const constants = check('p3.py', py[3], PATHOLOGICAL_MS).models[0];
    assert.strictEqual((constants.layers[0] as { width: unknown }).width, 'C1');
    assert.match(constants.diagnostics!.find((d) => d.code === 'py-unresolved')!.message, /`C1` is used before it is assigned \(at line 3\)/);
    assert.ok(check('p5.py', py[5], PATHOLOGICAL_MS).models.every((m) => m.layers.some((l) => l.type === 'call')), 'a loop of 10^9 is named, not unrolled');
    // 1,001 layers: read in linear time, then refused as deeper than a model may have.
    const long = check('p10.py', py[10], PATHOLOGICAL_MS);
    assert.ok(!long.models.length && long.diagnostics.some((d) => d.code === 'too-many-layers'), JSON.stringify(long.diagnostics));
    const chain = check('p3.ts', ts[3], PATHOLOGICAL_MS).models[0];
    assert.ok(chain === undefined || chain.layers.every((l) => l.type === 'readout'), 'a 5000-deep constant chain is not guessed');
  });

  it('the JSON parser and tokenizer alone never throw on random bytes', () => {
    const rnd = prng(99);
    for (let k = 0; k < 2000; k++) {
      let s = '';
      const n = Math.floor(rnd() * 300);
      for (let i = 0; i < n; i++) s += String.fromCharCode(Math.floor(rnd() * 128));
      const r = parseJson(s);
      assert.ok(r.root !== undefined || r.error !== undefined);
      assert.ok(Array.isArray(tokenize(s).tokens));
    }
  });
});
