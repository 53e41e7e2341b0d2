// The real corpus (test/fixtures/real, sources in SOURCES.md): what each file is read as, against
// what was read by hand from the file. Every model is read with the right widths, input dimension
// and context length, or refused with the reason; no file that defines a model says "no model".
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseDocument } from '../../src/parse/index';
import { modelHints } from '../../src/extension/render/hints';
import { analyzeDocument } from '../../src/pipeline/document';
import type { DenseLayer, Layer } from '../../src/model/types';
import { fixturePath } from './helpers';

const REAL = fixturePath('real');

/** A model as read by hand: its name, d, hidden dense widths (activation), context, layers not covered. */
interface Hand {
  name: string;
  d: number | string;
  widths?: (number | string)[];
  activation?: string;
  context?: number | string;
  heads?: number;
  notCovered?: string[];
  /** Dense layers' bias as the file states it ('file') or the library default. */
  biasFrom?: 'file' | 'library-default';
  /** Every layer's type, in the order the code adds them. */
  order?: string[];
}
interface Row {
  file: string;
  models: Hand[];
  /** Models the file builds whose layers cannot be read, each with the reason said. */
  refused?: RegExp[];
}

const COVERED = new Set(['dense', 'attention', 'readout']);
const TFJS = 'tfjs-code/tfjs-examples';

