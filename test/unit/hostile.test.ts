// Hostile input (issue 11): one regression test per finding of the probe, each failing on the code
// before the fix. Nothing a file contains may hang, crash, exhaust memory, or be acted on.
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { marked } from 'marked';
import { parseDocument } from '../../src/parse';
import { parseJson } from '../../src/parse/json';
import { checkSize } from '../../src/parse/checks';
import { LIMITS } from '../../src/parse/limits';
import { analyzeDocument } from '../../src/pipeline/document';
import type { FileResult } from '../../src/contract/result';
import { renderText } from '../../src/cli/text';
import { fileMarkdown, modelMarkdown, code } from '../../src/extension/render/markdown';
import { modelHints } from '../../src/extension/render/hints';
import { pathSelected } from '../../src/extension/select';
import { run } from '../../src/cli/main';
import { PROTO_NAMES, MARKDOWN_PAYLOADS } from '../fuzz/harness';
import { analyze, Rational } from '../../src/engine/index';
import { ROOT, cli } from './helpers';

const cpuMs = (f: () => void): number => {
  const t0 = process.cpuUsage();
  f();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
};

/** Everything a result goes through: the CLI text, the worker's structuredClone, the hover and the hints. */
function renderAll(r: FileResult): void {
  renderText({ files: [r] });
  structuredClone(r);
  JSON.stringify(r);
  fileMarkdown(r);
  for (const m of r.models) for (const v of ['minimal', 'normal', 'detailed'] as const) modelHints(m, v);
}

const model = (layers: string, extra = '') => `{"scalingModel": {"name": "m", ${extra} "layers": [${layers}, {"type": "readout"}]}}`;

