// The JSON schema the extension registers (schemas/scaling-model.schema.json): it must accept every
// model and override we ship, and reject what the front end rejects, so editors do not contradict
// the analysis.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parseJson, type JsonValue } from '../../src/parse/json';
import { ROOT } from './helpers';

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
