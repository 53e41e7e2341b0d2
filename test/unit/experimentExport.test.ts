// "Export Experiment Script": the PyTorch script is self-contained, compiles, and, run with its
// numpy back end (torch is not installed here), performs the same experiment and writes a results
// file that the editor accepts, with the same keys as the TypeScript core's.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportScript } from '../../src/experiment/run/exportScript';
import { verdictOf } from '../../src/experiment/compare';
import { experimentActivation, simulatedActivations } from '../../src/experiment/core/activations';
import { planExperiment } from '../../src/experiment/run/plan';
import { buildResults, checkResults } from '../../src/experiment/results';
import { ExperimentSchedule } from '../../src/experiment/schedule';
import type { ExperimentPlan, ExperimentResults } from '../../src/experiment/types';
import type { ModelDescription } from '../../src/model/types';
import { schemaValidator } from './helpers';

const python = (args: string[], cwd: string) => spawnSync('python3', args, { cwd, encoding: 'utf8', timeout: 240_000 });
const hasPython = python(['-c', 'import sys; assert sys.version_info >= (3, 8)'], tmpdir()).status === 0;
const hasNumpy = hasPython && python(['-c', 'import numpy'], tmpdir()).status === 0;

function plan(model: Partial<ModelDescription>, settings: Partial<ExperimentPlan['settings']> = {}): ExperimentPlan {
  const p = planExperiment(
    {
      name: 'exported',
      data: { kind: 'gaussian', dim: 'd' },
      target: { kind: 'single-index', degree: 1 },
      parametrization: { readout: 'standard' },
      layers: [{ type: 'dense', width: 'N', activation: 'erf' }, { type: 'readout' }],
      regime: { N: 'd' },
      ...model,
    },
    { mode: 'full', settings },
  );
  if (!p.ok) throw new Error(p.reason);
  return p.plan;
}

const keys = (o: object) => Object.keys(o).sort();