describe('hostile input (issue 11)', function () {
  this.timeout(30000);

  describe('finding 2: memory', () => {
    it('keeps a few bytes per input byte for a large JSON array, not a hundred', () => {
      // Measured in a child process with --expose-gc, so that the figure is the retained memory.
      const script = `
        const { parseJson } = require(${JSON.stringify(join(__dirname, '..', '..', 'src', 'parse', 'json.js'))});
        const text = Buffer.from('[' + '0,'.repeat(1999999) + '0]').toString('latin1');
        const mem = () => { gc(); const m = process.memoryUsage(); return m.heapUsed + m.arrayBuffers; };
        const before = mem();
        const r = parseJson(text);
        setTimeout(() => { const after = mem(); console.log(((after - before) / text.length).toFixed(2)); r.root.type; }, 50);`;
      const perByte = Number(execFileSync(process.execPath, ['--expose-gc', '-e', script], { encoding: 'utf8' }).trim());
      assert.ok(perByte < 16, `the parse keeps ${perByte} bytes per input byte`);
    });

    it('refuses a text over the size limit with a clear diagnostic, before parsing it', () => {
      const text = '{"scalingModel": ' + ' '.repeat(LIMITS.maxTextLength) + '{}}';
      const doc = parseDocument('big.json', text);
      assert.equal(doc.diagnostics.length, 1);
      assert.equal(doc.diagnostics[0].code, 'file-too-large');
      assert.match(doc.diagnostics[0].message, /over the limit of 8 MiB/);
      assert.equal(parseJson(text).error?.code, 'file-too-large');
    });

    it('keeps at most a bounded number of diagnostics, models and layers from one file', () => {
      const many = model(Array.from({ length: 20000 }, () => '1').join(','));
      const d1 = parseDocument('a.json', many);
      assert.ok(d1.diagnostics.length <= LIMITS.maxDiagnostics + 1, `${d1.diagnostics.length} diagnostics`);
      // The last one counts every problem left out: 1,000 misspelt tags (and the block's "no layers")
      // leave 745 out, and said "1 more" (a model's note of how many it left out was counted as one
      // by the file's list).
      for (const n of [257, 1000]) {
        const tags = `/**\n * @scaling model m\n${Array.from({ length: n }, () => ' * @scaling layr dense width=N\n').join('')} */\n`;
        const d = parseDocument('tags.ts', tags).diagnostics;
        assert.equal(d.length, LIMITS.maxDiagnostics + 1, `${n} tags`);
        assert.equal(d[d.length - 1].message, `${n + 1 - LIMITS.maxDiagnostics} more problems not listed (only the first ${LIMITS.maxDiagnostics} are)`);
      }
      const models = `[${Array.from({ length: 1000 }, () => '{"scalingModel": {"layers": [{"type": "dense", "width": "N"}]}}').join(',')}]`;
      const d2 = parseDocument('b.json', models);
      assert.equal(d2.models.length, LIMITS.maxModels);
      assert.ok(d2.diagnostics.some((d) => d.code === 'too-many-models'));
      const deep = model(Array.from({ length: 5000 }, () => '{"type": "dense", "width": "N"}').join(','));
      assert.ok(parseDocument('c.json', deep).diagnostics.some((d) => d.code === 'too-many-layers'));
    });

    it('refuses a model deeper than the limit from every front end: code builds any depth in a line', () => {
      // A PyTorch nn.Sequential of 20,000 layers (a 600 KB file) ran the command line out of 3 GB
      // of heap after two minutes; the limit held for the JSON front ends only.
      const n = LIMITS.maxLayers + 1;
      const py = `import torch.nn as nn\n\nnet = nn.Sequential(${Array.from({ length: n - 1 }, () => 'nn.Linear(8, 8), nn.ReLU()').join(', ')}, nn.Linear(8, 1))\n`;
      const js = `const net = tf.sequential();\n${Array.from({ length: n }, (_, i) => `net.add(tf.layers.dense({units: 8${i ? '' : ', inputShape: [8]'}, activation: 'relu'}));\n`).join('')}`;
      for (const [file, text] of [['deep.py', py], ['deep.js', js]]) {
        const r = analyzeDocument(file, text);
        assert.equal(r.models.length, 0, file);
        const d = (r.diagnostics ?? []).find((x) => x.code === 'too-many-layers');
        assert.ok(d && d.severity === 'error', `${file}: ${JSON.stringify(r.diagnostics)}`);
        assert.match(d.message, new RegExp(`model "net": this model has ${n} layers: more than the ${LIMITS.maxLayers} a model may have`));
        assert.equal(d.range.start.line, file === 'deep.py' ? 2 : 0);
      }
      // At the limit, read.
      const atLimit = py.replace(/nn\.Linear\(8, 8\), nn\.ReLU\(\), /, '');
      assert.equal(parseDocument('ok.py', atLimit).models[0].layers.length, LIMITS.maxLayers);
      // And the number of models: 3,000 module classes in one file were 3,000 models.
      const classes = `import torch.nn as nn\n${Array.from({ length: 300 }, (_, i) => `class C${i}(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(8, 8)\n    def forward(self, x):\n        return self.fc(x).relu()\n`).join('')}`;
      const many = parseDocument('many.py', classes);
      assert.equal(many.models.length, LIMITS.maxModels);
      const said = many.diagnostics.find((d) => d.code === 'too-many-models')!;
      assert.match(said.message, new RegExp(`^300 models in this file: only the first ${LIMITS.maxModels} are read`));
      assert.equal(said.range.start.line, 1 + 6 * LIMITS.maxModels);
    });
  });

  describe('finding 3: the file-system walk', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'scaling-lens-walk-'));
      mkdirSync(join(dir, 'w', 'sub'), { recursive: true });
      mkdirSync(join(dir, 'outside'));
      copyFileSync(join(ROOT, 'examples', 'two-layer.json'), join(dir, 'w', 'two-layer.json'));
      copyFileSync(join(ROOT, 'examples', 'two-layer.json'), join(dir, 'outside', 'secret.json'));
      symlinkSync('/dev/zero', join(dir, 'w', 'zero.json'));
      symlinkSync(join(dir, 'outside'), join(dir, 'w', 'out'));
      symlinkSync('..', join(dir, 'w', 'sub', 'loop'));
      symlinkSync('nowhere.json', join(dir, 'w', 'dangling.json'));
      symlinkSync('self.json', join(dir, 'w', 'self.json'));
      execFileSync('mkfifo', [join(dir, 'w', 'fifo.json'), join(dir, 'w', 'two-layer.scaling.json')]);
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    /** The real CLI in a child process, so that a hang fails the test instead of stopping the suite. */
    const runCli = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin', 'scaling-lens.js'), 'analyze', ...args], { cwd: dir, encoding: 'utf8', timeout: 15000 });

    it('never reads a device or a FIFO, follows no link out of the tree, ends link loops, says what it skipped', () => {
      const r = runCli('w');
      assert.equal(r.signal, null, `the walk hung: ${r.stdout}`);
      assert.equal(r.status, 0, r.stdout + r.stderr);
      const out = r.stdout;
      assert.match(out, /w\/zero\.json:1:1: warning: not read: a link out of the directory named \(to \/dev\/zero\)/);
      assert.match(out, /w\/fifo\.json:1:1: warning: not read: a FIFO, not a regular file/);
      assert.match(out, /w\/out:1:1: warning: not read: a link out of the directory named/);
      assert.match(out, /w\/sub\/loop:1:1: warning: not read again: a link to a directory this walk has already read/);
      assert.match(out, /w\/dangling\.json:1:1: warning: not read: a link to nothing/);
      assert.match(out, /w\/self\.json:1:1: warning: not read: a link that loops/);
      assert.match(out, /the override two-layer\.scaling\.json beside this file was not read: a FIFO/);
      assert.match(out, /model two-layer-erf/);
      assert.doesNotMatch(out, /secret/);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    });

    it('reports a device or a FIFO named on the command line as an error, at once', () => {
      const r = runCli('w/fifo.json', 'w/zero.json');
      assert.equal(r.signal, null, 'hung on a FIFO');
      assert.equal(r.status, 1);
      assert.match(r.stdout, /fifo\.json:1:1: error: not read: a FIFO/);
      assert.match(r.stdout, /zero\.json:1:1: error: not read: a device/);
      const p = spawnSync(process.execPath, [join(ROOT, 'bin', 'scaling-lens.js'), 'plot', 'w/fifo.json', '--out', '-'], { cwd: dir, encoding: 'utf8', timeout: 15000 });
      assert.equal(p.signal, null, 'plot hung on a FIFO');
      assert.equal(p.status, 1);
      assert.match(p.stderr, /w\/fifo\.json: not read: a FIFO/);
    });
  });

  describe('finding 4: no quadratic regular expression', () => {
    it('checks an 80,000-digit width in milliseconds', () => {
      const ms = cpuMs(() => checkSize('9'.repeat(80000) + 'x', 'width'));
      assert.ok(ms < 200, `${ms} ms`);
      assert.ok(parseDocument('a.json', model(`{"type": "dense", "width": "${'1'.repeat(80000)}."}`)).diagnostics.length > 0);
    });
  });

  describe('finding 5: Markdown from a file stays text', () => {
    it('no name, type, activation or width from a file becomes a link, an image or HTML in the hover', () => {
      for (const payload of MARKDOWN_PAYLOADS) {
        const text = model(`{"type": "dense", "width": "N", "activation": ${JSON.stringify(payload)}}, {"type": ${JSON.stringify(payload)}, "width": 3}`, `"description": "x",`).replace('"name": "m"', `"name": ${JSON.stringify(payload)}`);
        const r = analyzeDocument('a.json', text);
        const md = r.models.length ? modelMarkdown(r.models[0], { layer: 0 }) + modelMarkdown(r.models[0], { layer: 1 }) : fileMarkdown(r);
        const html = marked.parse(md, { async: false, gfm: true }) as string;
        assert.doesNotMatch(html, /<a\s|<img|<script|<iframe/, `${JSON.stringify(payload)} became live:\n${html}`);
      }
    });

    it('a code span holds any run of backticks', () => {
      for (const s of ['a`b', '``x``', '`', 'x`` ![i](https://example.invalid/i.png) ``y']) {
        const html = marked.parseInline(code(s)) as string;
        assert.equal(html.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'), `<code>${s}</code>`);
      }
    });
  });

  describe('finding 6: globs from a workspace', () => {
    it('matches a crafted glob in linear time', () => {
      const glob = '**/'.repeat(30) + '*.json';
      const path = 'a/'.repeat(200) + 'b.ts';
      const ms = cpuMs(() => assert.equal(pathSelected(path, [glob], []), false));
      assert.ok(ms < 500, `${ms} ms`);
    });

    it('Restricted Mode keeps the workspace from choosing the files and the time limit', () => {
      const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
      const u = pkg.capabilities.untrustedWorkspaces;
      assert.equal(u.supported, 'limited');
      assert.deepEqual([...u.restrictedConfigurations].sort(), ['scalingLens.analysis.timeoutMs', 'scalingLens.files.exclude', 'scalingLens.files.include']);
    });
  });

  describe('finding 7: names that are keys of Object.prototype', () => {
    for (const name of PROTO_NAMES) {
      it(`"${name}" as a width, an expression, a layer type, an activation, a readout, a Keras class and an override value`, () => {
        const inputs: [string, string, { fileName: string; text: string }?][] = [
          ['w.json', model(`{"type": "dense", "width": "${name}"}`)],
          ['e.json', model(`{"type": "dense", "width": "2*${name}"}`)],
          ['t.json', model(`{"type": "${name}", "width": 4}, {"type": "dense", "width": "N"}`)],
          ['a.json', model(`{"type": "dense", "width": "N", "activation": "${name}"}`)],
          ['r.json', model(`{"type": "dense", "width": "N"}`, `"parametrization": {"readout": "${name}"}, "target": {"kind": "${name}"},`)],
          ['s.json', model(`{"type": "dense", "width": "N"}`, `"sizes": {"${name}": 3, "N": 10}, "regime": {"${name}": "d"},`)],
          ['k.json', `{"modelTopology": {"class_name": "Sequential", "config": {"layers": [{"class_name": "${name}", "config": {"units": 4}}, {"class_name": "Dense", "config": {"units": 8, "activation": "${name}"}}, {"class_name": "Dense", "config": {"units": 1}}]}}}`],
          ['c.json', `{"model_type": "${name}", "n_embd": 64, "n_positions": 128, "${name}": 3}`],
          ['model.json', readFileSync(join(ROOT, 'examples', 'keras-mlp', 'model.json'), 'utf8'), { fileName: 'model.scaling.json', text: `{"scalingModel": {"sizes": {"${name}": 5}, "regime": {"${name}": "d"}, "parametrization": {"readout": "${name}"}, "data": {"dim": "${name}"}}}` }],
        ];
        for (const [file, text, override] of inputs) {
          const r = analyzeDocument(file, text, { override });
          const all = [...(r.diagnostics ?? []), ...r.models.flatMap((m) => m.diagnostics)];
          assert.ok(!all.some((d) => d.code === 'internal-error'), `${file}: ${JSON.stringify(all.filter((d) => d.code === 'internal-error'))}`);
          renderAll(r);
          for (const m of r.models) {
            for (const l of m.layers) assert.notEqual(l.activation, name, `${file}: "${name}" was taken for an activation`);
            assert.ok(typeof m.pStar?.text !== 'function');
          }
        }
      });
    }
    it('the engine itself, given these names as sizes (the readers refuse them first), analyses at sizes and under a regime', () => {
      for (const name of PROTO_NAMES) {
        const hidden = [name, 'N2'].map((width, index) => ({ kind: 'dense' as const, width, activation: index ? 'tanh' : 'erf', index }));
        const record = <T>(entries: [string, T][]) => {
          const o = Object.create(null) as Record<string, T>;
          for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true });
          return o;
        };
        for (const point of [{ sizes: record([['d', 784], [name, 1000], ['N2', 300]]) }, { regime: record([[name, Rational.of(3, 2)], ['N2', Rational.of(2)]]) }]) {
          const a = analyze({ dim: 'd', degree: 3, readout: 'standard', hidden, ...point });
          assert.ok(a.winner && a.certificate?.checked, `"${name}": ${a.unlearnable ?? 'no winner'}`);
          assert.equal(a.walks.length + a.unwalked.length, 3, `"${name}": walked along every size`);
        }
      }
    });
  });

  describe('finding 9: overflow', () => {
    it('prints a value beyond floating point plainly, not as Infinity', () => {
      // A degree-20 target on one attention head: P* ∝ √(L·d^20), past 1e308 at these sizes.
      const text = model('{"type": "attention", "context": "L"}', '"target": {"degree": 20}, "sizes": {"d": 1e30, "L": 1e30},');
      const r = analyzeDocument('a.json', text);
      assert.ok(r.models[0].pStar, JSON.stringify(r));
      const shown = [renderText({ files: [r] }), fileMarkdown(r), ...modelHints(r.models[0], 'detailed').map((h) => h.label)].join('\n');
      assert.doesNotMatch(shown, /Infinity/);
      // The value is given by its logarithm: P* ≈ 10^540 (no prefactor), never "Infinity" or null.
      assert.equal(r.models[0].pStar!.value, undefined);
      assert.equal(r.models[0].pStar!.log10, 540);
      assert.match(shown, /10\^540/);
    });
  });

  describe('finding 11: a file named on the command line that is not its kind', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'scaling-lens-named-'));
      let x = 7;
      const bytes = Buffer.alloc(4096, 0).map(() => (x = (x * 1103515245 + 12345) & 0xff));
      writeFileSync(join(dir, 'random.json'), bytes);
      writeFileSync(join(dir, 'ascii.json'), 'this is not JSON at all\n');
      writeFileSync(join(dir, 'plain.json'), '{"name": "a package, no model"}');
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('is an error with its position (exit 1); valid JSON without a model is not', () => {
      const a = cli(['analyze', 'random.json'], dir);
      assert.equal(a.code, 1, a.out);
      assert.match(a.out, /random\.json:\d+:\d+: error: /);
      const b = cli(['analyze', 'ascii.json'], dir);
      assert.equal(b.code, 1, b.out);
      assert.match(b.out, /ascii\.json:1:1: error: unexpected 'this'/);
      const c = cli(['analyze', 'plain.json'], dir);
      assert.equal(c.code, 0, c.out);
      assert.match(c.out, /no model found/);
    });

    it('files met in a directory walk that hold no model are still passed over quietly; one that is not UTF-8 text is a warning', () => {
      const r = cli(['analyze', '.'], dir);
      assert.doesNotMatch(r.out, /ascii|plain/);
      // An old Latin-1 script in a repository is not a file with errors: the walk exits 0 (it was 1).
      assert.equal(r.code, 0, r.out);
      assert.match(r.out, /random\.json:\d+:\d+: warning: not read: the file is not UTF-8 text/);
    });

    it('a file the pre-filter lets through that holds no model is passed over quietly too; a folder that gives no model says so on stderr', () => {
      // Keras code in Python (0xJeremy/Housing-ML, python/housing_neural_network.py): it names
      // Sequential and Dense, so the walk reads it; it printed "no model found" among the results.
      const sub = mkdtempSync(join(tmpdir(), 'sl-walk-'));
      writeFileSync(join(sub, 'train.py'), 'from tensorflow import keras\nfrom tensorflow.keras import layers\nmodel = keras.Sequential([layers.Dense(64, activation="relu"), layers.Dense(1)])\n');
      const r = cli(['analyze', sub]);
      assert.deepEqual([r.code, r.out], [0, ''], r.err);
      assert.equal(r.err, `scaling-lens: no model found in ${sub} (1 file looked at)\n`);
      // Named on the command line, the same file is answered.
      assert.match(cli(['analyze', join(sub, 'train.py')]).out, /no model found/);
    });
  });

  describe('finding 12: an internal failure of the command line', () => {
    it('exits 3 with one line and no stack trace', () => {
      let err = '';
      const code = run(['analyze', 'examples/two-layer.json'], {
        out: () => {
          throw new Error('EPIPE: the terminal went away');
        },
        err: (s) => (err += s),
        cwd: ROOT,
      });
      assert.equal(code, 3);
      assert.equal(err, 'scaling-lens: internal error: EPIPE: the terminal went away\n');
    });

    it('stops quietly, with the run\'s exit code, when the reader of its output goes away (| head)', function () {
      this.timeout(60_000);
      // Node's stack of an unhandled EPIPE and exit 1 ("a file had errors"), every time.
      const r = spawnSync('bash', ['-c', 'node bin/scaling-lens.js analyze examples --json | head -c 10 >/dev/null; echo "exit ${PIPESTATUS[0]}"'], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(r.stdout.trim(), 'exit 0', r.stderr);
      assert.equal(r.stderr, '');
    });
  });

  describe('second review, finding 1: what a file holds reaches the terminal as text, never as controls', () => {
    // A name that retitles the terminal, recolours a line, writes over it (CR) and forges the next
    // one (LF), reversed by a bidi override, with a zero-width space: all printed raw before.
    const NAME = 'evil\u001b]0;PWNED\u0007\u001b[31mRED\u001b[0m\r\nP* \u221d 1 FAKE \u202egnp.exe\u200b\u0085';
    const model = JSON.stringify({ scalingModel: { name: NAME, layers: [{ type: 'dense', width: 'N', activation: 'erf' }, { type: 'readout' }], data: { kind: 'gaussian', dim: 'd' } } });
    const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b\u202a-\u202e\u2066-\u2069]/;

    it('analyze, plot and a directory walk escape every control character, a line feed in a value too', () => {
      const dir = mkdtempSync(join(tmpdir(), 'sl-term-'));
      writeFileSync(join(dir, 'evil.json'), model);
      const text = cli(['analyze', 'evil.json'], dir);
      assert.equal(text.code, 0, text.err);
      assert.doesNotMatch(text.out, CONTROL);
      assert.match(text.out, /model evil\\u001b\]0;PWNED\\u0007\\u001b\[31mRED\\u001b\[0m\\u000d\\u000aP\* ∝ 1 FAKE \\u202egnp\.exe\\u200b\\u0085 \(line 1\)/);
      assert.ok(!text.out.split('\n').some((l) => l.startsWith('P*')), 'no forged line');
      const plot = cli(['plot', 'evil.json', '--out', 'x.svg'], dir);
      assert.equal(plot.code, 0, plot.err);
      assert.doesNotMatch(plot.out, CONTROL);
      // A file's own name, met in a walk (it cleared the screen).
      writeFileSync(join(dir, 'e\u001b[2Jvil.json'), model);
      const walked = cli(['analyze', '.'], dir);
      assert.doesNotMatch(walked.out + walked.err, CONTROL);
      assert.match(walked.out, /e\\u001b\[2Jvil\.json/);
    });

    it('--json stays the same JSON: the escapes are JSON escapes, and the name reads back as written', () => {
      const dir = mkdtempSync(join(tmpdir(), 'sl-term-'));
      writeFileSync(join(dir, 'evil.json'), model);
      const r = cli(['analyze', 'evil.json', '--json'], dir);
      assert.doesNotMatch(r.out, CONTROL);
      assert.equal((JSON.parse(r.out) as { files: { models: { name: string }[] }[] }).files[0].models[0].name, NAME);
    });
  });
});
