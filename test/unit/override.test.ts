// The override beside a file (model.scaling.json beside model.json): its front end, how it applies,
// and that the command line, the worker protocol and the file itself treat it right.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from '../../src/parse/index';
import { overriddenFileName, overrideFileName, readOverride } from '../../src/parse/override';
import { analyzeDocument } from '../../src/pipeline/document';
import type { AnalyzeOutput } from '../../src/contract/result';
import { parseRequest } from '../../src/contract/worker';
import { cli, rangeOf, ROOT } from './helpers';

const keras = readFileSync(join(ROOT, 'examples/keras-mlp/model.json'), 'utf8');
const override = (body: string) => `{\n  "scalingModel": {\n${body}\n  }\n}\n`;

describe('override beside a file (model.scaling.json)', () => {
  it('names the override of a JSON file or a code file, and of no other', () => {
    assert.equal(overrideFileName('/a/b/model.json'), '/a/b/model.scaling.json');
    assert.equal(overrideFileName('config.jsonc'), 'config.scaling.jsonc');
    assert.equal(overrideFileName('/a/model.scaling.json'), undefined);
    assert.equal(overrideFileName('net.ts'), 'net.scaling.json');
    assert.equal(overrideFileName('README.md'), undefined);
    assert.equal(overriddenFileName('/a/b/model.scaling.json'), '/a/b/model.json');
    assert.equal(overriddenFileName('/a/b/model.json'), undefined);
  });

  it('reads degree, readout, kappa, sizes and regime, with errors at their position', () => {
    const ok = readOverride('m.scaling.json', override('    "target": {"degree": 5}, "parametrization": {"readout": "mean-field", "kappa": 0.01},\n    "sizes": {"d": 100}, "regime": {"N1": "d^2"}'));
    assert.deepEqual(ok.diagnostics, []);
    assert.equal(ok.override!.degree, 5);
    assert.equal(ok.override!.readout, 'mean-field');
    assert.equal(ok.override!.kappa, 0.01);
    assert.deepEqual(ok.override!.sizes, { d: 100 });
    assert.deepEqual(ok.override!.regime, { N1: 'd^2' });
    const text = override('    "target": {"degree": 0}, "colour": "red"');
    const bad = readOverride('m.scaling.json', text);
    assert.equal(bad.override, undefined);
    const err = bad.diagnostics.find((d) => d.severity === 'error')!;
    assert.match(err.message, /degree must be at least 1/);
    assert.deepEqual(err.range.start, rangeOf(text, '0').start);
    assert.ok(bad.diagnostics.some((d) => d.severity === 'warning' && /unknown key "colour"/.test(d.message)));
    // A value of another kind is said by its kind (an object was "got undefined"), under any key.
    const kinds = readOverride('m.scaling.json', override('    "sizes": {"__proto__": {"N": 3}, "N1": [1], "N2": true, "N3": null}'));
    assert.deepEqual(kinds.diagnostics.filter((d) => d.code === 'bad-size').map((d) => d.message.replace(/^.*got /, '')), ['an object', 'an array', 'true', 'null']);
  });

  it('is not a model of its own: the file gives an info, never an error', () => {
    const doc = parseDocument('dir/model.scaling.json', override('    "target": {"degree": 3}'));
    assert.equal(doc.models.length, 0);
    assert.ok(doc.diagnostics.every((d) => d.severity === 'info'));
    assert.match(doc.diagnostics[0].message, /Overrides the assumptions of model\.json/);
  });

  it('applies to the models of the file beside it, and every value it sets is an assumption from the override', () => {
    const plain = analyzeDocument('model.json', keras).models[0];
    assert.equal(plain.pStar!.inD, undefined);
    assert.ok(plain.assumptions!.some((a) => a.what === 'target degree' && a.source === 'default'));
    const text = override('    "target": {"degree": 5}, "regime": {"N1": "d", "N2": "d"}');
    const m = analyzeDocument('model.json', keras, { override: { fileName: 'model.scaling.json', text } }).models[0];
    assert.deepEqual(m.regime, { N1: 'd', N2: 'd' });
    assert.ok(m.pStar!.inD, 'the regime gives P* in d');
    const degree = m.assumptions!.filter((a) => a.what === 'target degree');
    assert.deepEqual(degree, [{ what: 'target degree', value: '5', source: 'override' }]);
    assert.ok(m.assumptions!.some((a) => a.what === 'regime N1' && a.source === 'override'));
    // Degree 5: the lazy candidate costs d^5 under the regime.
    assert.equal(m.candidates.find((c) => c.id === 'gp-gp')!.energy.inD, '5');
  });

  it('warns about a regime for a size the model does not have, and reports a broken override on the file', () => {
    const m = analyzeDocument('model.json', keras, { override: { fileName: 'model.scaling.json', text: override('    "regime": {"Q": "d"}') } }).models[0];
    assert.ok(m.diagnostics.some((d) => d.code === 'override' && /no width or context "Q"/.test(d.message)));
    const broken = analyzeDocument('model.json', keras, { override: { fileName: 'model.scaling.json', text: '{ "scalingModel": ' } });
    assert.equal(broken.models.length, 1, 'the model is still analysed');
    assert.ok(broken.diagnostics!.some((d) => d.severity === 'error' && /^model\.scaling\.json:1:\d+: /.test(d.message)));
  });

  it('is picked up by the command line next to the file', () => {
    const r = cli(['analyze', 'examples/keras-mlp/model.json', '--json']);
    assert.equal(r.code, 0, r.out.slice(0, 1000));
    const m = (JSON.parse(r.out) as AnalyzeOutput).files[0].models[0];
    assert.deepEqual(m.regime, { N1: 'd', N2: 'd' });
    assert.ok(m.assumptions!.some((a) => a.what === 'regime N1' && a.source === 'override'));
  });

  it('travels to the worker with the inputs of its file, checked', () => {
    const base = { type: 'analyze', id: 1, uri: 'file:///m.json', version: 1, fileName: 'm.json', text: '{}' };
    assert.ok(parseRequest({ ...base, inputs: { override: { fileName: 'm.scaling.json', text: '{}' } } }).ok);
    assert.ok(!parseRequest({ ...base, inputs: { override: { fileName: 3, text: '{}' } } }).ok);
  });
});
