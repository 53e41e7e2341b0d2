// The command line: output contract, exit codes, and bad input that must give diagnostics
// with line and column, never a crash.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnalyzeOutput } from '../../src/contract/result';
import { cli, ROOT } from './helpers';

function tmp(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sl-cli-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('cli: scaling-lens analyze', () => {
  it('prints the formats.md example for examples/three-layer.json', () => {
    const r = cli(['analyze', 'examples/three-layer.json', '--json']);
    assert.equal(r.code, 0, r.err);
    const out = JSON.parse(r.out) as AnalyzeOutput;
    const m = out.files[0].models[0];
    assert.equal(out.files[0].file, 'examples/three-layer.json');
    assert.equal(m.name, 'three-layer-erf');
    assert.deepEqual(m.range, { start: { line: 1, character: 2 }, end: { line: 14, character: 3 } });
    assert.deepEqual(m.pStar!.exponents, { kappa: '1', N2: '1/2', d: '1/2' });
    assert.equal(m.pStar!.inD, '1');
    assert.equal(m.pStar!.value, 100);
    assert.equal(m.pStar!.status, 'paper');
    assert.equal(m.winner, 'gp-specialization');
    assert.deepEqual(m.sizes, { d: 100, N1: 10000, N2: 100 });
    assert.deepEqual(
      m.layers.map((l) => [l.type, l.width, l.value, l.range]),
      [
        ['dense', 'N1', 10000, { start: { line: 6, character: 6 }, end: { line: 6, character: 61 } }],
        ['dense', 'N2', 100, { start: { line: 7, character: 6 }, end: { line: 7, character: 61 } }],
        ['readout', undefined, undefined, { start: { line: 8, character: 6 }, end: { line: 8, character: 25 } }],
      ],
    );
    const sm = m.candidates.find((c) => c.id === 'specialization-magnetization')!;
    assert.deepEqual(sm.layers, ['specialization', 'magnetization']);
    assert.ok(m.boundaries.some((b) => b.where === 'N1^2 = N2 d'));
    // Each boundary's place exactly (`exponent`, for programs) and as people read it (`at`).
    for (const b of m.boundaries) {
      assert.match(b.exponent!, /^-?\d+(\/[1-9]\d*)?$/, JSON.stringify(b));
      const [num, den = '1'] = b.exponent!.split('/');
      // "d^0.323", "d^1", "d^(1/3)".
      const [, a, over] = /\^\(?(-?[\d.]+)(?:\/(\d+)\))?/.exec(b.at!)!;
      const shown = Number(a) / Number(over ?? 1);
      assert.ok(Math.abs(shown - Number(num) / Number(den)) < 5e-3 * Math.max(1, Math.abs(shown)), JSON.stringify(b));
    }
    assert.deepEqual(m.notCovered, []);
    // Exponents are reduced fractions as strings; no size has exponent 0.
    for (const c of m.candidates) for (const v of Object.values(c.energy.exponents)) assert.match(v, /^-?[1-9]\d*(\/[1-9]\d*)?$/);
  });

  it('reads every example in the examples/ folder, each form with a result', () => {
    const r = cli(['analyze', 'examples', '--json']);
    assert.equal(r.code, 0, r.out.slice(0, 3000));
    const out = JSON.parse(r.out) as AnalyzeOutput;
    const files = out.files.map((f) => f.file.replace(/\\/g, '/'));
    for (const f of ['examples/two-layer.json', 'examples/three-layer.json', 'examples/attention-head.json', 'examples/mnist-mlp.ts', 'examples/keras-mlp/model.json', 'examples/gpt2-small/config.json'])
      assert.ok(files.includes(f), `${f} not analysed (got ${files.join(', ')})`);
    for (const f of out.files) for (const m of f.models) assert.ok(m.pStar, `${f.file}: ${m.name} has no P*`);
  });

  it('applies --set to the sizes and recomputes values and the winner', () => {
    const r = cli(['analyze', 'examples/three-layer.json', '--json', '--set', 'N1=100', '--set=N2=1e6']);
    const m = (JSON.parse(r.out) as AnalyzeOutput).files[0].models[0];
    assert.equal(m.sizes!.N1, 100);
    assert.equal(m.sizes!.N2, 1e6);
    // N1 = d, N2 = d^3 at d = 100: specialization then lazy, √(N1 d) = 100 (see the beyond-paper tests).
    assert.equal(m.winner, 'specialization-gp');
    assert.equal(m.pStar!.value, 100);
  });

  it('analyses a 128-hidden-layer model: a certified P*, a pattern for every layer, deep sequences written with counted runs', function () {
    this.timeout(60_000);
    const r = cli(['analyze', 'test/e2e/fixtures/e2e-deep.json']);
    assert.equal(r.code, 0, r.err);
    const layers = r.out.split('\n').filter((l) => /^\s+\d+\. dense N\d+ = \d+ \((erf|tanh|relu|gelu)\)\s+→ (gp|specialization|gfl|magnetization)$/.test(l));
    assert.equal(layers.length, 128, r.out);
    assert.match(r.out, /P\* ∝ κ·\S+.*\[derived, certified\]/);
    // The winner as counted runs ("gp×30"), not 128 names; the JSON keeps the full id.
    const winner = /winner: (\S+)/.exec(r.out)![1];
    assert.match(winner, /×\d+/);
    const json = JSON.parse(cli(['analyze', 'test/e2e/fixtures/e2e-deep.json', '--json']).out) as AnalyzeOutput;
    const m = json.files[0].models[0];
    assert.equal(m.winner!.split('-').length, 128);
    assert.equal(m.layers.filter((l) => l.pattern).length, 128);
    assert.equal(m.candidateTable, 'best');
    // One note per activation, however many layers use it.
    assert.ok(m.notes!.filter((n) => n.kind === 'activation').length <= 3, JSON.stringify(m.notes));
  });

  it('prints a readable table without --json', () => {
    const r = cli(['analyze', 'examples/three-layer.json']);
    assert.equal(r.code, 0);
    assert.match(r.out, /P\* ∝ κ·√\(N2·d\)/);
    assert.match(r.out, /winner: gp-specialization/);
    assert.match(r.out, /\* gp-specialization/);
    assert.match(r.out, /boundary: .*N1\^2 = N2 d/);
    assert.match(r.out, /derivation:/);
  });

  it('exit 1 with line and column for malformed files, and valid models are still analysed', () => {
    const dir = tmp({
      'bad.json': '{\n  "scalingModel": {\n    "name": "x",\n    "layers": [ { "type": "dense", "width": -5 }, {"type": "readout"} ]\n  }\n}\n',
      'trunc.json': '{ "scalingModel": { "name": "x", "layers": [ ',
      'mixed.json':
        '[{ "scalingModel": { "name": "good", "layers": [ {"type": "dense", "width": "N"}, {"type":"readout"} ], "regime": {"N": "d"} } },\n' +
        ' { "scalingModel": { "name": "bad", "target": {"degree": 0}, "layers": [ {"type": "dense", "width": "N"} ], "regime": {"Q": "d"} } }]\n',
    });
    const r = cli(['analyze', 'bad.json', 'trunc.json', 'mixed.json', '--json'], dir);
    assert.equal(r.code, 1);
    const out = JSON.parse(r.out) as AnalyzeOutput;
    const [bad, trunc, mixed] = out.files;
    assert.equal(bad.models.length, 0);
    assert.deepEqual(bad.diagnostics![0].range.start, { line: 3, character: 44 });
    assert.match(bad.diagnostics![0].message, /width must be at least 1/);
    assert.equal(trunc.diagnostics![0].severity, 'error');
    assert.equal(mixed.models.length, 1);
    assert.equal(mixed.models[0].name, 'good');
    assert.equal(mixed.models[0].pStar!.inD, '1');
    const msgs = mixed.diagnostics!.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.message}`);
    assert.ok(msgs.some((m) => /^1:\d+ .*degree must be at least 1/.test(m)), msgs.join('\n'));
    assert.ok(msgs.some((m) => /^1:\d+ .*"Q"/.test(m)), msgs.join('\n'));
    // The human form prints FILE:LINE:COL, 1-based.
    const h = cli(['analyze', 'bad.json'], dir);
    assert.match(h.out, /bad\.json:4:45: error: layer 1: width must be at least 1/);
  });

  it('exit 1 for a missing file, exit 2 for bad usage', () => {
    const missing = cli(['analyze', 'no-such-file.json', '--json']);
    assert.equal(missing.code, 1);
    assert.match(JSON.parse(missing.out).files[0].diagnostics[0].message, /cannot read/);
    for (const args of [[], ['analyse', 'x.json'], ['analyze'], ['analyze', 'x.json', '--bogus'], ['analyze', 'x.json', '--set', 'N=0'], ['analyze', 'x.json', '--degree', 'two']]) {
      const r = cli(args);
      assert.equal(r.code, 2, `${args.join(' ')} -> ${r.code}`);
      assert.match(r.err, /Usage: scaling-lens analyze/);
    }
    assert.equal(cli(['--help']).code, 0);
  });

  it('never crashes on hostile input (binary, huge numbers, deep nesting, absurd degrees and exponents)', () => {
    const dir = tmp({
      'degree.json': '{"scalingModel": {"name": "x", "target": {"degree": 1000000000}, "layers": [{"type":"dense","width":"N"},{"type":"readout"}]}}',
      'exponent.json': '{"scalingModel": {"name": "x", "layers": [{"type":"dense","width":"N"},{"type":"readout"}], "regime": {"N": "d^(123456789/987654321)"}}}',
      'bin.json': '\u0000\u0001{"scalingModel":' + '\uffff'.repeat(100),
      'huge.json': '{"scalingModel": {"name": "x", "layers": [{"type":"dense","width":1e400},{"type":"readout"}]}}',
      'deep.json': '{"scalingModel":' + '['.repeat(50000),
    });
    const r = cli(['analyze', 'bin.json', 'huge.json', 'deep.json', 'degree.json', 'exponent.json', '--json'], dir);
    assert.equal(r.code, 1);
    const out = JSON.parse(r.out) as AnalyzeOutput;
    for (const f of out.files) assert.ok(f.diagnostics!.length > 0, f.file);
    const messages = out.files.flatMap((f) => f.diagnostics!.map((d) => d.message)).join('\n');
    assert.match(messages, /degree must be at most 32/);
    assert.match(messages, /exponent of 'd' is too large/);
    assert.doesNotMatch(messages, /internal error/);
  });

  it('runs as a real process through bin/scaling-lens.js with the same exit codes', () => {
    const ok = spawnSync(process.execPath, ['bin/scaling-lens.js', 'analyze', 'examples/two-layer.json', '--json'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(JSON.parse(ok.stdout).files[0].models[0].winner, 'specialization');
    const usage = spawnSync(process.execPath, ['bin/scaling-lens.js', 'frobnicate'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(usage.status, 2);
    const version = spawnSync(process.execPath, ['bin/scaling-lens.js', '--version'], { cwd: ROOT, encoding: 'utf8' });
    assert.match(version.stdout, /^\d+\.\d+\.\d+/);
  });
});
