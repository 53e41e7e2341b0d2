// The JSON schema the extension registers (schemas/scaling-model.schema.json): it must accept every
// model and override we ship, and reject what the front end rejects, so editors do not contradict
// the analysis.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parseJson, type JsonValue } from '../../src/parse/json';
import { ROOT, cli, schemaValidator, tempFile } from './helpers';
import { buildPlot, plotJson } from '../../src/plot/index';
import { PLOT_SCHEMA_VERSION } from '../../src/plot/types';
import { readModels } from '../../src/pipeline/document';
import { SCHEMA_VERSION } from '../../src/contract/result';
import { SCHEMA_VERSION as EXPERIMENT_SCHEMA_VERSION } from '../../src/experiment/types';

/** JSONC (comments, trailing commas) to a plain value, through our own parser. */
function load(rel: string): unknown {
  const r = parseJson(readFileSync(join(ROOT, rel), 'utf8'));
  assert.ok(r.root, `${rel}: ${r.error?.message}`);
  const plain = (v: JsonValue): unknown =>
    v.type === 'object' ? Object.fromEntries(v.properties.map((p) => [p.key, plain(p.value)])) : v.type === 'array' ? v.items.map(plain) : v.value;
  return plain(r.root!);
}

describe('JSON schema for scalingModel files', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schemas/scaling-model.schema.json'), 'utf8')));
  const ok = (value: unknown, what: string) => assert.ok(validate(value), `${what}: ${ajv.errorsText(validate.errors)}`);

  for (const f of ['examples/two-layer.json', 'examples/three-layer.json', 'examples/attention-head.json', 'examples/keras-mlp/model.scaling.json']) {
    it(`accepts ${f}`, () => ok(load(f), f));
  }

  it('accepts an override without layers, and rejects unknown keys in it', () => {
    ok({ scalingModel: { target: { kind: 'single-index', degree: 5 }, regime: { N1: 'd' } } }, 'override');
    assert.equal(validate({ scalingModel: { colour: 'red' } }), false);
  });

  it('rejects what the front end rejects: a negative width, a degree below 1', () => {
    const model = (layer: object, degree = 3) => ({
      scalingModel: { name: 'x', target: { kind: 'single-index', degree }, layers: [layer, { type: 'readout' }] },
    });
    ok(model({ type: 'dense', width: 'N', activation: 'erf' }), 'valid model');
    assert.equal(validate(model({ type: 'dense', width: -5 })), false);
    assert.equal(validate(model({ type: 'dense', width: 'N' }, 0)), false);
  });

  it('agrees with the front end on every value a reviewer tried: what one refuses, the other refuses', () => {
    // Each accepted by the schema and refused by the reader (an error), before: the editor said nothing
    // and the analysis refused the file.
    const base = { name: 'x', layers: [{ type: 'dense', width: 'N', activation: 'erf' }, { type: 'readout' }] };
    const cases: [string, object][] = [
      ['degree 40', { ...base, target: { kind: 'single-index', degree: 40 } }],
      ['kappa -1', { ...base, parametrization: { readout: 'standard', kappa: -1 } }],
      ['width 12.5', { ...base, layers: [{ type: 'dense', width: 12.5 }, { type: 'readout' }] }],
      ['size 0.5', { ...base, sizes: { N: 0.5 } }],
      ['width "kappa"', { ...base, layers: [{ type: 'dense', width: 'kappa' }, { type: 'readout' }] }],
    ];
    for (const [what, scalingModel] of cases) {
      assert.equal(validate({ scalingModel }), false, `${what}: the schema refuses it`);
      const r = readModels('x.json', JSON.stringify({ scalingModel }));
      assert.ok(r.models.length === 0 || r.diagnostics.some((d) => d.severity === 'error'), `${what}: the reader refuses it`);
    }
    // A typo in a model's key is marked in the editor, as the reader warns of it ("regmie").
    assert.equal(validate({ scalingModel: { ...base, regmie: { N: 'd' } } }), false);
    // And the readout's aliases the reader takes, the schema takes.
    for (const readout of ['ntk', 'muP', 'meanfield']) {
      ok({ scalingModel: { ...base, parametrization: { readout } } }, readout);
      assert.equal(readModels('x.json', JSON.stringify({ scalingModel: { ...base, parametrization: { readout } } })).models.length, 1, readout);
    }
  });
});

