// Keras / TF.js model.json (the three TF.js shapes and Keras 3 to_json) and Hugging Face config.json
// (GPT-2 and BERT/LLaMA names), with ranges and origins.
import * as assert from 'assert';
import { parseDocument } from '../../src/parse';
import { rangeOf } from './helpers';


const INPUT = '{ "class_name": "InputLayer", "config": { "batch_input_shape": [null, 784], "name": "in" } }';
const D1 = '{ "class_name": "Dense", "config": { "units": 512, "activation": "tanh" } }';
const DROP = '{ "class_name": "Dropout", "config": { "rate": 0.2 } }';
const D2 = '{ "class_name": "Dense", "config": { "units": 1, "activation": "linear" } }';
const LAYERS = `[\n      ${INPUT},\n      ${D1},\n      ${DROP},\n      ${D2}\n    ]`;

function checkMlp(text: string): void {
  const doc = parseDocument('model.json', text);
  assert.deepStrictEqual(doc.diagnostics, []);
  const m = doc.models[0];
  assert.strictEqual(m.source, 'keras');
  assert.deepStrictEqual(m.data, { kind: 'gaussian', dim: 784 });
  assert.deepStrictEqual(m.origins!.d, { text: '"batch_input_shape": [null, 784]', range: rangeOf(text, '[null, 784]') });
  assert.deepStrictEqual(m.layers.map((l) => l.type), ['dense', 'Dropout', 'readout']);
  assert.deepStrictEqual(m.layers[0], {
    type: 'dense',
    width: 512,
    activation: 'tanh',
    bias: true,
    biasFrom: 'library-default',
    range: rangeOf(text, D1),
    origin: { text: '"units": 512, "activation": "tanh"', range: rangeOf(text, '512') },
  });
  assert.deepStrictEqual(m.layers[1].range, rangeOf(text, DROP));
  assert.match((m.layers[1] as { reason: string }).reason, /dropout/);
  assert.deepStrictEqual(m.layers[2].range, rangeOf(text, D2));
  assert.ok(m.assumptions!.some((a) => a.what === 'target degree' && a.source === 'default'));
  assert.ok(m.assumptions!.some((a) => a.what === 'data'));
}

describe('parse: Keras / TF.js model.json', () => {
  it('reads the TF.js layers-model shape (modelTopology.config.layers)', () => {
    checkMlp(`{\n  "format": "layers-model",\n  "modelTopology": {\n    "class_name": "Sequential",\n    "config": { "name": "mlp", "layers": ${LAYERS} }\n  }\n}`);
  });
  it('reads the Keras 2 h5-style wrapper (modelTopology.model_config)', () => {
    checkMlp(`{\n  "modelTopology": {\n    "keras_version": "2.15.0",\n    "model_config": { "class_name": "Sequential", "config": { "name": "mlp", "layers": ${LAYERS} } }\n  }\n}`);
  });
  it('reads an older Sequential with config as a plain array of layers', () => {
    checkMlp(`{\n  "modelTopology": {\n    "class_name": "Sequential",\n    "config": ${LAYERS}\n  }\n}`);
  });
  it('reads Keras 2 model.to_json() output', () => {
    checkMlp(`{\n  "class_name": "Sequential",\n  "config": { "name": "mlp", "layers": ${LAYERS} },\n  "keras_version": "2.15.0"\n}`);
  });
  it('reads Keras 3 to_json() output (module, registered_name, batch_shape, Functional)', () => {
    const text = `{
  "module": "keras", "class_name": "Functional", "registered_name": "Functional",
  "config": { "name": "f", "layers": [
    { "module": "keras.layers", "class_name": "InputLayer", "config": { "batch_shape": [null, 32], "name": "x" }, "registered_name": null },
    { "module": "keras.layers", "class_name": "Dense", "config": { "units": 64, "activation": "relu" }, "registered_name": null, "build_config": { "input_shape": [null, 32] } },
    { "module": "keras.layers", "class_name": "BatchNormalization", "config": {}, "registered_name": null },
    { "module": "keras.layers", "class_name": "Dense", "config": { "units": 1, "activation": { "module": "keras.activations", "class_name": "function", "config": "linear" } }, "registered_name": null }
  ] }
}`;
    const doc = parseDocument('k3.json', text);
    const m = doc.models[0];
    assert.strictEqual(m.data.dim, 32);
    assert.deepStrictEqual(m.layers.map((l) => [l.type, (l as { width?: number }).width, (l as { activation?: string }).activation]), [
      ['dense', 64, 'relu'],
      ['BatchNormalization', undefined, undefined],
      ['readout', undefined, undefined],
    ]);
    assert.match((m.layers[1] as { reason: string }).reason, /normalisation/);
    assert.ok(m.diagnostics!.some((d) => d.code === 'keras-functional'));
  });
  it('reads the input dimension from a Keras 3 build_config when there is no InputLayer', () => {
    const text = `{ "class_name": "Sequential", "config": { "layers": [ { "class_name": "Dense", "config": { "units": 8, "activation": "tanh" }, "build_config": { "input_shape": [null, 5] } }, ${D2} ] } }`;
    assert.strictEqual(parseDocument('k.json', text).models[0].data.dim, 5);
  });
  it('diagnoses bad units and missing input dimension with their positions', () => {
    const text = `{ "class_name": "Sequential", "config": { "layers": [ { "class_name": "Dense", "config": { "units": 0 } }, ${D2} ] } }`;
    const doc = parseDocument('k.json', text);
    assert.strictEqual(doc.models.length, 0);
    const bad = doc.diagnostics.find((d) => d.code === 'bad-width')!;
    assert.match(bad.message, /units must be at least 1/);
    const u = rangeOf(text, '"units": 0');
    assert.deepStrictEqual(bad.range, { start: { line: 0, character: u.end.character - 1 }, end: u.end });
    assert.ok(doc.diagnostics.some((d) => d.code === 'keras-no-input-dim' && d.severity === 'warning'));
  });
  it('says when the last Dense has more than one output', () => {
    const text = `{ "class_name": "Sequential", "config": { "layers": [ ${INPUT}, ${D1}, { "class_name": "Dense", "config": { "units": 10, "activation": "softmax" } } ] } }`;
    const m = parseDocument('k.json', text).models[0];
    const info = m.diagnostics!.find((d) => d.code === 'keras-readout')!;
    assert.match(info.message, /\(10 units\) is read as the readout/);
    assert.deepStrictEqual(info.range, rangeOf(text, '10'));
  });
  it('refuses a model without Dense layers', () => {
    const doc = parseDocument('k.json', `{ "class_name": "Sequential", "config": { "layers": [ ${DROP} ] } }`);
    assert.strictEqual(doc.models.length, 0);
    assert.ok(doc.diagnostics.some((d) => d.code === 'keras-no-dense'));
  });
});