const TABLE: Row[] = [
  // TensorFlow.js code, no annotation.
  { file: `${TFJS}/iris/index.js`, models: [{ name: 'trainModel', d: 'd', widths: [10], activation: 'sigmoid', biasFrom: 'library-default' }] },
  { file: `${TFJS}/abalone-node/model.js`, models: [{ name: 'createModel', d: 'd', widths: [50, 50], activation: 'sigmoid' }] },
  {
    file: `${TFJS}/boston-housing/index.js`,
    models: [
      { name: 'linearRegressionModel', d: 'd', widths: [] },
      { name: 'multiLayerPerceptronRegressionModel1Hidden', d: 'd', widths: [50], activation: 'sigmoid' },
      { name: 'multiLayerPerceptronRegressionModel2Hidden', d: 'd', widths: [50, 50], activation: 'sigmoid' },
    ],
  },
  { file: `${TFJS}/baseball-node/pitch_type.js`, models: [{ name: 'model', d: 8, widths: [250, 175, 150], activation: 'relu' }] },
  {
    file: `${TFJS}/jena-weather/models.js`,
    models: [
      { name: 'buildLinearRegressionModel', d: 'd', widths: [], notCovered: ['flatten'] },
      { name: 'buildMLPModel', d: 'd', widths: [32], activation: 'relu', notCovered: ['flatten', 'dropout'] },
      { name: 'buildSimpleRNNModel', d: 'd', widths: [], notCovered: ['simpleRNN'] },
      { name: 'buildGRUModel', d: 'd', widths: [], notCovered: ['gru'] },
    ],
  },
  { file: `${TFJS}/quantization/model_housing.js`, models: [{ name: 'createModel', d: 'd', widths: [80, 120, 20, 10], activation: 'relu', notCovered: ['dropout', 'dropout', 'dropout', 'dropout'] }] },
  {
    file: `${TFJS}/fashion-mnist-vae/model.js`,
    models: [{ name: 'decoder', d: 'd', widths: ['N1'], activation: 'relu' }],
    refused: [/tf\.model\(\.\.\.\) builds a model whose layers cannot be read: it has 3 outputs/, /it has 2 outputs/],
  },
  { file: `${TFJS}/polynomial-regression/index.js`, models: [{ name: 'fitModel', d: 4, widths: [] }] },
  { file: `${TFJS}/lstm-text-generation/model.js`, models: [], refused: [/model\.add\(…\) on this line runs in a loop, so the number of layers is not known statically/] },
  {
    file: `${TFJS}/mnist/index.js`,
    models: [
      { name: 'createConvModel', d: 'd', widths: [64], activation: 'relu', notCovered: ['conv2d', 'maxPooling2d', 'conv2d', 'maxPooling2d', 'conv2d', 'flatten'] },
      { name: 'createDenseModel', d: 'd', widths: [42], activation: 'relu', notCovered: ['flatten'] },
    ],
  },
  {
    file: `${TFJS}/date-conversion-attention/model.js`,
    models: [],
    refused: [/tf\.layers\.concatenate\(…\) is applied to 2 tensors \(a merge\)/, /model\.outputs\.concat\(.*cannot be followed back to a tf\.input/],
  },
  { file: `${TFJS}/cart-pole/index.js`, models: [], refused: [/this\.policyNet\.add\(…\) on this line runs in a callback/] },
  // The generator's first layer is a dense layer (3·3·384 relu units, d = latentSize, an argument)
  // before a reshape and transposed convolutions: kept in place, the model not analysed (it was
  // taken out of its place as the readout); the discriminator has no dense layer (a readout was made up).
  {
    file: `${TFJS}/mnist-acgan/gan.js`,
    models: [
      {
        name: 'buildGenerator',
        d: 'd',
        widths: [3456],
        activation: 'relu',
        notCovered: ['reshape', 'conv2dTranspose', 'batchNormalization', 'conv2dTranspose', 'batchNormalization', 'conv2dTranspose'],
        order: ['dense', 'reshape', 'conv2dTranspose', 'batchNormalization', 'conv2dTranspose', 'batchNormalization', 'conv2dTranspose'],
      },
    ],
    refused: [/cnn\.apply\(…\) is not a tf\.layers call written in this file/, /^tf\.sequential\(\) builds a model with no dense layer \(conv2d, leakyReLU, dropout, /, /it has 2 outputs/, /it has 2 outputs/],
  },
  // tf held on the object (`this.tf = tf`): `this.tf.sequential({layers: [this.tf.layers.dense(...)]})`,
  // one dense layer of 4 softmax units on inputShape [8] (it was "no model found").
  { file: 'tfjs-code/snakenn/V1NeuralAgent.js', models: [{ name: 'newModel', d: 8, widths: [], order: ['readout'] }] },
  // Files that mention tf. without building a model: nothing at all.
  { file: `${TFJS}/boston-housing/normalization.js`, models: [] },
  { file: `${TFJS}/custom-layer/custom_layer.js`, models: [] },
  { file: `${TFJS}/iris/data.js`, models: [] },

  // TF.js / Keras layers models and graph models.
  { file: 'tfjs-model/abalone-node/model.json', models: [{ name: 'sequential_1', d: 8, widths: [50, 50], activation: 'sigmoid', biasFrom: 'file' }] },
  { file: 'tfjs-model/quiniela/model.json', models: [{ name: 'sequential', d: 9, widths: [16, 8], activation: 'relu' }] },
  { file: 'tfjs-model/ai-bid/model.json', models: [{ name: 'sequential_1', d: 21, widths: [128, 64], activation: 'relu' }] },
  { file: 'tfjs-model/maternal-health/model.json', models: [{ name: 'sequential', d: 5, widths: [128, 64], activation: 'relu', notCovered: ['Dropout', 'Dropout'] }] },
  // Read since this session: d is the input's features (28·28·1 = 784, was 1), and a functional
  // model that is not one chain is refused (it was read as a chain, in the order its layers are listed).
  { file: 'tfjs-model/mnist-cnn-keras3/model.json', models: [{ name: 'sequential', d: 784, widths: [64], activation: 'relu', notCovered: ['Conv2D', 'MaxPooling2D', 'Conv2D', 'MaxPooling2D', 'Flatten'] }] },
  { file: 'tfjs-model/mnist-sample-cnn/model.json', models: [{ name: 'sequential_1', d: 784, widths: [128], activation: 'relu', notCovered: ['Conv2D', 'Conv2D', 'Dropout', 'Flatten', 'Dropout'] }] },
  { file: 'tfjs-model/chopstick-functional/model.json', models: [], refused: [/^a Functional model whose layers do not form one chain: it has 2 inputs; only a single chain of layers is read$/] },
  // Keras model.to_json(): DEC's encoder is a Sequential inside the outer Sequential, read in its
  // place (it was "no Dense layer in this model", an error, and its input shape "not stated"); the
  // custom ClusteringLayer after the readout stops the analysis, with the reason.
  { file: 'tfjs-model/dec-keras/model.json', models: [{ name: 'keras model', d: 39, widths: [500, 500, 2000], activation: 'relu', biasFrom: 'file', notCovered: ['ClusteringLayer'] }] },
  // A recurrent tagger whose only Dense is inside TimeDistributed: a warning that lists what it holds (an error, exit 1, before).
  { file: 'tfjs-model/bilstm-pos-tag/model.json', models: [], refused: [/^no Dense layer in this model \(Embedding, Bidirectional, TimeDistributed, Activation\): the analysis needs dense layers and a readout$/] },
  { file: 'tfjs-model/baby-cry-detector/model.json', models: [{ name: 'graph model', d: 1024, widths: [256, 128], activation: 'relu', biasFrom: 'file' }] },
  { file: 'tfjs-model/angular-predictive-prefetching/model.json', models: [], refused: [/graph model .*cannot be recovered: it has 2 inputs \(cur_page, session_index\); only a model of one input is read/] },
  { file: 'tfjs-model/graph-model-tutorial/model.json', models: [], refused: [/cannot be recovered: node "StatefulPartitionedCall\/network\/mul" is a Mul, not part of a plain dense stack/] },
  { file: 'tfjs-model/cosmoslider/model.json', models: [], refused: [/cannot be recovered: node ".*normalization\/sub" is a Sub.*Ops in this graph: Mul ×20, AddV2 ×13, _FusedMatMul ×7/] },

  // Hugging Face configs: one head (d = hidden size, L = its context), the rest listed.
  ...hf('vit-base-patch16-224', 'ViTForImageClassification', 768, 197, 12, ['mlp', 'layer-norm', 'residual', 'transformer-blocks']),
  ...hf('whisper-small-hi', 'WhisperForConditionalGeneration', 768, 1500, 12, ['mlp', 'layer-norm', 'residual', 'transformer-blocks', 'decoder']),
  ...hf('whisper-asr-certificate', 'WhisperForConditionalGeneration', 1024, 1500, 16, ['mlp', 'layer-norm', 'residual', 'transformer-blocks', 'decoder']),
  ...hf('t5-small', 'T5ForConditionalGeneration', 512, 512, 8, ['mlp', 'layer-norm', 'residual', 'transformer-blocks', 'decoder']),
  ...hf('nllb-m2m100', 'M2M100ForConditionalGeneration', 1024, 1024, 16, ['mlp', 'layer-norm', 'residual', 'transformer-blocks', 'decoder']),
  ...hf('bert-base-uncased', 'BertForSequenceClassification', 768, 512, 12, ['mlp', 'layer-norm', 'residual', 'transformer-blocks']),
  ...hf('distilbert-base-uncased-distilled-squad', 'DistilBertForQuestionAnswering', 768, 512, 12, ['mlp', 'layer-norm', 'residual', 'transformer-blocks']),
  ...hf('roberta-base', 'huggingface model', 768, 514, 12, ['mlp', 'layer-norm', 'residual', 'transformer-blocks']),
  ...hf('electra-small-discriminator', 'ElectraForPreTraining', 256, 512, 4, ['mlp', 'layer-norm', 'residual', 'transformer-blocks']),
  ...hf('gpt2', 'GPT2LMHeadModel', 768, 1024, 12, ['mlp', 'layer-norm', 'residual', 'transformer-blocks']),
  ...hf('gpt2-medium', 'GPT2LMHeadModel', 1024, 1024, 16, ['mlp', 'layer-norm', 'residual', 'transformer-blocks']),
  ...hf('phi-2', 'MixFormerSequentialForCausalLM', 2560, 2048, 32, ['mlp', 'layer-norm', 'residual', 'transformer-blocks']),
  ...hf('TinyLlama-1.1B-Chat-v1.0', 'LlamaForCausalLM', 2048, 2048, 32, ['mlp', 'layer-norm', 'residual', 'grouped-query-attention', 'transformer-blocks']),
  ...hf('Hunyuan-MT-7B', 'HunYuanDenseV1ForCausalLM', 4096, 32768, 32, ['mlp', 'layer-norm', 'residual', 'grouped-query-attention', 'transformer-blocks']),
  ...hf('mixtral-8x7b', 'MixtralForCausalLM', 4096, 32768, 32, ['mlp', 'mixture-of-experts', 'layer-norm', 'residual', 'grouped-query-attention', 'transformer-blocks']),
  ...hf('tinymixtral-v1', 'huggingface model', 896, 2048, 14, ['mlp', 'mixture-of-experts', 'layer-norm', 'residual', 'grouped-query-attention', 'transformer-blocks']),
  // Nested configs, read from their vision model or encoder since this session (before: d, L and
  // the heads were asked for, though in the file). CLIP's head is its vision model's, (224/32)² + 1.
  ...hf('clip-vit-base-patch32', 'CLIPModel', 768, 50, 12, ['mlp', 'layer-norm', 'residual', 'transformer-blocks', 'text-model']),
  ...hf('vit-gpt2-captioning', 'VisionEncoderDecoderModel', 768, 197, 12, ['mlp', 'layer-norm', 'residual', 'transformer-blocks', 'decoder']),
  // DETR: the ResNet backbone is listed, and L (its feature map's positions) asked for: it was
  // max_position_embeddings = 1024, which DETR does not use as its encoder's length.
  ...hf('detr-bone-fracture', 'DetrForObjectDetection', 256, 'L', 8, ['backbone', 'mlp', 'layer-norm', 'residual', 'transformer-blocks', 'decoder']),
];

function hf(dir: string, name: string, d: number, context: number | string, heads: number, notCovered: string[]): Row[] {
  return [{ file: `huggingface/${dir}/config.json`, models: [{ name, d, context, heads, notCovered }] }];
}

function read(file: string) {
  return parseDocument(file, readFileSync(join(REAL, file), 'utf8'));
}

describe('corpus: real files from public repositories, read as read by hand', () => {
  for (const row of TABLE) {
    it(row.file, () => {
      const doc = read(row.file);
      assert.deepEqual(doc.models.map((m) => m.name), row.models.map((m) => m.name), 'the models found');
      row.models.forEach((want, i) => {
        const m = doc.models[i];
        const dense = m.layers.filter((l): l is DenseLayer => l.type === 'dense');
        assert.equal(m.data.dim, want.d, `${want.name}: d`);
        if (want.widths) assert.deepEqual(dense.map((l) => l.width), want.widths, `${want.name}: widths`);
        if (want.activation) for (const l of dense) assert.equal(l.activation, want.activation, `${want.name}: activation`);
        if (want.biasFrom) for (const l of dense) assert.deepEqual([l.bias, l.biasFrom], [true, want.biasFrom], `${want.name}: bias`);
        const att = m.layers.find((l) => l.type === 'attention') as (Layer & { context?: number | string; heads?: number }) | undefined;
        if (want.context !== undefined) assert.deepEqual([att?.context, att?.heads], [want.context, want.heads], `${want.name}: context and heads`);
        assert.deepEqual(m.layers.filter((l) => !COVERED.has(l.type)).map((l) => l.type), want.notCovered ?? [], `${want.name}: not covered`);
        if (want.order) assert.deepEqual(m.layers.map((l) => l.type), want.order, `${want.name}: layers in order`);
      });
      const refusals = doc.diagnostics.filter((d) => d.code === 'tfjs-unread' || d.code === 'tfjs-no-dense' || d.code === 'tfjs-graph-unread' || d.code === 'keras-not-a-chain' || d.code === 'keras-no-dense');
      assert.equal(refusals.length, (row.refused ?? []).length, JSON.stringify(refusals.map((d) => d.message)));
      (row.refused ?? []).forEach((re, i) => assert.match(refusals[i].message, re));
      for (const d of refusals) assert.equal(d.severity, 'warning');
      // Files with no model and no refusal say nothing at all (no noise in ordinary files).
      if (!row.models.length && !row.refused) assert.deepEqual(doc.diagnostics, []);
    });
  }

  it('covers every file of the corpus, at least 30, and at least 12 Hugging Face model types', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (name !== 'SOURCES.md') files.push(relative(REAL, p).replace(/\\/g, '/'));
      }
    };
    walk(REAL);
    const inTable = new Set(TABLE.map((r) => r.file));
    // test/fixtures/real/pytorch/ is read by the PyTorch front end's own corpus test.
    assert.deepEqual(files.filter((f) => !inTable.has(f) && !f.startsWith('pytorch/')), []);
    assert.ok(TABLE.length >= 30, `${TABLE.length} files`);
    const sources = readFileSync(join(REAL, 'SOURCES.md'), 'utf8');
    for (const f of inTable) assert.ok(sources.includes(`\`${f}\``), `${f} has no source in SOURCES.md`);
    const types = new Set(
      TABLE.filter((r) => r.file.startsWith('huggingface/')).flatMap((r) => {
        const t = (JSON.parse(readFileSync(join(REAL, r.file), 'utf8')) as { model_type?: string }).model_type;
        return t ? [t] : [];
      }),
    );
    assert.ok(types.size >= 12, [...types].join(', '));
  });

  it('every model read is analysed, and no file that defines a model says nothing', () => {
    for (const row of TABLE) {
      const r = analyzeDocument(row.file, readFileSync(join(REAL, row.file), 'utf8'));
      assert.equal(r.models.length, row.models.length, row.file);
      for (const m of r.models) assert.ok(!m.diagnostics.some((d) => d.code === 'internal-error'), `${row.file}: ${m.name}`);
      if (row.models.length || row.refused) assert.ok(r.models.length || (r.diagnostics ?? []).length, `${row.file}: "no model found"`);
    }
  });

  it('a graph model whose op (or fused op, in base64) is a key of Object.prototype is refused with the reason, not read as an activation', () => {
    // The activations of a graph were a plain object: a fused op "toString" found Object.prototype's
    // function and the analysis failed with an internal error; an op "constructor" was an activation.
    const base = readFileSync(join(REAL, 'tfjs-model/baby-cry-detector/model.json'), 'utf8');
    const fused = base.replace('"UmVsdQ=="', `"${Buffer.from('toString').toString('base64')}"`);
    const op = base.replace('"op": "Sigmoid"', '"op": "constructor"');
    assert.notEqual(fused, base);
    assert.notEqual(op, base);
    for (const [text, why] of [[fused, /fuses toString, which is not a bias or a known activation/], [op, /is a constructor, not part of a plain dense stack/]] as const) {
      const r = analyzeDocument('model.json', text);
      const all = [...(r.diagnostics ?? []), ...r.models.flatMap((m) => m.diagnostics)];
      assert.ok(!all.some((d) => d.code === 'internal-error'), JSON.stringify(all));
      assert.equal(r.models.length, 0);
      assert.match(all.find((d) => d.code === 'tfjs-graph-unread')!.message, why);
    }
  });

  it('a graph model\'s readout activation is said to be left out, as the other readers say it', () => {
    // baby-cry-detector ends in a Sigmoid after its last MatMul: dropped without a word before.
    const m = read('tfjs-model/baby-cry-detector/model.json').models[0];
    const info = m.diagnostics!.find((d) => d.code === 'keras-readout-activation')!;
    assert.deepEqual([info.severity, info.message], ['info', "the readout's activation (sigmoid) is not part of the analysis, which reads a linear readout"]);
  });

  it('a part of a config that no key states (the residuals) has no place: no hint or hover on the model\'s line', () => {
    // It took the root brace: its hint merged with the model's, and the model line's hover began with "Layer 4 (residual)".
    const file = 'huggingface/gpt2/config.json';
    const m = analyzeDocument(file, readFileSync(join(REAL, file), 'utf8')).models[0];
    const residual = m.layers.find((l) => l.type === 'residual')!;
    assert.ok(residual && residual.range === undefined, JSON.stringify(residual));
    const modelLine = m.range!.start.line;
    assert.deepEqual(modelHints(m, 'normal').filter((h) => h.line === modelLine).map((h) => h.kind), ['model']);
  });

  it('a model\'s own diagnostics mark its first line, not the whole model (a config\'s "not covered" underlined the entire file)', () => {
    const file = 'huggingface/detr-bone-fracture/config.json';
    const m = analyzeDocument(file, readFileSync(join(REAL, file), 'utf8')).models[0];
    assert.ok(m.range!.end.line > 10, 'the model spans the file');
    const own = m.diagnostics.filter((d) => ['not-covered', 'incomplete-point', 'no-point'].includes(d.code ?? ''));
    assert.ok(own.length >= 2, JSON.stringify(m.diagnostics.map((d) => d.code)));
    for (const d of own) assert.deepEqual([d.range.start, d.range.end], [m.range!.start, { line: m.range!.start.line + 1, character: 0 }], d.code);
  });

  it('names a Hugging Face model from its architectures, never from a path in _name_or_path', () => {
    const m = read('huggingface/whisper-asr-certificate/config.json').models[0];
    assert.equal(m.name, 'WhisperForConditionalGeneration');
    assert.ok(!read('huggingface/bert-base-uncased/config.json').models[0].name.includes('bert-base-uncased'));
  });

  it('says which stack an encoder-decoder head stands for, and reads ViT patches with the class token', () => {
    const w = read('huggingface/whisper-small-hi/config.json').models[0];
    assert.match(w.diagnostics!.find((d) => d.code === 'hf-partial')!.message, /an encoder self-attention head over the source \(max_source_positions\); context 1500/);
    assert.match((w.layers.find((l) => l.type === 'decoder') as { reason: string }).reason, /the decoder \(12 blocks of self-attention over up to 448 target positions and cross-attention to the encoder\)/);
    const v = read('huggingface/vit-base-patch16-224/config.json').models[0];
    assert.match(v.origins!.context.text, /L = \(224\/16\)² \+ 1 = 197 \(the patches and the class token\)/);
    const moe = read('huggingface/mixtral-8x7b/config.json').models[0];
    assert.match((moe.layers.find((l) => l.type === 'mixture-of-experts') as { reason: string }).reason, /^8 experts \(2 per token\) replace the MLP: mixture-of-experts routing is not covered/);
    // Equal key/value and query heads is ordinary attention, not grouped-query attention.
    const eq = parseDocument('config.json', '{"model_type": "llama", "hidden_size": 64, "num_attention_heads": 4, "num_key_value_heads": 4, "max_position_embeddings": 128}');
    assert.ok(!eq.models[0].layers.some((l) => l.type === 'grouped-query-attention'));
  });
});
