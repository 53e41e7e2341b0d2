// The JSON/JSONC parser and the `scalingModel` front end: ranges (line and column), JSONC, syntax
// errors, and every validation diagnostic with its position.
import * as assert from 'assert';
import { parseDocument } from '../../src/parse';
import { analyzeDocument } from '../../src/pipeline/document';
import { parseJson, MAX_JSON_DEPTH } from '../../src/parse/json';
import type { Diagnostic, Range } from '../../src/model/types';
import { rangeOf, R } from './helpers';



function model(body: string): string {
  return `{\n  "scalingModel": {\n${body}\n  }\n}\n`;
}
const LAYERS = `    "layers": [ { "type": "dense", "width": "N", "activation": "erf" }, { "type": "readout" } ]`;

function only(diags: Diagnostic[], code: string): Diagnostic {
  const d = diags.filter((x) => x.code === code);
  assert.strictEqual(d.length, 1, `expected one ${code} diagnostic, got ${JSON.stringify(diags)}`);
  return d[0];
}

describe('parse: JSON parser', () => {
  it('gives exact offsets for keys and values', () => {
    const text = '{ "a": [1, true, null], "b": {"c": "x\\"y"} }';
    const r = parseJson(text);
    assert.ok(r.root && r.root.type === 'object');
    const [a, b] = r.root.properties;
    assert.strictEqual(text.slice(a.keyStart, a.keyEnd), '"a"');
    assert.strictEqual(text.slice(a.value.start, a.value.end), '[1, true, null]');
    assert.ok(b.value.type === 'object');
    const c = b.value.properties[0];
    assert.strictEqual(c.value.type === 'string' && c.value.value, 'x"y');
    assert.strictEqual(text.slice(c.value.start, c.value.end), '"x\\"y"');
  });

  it('accepts comments and trailing commas (JSONC)', () => {
    const r = parseJson('// head\n{ /* a */ "a": [1, 2,], "b": 3, // tail\n}');
    assert.ok(r.root && r.root.type === 'object');
    assert.deepStrictEqual(r.root.properties.map((p) => p.key), ['a', 'b']);
  });

  it('decodes escapes and keeps huge numbers as written', () => {
    const r = parseJson('["\\u00e9\\n\\t", 1e400, -0.5e-3]');
    assert.ok(r.root && r.root.type === 'array');
    assert.strictEqual(r.root.items[0].type === 'string' && r.root.items[0].value, 'é\n\t');
    const big = r.root.items[1];
    assert.ok(big.type === 'number' && big.value === Infinity && big.raw === '1e400');
  });

  const errors: [string, string, RegExp, Range][] = [
    ['missing comma', '{\n  "a": 1\n  "b": 2\n}', /expected ',' or '}'/, R(2, 2, 2, 3)],
    ['single quotes', "{\n  'a': 1\n}", /double quotes/, R(1, 2, 1, 3)],
    ['bare key', '{ a: 1 }', /property names must be in double quotes: write "a"/, R(0, 2, 0, 3)],
    ['unterminated string', '{\n  "a": "abc\n}', /unterminated string/, R(1, 7, 1, 11)],
    ['unclosed object', '{\n  "a": [1, 2]\n', /not closed with '}'/, R(0, 0, 0, 1)],
    ['leading zero', '[01]', /leading zeros/, R(0, 1, 0, 3)],
    ['NaN', '[NaN]', /NaN is not a JSON number/, R(0, 1, 0, 4)],
    ['bad word', '{"a": yes}', /unexpected 'yes'/, R(0, 6, 0, 9)],
    ['text after value', '{} x', /after the end/, R(0, 3, 0, 4)],
    ['unterminated comment', '{} /* x', /unterminated comment/, R(0, 3, 0, 5)],
    ['empty', '   ', /empty/, R(0, 3, 0, 3)],
    ['bad escape', '["a\\x"]', /invalid escape/, R(0, 3, 0, 5)],
  ];
  for (const [what, text, msg, range] of errors) {
    it(`reports ${what} with its line and column`, () => {
      const r = parseJson(text);
      assert.strictEqual(r.root, undefined);
      assert.match(r.error!.message, msg);
      // The document-level diagnostic uses the same range, 0-based line and character.
      const doc = parseDocument('x.json', '// "scalingModel"\n' + text);
      const d = doc.diagnostics[0];
      assert.strictEqual(d.severity, 'error');
      const shifted = R(range.start.line + 1, range.start.character, range.end.line + 1, range.end.character);
      assert.deepStrictEqual(d.range, shifted, `${what}: ${JSON.stringify(d)}`);
    });
  }

  it('refuses nesting deeper than the limit without overflowing the stack', () => {
    const text = '['.repeat(100000);
    const t0 = Date.now();
    const r = parseJson(text);
    assert.ok(Date.now() - t0 < 200);
    assert.strictEqual(r.error!.code, 'json-too-deep');
    assert.strictEqual(r.error!.start, MAX_JSON_DEPTH);
    const ok = parseJson('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH));
    assert.ok(ok.root);
  });

  it('counts lines for \\r\\n files', () => {
    const doc = parseDocument('x.json', '{\r\n  "scalingModel": {\r\n    "layers": 5\r\n  }\r\n}');
    assert.deepStrictEqual(only(doc.diagnostics, 'bad-value').range, R(2, 14, 2, 15));
  });
});

describe('parse: scalingModel front end', () => {
  it('says where a key is given twice in one object, and which one is read (the last; it was silent)', () => {
    const text = '{ "scalingModel": {\n  "name": "dup",\n  "layers": [ { "type": "dense", "width": "N", "activation": "erf", "activation": "relu" }, { "type": "readout" } ],\n  "sizes": { "d": 10 },\n  "sizes": { "d": 50, "N": 500, "N": 600 }\n} }';
    const m = parseDocument('dup.json', text).models[0];
    assert.deepStrictEqual([(m.layers[0] as { activation: string }).activation, m.sizes], ['relu', { d: 50, N: 600 }]);
    const w = m.diagnostics!.filter((d) => d.code === 'repeated-key');
    // At each earlier one, naming where the one read is (1-based, as the CLI prints positions).
    const at = (token: string, nth: number) => rangeOf(text, token, nth).start;
    const oneBased = (p: { line: number; character: number }) => `${p.line + 1}:${p.character + 1}`;
    assert.deepStrictEqual(w.map((d) => [d.message, d.range.start]), [
      [`"sizes" is given again in scalingModel (at ${oneBased(at('"sizes"', 1))}), and that one is read; this one is not`, at('"sizes"', 0)],
      [`"activation" is given again in a dense layer (at ${oneBased(at('"activation"', 1))}), and that one is read; this one is not`, at('"activation"', 0)],
      [`"N" is given again in "sizes" (at ${oneBased(at('"N"', 2))}), and that one is read; this one is not`, at('"N"', 1)],
    ]);
  });
  it('reads the three-layer example with the ranges of formats.md', () => {
    const text = `{
  "scalingModel": {
    "name": "three-layer-erf",
    "data": { "kind": "gaussian", "dim": "d" },
    "target": { "kind": "single-index", "degree": 3 },
    "layers": [
      { "type": "dense", "width": "N1", "activation": "erf" },
      { "type": "dense", "width": "N2", "activation": "erf" },
      {"type": "readout"}
    ],
    "parametrization": { "readout": "standard" },
    "sizes": { "d": 100, "N1": 10000, "N2": 100 },
    "regime": { "N1": "d^2", "N2": "d" }
  }
}`;
    const doc = parseDocument('three.json', text);
    assert.deepStrictEqual(doc.diagnostics, []);
    assert.strictEqual(doc.models.length, 1);
    const m = doc.models[0];
    assert.strictEqual(m.name, 'three-layer-erf');
    assert.strictEqual(m.source, 'json');
    assert.deepStrictEqual(m.range, R(1, 2, 13, 3));
    assert.deepStrictEqual(
      m.layers.map((l) => l.range),
      [R(6, 6, 6, 61), R(7, 6, 7, 61), R(8, 6, 8, 25)],
    );
    assert.deepStrictEqual(m.layers[0], {
      type: 'dense',
      width: 'N1',
      activation: 'erf',
      range: R(6, 6, 6, 61),
      origin: { text: '{ "type": "dense", "width": "N1", "activation": "erf" }', range: R(6, 6, 6, 61) },
    });
    assert.deepStrictEqual(m.sizes, { d: 100, N1: 10000, N2: 100 });
    assert.deepStrictEqual(m.regime, { N1: 'd^2', N2: 'd' });
    assert.deepStrictEqual(m.origins!['sizes.N1'], { text: '"N1": 10000', range: R(11, 31, 11, 36) });
    assert.deepStrictEqual(m.origins!['regime.N1'].range, R(12, 22, 12, 27));
    assert.deepStrictEqual(m.origins!.d.range, R(3, 41, 3, 44));
    assert.deepStrictEqual(m.target, { kind: 'single-index', degree: 3 });
    assert.deepStrictEqual(m.assumptions, []);
    assert.deepStrictEqual(m.diagnostics, []);
  });

  it('fills defaults and records them as assumptions (default, then setting)', () => {
    const text = model(`    "name": "m",\n    "layers": [ { "type": "dense", "width": 64 }, { "type": "readout" } ]`);
    const m = parseDocument('m.json', text).models[0];
    assert.deepStrictEqual(m.data, { kind: 'gaussian', dim: 'd' });
    assert.strictEqual(m.target.degree, 3);
    assert.strictEqual(m.parametrization.readout, 'standard');
    assert.strictEqual((m.layers[0] as { width: number }).width, 64);
    const by = Object.fromEntries(m.assumptions!.map((a) => [a.what, a]));
    assert.deepStrictEqual(by['target degree'], { what: 'target degree', value: '3', source: 'default' });
    assert.deepStrictEqual(by['readout'], { what: 'readout', value: 'standard', source: 'default' });
    assert.deepStrictEqual(by['activation of layer 1'], { what: 'activation of layer 1', value: 'erf', source: 'default' });
    assert.ok(by['data'] && by['target']);
    const s = parseDocument('m.json', text, { defaults: { degree: 4, readout: 'mean-field' } }).models[0];
    assert.strictEqual(s.target.degree, 4);
    assert.strictEqual(s.parametrization.readout, 'mean-field');
    assert.strictEqual(s.assumptions!.find((a) => a.what === 'target degree')!.source, 'setting');
  });

  it('accepts the hermite alias, mean-field readout, kappa, and a JSONC file', () => {
    const text = `// comment\n{ "scalingModel": { /* c */ "target": { "kind": "hermite", "degree": 5, }, "parametrization": { "readout": "mean-field", "kappa": 0.01 },\n${LAYERS}, } }`;
    const doc = parseDocument('m.jsonc', text);
    assert.deepStrictEqual(doc.diagnostics, []);
    const m = doc.models[0];
    assert.deepStrictEqual(m.target, { kind: 'single-index', degree: 5 });
    assert.deepStrictEqual(m.parametrization, { readout: 'mean-field', kappa: 0.01 });
  });

  it('finds scalingModel keys nested anywhere, and arrays of models', () => {
    const text = `{ "tools": { "lens": { "scalingModel": { "name": "a", ${LAYERS.trim()} } } },\n  "more": [ { "scalingModel": [ { "name": "b", ${LAYERS.trim()} }, { "name": "c", ${LAYERS.trim()} } ] } ] }`;
    const doc = parseDocument('m.json', text);
    assert.deepStrictEqual(doc.models.map((m) => m.name), ['a', 'b', 'c']);
    assert.strictEqual(doc.models[1].range!.start.line, 1);
  });

  it('keeps valid models when another model in the file is broken', () => {
    const text = `[ { "scalingModel": { "name": "good", ${LAYERS.trim()} } },\n  { "scalingModel": { "name": "bad", "layers": [ { "type": "dense", "width": -3 } ] } } ]`;
    const doc = parseDocument('m.json', text);
    assert.deepStrictEqual(doc.models.map((m) => m.name), ['good']);
    const d = only(doc.diagnostics, 'bad-width');
    assert.deepStrictEqual(d.range, rangeOf(text, '-3'));
    assert.match(d.message, /width must be at least 1, got -3/);
  });

  it('ignores unrelated JSON files', () => {
    assert.deepStrictEqual(parseDocument('package.json', '{ "name": "x", "version": "1.0.0" }'), { models: [], diagnostics: [] });
    // and does not even parse them: a syntax error without a marker is not reported.
    assert.deepStrictEqual(parseDocument('tsconfig.json', '{ "compilerOptions": { ,, } }').diagnostics, []);
  });

  // Every validation diagnostic, with the exact range of the offending token.
  const cases: { what: string; body: string; code: string; at: string; nth?: number; msg: RegExp; severity?: string }[] = [
    { what: 'a typo in a layer\'s key', body: `    "layers": [ { "type": "dense", "width": "N", "activaton": "relu" }, { "type": "readout" } ]`, code: 'unknown-key', at: '"activaton"', msg: /unknown key "activaton" in a dense layer \(did you mean "activation"\?\)/, severity: 'warning' },
    { what: 'unknown key', body: `    "nmae": "x",\n${LAYERS}`, code: 'unknown-key', at: '"nmae"', msg: /unknown key "nmae" in scalingModel \(did you mean "name"\?\); allowed keys: name, description, data/, severity: 'warning' },
    { what: 'unknown layer key', body: `    "layers": [ { "type": "dense", "width": "N", "widht": 3 }, { "type": "readout" } ]`, code: 'unknown-key', at: '"widht"', msg: /allowed keys: type, name, width, activation or bias/, severity: 'warning' },
    { what: 'missing type', body: `    "layers": [ { "width": "N" }, { "type": "readout" } ]`, code: 'no-layer-type', at: '{ "width": "N" }', msg: /layer 1 has no "type"/ },
    { what: 'unknown type', body: `    "layers": [ { "type": "conv", "width": 8 }, { "type": "readout" } ]`, code: 'uncovered-layer', at: '"conv"', msg: /"conv" is not covered/, severity: 'warning' },
    { what: 'zero width', body: `    "layers": [ { "type": "dense", "width": 0 }, { "type": "readout" } ]`, code: 'bad-width', at: '0', nth: 0, msg: /at least 1, got 0/ },
    { what: 'fractional width', body: `    "layers": [ { "type": "dense", "width": 2.5 }, { "type": "readout" } ]`, code: 'bad-width', at: '2.5', msg: /whole number, got 2.5/ },
    { what: 'boolean width', body: `    "layers": [ { "type": "dense", "width": true }, { "type": "readout" } ]`, code: 'bad-width', at: 'true', msg: /number or a symbol, got true/ },
    { what: 'bad symbol', body: `    "layers": [ { "type": "dense", "width": "N-1" }, { "type": "readout" } ]`, code: 'bad-width', at: '"N-1"', msg: /is not a number or a symbol \(N1\)/ },
    // An error at the value: it was kept, then the model was "not analysed" with a warning at its name.
    { what: 'bad bias variance', body: `${LAYERS},\n    "biasVariance": "bogus 1/"`, code: 'bad-bias-variance', at: '"bogus 1/"', msg: /"biasVariance" "bogus 1\/" is not an expression in d such as "1" or "1\/d"/ },
    { what: 'bias variance in another size', body: `${LAYERS},\n    "biasVariance": "bogus"`, code: 'bad-bias-variance', at: '"bogus"', msg: /"biasVariance" "bogus" may only mention d, e\.g\. "1" or "1\/d"/ },
    { what: 'huge width', body: `    "layers": [ { "type": "dense", "width": 1e400 }, { "type": "readout" } ]`, code: 'bad-width', at: '1e400', msg: /1e400 is too large/ },
    { what: 'missing width', body: `    "layers": [ { "type": "dense" }, { "type": "readout" } ]`, code: 'missing-width', at: '{ "type": "dense" }', msg: /has no "width"/ },
    { what: 'degree below 1', body: `    "target": { "degree": 0 },\n${LAYERS}`, code: 'bad-degree', at: '0', msg: /degree must be at least 1/ },
    { what: 'non-integer degree', body: `    "target": { "degree": 2.5 },\n${LAYERS}`, code: 'bad-degree', at: '2.5', msg: /whole number/ },
    { what: 'unknown target', body: `    "target": { "kind": "multi-index" },\n${LAYERS}`, code: 'bad-target', at: '"multi-index"', msg: /single-index/ },
    { what: 'unknown readout', body: `    "parametrization": { "readout": "ntk2" },\n${LAYERS}`, code: 'bad-readout', at: '"ntk2"', msg: /use "standard" or "mean-field"/ },
    { what: 'non-gaussian data', body: `    "data": { "kind": "uniform" },\n${LAYERS}`, code: 'bad-data', at: '"uniform"', msg: /"uniform" is not covered/ },
    { what: 'bad dim', body: `    "data": { "dim": 0 },\n${LAYERS}`, code: 'bad-width', at: '0', msg: /data dimension must be at least 1/ },
    { what: 'negative size', body: `${LAYERS},\n    "sizes": { "d": 100, "N": -5 }`, code: 'bad-size', at: '-5', msg: /size N must be positive, got -5/ },
    { what: 'size below 1', body: `${LAYERS},\n    "sizes": { "d": 0.5 }`, code: 'bad-size', at: '0.5', msg: /at least 1/ },
    { what: 'text size', body: `${LAYERS},\n    "sizes": { "d": "many" }`, code: 'bad-size', at: '"many"', msg: /must be a number, got "many"/ },
    { what: 'unused size', body: `${LAYERS},\n    "sizes": { "d": 10, "Q": 5 }`, code: 'unused-size', at: '"Q"', msg: /Q is not used/, severity: 'warning' },
    { what: 'regime symbol not in model', body: `${LAYERS},\n    "regime": { "N2": "d" }`, code: 'bad-regime', at: '"N2"', msg: /no size N2 \(its sizes: N\)/ },
    { what: 'regime on d', body: `${LAYERS},\n    "regime": { "d": "d" }`, code: 'bad-regime', at: '"d"', msg: /reference size/ },
    { what: 'regime does not parse', body: `${LAYERS},\n    "regime": { "N": "d^" }`, code: 'bad-regime', at: '"d^"', msg: /does not parse/ },
    // The whole character: an emoji is two UTF-16 units, and one of them printed as '�'.
    { what: 'an emoji in a regime', body: `${LAYERS},\n    "regime": { "N": "d😀" }`, code: 'bad-regime', at: '"d😀"', msg: /unexpected '😀' in size expression 'd😀'/ },
    { what: 'regime mentions another symbol', body: `${LAYERS},\n    "regime": { "N": "L*d" }`, code: 'bad-regime', at: '"L*d"', msg: /power of d \(it mentions L\)/ },
    { what: 'regime number', body: `${LAYERS},\n    "regime": { "N": 2 }`, code: 'bad-regime', at: '2', nth: 0, msg: /written as text/ },
    { what: 'readout not last', body: `    "layers": [ { "type": "readout" }, { "type": "dense", "width": 4 } ]`, code: 'readout-not-last', at: '{ "type": "readout" }', msg: /last layer/ },
    { what: 'empty layers', body: `    "layers": []`, code: 'no-layers', at: '[]', msg: /empty/ },
  ];
  for (const c of cases) {
    it(`diagnoses ${c.what} at the offending token`, () => {
      const text = model(c.body);
      const doc = parseDocument('m.json', text);
      const all = [...doc.diagnostics, ...doc.models.flatMap((m) => m.diagnostics ?? [])];
      const d = only(all, c.code);
      assert.match(d.message, c.msg);
      assert.strictEqual(d.severity, c.severity ?? 'error');
      // Search after the scalingModel key so that the needle is the one in the body.
      const offset = text.indexOf('"scalingModel"') + 15;
      const r = rangeOf(text.slice(offset), c.at, c.nth ?? 0);
      const line1 = text.slice(0, offset).split('\n').length - 1;
      const col = (p: { line: number; character: number }) => (p.line === 0 ? p.character + offset - text.lastIndexOf('\n', offset) - 1 : p.character);
      const want = R(r.start.line + line1, col(r.start), r.end.line + line1, col(r.end));
      assert.deepStrictEqual(d.range, want);
      if ((c.severity ?? 'error') === 'error') assert.strictEqual(doc.models.length, 0);
      else assert.strictEqual(doc.models.length, 1, 'a warning keeps the model');
    });
  }

  it('keeps an unknown layer type as an uncovered layer in place', () => {
    const doc = parseDocument('m.json', model(`    "layers": [ { "type": "conv", "width": 8 }, { "type": "dense", "width": "N" }, { "type": "readout" } ]`));
    const m = doc.models[0];
    assert.deepStrictEqual(m.layers.map((l) => l.type), ['conv', 'dense', 'readout']);
    assert.match((m.layers[0] as { reason: string }).reason, /no rule for "conv"/);
    assert.strictEqual((m.layers[0] as { width: number }).width, 8);
  });

  it('accepts symbolic widths and regimes with constants and decimal exponents (d^1.5 is d^(3/2))', () => {
    const doc = parseDocument('m.json', model(`    "layers": [ { "type": "dense", "width": "N" }, { "type": "dense", "width": "M" }, { "type": "readout" } ],\n    "regime": { "N": "d^1.5", "M": "2 d^(3/2)" }`));
    assert.deepStrictEqual(doc.diagnostics, []);
    assert.deepStrictEqual(doc.models[0].regime, { N: 'd^1.5', M: '2 d^(3/2)' });
    // Both are d^(3/2): d^1.5 was read as d^1 times a constant .5, and the two got other results.
    const r = analyzeDocument('m.json', model(`    "layers": [ { "type": "dense", "width": "N", "activation": "erf" }, { "type": "readout" } ],\n    "regime": { "N": "d^1.5" }`)).models[0];
    const q = analyzeDocument('m.json', model(`    "layers": [ { "type": "dense", "width": "N", "activation": "erf" }, { "type": "readout" } ],\n    "regime": { "N": "d^(3/2)" }`)).models[0];
    assert.deepStrictEqual(r.pStar?.inD, q.pStar?.inD);
    assert.strictEqual(q.pStar?.inD, '5/4');
  });

  // A regime naming a numeric width by its position was refused in JSON and tags ("the model has no
  // size N1"), and accepted in Python tags and in the override file.
  it('takes a regime that names a numeric width by its position (N1, N2), as the override does', () => {
    const text = model(`    "data": { "kind": "gaussian", "dim": 784 },\n    "layers": [ { "type": "dense", "width": 512, "activation": "tanh", "bias": false }, { "type": "dense", "width": 256, "activation": "tanh", "bias": false }, { "type": "readout" } ],\n    "regime": { "N1": "d", "N2": "d" }`);
    const doc = parseDocument('m.json', text);
    assert.deepStrictEqual(doc.diagnostics.filter((d) => d.severity === 'error'), []);
    const r = analyzeDocument('m.json', text).models[0];
    assert.strictEqual(r.pStar?.inD, '1');
  });

  // "4*d" was taken for a symbol of that name: P* ∝ √(4*d·d), and "no numeric value for 4*d".
  it('refuses an expression as a width, saying how to write it', () => {
    const text = model(`    "layers": [ { "type": "dense", "width": "4*d" }, { "type": "readout" } ]`);
    const doc = parseDocument('m.json', text);
    assert.strictEqual(doc.models.length, 0);
    const e = doc.diagnostics.find((d) => d.code === 'bad-width')!;
    assert.match(e.message, /width "4\*d" is an expression: give it a symbol \(N1\) and say how it scales in the regime \("N1": "4\*d"\), or give its number/);
    assert.deepStrictEqual(e.range, rangeOf(text, '"4*d"'));
  });

  it('adds a readout when the file lists none, and says so', () => {
    const m = parseDocument('m.json', model(`    "layers": [ { "type": "dense", "width": "N", "activation": "erf" } ]`)).models[0];
    assert.deepStrictEqual(m.layers.map((l) => l.type), ['dense', 'readout']);
    assert.ok(m.assumptions!.some((a) => a.what === 'readout layer'));
  });
});
