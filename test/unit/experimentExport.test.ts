// "Export Experiment Script": the PyTorch script is self-contained, compiles, and, run with its
// numpy back end (torch is not installed here), performs the same experiment and writes a results
// file that the editor accepts, with the same keys as the TypeScript core's.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportScript } from '../../src/experiment/run/exportScript';
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
