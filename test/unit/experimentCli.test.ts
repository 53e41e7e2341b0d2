// `scaling-lens experiment`: usage, refusals with their reason, the exported script, and a small
// real run through the worker threads (the same runner the editor uses), whose JSON the editor loads.
import { strict as assert } from 'node:assert';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExperimentCommand } from '../../src/cli/experiment';
import { checkResults } from '../../src/experiment/results';
import type { ExperimentResults } from '../../src/experiment/types';
import { ROOT, schemaValidator } from './helpers';

async function cli(args: string[], cwd = ROOT) {
  let out = '';
  let err = '';
  const code = await runExperimentCommand(args, { out: (s) => (out += s), err: (s) => (err += s), cwd }, { version: 'test' });
  return { code, out, err };
}

const linearModel = JSON.stringify({
  scalingModel: {
    name: 'linear-target',
    data: { kind: 'gaussian', dim: 'd' },
    target: { kind: 'single-index', degree: 1 },
    parametrization: { readout: 'standard' },
    layers: [{ type: 'dense', width: 'N', activation: 'tanh' }, { type: 'readout' }],
    regime: { N: 'd' },
  },
});

describe('cli: scaling-lens experiment', function () {
  this.timeout(240_000);

  it('prints its help, and says what is wrong with bad usage (exit 2)', async () => {
    const h = await cli(['--help']);
    assert.equal(h.code, 0);
    assert.match(h.out, /Usage: scaling-lens experiment FILE/);
    for (const [args, msg] of [[[], /no file given/], [['a.json', '--dims', '8'], /--dims expects at least two integers/], [['a.json', '--seeds', '0'], /--seeds expects a positive integer/], [['a.json', '--bogus'], /Unknown option '--bogus'/], [['a.json', '--integrator', 'leapfrog'], /--integrator expects 'underdamped' or 'overdamped'/],
      // Found by a review: a repeated d read as one too few ("leaves 1 of the dimensions 8: ", exit 1),
      // sizes no run can hold failed in every worker and read "no learning", and 300 threads took 2.5 GB.
      [['a.json', '--dims', '8,8'], /--dims names 8 twice; give each d once/], [['a.json', '--dims', '8,80000'], /--dims: each d is at most 65536, got 80000/],
      [['a.json', '--max-width', '99999999999'], /--max-width is at most 65536/], [['a.json', '--threads', '300'], /--threads is at most 64/]] as [string[], RegExp][]) {
      const r = await cli(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, msg);
    }
    const several = await cli(['examples/mnist-mlp.ts', '--quick']);
    assert.equal(several.code, 2);
    assert.match(several.err, /several models; choose one with --model \(models: /);
  });

  it('refuses a model it cannot check, with the reason (exit 1)', async () => {
    const att = await cli(['examples/attention-head.json', '--quick']);
    assert.equal(att.code, 1);
    assert.match(att.err, /cannot check by experiment: attention-head: the experiment simulates stacks of dense layers; layer 1 is an attention head/);
    const missing = await cli(['no/such.json']);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /no\/such\.json: cannot read it: no such file/);
    // A network that cannot learn its target (an even target for an odd network) has nothing to check.
    const even = join(mkdtempSync(join(tmpdir(), 'sl-exp-')), 'even.json');
    writeFileSync(even, JSON.stringify({ scalingModel: { name: 'even', target: { kind: 'single-index', degree: 2 }, layers: [{ type: 'dense', width: 'N', activation: 'erf' }, { type: 'readout' }], regime: { N: 'd' } } }));
    const unlearnable = await cli([even, '--quick']);
    assert.equal(unlearnable.code, 1);
    assert.match(unlearnable.err, /an odd network has no even component/);
    const dir = mkdtempSync(join(tmpdir(), 'sl-exp-'));
    writeFileSync(join(dir, 'bad.json'), '{ "scalingModel": { "name": "x", ');
    const bad = await cli(['bad.json'], dir);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /cannot check by experiment: line \d+, column \d+: /);
  });

  // --degree and --readout were below the file (the file's degree 1 won); --set was an unknown option.
  it('takes --set, --degree and --readout first, as analyze does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sl-exp-'));
    writeFileSync(join(dir, 'linear.json'), linearModel);
    const r = await cli(['linear.json', '--degree', '3', '--readout', 'mean-field', '--set', 'd=100', '--set', 'N=1000', '--export-script', 'run.py'], dir);
    assert.equal(r.code, 0, r.err);
    const text = readFileSync(join(dir, 'run.py'), 'utf8');
    assert.match(text, /"degree": 3,/);
    assert.match(text, /"readout": "mean-field",/);
    const unknown = await cli(['linear.json', '--set', 'Q=64'], dir);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /--set Q=64: no model has a size named Q\. The sizes are:\n {2}linear\.json: linear-target: d, N/);
  });

  it('--export-script writes the PyTorch script and names the results file to write', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sl-exp-'));
    const r = await cli([join(ROOT, 'examples/two-layer.json'), '--export-script', 'run.py'], dir);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /wrote run\.py: python3 run\.py --out two-layer\.experiment\.json/);
    assert.match(readFileSync(join(dir, 'run.py'), 'utf8'), /"name": "two-layer-erf"/);
    const od = await cli([join(ROOT, 'examples/two-layer.json'), '--integrator', 'overdamped', '--export-script', 'od.py'], dir);
    assert.equal(od.code, 0, od.err);
    assert.match(readFileSync(join(dir, 'od.py'), 'utf8'), /"integrator": "overdamped"/);
  });

  it('runs the README\'s commands on examples/two-layer.json', async () => {
    // In a copy of the examples, so that the script lands in a temporary folder.
    const dir = mkdtempSync(join(tmpdir(), 'sl-exp-'));
    mkdirSync(join(dir, 'examples'));
    for (const f of ['linear-target.json', 'two-layer.json']) copyFileSync(join(ROOT, 'examples', f), join(dir, 'examples', f));
    const first = await cli(['examples/linear-target.json', '--quick', '--dims', '8,16', '--seeds', '1'], dir);
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /linear-target \(quick mode, a smoke test; complete\)/);
    assert.match(first.out, /predicted {2}P\* ∝ κ·.* → d\^1 .* widths: N = d \(the regime\)/);
    assert.match(first.out, /\n {7}8 +\d+\.\d/, 'a row for d = 8 with its P*');
    assert.match(first.out, /\n {2}(Measured P\* ∝ d\^|No exponent)/);
    const script = await cli(['examples/two-layer.json', '--export-script', 'two-layer_experiment.py'], dir);
    assert.equal(script.code, 0, script.err);
    const text = readFileSync(join(dir, 'two-layer_experiment.py'), 'utf8');
    assert.match(text, /^#!\/usr\/bin\/env python3/);
    assert.match(text, /N = d\^1\.5 \(implied by N = 1000 at d = 100\)/);
  });

  it('runs a small quick experiment on worker threads: text, --json and --out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sl-exp-'));
    writeFileSync(join(dir, 'linear.json'), linearModel);
    const r = await cli(['linear.json', '--quick', '--dims', '8,16', '--seeds', '1', '--threads', '2', '--json', '--out', 'linear.experiment.json', '--machine', 'test box'], dir);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /linear-target: predicted P\* ∝ d\^1 \[\w+\]; quick mode \(a smoke test\): d = 8, 16, 1 seeds, kappa 0\.5/);
    assert.match(r.err, /wrote linear\.experiment\.json/);
    const printed = JSON.parse(r.out) as ExperimentResults;
    const saved = JSON.parse(readFileSync(join(dir, 'linear.experiment.json'), 'utf8'));
    assert.deepEqual(saved, printed);
    const c = checkResults(saved);
    assert.ok(c.ok, c.ok ? '' : c.error);
    assert.equal(schemaValidator('experiment-results.schema.json')(saved), undefined, 'schemas/experiment-results.schema.json');
    assert.equal(printed.status, 'complete');
    assert.equal(printed.smokeTest, true);
    assert.equal(printed.machine, 'test box');
    assert.equal(printed.settings.threads, 2);
    assert.deepEqual(printed.measured.points.map((p) => p.d), [8, 16]);
    assert.ok(printed.measured.points.every((p) => p.pStar !== undefined && p.runs.length > 0));
    assert.match(printed.measured.caveats[0], /smoke test/);
    const text = await cli(['linear.json', '--quick', '--dims', '8,16', '--seeds', '1'], dir);
    assert.match(text.out, /linear-target \(quick mode, a smoke test; complete\)\n {2}predicted {2}P\* ∝ κ·/);
    assert.match(text.out, /\n {2}measured {3}d\^\d\.\d\d/);
  });
});
