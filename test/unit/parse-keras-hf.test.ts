// Keras / TF.js model.json (the three TF.js shapes and Keras 3 to_json) and Hugging Face config.json
// (GPT-2 and BERT/LLaMA names), with ranges and origins.
import * as assert from 'assert';
import { parseDocument } from '../../src/parse';
import { analyzeDocument } from '../../src/pipeline/document';
import { rangeOf } from './helpers';


const INPUT = '{ "class_name": "InputLayer", "config": { "batch_input_shape": [null, 784], "name": "in" } }';
const D1 = '{ "class_name": "Dense", "config": { "units": 512, "activation": "tanh" } }';
const DROP = '{ "class_name": "Dropout", "config": { "rate": 0.2 } }';
const D2 = '{ "class_name": "Dense", "config": { "units": 1, "activation": "linear" } }';
/** A Keras 3 inbound node taking the output of one layer. */
const k3 = (from: string) => `{ "args": [{ "class_name": "__keras_tensor__", "config": { "shape": [null, 32], "dtype": "float32", "keras_history": ["${from}", 0, 0] } }], "kwargs": {} }`;
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
    { "module": "keras.layers", "class_name": "InputLayer", "config": { "batch_shape": [null, 32], "name": "x" }, "registered_name": null, "name": "x", "inbound_nodes": [] },
    { "module": "keras.layers", "class_name": "Dense", "config": { "name": "dense", "units": 64, "activation": "relu" }, "registered_name": null, "build_config": { "input_shape": [null, 32] }, "name": "dense", "inbound_nodes": [${k3('x')}] },
    { "module": "keras.layers", "class_name": "BatchNormalization", "config": { "name": "bn" }, "registered_name": null, "name": "bn", "inbound_nodes": [${k3('dense')}] },
    { "module": "keras.layers", "class_name": "Dense", "config": { "name": "out", "units": 1, "activation": { "module": "keras.activations", "class_name": "function", "config": "linear" } }, "registered_name": null, "name": "out", "inbound_nodes": [${k3('bn')}] }
  ], "input_layers": [["x", 0, 0]], "output_layers": [["out", 0, 0]] }
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
    assert.deepStrictEqual(doc.diagnostics, []);
  });

  // A functional model read in the order its layers are listed gave a number for a chain the file
  // does not hold (an actor-critic with two heads: 8 -> 128 -> 2 -> readout).
  describe('a functional model is read only where its layers form one chain', () => {
    const layer = (cls: string, name: string, from: string[][], conf = '') => `{ "class_name": "${cls}", "name": "${name}", "config": { "name": "${name}"${conf} }, "inbound_nodes": [${from.map((f) => `[${f.map((n) => `["${n}", 0, 0, {}]`).join(', ')}]`).join(', ')}] }`;
    const input = '{ "class_name": "InputLayer", "name": "s", "config": { "name": "s", "batch_input_shape": [null, 8] }, "inbound_nodes": [] }';
    const dense = (units: number) => `, "units": ${units}, "activation": "relu"`;
    const functional = (layers: string[], inputs: string, outputs: string) => `{ "class_name": "Functional", "config": { "name": "f", "layers": [${[input, ...layers].join(', ')}], "input_layers": ${inputs}, "output_layers": ${outputs} } }`;
    const chain = [layer('Dense', 'h', [['s']], dense(128)), layer('Dense', 'out', [['h']], dense(1))];
    it('reads a chain in the Keras 2 form, also with one input or output written alone (["s", 0, 0])', () => {
      for (const [inputs, outputs] of [['[["s", 0, 0]]', '[["out", 0, 0]]'], ['["s", 0, 0]', '["out", 0, 0]']]) {
        const doc = parseDocument('f.json', functional(chain, inputs, outputs));
        assert.deepStrictEqual(doc.diagnostics, []);
        assert.deepStrictEqual(doc.models[0].layers.map((l) => l.type), ['dense', 'readout']);
        assert.strictEqual(doc.models[0].data.dim, 8);
      }
    });
    it('refuses two outputs, two inputs, a branch, a merge and a layer applied twice, saying which', () => {
      const cases: [string, RegExp][] = [
        [functional([layer('Dense', 'common', [['s']], dense(128)), layer('Dense', 'actor', [['common']], dense(2)), layer('Dense', 'critic', [['common']], dense(1))], '[["s", 0, 0]]', '[["actor", 0, 0], ["critic", 0, 0]]'), /it has 2 outputs/],
        [functional(chain, '[["s", 0, 0], ["t", 0, 0]]', '[["out", 0, 0]]'), /it has 2 inputs/],
        [functional([layer('Dense', 'common', [['s']], dense(128)), layer('Dense', 'actor', [['common']], dense(2)), layer('Dense', 'critic', [['common']], dense(1))], '[["s", 0, 0]]', '[["critic", 0, 0]]'), /"critic" takes its input from "common", not from the layer listed before it/],
        [functional([layer('Dense', 'a', [['s']], dense(4)), layer('Add', 'sum', [['a', 's']]), layer('Dense', 'out', [['sum']], dense(1))], '[["s", 0, 0]]', '[["out", 0, 0]]'), /"sum" takes 2 inputs/],
        [functional([layer('Dense', 'a', [['s']], dense(8)), layer('Dense', 'out', [['a'], ['a']], dense(1))], '[["s", 0, 0]]', '[["out", 0, 0]]'), /"out" is applied 2 times \(shared weights\)/],
        [functional([layer('Dense', 'h', [['s']], dense(128)), '{ "class_name": "Dense", "name": "out", "config": { "name": "out", "units": 1 } }'], '[["s", 0, 0]]', '[["out", 0, 0]]'), /the inputs of "out" are not stated/],
        // Read past a count or a depth they were one input, or none (a list of 100 inputs said "9").
        [functional(chain, `[${Array.from({ length: 100 }, (_, i) => `["i${i}", 0, 0]`).join(', ')}]`, '[["out", 0, 0]]'), /it has more than 8 inputs/],
        [functional([layer('Dense', 'h', [['s']], dense(16)).replace('["s", 0, 0, {}]]', '["s", 0, 0, {}], [[[[[[[[[["t", 0, 0, {}]]]]]]]]]]]'), layer('Dense', 'out', [['h']], dense(1))], '[["s", 0, 0]]', '[["out", 0, 0]]'), /"h" takes more than 1 inputs/],
        // A config that is the layers list itself is checked too (it was read as a chain unchecked).
        [`{ "class_name": "Functional", "config": [${[input, layer('Dense', 'a', [['s']], dense(16)), layer('Dense', 'b', [['s']], dense(16)), layer('Dense', 'out', [['b']], dense(1))].join(', ')}] }`, /"b" takes its input from "s", not from the layer listed before it/],
      ];
      for (const [text, re] of cases) {
        const doc = parseDocument('f.json', text);
        assert.strictEqual(doc.models.length, 0, text);
        const w = doc.diagnostics.find((d) => d.code === 'keras-not-a-chain')!;
        assert.strictEqual(w.severity, 'warning');
        assert.match(w.message, /^a Functional model whose layers do not form one chain: /);
        assert.match(w.message, re);
        assert.deepStrictEqual(w.range, rangeOf(text, '"Functional"'));
      }
    });
  });

  it('says the readout\'s own activation is not part of the analysis (Dense(1, sigmoid) went without a word)', () => {
    const text = `{ "class_name": "Sequential", "config": { "layers": [${INPUT}, ${D1}, { "class_name": "Dense", "config": { "units": 1, "activation": "sigmoid" } }] } }`;
    const m = parseDocument('m.json', text).models[0];
    const n = m.diagnostics!.find((d) => d.code === 'keras-readout-activation')!;
    assert.strictEqual(n.message, "the readout's activation (sigmoid) is not part of the analysis, which reads a linear readout");
    assert.deepStrictEqual(n.range, rangeOf(text, '"sigmoid"'));
  });

  it('leaves out an output activation and a dropout after the last Dense layer, with a note (they stopped the analysis)', () => {
    const text = `{ "class_name": "Sequential", "config": { "layers": [${INPUT}, ${D1}, ${D2}, { "class_name": "Activation", "config": { "activation": "softmax" } }, ${DROP}] } }`;
    const m = parseDocument('m.json', text).models[0];
    assert.deepStrictEqual(m.layers.map((l) => l.type), ['dense', 'readout']);
    assert.deepStrictEqual(m.diagnostics!.filter((d) => d.code === 'keras-after-readout').map((d) => d.message), [
      'Activation after the last Dense layer (the readout) is not part of the analysis, which reads a linear readout; it is left out',
      'Dropout after the last Dense layer (the readout) changes nothing the analysis reads; it is left out',
    ]);
    assert.ok(analyzeDocument('m.json', text).models[0].pStar);
  });

  // The input of an MNIST MLP, [28, 28] flattened, was read as d = 28 (its last entry).
  it('reads d through Flatten (the product of the entries) and Reshape (the target\'s last entry), and from a shape a convolution reads', () => {
    const seq = (shape: string, ...layers: string[]) => `{ "class_name": "Sequential", "config": { "layers": [{ "class_name": "InputLayer", "config": { "batch_input_shape": ${shape} } }, ${layers.join(', ')}, ${D2}] } }`;
    const flat = '{ "class_name": "Flatten", "config": { "name": "flatten" } }';
    const dense = '{ "class_name": "Dense", "config": { "units": 128, "activation": "relu" } }';
    let text = seq('[null, 28, 28]', flat, dense);
    let m = parseDocument('m.json', text).models[0];
    assert.strictEqual(m.data.dim, 784);
    assert.deepStrictEqual(m.origins!.d, { text: '"batch_input_shape": [null, 28, 28], flattened by "flatten": 28·28 = 784', range: rangeOf(text, '[null, 28, 28]') });
    m = parseDocument('m.json', seq('[null, 28, 28]', '{ "class_name": "Reshape", "config": { "target_shape": [196, 4] } }', dense)).models[0];
    assert.strictEqual(m.data.dim, 4);
    // Keras' flatten idiom, Reshape([-1]), and a -1 beside other entries (d was 28 for both).
    const reshape = (target: string) => parseDocument('m.json', seq('[null, 28, 28]', `{ "class_name": "Reshape", "config": { "target_shape": ${target} } }`, dense)).models[0];
    assert.strictEqual(reshape('[-1]').data.dim, 784);
    assert.strictEqual(reshape('[7, -1]').data.dim, 112);
    const odd = reshape('[5, -1]');
    assert.strictEqual(odd.data.dim, 'd');
    assert.match(odd.diagnostics!.find((d) => d.code === 'keras-input-shape')!.message, /reshaped by "Reshape" before the first Dense layer, and its target shape does not divide the 784 entries/);
    assert.strictEqual(parseDocument('m.json', seq('[null, 28, 28]', dense)).models[0].data.dim, 28, 'a Dense layer on [28, 28] acts on the last entry');
    m = parseDocument('m.json', seq('[null, 28, 28, 1]', '{ "class_name": "Conv2D", "config": { "filters": 8 } }', flat, dense)).models[0];
    assert.strictEqual(m.data.dim, 784);
    text = seq('[null, null, 28]', flat, dense);
    const doc = parseDocument('m.json', text);
    assert.strictEqual(doc.models[0].data.dim, 'd');
    const w = doc.models[0].diagnostics!.find((d) => d.code === 'keras-input-shape')!;
    assert.match(w.message, /: it is flattened by "flatten" before the first Dense layer, and not every entry is a number; the input dimension is left symbolic \(d\)/);
    assert.deepStrictEqual(w.range, rangeOf(text, '[null, null, 28]'));
  });
  it('reads a shape serialised as a TensorShape object (keras_metadata.pb), and says a shape it cannot read once', () => {
    const shaped = (shape: string) => `{ "class_name": "Sequential", "config": { "layers": [ { "class_name": "InputLayer", "config": { "batch_input_shape": ${shape} } }, ${D1}, ${D2} ] } }`;
    assert.strictEqual(parseDocument('k.json', shaped('{ "class_name": "TensorShape", "items": [null, 7] }')).models[0].data.dim, 7);
    const bad = parseDocument('k.json', shaped('"7"')).models[0];
    assert.deepStrictEqual(bad.diagnostics!.filter((d) => d.code?.startsWith('keras-') && d.code !== 'keras-readout').map((d) => d.code), ['keras-input-shape']);
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
    const w = doc.diagnostics.find((d) => d.code === 'keras-no-dense')!;
    // A model the analysis does not cover, not an error in the file (the exit code of `analyze` stays 0).
    assert.deepStrictEqual([w.severity, w.message], ['warning', 'no Dense layer in this model (Dropout): the analysis needs dense layers and a readout']);
  });
  it('reads a nested Sequential as its layers, in its place, and keeps any other nested model as not covered', () => {
    const inner = `{ "class_name": "Sequential", "config": { "name": "encoder", "layers": [ ${INPUT}, ${D1} ] } }`;
    const text = `{ "class_name": "Sequential", "config": { "layers": [ ${inner}, { "class_name": "Dense", "config": { "units": 1 } } ] } }`;
    const m = parseDocument('k.json', text).models[0];
    assert.deepStrictEqual([m.data.dim, m.layers.map((l) => l.type)], [784, ['dense', 'readout']]);
    const info = m.diagnostics!.find((d) => d.code === 'keras-nested')!;
    assert.deepStrictEqual([info.severity, info.message], ['info', 'the nested Sequential "encoder" is read as its 2 layers, in its place']);
    const functional = parseDocument('k.json', text.replace('"class_name": "Sequential", "config": { "name": "encoder"', '"class_name": "Functional", "config": { "name": "encoder"')).models[0];
    assert.deepStrictEqual(functional.layers.map((l) => l.type), ['Functional', 'readout']);
    assert.match((functional.layers[0] as { reason: string }).reason, /^a nested model that is not a plain Sequential is not read/);
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
    // The override beside config.json is config.scaling.json, and its sizes sit in a scalingModel.
    assert.match(w.message, /max_position_embeddings, n_positions, n_ctx\): the attention head's context is the size L\. Give it with --set L=<n>, or in config\.scaling\.json: \{"scalingModel": \{"sizes": \{"L": <n>\}\}\}\.$/);
  });
  // Found by a review of real configs: each was read as one softmax head over the wrong thing.
  describe('configs the one-head reading does not fit', () => {
    const hf = (o: Record<string, unknown>) => JSON.stringify(o, null, 1);
    it('refuses a model with no softmax attention (Mamba, RWKV, ConvNeXt got a head assumed, "reported, certified")', () => {
      for (const [type, why] of [['mamba', /a state-space model/], ['rwkv', /linear \(WKV\) attention, not softmax/], ['convnext', /a convolutional network/]] as const) {
        const text = hf({ model_type: type, hidden_size: 768, num_hidden_layers: 24, image_size: 224, patch_size: 4 });
        const doc = parseDocument('config.json', text);
        assert.strictEqual(doc.models.length, 0, type);
        const w = doc.diagnostics.find((d) => d.code === 'hf-no-attention')!;
        assert.match(w.message, why);
        assert.match(w.message, /the scale analysis covers one softmax attention head, and this model has none; it is not analysed$/);
        assert.deepStrictEqual(w.range, rangeOf(text, `"model_type": "${type}"`));
      }
    });
    it('refuses a model of several stages (sizes as lists), and says no more than that', () => {
      const text = hf({ model_type: 'swin', embed_dim: 96, num_heads: [3, 6, 12, 24], depths: [2, 2, 6, 2], image_size: 224, patch_size: 4, window_size: 7 });
      const doc = parseDocument('config.json', text);
      assert.strictEqual(doc.models.length, 0);
      assert.deepStrictEqual(doc.diagnostics.map((d) => d.code), ['hf-stages']);
      assert.match(doc.diagnostics[0].message, /^"num_heads" is a list, .*: a model of several stages, each with sizes of its own \(swin\), is not covered/);
    });
    it('reads a sliding window as the head\'s context (Mistral\'s sliding_window, Longformer\'s attention_window), unless it is turned off', () => {
      const ctx = (o: Record<string, unknown>) => (parseDocument('config.json', hf({ hidden_size: 64, num_attention_heads: 4, ...o })).models[0].layers[0] as { context: unknown }).context;
      assert.strictEqual(ctx({ model_type: 'mistral', max_position_embeddings: 32768, sliding_window: 4096 }), 4096);
      assert.strictEqual(ctx({ model_type: 'mistral', max_position_embeddings: 32768, sliding_window: null }), 32768);
      assert.strictEqual(ctx({ model_type: 'qwen2', max_position_embeddings: 32768, sliding_window: 4096, use_sliding_window: false }), 32768);
      assert.strictEqual(ctx({ model_type: 'longformer', max_position_embeddings: 4098, attention_window: [512, 512, 512] }), 512);
    });
    it('counts no class token for SigLIP, and lists a convolutional feature encoder (wav2vec2)', () => {
      const sig = parseDocument('config.json', hf({ model_type: 'siglip_vision_model', hidden_size: 1152, num_attention_heads: 16, image_size: 980, patch_size: 14 })).models[0];
      assert.strictEqual((sig.layers[0] as { context: unknown }).context, 4900);
      const w2v = parseDocument('config.json', hf({ model_type: 'wav2vec2', hidden_size: 768, num_attention_heads: 12, conv_dim: [512, 512, 512, 512, 512, 512, 512] })).models[0];
      assert.strictEqual(w2v.layers[0].type, 'feature-encoder');
      assert.match((w2v.layers[0] as { reason: string }).reason, /the convolutional feature encoder \(7 layers\) that turns the audio into the tokens is not covered/);
    });
  });

  // 600 sub-models were 600 layers: the config was refused as a model of 606 layers.
  it('lists a nested config\'s first sub-models one by one and the rest in one line', () => {
    const subs = Array.from({ length: 600 }, (_, i) => `"sub${i}": { "model_type": "m${i}", "hidden_size": ${i + 1} }`).join(', ');
    const text = `{ "model_type": "x", "vision_config": { "model_type": "vit", "hidden_size": 768, "num_attention_heads": 12, "image_size": 224, "patch_size": 16 }, ${subs} }`;
    const m = parseDocument('config.json', text).models[0];
    const listed = m.layers.filter((l) => l.type === 'sub-model');
    assert.strictEqual(listed.length, 9);
    assert.match((listed[8] as { reason: string }).reason, /^592 more sub-models of this config are not covered either$/);
  });

  it('diagnoses bad values at their position', () => {
    const text = '{ "model_type": "gpt2", "n_embd": -1, "n_positions": 1024 }';
    const d = parseDocument('config.json', text).diagnostics.find((x) => x.code === 'hf-bad-value')!;
    assert.deepStrictEqual(d.range, rangeOf(text, '-1'));
    // Patches past exact integers were a context of Infinity.
    const huge = '{ "model_type": "vit", "hidden_size": 768, "num_attention_heads": 12, "image_size": 1e300, "patch_size": 16 }';
    const doc = parseDocument('config.json', huge);
    assert.strictEqual(doc.models.length, 0);
    const e = doc.diagnostics.find((x) => x.code === 'hf-bad-value')!;
    assert.match(e.message, /give more patches than a size can be/);
    assert.deepStrictEqual(e.range, rangeOf(huge, '1e300'));
  });

  // Configs that nest their models were read at the top level, where they hold no size: d, L and
  // the heads were asked for (one head assumed) though the file gives them.
  describe('a config that nests its models is read from its vision model or encoder, the other listed', () => {
    const noGuess = (m: { diagnostics?: { code?: string }[] }) => assert.deepStrictEqual(m.diagnostics!.filter((d) => /^hf-no-/.test(d.code ?? '')), []);
    const reason = (l: unknown) => (l as { reason: string }).reason;
    it('CLIP: the vision tower, L = (224/32)² + 1, positions inside vision_config; the text tower listed', () => {
      const text = `{
  "architectures": ["CLIPModel"],
  "model_type": "clip",
  "projection_dim": 512,
  "text_config": {"hidden_size": 512, "max_position_embeddings": 77, "num_attention_heads": 8, "num_hidden_layers": 12, "model_type": "clip_text_model"},
  "vision_config": {"hidden_size": 768, "image_size": 224, "patch_size": 32, "num_attention_heads": 12, "num_hidden_layers": 12, "model_type": "clip_vision_model"}
}`;
      const m = parseDocument('config.json', text).models[0];
      noGuess(m);
      assert.strictEqual(m.name, 'CLIPModel');
      assert.strictEqual(m.data.dim, 768);
      assert.deepStrictEqual(m.origins!.d, { text: '"hidden_size": 768', range: rangeOf(text, '768') });
      assert.deepStrictEqual({ ...m.layers[0], origin: undefined }, { type: 'attention', context: 50, heads: 12, headDim: 64, range: rangeOf(text, '"num_attention_heads": 12'), origin: undefined });
      assert.match(m.origins!.context.text, /L = \(224\/32\)² \+ 1 = 50 \(the patches and the class token\)/);
      assert.deepStrictEqual(m.layers.map((l) => l.type), ['attention', 'mlp', 'layer-norm', 'residual', 'transformer-blocks', 'text-model', 'readout']);
      assert.deepStrictEqual(m.layers[4].range, rangeOf(text, '"num_hidden_layers": 12', 1));
      assert.strictEqual(reason(m.layers[5]), 'the text model ("text_config": clip_text_model, 12 blocks, hidden size 512, 8 heads, context 77) is not covered: the head read here is the vision model\'s');
      assert.deepStrictEqual(m.layers[5].range!.start, rangeOf(text, '"text_config"').start);
      assert.match(m.diagnostics!.find((d) => d.code === 'hf-partial')!.message, /over image patches, in "vision_config"; context 50, token dimension 768, 12 heads\); the rest of the transformer \(12 blocks, MLPs, layer norms, residuals, the text model\)/);
    });
    it('VisionEncoderDecoder: the ViT encoder, the GPT-2 decoder listed, its vocabulary the readout', () => {
      const text = `{
  "architectures": ["VisionEncoderDecoderModel"],
  "model_type": "vision-encoder-decoder",
  "is_encoder_decoder": true,
  "decoder": {"add_cross_attention": true, "architectures": ["GPT2LMHeadModel"], "model_type": "gpt2", "n_embd": 768, "n_head": 12, "n_layer": 12, "n_positions": 1024, "vocab_size": 50257},
  "encoder": {"architectures": ["ViTModel"], "hidden_size": 768, "image_size": 224, "patch_size": 16, "intermediate_size": 3072, "model_type": "vit", "num_attention_heads": 12, "num_hidden_layers": 12}
}`;
      const m = parseDocument('config.json', text).models[0];
      noGuess(m);
      assert.deepStrictEqual([m.data.dim, (m.layers[0] as { context: number }).context, (m.layers[0] as { heads: number }).heads], [768, 197, 12]);
      assert.deepStrictEqual(m.layers.map((l) => l.type), ['attention', 'mlp', 'layer-norm', 'residual', 'transformer-blocks', 'decoder', 'readout']);
      assert.strictEqual((m.layers[1] as { width: number }).width, 3072);
      assert.strictEqual(reason(m.layers[5]), 'the decoder ("decoder": GPT2LMHeadModel, 12 blocks, hidden size 768, 12 heads, context 1024, with cross-attention to the encoder) is not covered: the head read here is the encoder\'s');
      assert.deepStrictEqual(m.layers[6].range, rangeOf(text, '"vocab_size": 50257'));
    });
    it('says a size missing from the sub-model there, at its key', () => {
      const text = '{ "model_type": "clip", "vision_config": { "image_size": 224, "patch_size": 32 } }';
      const m = parseDocument('config.json', text).models[0];
      assert.strictEqual((m.layers[0] as { context: number }).context, 50);
      for (const [code, re] of [['hf-no-hidden', /^no hidden size in "vision_config" \(expected one of hidden_size/], ['hf-no-heads', /^no number of heads in "vision_config"/]] as const) {
        const w = m.diagnostics!.find((d) => d.code === code)!;
        assert.match(w.message, re);
        assert.deepStrictEqual(w.range, rangeOf(text, '"vision_config"'));
      }
    });
    it('names other sub-models by their key, even "constructor" or "__proto__"', () => {
      for (const key of ['constructor', '__proto__', 'toString']) {
        const text = `{ "model_type": "llava", "vision_config": { "hidden_size": 64, "num_attention_heads": 4, "image_size": 32, "patch_size": 8 }, "${key}": { "model_type": "llama", "hidden_size": 128 }, "quantization_config": { "bits": 4 } }`;
        const m = parseDocument('config.json', text).models[0];
        assert.deepStrictEqual(m.layers.filter((l) => (l as { partial?: boolean }).partial).map((l) => l.type), ['mlp', 'layer-norm', 'residual', 'sub-model'], key);
        assert.match(reason(m.layers.find((l) => l.type === 'sub-model')), new RegExp(`^the model in "${key}" \\("${key}": llama, hidden size 128\\) is not covered`));
      }
    });
    it('a config with its own hidden size is read as before, its sub-objects aside', () => {
      const m = parseDocument('config.json', '{ "model_type": "x", "hidden_size": 64, "num_attention_heads": 4, "max_position_embeddings": 128, "vision_config": { "hidden_size": 32 } }').models[0];
      assert.deepStrictEqual([m.data.dim, (m.layers[0] as { context: number }).context], [64, 128]);
    });
  });

  // DETR's encoder runs over its ResNet's feature map: the backbone was not listed, and L was
  // max_position_embeddings (1024), which DETR does not use as its encoder's length.
  describe('a backbone (DETR) is listed, and the context it makes is asked for', () => {
    const DETR = `{
  "architectures": ["DetrForObjectDetection"],
  "model_type": "detr",
  "backbone": "resnet50",
  "use_timm_backbone": true,
  "d_model": 256,
  "encoder_layers": 6,
  "encoder_attention_heads": 8,
  "decoder_layers": 6,
  "num_queries": 100,
  "is_encoder_decoder": true,
  "max_position_embeddings": 1024
}`;
    it('DETR: the backbone first, L asked for with the reason, at the backbone', () => {
      const m = parseDocument('config.json', DETR).models[0];
      assert.deepStrictEqual(m.layers.map((l) => l.type), ['backbone', 'attention', 'mlp', 'layer-norm', 'residual', 'transformer-blocks', 'decoder', 'readout']);
      assert.deepStrictEqual(m.layers[0].range, rangeOf(DETR, '"backbone": "resnet50"'));
      assert.match((m.layers[0] as { reason: string }).reason, /^the backbone \(resnet50, from timm\) that turns the image into the encoder's tokens is not covered/);
      assert.ok((m.layers[0] as { partial?: boolean }).partial);
      assert.deepStrictEqual([m.data.dim, (m.layers[1] as { context: unknown }).context, (m.layers[1] as { heads: number }).heads], [256, 'L', 8]);
      assert.strictEqual(m.origins!.context, undefined);
      const w = m.diagnostics!.filter((d) => d.code === 'hf-no-context');
      assert.strictEqual(w.length, 1);
      assert.match(w[0].message, /^the encoder runs over the backbone's feature map, whose number of positions depends on the image size and is not in this config \(max_position_embeddings does not give it\): the attention head's context is the size L\. Give it with --set L=<n>/);
      assert.deepStrictEqual(w[0].range, rangeOf(DETR, '"backbone": "resnet50"'));
      assert.match((m.layers[6] as { reason: string }).reason, /^the decoder \(6 blocks of self-attention over 100 object queries and cross-attention to the encoder\)/);
    });
    it('a Hugging Face backbone_config (no timm), and a ViT-hybrid whose patches are on the feature map', () => {
      let m = parseDocument('config.json', DETR.replace('"use_timm_backbone": true', '"use_timm_backbone": false, "backbone_config": { "model_type": "resnet" }')).models[0];
      assert.match((m.layers[0] as { reason: string }).reason, /^the backbone \(resnet\)/);
      m = parseDocument('config.json', '{ "model_type": "vit-hybrid", "hidden_size": 768, "num_attention_heads": 12, "image_size": 384, "patch_size": 1, "backbone_config": { "model_type": "bit" } }').models[0];
      assert.deepStrictEqual([m.layers[0].type, (m.layers[1] as { context: unknown }).context], ['backbone', 'L']);
      assert.match(m.diagnostics!.find((d) => d.code === 'hf-no-context')!.message, /\(image_size does not give it\)/);
    });
    it('no backbone: "backbone": null or "" and use_timm_backbone false are not one', () => {
      const m = parseDocument('config.json', '{ "model_type": "dpt", "hidden_size": 768, "num_attention_heads": 12, "image_size": 384, "patch_size": 16, "backbone": null, "backbone_config": null, "use_timm_backbone": false }').models[0];
      assert.deepStrictEqual([m.layers[0].type, (m.layers[0] as { context: unknown }).context], ['attention', 577]);
      const e = parseDocument('config.json', '{ "model_type": "x", "d_model": 64, "backbone": "", "max_position_embeddings": 32 }').models[0];
      assert.strictEqual((e.layers[0] as { context: unknown }).context, 32);
    });
  });
});