describe('JSON schema of the command line output (schemas/analyze-output.schema.json)', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schemas/analyze-output.schema.json'), 'utf8')));
  const ok = (value: unknown, what: string) => assert.ok(validate(value), `${what}: ${ajv.errorsText(validate.errors)}`);

  it('accepts the output for every example and every real file of the corpus', () => {
    const out = cli(['analyze', 'examples', 'test/fixtures/real', '--json']);
    const doc = JSON.parse(out.out) as { schemaVersion: number; files: unknown[] };
    assert.equal(doc.schemaVersion, SCHEMA_VERSION);
    assert.ok(doc.files.length > 40, `${doc.files.length} files`);
    ok(doc, 'analyze examples test/fixtures/real');
  });

  it('accepts not-learnable models, flat parameters, deep tables and ties counted', () => {
    const layers = (acts: string[]) => [...acts.map((activation, i) => ({ type: 'dense', width: `N${i + 1}`, activation })), { type: 'readout' }];
    const doc = (scalingModel: object) => JSON.parse(cli(['analyze', tempFile('m.json', JSON.stringify({ scalingModel })), '--json']).out);
    const even = doc({ name: 'even', target: { kind: 'single-index', degree: 2 }, layers: layers(['erf']) });
    assert.equal(even.files[0].models[0].pStar, null);
    ok(even, 'not learnable');
    const flat = doc({ name: 'flat', layers: layers(['erf', 'erf']), regime: { N1: 'd^3', N2: 'd^2' } });
    assert.ok(flat.files[0].models[0].candidates.some((c: { params: Record<string, { range?: unknown }> }) => Object.values(c.params).some((p) => p.range)));
    ok(flat, 'flat parameters');
    const deep = doc({ name: 'deep', layers: layers(Array.from({ length: 12 }, (_, i) => (i % 2 ? 'relu' : 'erf'))), regime: Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`N${i + 1}`, 'd'])) });
    assert.equal(deep.files[0].models[0].candidateTable, 'best');
    ok(deep, 'deep');
  });

  it('rejects a document without its version, or with an unknown status', () => {
    assert.equal(validate({ files: [] }), false);
    const doc = JSON.parse(cli(['analyze', 'examples/two-layer.json', '--json']).out);
    doc.files[0].models[0].pStar.status = 'certain';
    assert.equal(validate(doc), false);
  });
});

describe('JSON schema of the plot data (schemas/plot-output.schema.json)', () => {
  const check = schemaValidator('plot-output.schema.json');

  it('accepts `plot --format json` for every chart of every example model, and the panel\'s export of a model with nothing to plot', () => {
    let n = 0;
    for (const f of ['examples/three-layer.json', 'examples/two-layer.json', 'examples/attention-head.json', 'examples/keras-mlp/model.json', 'examples/pytorch-mlp.py', 'examples/untagged-tfjs.js', 'examples/gpt2-small/config.json']) {
      const models = (JSON.parse(cli(['analyze', f, '--json']).out) as { files: { models: { name: string; pStar?: unknown }[] }[] }).files[0].models;
      for (const m of models.filter((x) => x.pStar)) {
        const r = cli(['plot', f, '--model', m.name, '--format', 'json']);
        assert.equal(r.code, 0, r.err);
        const doc = JSON.parse(r.out);
        assert.equal(doc.schemaVersion, 1);
        assert.equal(check(doc), undefined, `${f}: ${m.name}`);
        n++;
      }
    }
    assert.ok(n >= 8, `${n} plots`);
    const even = readModels('even.json', JSON.stringify({ scalingModel: { name: 'even', target: { kind: 'single-index', degree: 2 }, layers: [{ type: 'dense', width: 'N', activation: 'erf' }, { type: 'readout' }] } })).models[0];
    const empty = JSON.parse(plotJson(buildPlot(even)));
    assert.match(empty.unavailable, /not learnable/);
    assert.equal(check(empty), undefined);
  });

  it('rejects a chart without its axes or an unknown status', () => {
    const doc = JSON.parse(cli(['plot', 'examples/three-layer.json', '--format', 'json']).out);
    assert.equal(check(doc), undefined);
    assert.notEqual(check({ ...doc, schemaVersion: undefined }), undefined);
    assert.notEqual(check({ ...doc, pStar: { ...doc.pStar, status: 'certain' } }), undefined);
    const { x: _x, ...noAxis } = doc.charts.pstarD;
    assert.notEqual(check({ ...doc, charts: { ...doc.charts, pstarD: noAxis } }), undefined);
  });
});

describe('JSON schema of experiment results (schemas/experiment-results.schema.json)', () => {
  const check = schemaValidator('experiment-results.schema.json');

  it('accepts the committed quick-mode results, and the version the editor reads', () => {
    const doc = JSON.parse(readFileSync(join(ROOT, 'examples/experiments/two-layer.quick.experiment.json'), 'utf8'));
    assert.equal(check(doc), undefined);
    assert.equal(doc.schemaVersion, EXPERIMENT_SCHEMA_VERSION);
    assert.notEqual(check({ ...doc, schemaVersion: 2 }), undefined);
    assert.notEqual(check({ ...doc, measured: { ...doc.measured, verdict: 'great' } }), undefined);
  });
});

describe('the schemas and the code name the same versions', () => {
  it('analyze-output 3, plot-output 1, experiment-results 1', () => {
    const version = (name: string) => JSON.parse(readFileSync(join(ROOT, 'schemas', name), 'utf8')).properties.schemaVersion.const;
    assert.equal(version('analyze-output.schema.json'), SCHEMA_VERSION);
    assert.equal(version('plot-output.schema.json'), PLOT_SCHEMA_VERSION);
    assert.equal(version('experiment-results.schema.json'), EXPERIMENT_SCHEMA_VERSION);
  });
});