describe('parse: Hugging Face config.json', () => {
  const GPT2 = `{
  "architectures": ["GPT2LMHeadModel"],
  "layer_norm_epsilon": 1e-05,
  "model_type": "gpt2",
  "n_ctx": 1024,
  "n_embd": 768,
  "n_head": 12,
  "n_inner": null,
  "n_layer": 12,
  "n_positions": 1024,
  "vocab_size": 50257
}`;
  it('maps GPT-2 names to one attention head plus uncovered blocks', () => {
    const doc = parseDocument('config.json', GPT2);
    assert.deepStrictEqual(doc.diagnostics, []);
    const m = doc.models[0];
    assert.strictEqual(m.source, 'huggingface');
    assert.strictEqual(m.name, 'GPT2LMHeadModel');
    assert.deepStrictEqual(m.data, { kind: 'gaussian', dim: 768 });
    const att = m.layers[0];
    assert.deepStrictEqual({ ...att, origin: undefined }, { type: 'attention', context: 1024, heads: 12, headDim: 64, range: rangeOf(GPT2, '"n_head": 12'), origin: undefined });
    assert.deepStrictEqual(m.origins!.d, { text: '"n_embd": 768', range: rangeOf(GPT2, '768') });
    assert.deepStrictEqual(m.origins!.context.range, rangeOf(GPT2, '1024', 1));
    assert.deepStrictEqual(m.layers.map((l) => l.type), ['attention', 'mlp', 'layer-norm', 'residual', 'transformer-blocks', 'readout']);
    assert.strictEqual((m.layers[1] as { width: number }).width, 3072);
    assert.match((m.layers[4] as { reason: string }).reason, /12 stacked transformer blocks: the scale analysis covers one softmax attention head; full transformers are not covered/);
    assert.deepStrictEqual(m.layers[4].range, rangeOf(GPT2, '"n_layer": 12'));
    assert.deepStrictEqual(m.layers[5].range, rangeOf(GPT2, '"vocab_size": 50257'));
    assert.ok(m.diagnostics!.some((d) => d.code === 'hf-partial' && d.severity === 'info'));
  });
  it('maps BERT / LLaMA names', () => {
    const text = `{ "model_type": "llama", "hidden_size": 4096, "num_attention_heads": 32, "num_hidden_layers": 32, "max_position_embeddings": 4096, "intermediate_size": 11008, "rms_norm_eps": 1e-6, "num_key_value_heads": 8 }`;
    const m = parseDocument('config.json', text).models[0];
    assert.strictEqual(m.name, 'llama');
    assert.deepStrictEqual(m.data.dim, 4096);
    assert.deepStrictEqual([m.layers[0].type, (m.layers[0] as { heads: number }).heads, (m.layers[0] as { headDim: number }).headDim], ['attention', 32, 128]);
    assert.strictEqual((m.layers[1] as { width: number }).width, 11008);
    assert.ok(m.layers.some((l) => l.type === 'grouped-query-attention'));
  });
  it('maps T5-style d_model and asks for a missing context length by name', () => {
    const doc = parseDocument('config.json', '{ "model_type": "t5", "d_model": 512, "num_heads": 8 }');
    const m = doc.models[0];
    assert.deepStrictEqual([m.data.dim, (m.layers[0] as { context: unknown }).context], [512, 'L']);
    const w = m.diagnostics!.find((d) => d.code === 'hf-no-context')!;
    assert.strictEqual(w.severity, 'warning');
    assert.match(w.message, /max_position_embeddings, n_positions, n_ctx\): the attention head's context is left as L; give it with --set L=<n> or in model\.scaling\.json/);
  });
  it('diagnoses bad values at their position', () => {
    const text = '{ "model_type": "gpt2", "n_embd": -1, "n_positions": 1024 }';
    const d = parseDocument('config.json', text).diagnostics.find((x) => x.code === 'hf-bad-value')!;
    assert.deepStrictEqual(d.range, rangeOf(text, '-1'));
  });
});