describe('experiment: the exported PyTorch script', function () {
  this.timeout(300_000);

  it('embeds the plan and nothing of this repository', () => {
    const p = plan({ name: 'three "quoted" layers', layers: [{ type: 'dense', width: 'N1', activation: 'gelu', bias: true }, { type: 'dense', width: 'N2', activation: 'tanh' }, { type: 'readout' }], regime: { N1: 'd', N2: 'd' } });
    const text = exportScript(p, 'scaling-lens 9.9.9');
    assert.ok(text.startsWith('#!/usr/bin/env python3\n'));
    assert.ok(text.includes('three \\"quoted\\" layers'), 'the model name survives inside the raw string');
    assert.ok(text.includes('PRODUCER = "scaling-lens 9.9.9"'));
    assert.ok(!/__PLAN__|__QUICK__|__PRODUCER__/.test(text), 'every placeholder is filled');
    assert.ok(!/\.\.\/shared|src\/experiment|require\(/.test(text), 'self-contained');
    assert.ok(text.includes('import torch'), 'PyTorch is its array back end');
  });

  it('fills its placeholders in one pass: a model named after one still gives a script that loads', function () {
    // A model named __QUICK__ had the quick settings written into the plan's JSON (a review).
    const name = '__QUICK__ __PLAN__ __PRODUCER__';
    const text = exportScript(plan({ name }), 'test');
    assert.equal(text.split('__QUICK__').length - 1, 1, 'the name, once, and no placeholder left');
    if (!hasPython) this.skip();
    const dir = mkdtempSync(join(tmpdir(), 'sl-export-'));
    writeFileSync(join(dir, 'run.py'), text);
    const r = python(['-c', 'import importlib.util as u; s = u.spec_from_file_location("run", "run.py"); m = u.module_from_spec(s); s.loader.exec_module(m); print(m.PLAN["model"]["name"] if "model" in m.PLAN else m.PLAN["name"])'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), name);
  });

  it('simulates every activation the core simulates, with the core\'s values and slopes, and rounds as the core does', function () {
    const text = exportScript(plan({}), 'test');
    for (const a of simulatedActivations()) assert.ok(text.includes(`"${a}"`), `the script has a branch for ${a}`);
    if (!hasNumpy) this.skip();
    // hardswish had no branch: an exported script stopped at its first run ("no simulation for activation").
    const xs = [-4, -3, -2.5, -1, -0.3, 0, 0.2, 1, 2.9, 3, 4.5];
    const dir = mkdtempSync(join(tmpdir(), 'sl-export-'));
    writeFileSync(join(dir, 'run.py'), text);
    const code = [
      'import importlib.util as u, json, numpy as np',
      's = u.spec_from_file_location("run", "run.py"); m = u.module_from_spec(s); s.loader.exec_module(m)',
      'ops = m.NumpyOps("cpu", "float64")',
      `out = {a: [v.tolist() for v in m.activation(ops, a, np.array(${JSON.stringify(xs)}, dtype=np.float64))] for a in ${JSON.stringify(simulatedActivations())}}`,
      'out["widths"] = [m.width_of({"coefficient": 1.5, "exponent": 1}, d) for d in (11, 23, 45)]',
      'out["halves"] = [m.js_round(x) for x in (22.5, 6.5, 0.5)]',
      'out["verdicts"] = [m.reading(1.1, iv, {"inD": 1.0, "exact": "1"}, 0.9, 4)[0] for iv in ([-0.26, 1.92], [0.8, 1.2], [1.5, 3.7], [0.2, 0.5])]',
      'print(json.dumps(out))',
    ].join('\n');
    const r = python(['-c', code], dir);
    assert.equal(r.status, 0, r.stderr);
    const got = JSON.parse(r.stdout) as Record<string, number[][]>;
    const h = Float64Array.from(xs);
    for (const a of simulatedActivations()) {
      const z = new Float64Array(xs.length);
      const dz = new Float64Array(xs.length);
      experimentActivation(a)!.pass(h, z, dz, xs.length);
      xs.forEach((x, i) => {
        assert.ok(Math.abs(got[a][0][i] - z[i]) < 1e-6, `${a}(${x}): script ${got[a][0][i]}, core ${z[i]}`);
        assert.ok(Math.abs(got[a][1][i] - dz[i]) < 1e-6, `${a}'(${x}): script ${got[a][1][i]}, core ${dz[i]}`);
      });
    }
    // Halves up, as Math.round: N = 1.5 d is 17 at d = 11 (Python's round() gave 16), and P = 45 halves to 23.
    assert.deepEqual(got.widths, [11, 23, 45].map((d) => Math.round(1.5 * d)));
    assert.deepEqual(got.halves, [23, 7, 1]);
    // The same reading as the core's (compare.ts), a wide interval included.
    assert.deepEqual(got.verdicts, [[-0.26, 1.92], [0.8, 1.2], [1.5, 3.7], [0.2, 0.5]].map((iv) => verdictOf(iv as [number, number], 1)));
  });

  it('--quick keeps the plan\'s method and says which of its d the width budget leaves out (it wrote the full plan\'s list)', function () {
    // N = d^2, exported in full mode with the overdamped integrator: the quick settings kept
    // "underdamped", and the script's results listed the full mode's dropped d, not quick's 23 and 32.
    const p = plan({ regime: { N: 'd^2' } }, { integrator: 'overdamped' });
    const text = exportScript(p, 'test');
    const quick = JSON.parse(/QUICK = json\.loads\(r"""(.*)"""\)/.exec(text)![1]) as ExperimentPlan['settings'];
    assert.equal(quick.integrator, 'overdamped');
    if (!hasPython) this.skip();
    const dir = mkdtempSync(join(tmpdir(), 'sl-export-'));
    writeFileSync(join(dir, 'run.py'), text);
    const code = 'import importlib.util as u, json\ns = u.spec_from_file_location("run", "run.py"); m = u.module_from_spec(s); s.loader.exec_module(m)\ndropped = []\nkept = m.within_budget(m.QUICK["dims"], m.QUICK["maxWidth"], dropped)\nprint(json.dumps([kept, dropped]))';
    const r = python(['-c', code], dir);
    assert.equal(r.status, 0, r.stderr);
    const [kept, dropped] = JSON.parse(r.stdout) as [number[], { d: number; reason: string }[]];
    const budget = quick.maxWidth;
    assert.deepEqual(kept, quick.dims.filter((d) => Math.round(d * d) <= budget));
    assert.deepEqual(dropped.map((x) => x.d), quick.dims.filter((d) => Math.round(d * d) > budget));
    assert.match(dropped[0].reason, new RegExp(`^N = \\d+ exceeds the width budget ${budget}$`));
    // And a bad option is said, not taken as unset (--seeds 0 ran the default seeds).
    for (const bad of [['--seeds', '0'], ['--kappa', '0'], ['--dims', '8'], ['--dims', '8,8']]) {
      const b = python(['run.py', '--backend', 'numpy', ...bad], dir);
      assert.notEqual(b.status, 0, bad.join(' '));
      assert.match(b.stderr, /expects/, bad.join(' '));
    }
  });

  it('compiles (python3 -m py_compile)', function () {
    if (!hasPython) this.skip();
    const dir = mkdtempSync(join(tmpdir(), 'sl-export-'));
    writeFileSync(join(dir, 'run.py'), exportScript(plan({ layers: [{ type: 'dense', width: 'N', activation: 'relu' }, { type: 'dense', width: 'N', activation: 'relu' }, { type: 'readout' }], target: { kind: 'single-index', degree: 3 } }), 'test'));
    const r = python(['-m', 'py_compile', 'run.py'], dir);
    assert.equal(r.status, 0, r.stderr);
  });

  it('runs the same experiment with --backend numpy and writes results the editor accepts', function () {
    if (!hasNumpy) this.skip();
    const p = plan({}, { burnIn: 4, sample: 2, measurements: 8, testSize: 300, maxRatio: 16, pStart: 0.5, bootstrap: 100 });
    const dir = mkdtempSync(join(tmpdir(), 'sl-export-'));
    writeFileSync(join(dir, 'run.py'), exportScript(p, 'test'));
    const r = python(['run.py', '--backend', 'numpy', '--dtype', 'float64', '--dims', '6,12', '--seeds', '2', '--machine', 'test machine', '--out', 'out.json'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /d=12 P=\d+ seed 2 aligned/);
    const json = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'));
    const checked = checkResults(json);
    assert.ok(checked.ok, checked.ok ? '' : checked.error);
    assert.equal(schemaValidator('experiment-results.schema.json')(json), undefined, 'the script writes what schemas/experiment-results.schema.json says');
    const res = json as ExperimentResults;
    assert.equal(res.status, 'complete');
    assert.equal(res.machine, 'test machine');
    assert.match(res.producer, /exported PyTorch script \(numpy/);
    assert.deepEqual(res.settings.dims, [6, 12]);
    assert.deepEqual(res.predicted, p.predicted);
    assert.equal(res.measured.points.length, 2);
    assert.ok(res.measured.points.every((pt) => pt.runs.length >= 4 * pt.curve.length), 'every level ran both seeds from both starts');
    // At d = 6 and 12 with 2 seeds the curves are noisy: what must hold is that a linear target is
    // learned at P of order d, and that a point without P* says why.
    const p12 = res.measured.points[1];
    assert.ok(p12.pStar! > 2 && p12.pStar! < 48, `d = 12: P* = ${p12.pStar}`);
    for (const pt of res.measured.points) assert.ok(pt.pStar !== undefined || pt.notes.some((n) => /below the grid|never crossed|no learning/.test(n)), `d = ${pt.d}: ${pt.notes}`);
    assert.ok(res.measured.reading.length > 20 && res.measured.caveats.length > 0);
    // The same contract as the TypeScript core's results, key for key.
    const core = JSON.parse(JSON.stringify(buildResults(p, new ExperimentSchedule(p), 'partial', { producer: 'x', machine: 'y', seconds: 1, createdAt: 'z' })));
    assert.deepEqual(keys(res), keys(core));
    assert.deepEqual(keys(res.settings), keys({ ...core.settings, threads: 1 }));
    assert.deepEqual(keys(res.model), keys(core.model));
    const pt = res.measured.points[0];
    assert.deepEqual(keys(pt.runs[0]).filter((k) => k !== 'note'), ['P', 'alignment', 'curvature', 'diverged', 'drift', 'equilibrated', 'eta', 'retries', 'se', 'seed', 'start', 'steps', 'time', 'trainMse']);
    assert.deepEqual(keys(pt.curve[0]), ['P', 'aligned', 'alignment', 'random', 'se']);
  });
});
