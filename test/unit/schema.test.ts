// The JSON schema the extension registers (schemas/scaling-model.schema.json): it must accept every
// model and override we ship, and reject what the front end rejects, so editors do not contradict
// the analysis.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parseJson, type JsonValue } from '../../src/parse/json';
import { ROOT, cli, tempFile } from './helpers';

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
});

describe('JSON schema of the command line output (schemas/analyze-output.schema.json)', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schemas/analyze-output.schema.json'), 'utf8')));
  const ok = (value: unknown, what: string) => assert.ok(validate(value), `${what}: ${ajv.errorsText(validate.errors)}`);

  it('accepts the output for every example and every real file of the corpus', () => {
    const out = cli(['analyze', 'examples', 'test/fixtures/real', '--json']);
    const doc = JSON.parse(out.out) as { schemaVersion: number; files: unknown[] };
    assert.equal(doc.schemaVersion, 2);
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
