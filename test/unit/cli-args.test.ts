// The command line as people expect it: --set changes everything it touches (the layer list too)
// and refuses names no model has; one precedence rule, said in the result; --version anywhere;
// analyze-examples covers every example.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnalyzeOutput, ModelResult } from '../../src/contract/result';
import { cli, cliAsync, ROOT } from './helpers';

const KERAS = 'examples/keras-mlp/model.json';

function model(args: string[], cwd = ROOT): ModelResult {
  const r = cli([...args, '--json'], cwd);
  assert.equal(r.code, 0, r.err + r.out.slice(0, 500));
  return (JSON.parse(r.out) as AnalyzeOutput).files[0].models[0];
}

describe('cli: arguments, --set and precedence', () => {
  it('--set on a numeric width changes the layer list, the sizes and the values, and says what it replaced', () => {
    const m = model(['analyze', KERAS, '--set', 'N1=4096']);
    assert.deepEqual(m.layers.filter((l) => l.type === 'dense').map((l) => [l.width, l.value]), [['N1', 4096], ['N2', 256]]);
    assert.equal(m.sizes!.N1, 4096);
    assert.deepEqual(m.assumptions!.find((a) => a.what === 'size N1'), { what: 'size N1', value: '4096', source: 'command-line' });
    const info = m.diagnostics.find((d) => d.code === 'precedence')!;
    assert.match(info.message, /^size N1 = 4096 from the command line replaces 512 from the file \(the command line wins, then the override file/);
    // And the text form's layer list.
    assert.match(cli(['analyze', KERAS, '--set', 'N1=4096']).out, /1\. dense N1 = 4096 \(tanh, bias\)/);
  });

  it('--set d and a symbolic size of a JSON model', () => {
    const m = model(['analyze', 'examples/three-layer.json', '--set', 'd=200', '--set', 'N2=300']);
    assert.deepEqual([m.sizes!.d, m.sizes!.N2, m.sizes!.N1], [200, 300, 10000]);
    assert.match(m.diagnostics.find((d) => d.code === 'precedence' && /size N2/.test(d.message))!.message, /replaces 100 from the file/);
  });

  it('refuses a --set name that no model has, with the sizes each model does have (exit 2)', () => {
    const r = cli(['analyze', KERAS, '--set', 'N9=5']);
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.match(r.err, /--set N9=5: no model has a size named N9\. The sizes are:\n {2}examples\/keras-mlp\/model\.json: keras_mlp: d, N1, N2/);
    // A name one file has and another has not is applied where it exists and said where it does not.
    const both = cli(['analyze', KERAS, 'examples/attention-head.json', '--set', 'N2=64', '--json']);
    assert.equal(both.code, 0, both.err);
    const out = JSON.parse(both.out) as AnalyzeOutput;
    const head = out.files[1].models[0];
    assert.ok(head.diagnostics.some((d) => d.code === 'unknown-size' && /--set N2=64: this model has no size N2 \(its sizes: d, L\); ignored/.test(d.message)), JSON.stringify(head.diagnostics));
    // A key of Object.prototype is no size name: __proto__ was set on a plain object and dropped
    // without a word (the analysis ran as if it were not given).
    for (const name of ['__proto__', 'constructor']) {
      const p = cli(['analyze', KERAS, '--set', `${name}=5`]);
      assert.equal(p.code, 2, p.out);
      assert.match(p.err, new RegExp(`--set: '${name}' cannot be a size name \\(a reserved word\\)`));
    }
    // A value is written as in a file: hexadecimal was taken (0x10 = 16), as a file refuses it.
    const hex = cli(['analyze', KERAS, '--set', 'N1=0x10']);
    assert.equal(hex.code, 2);
    assert.match(hex.err, /--set expects NAME=VALUE with a number >= 1, got 'N1=0x10'/);
    assert.equal(cli(['analyze', KERAS, '--set', 'N1=1e3']).code, 0);
  });

  it('the command line wins over the override file, the override over the file, and the result says so', () => {
    const m = model(['analyze', KERAS, '--degree', '5']);
    assert.equal(m.assumptions!.find((a) => a.what === 'target degree')!.source, 'command-line');
    assert.deepEqual(m.assumptions!.filter((a) => a.what === 'target degree').map((a) => a.value), ['5']);
    const r = model(['analyze', KERAS, '--readout', 'mean-field']);
    assert.deepEqual(r.assumptions!.find((a) => a.what === 'readout'), { what: 'readout', value: 'mean-field', source: 'command-line' });
    assert.ok(m.diagnostics.some((d) => d.code === 'precedence' && /^target degree = 5 from the command line replaces 3 from the override file/.test(d.message)));
    assert.equal(m.candidates.find((c) => c.id === 'gp-gp')!.energy.inD, '5', 'degree 5 is what is analysed');
    // A degree the file states loses to the command line, and the result names the file's value.
    const dir = mkdtempSync(join(tmpdir(), 'sl-prec-'));
    writeFileSync(join(dir, 'm.json'), '{"scalingModel": {"name": "m", "target": {"degree": 2}, "layers": [{"type": "dense", "width": "N"}, {"type": "readout"}], "regime": {"N": "d"}}}');
    const f = model(['analyze', 'm.json', '--degree', '4'], dir);
    assert.match(f.diagnostics.find((d) => d.code === 'precedence')!.message, /^target degree = 4 from the command line replaces 2 from the file/);
    // Without the flag the override beside the file wins over the file: it says so too.
    writeFileSync(join(dir, 'm.scaling.json'), '{"scalingModel": {"target": {"degree": 3}}}');
    const o = model(['analyze', 'm.json'], dir);
    assert.equal(o.assumptions!.find((a) => a.what === 'target degree')!.source, 'override');
    assert.match(o.diagnostics.find((d) => d.code === 'precedence')!.message, /^target degree = 3 from m\.scaling\.json replaces 2 from the file/);
  });

  it('--version answers anywhere; --help too; bad options are usage errors (exit 2)', async () => {
    for (const args of [['--version'], ['-v'], ['analyze', '--version'], ['analyze', 'x.json', '--version'], ['plot', '--version'], ['plot', '-v'], ['plot', 'x.json', '-v'], ['analyze', '-v']]) {
      const r = cli(args);
      assert.equal(r.code, 0, args.join(' '));
      assert.match(r.out, /^\d+\.\d+\.\d+/, args.join(' '));
    }
    // After experiment too (it runs through runCommand): "Unknown option '-v'", exit 2.
    for (const args of [['experiment', '-v'], ['experiment', 'x.json', '--version']]) {
      const r = await cliAsync(args);
      assert.equal(r.code, 0, args.join(' '));
      assert.match(r.out, /^\d+\.\d+\.\d+/, args.join(' '));
    }
    assert.match(cli(['analyze', '--help']).out, /Each value comes from the first of: the command line, the override file/);
    const bad = cli(['analyze', 'x.json', '--bogus']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /^scaling-lens: Unknown option '--bogus'\n/);
    assert.match(cli(['analyze', 'x.json', '--degree']).err, /argument missing/);
    assert.match(cli(['analyze', 'x.json', '--degree', '33']).err, /--degree: degree must be at most 32/);
  });

  it('a size a Hugging Face config lacks is asked for by name, and --set or an override supplies it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sl-hf-'));
    writeFileSync(join(dir, 'config.json'), '{"model_type": "vit", "architectures": ["ViTModel"], "hidden_size": 768, "num_attention_heads": 12, "patch_size": 16}');
    const asked = model(['analyze', 'config.json'], dir);
    assert.equal(asked.layers[0].width, 'L');
    const ask = asked.diagnostics.find((d) => d.code === 'hf-no-context')!;
    assert.equal(ask.severity, 'warning');
    assert.match(ask.message, /context is the size L\. Give it with --set L=<n>, or in config\.scaling\.json/);
    // Once given, the advice is gone: the fact stays, as an info that says where the size comes from.
    const given = model(['analyze', 'config.json', '--set', 'L=197'], dir);
    assert.deepEqual([given.sizes!.L, given.layers[0].value], [197, 197]);
    const settled = given.diagnostics.find((d) => d.code === 'hf-no-context')!;
    assert.deepEqual([settled.severity, settled.message.replace(/^.*size L\. /, '')], ['info', 'Its size, 197, comes from the command line.']);
    // The advice, followed to the letter: the override file it names, with the object it shows.
    writeFileSync(join(dir, 'config.scaling.json'), /in (config\.scaling\.json): (.*)\.$/.exec(ask.message)![2].replace('<n>', '50'));
    const o = model(['analyze', 'config.json'], dir);
    assert.deepEqual(o.assumptions!.find((a) => a.what === 'size L'), { what: 'size L', value: '50', source: 'override' });
    assert.equal(o.layers[0].value, 50);
    assert.match(o.diagnostics.find((d) => d.code === 'hf-no-context')!.message, /Its size, 50, comes from the override file\.$/);
  });

  it('plot takes the same options and the same rule', () => {
    const bad = cli(['plot', KERAS, '--set', 'N9=3']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--set N9: keras_mlp has no size named so \(its sizes: d, N1, N2\)/);
    assert.equal(cli(['plot', KERAS, '--bogus']).code, 2);
    // --axes is checked on a model of one width too (it was passed over without a word, exit 0).
    const axes = cli(['plot', 'examples/two-layer.json', '--axes', 'N,d', '--out', join(mkdtempSync(join(tmpdir(), 'sl-axes-')), 'x.svg')]);
    assert.equal(axes.code, 2);
    assert.match(axes.err, /--axes N,d: not two widths of two-layer-erf \(widths: N; a phase diagram needs two\)/);
    const ok = cli(['plot', KERAS, '--set', 'N1=4096', '--format', 'json']);
    assert.equal(ok.code, 0, ok.err);
    assert.equal((JSON.parse(ok.out) as { sizes: Record<string, number> }).sizes.N1, 4096);
    // Nothing to plot: the JSON says why in `unavailable` (it wrote nothing at all), and the exit is 1.
    const none = cli(['plot', 'examples/three-layer.json', '--degree', '2', '--format', 'json']);
    assert.equal(none.code, 1);
    assert.match((JSON.parse(none.out) as { unavailable: string }).unavailable, /not learnable by this network: an odd network has no even component/);
    assert.match(none.err, /nothing to plot/);
  });

  it('npm run analyze-examples covers every example, sub-folders included', () => {
    const script = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['analyze-examples'];
    const node = /node bin\/scaling-lens\.js (.*)$/.exec(script)!;
    const r = spawnSync(process.execPath, ['bin/scaling-lens.js', ...node[1].split(' ')], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    for (const f of ['examples/keras-mlp/model.json', 'examples/gpt2-small/config.json', 'examples/three-layer.json', 'examples/mnist-mlp.ts', 'examples/untagged-tfjs.js']) {
      assert.ok(r.stdout.includes(`${f}\n`), `${f} missing from analyze-examples`);
    }
  });
});
