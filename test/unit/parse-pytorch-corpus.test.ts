// The PyTorch reader on a corpus of real model files from public repositories
// (test/fixtures/real/pytorch/, each with its source on its first line): what is read (the models,
// their input dimension d, each layer's width, activation and bias, the kinds listed as not
// covered) is compared with what we read by hand in each file. Plain MLPs must also get the same
// analysis as the same network written as a JSON scalingModel.
import * as assert from 'assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from '../../src/parse';
import { analyzeModel } from '../../src/report/build';
import type { ModelDescription } from '../../src/model/types';
import { fixturePath } from './helpers';

const DIR = fixturePath('real', 'pytorch');

/**
 * One layer as a short word: dense:WIDTH:ACTIVATION[:nobias|:bias] (WIDTH the code's number, or the
 * symbol a width that cannot be read is given), attention:CONTEXT:hHEADS, readout, and the type of
 * anything else, with ~ when it is listed as outside the analysed part (a transformer's rest).
 */
function signature(m: ModelDescription): string {
  return m.layers
    .map((l) => {
      if (l.type === 'dense') {
        const d = l as { width: number | string; activation?: string; bias?: boolean; biasFrom?: string };
        const w = typeof d.width === 'string' && m.sizes?.[d.width] !== undefined ? m.sizes[d.width] : d.width;
        return `dense:${w}:${d.activation}${d.bias === false ? ':nobias' : d.biasFrom === 'file' ? ':bias' : ''}`;
      }
      if (l.type === 'attention') {
        const a = l as { context: number | string; heads?: number };
        return `attention:${a.context}${a.heads ? `:h${a.heads}` : ''}`;
      }
      return l.type + ((l as { partial?: boolean }).partial ? '~' : '');
    })
    .join(', ');
}

type Expected = { name: string; d: number | string; layers: string };

// What each file holds, read by hand. Files with no model (training scripts, samplers, a model
// built in another file) must stay quiet: no model and no diagnostic.
const CORPUS: [file: string, models: Expected[], extra?: { file: string[] }][] = [
  // A critic Q(s, a): the action joins after the first layer (read as a plain stack of its state
  // alone before, with a number), and, in cleanrl's, at the input (one input: d is their sum).
  ['sfujim-ddpg.py', [{ name: 'Actor', d: 'd', layers: 'dense:400:relu, dense:300:relu, readout' }, { name: 'Critic', d: 'd', layers: 'dense:400:relu, other-input, concatenate, dense:300:relu, readout' }]],
  ['cleanrl-sac.py', [{ name: 'SoftQNetwork', d: 'd', layers: 'dense:256:relu, dense:256:relu, readout' }, { name: 'Actor', d: 'd', layers: 'dense:256:relu, dense:256:relu, readout' }]],
  // Linear, BatchNorm1d, relu: the relu is not the dense layer's (read as its activation before this session).
  ['chengpei-mlp-nobias.py', [{ name: 'MLP', d: 'd', layers: 'dense:hidden_dim:linear:nobias, BatchNorm1d, activation, readout' }]],
  // Its layers come from NormedLinear, a function of the file that returns nn.Linear, in a ModuleList
  // comprehension over sizes given only at run time: "no model found", without a word, before.
  ['cropwater-mlp.py', [], { file: ['py-no-output', 'py-no-layers'] }],
  ['examples-actor-critic.py', [{ name: 'Policy', d: 4, layers: 'dense:128:relu, readout' }]],
  ['examples-ddp-toy.py', [{ name: 'ToyModel', d: 10, layers: 'dense:10:relu, readout' }]],
  ['examples-forward-forward.py', []],
  ['examples-mnist.py', [{ name: 'Net', d: 'd', layers: 'Conv2d, activation, Conv2d, activation, max_pool2d, dropout, dense:128:relu, dropout, readout' }]],
  ['examples-regression.py', []],
  ['examples-reinforce.py', [{ name: 'Policy', d: 4, layers: 'dense:128:relu, dropout, readout' }]],
  ['examples-time-seq.py', [], { file: ['py-no-output'] }],
  ['examples-tp-toy.py', [{ name: 'ToyModel', d: 10, layers: 'dense:32:relu, readout' }]],
  ['examples-vae.py', [{ name: 'VAE', d: 784, layers: 'dense:400:relu, dense:20:linear, dense:20:linear, exp, randn_like, product, add, dense:400:relu, readout' }]],
  ['examples-word-lm.py', [{ name: 'RNNModel', d: 'd', layers: 'Embedding, dropout, call, dropout, readout' }, { name: 'TransformerModel', d: 'd', layers: 'Embedding, shift, dropout, call, readout' }]],
  ['freddie-attentional-stack.py', [], { file: ['py-no-layers'] }], // layers added in a loop over an argument: said since this session (silent before)
  ['freddie-linear-stack.py', [{ name: 'LinearStack', d: 'd', layers: 'call, readout' }]],
  ['freddie-mhsa.py', [{ name: 'MultiheadSelfAttention', d: 'd', layers: 'attention:L' }]],
  ['freddie-residual-block.py', []],
  ['gowthamr-attention.py', [{ name: 'MultiHeadAttention', d: 'd', layers: 'attention:L' }]],
  ['gowthamr-feedforward.py', [{ name: 'FeedForward', d: 'd', layers: 'dense:N1:relu, readout' }]],
  ['gowthamr-transformer.py', [{ name: 'GPT', d: 'd', layers: 'Embedding, shift, call, LayerNorm, readout' }]],
  ['jcjohnson-dynamic-net.py', [], { file: ['py-no-output'] }],
  ['jcjohnson-two-layer-module.py', [{ name: 'TwoLayerNet', d: 1000, layers: 'dense:100:relu, readout' }]],
  ['jcjohnson-two-layer-nn.py', [{ name: 'model', d: 1000, layers: 'dense:100:relu, readout' }]],
  ['karishma-seed2.py', [{ name: 'TransformerClassifier', d: 768, layers: 'call~, attention:L:h4, mlp~, layer-norm~, residual~, transformer-blocks~, mean~, linear~, readout' }]],
  ['karishma-seed6.py', [{ name: 'TransformerClassifier', d: 768, layers: 'call~, attention:L:h4, mlp~, layer-norm~, residual~, transformer-blocks~, mean~, readout' }]],
  ['kuangliu-lenet.py', [{ name: 'LeNet', d: 'd', layers: 'Conv2d, activation, max_pool2d, Conv2d, activation, max_pool2d, dense:120:relu, dense:84:relu, readout' }]],
  ['liao-autoencoder.py', [{ name: 'autoencoder', d: 784, layers: 'dense:128:relu, dense:64:relu, dense:12:relu, dense:3:linear, dense:12:relu, dense:64:relu, dense:128:relu, readout' }]],
  ['liao-neural-network.py', [{ name: 'neuralNetwork', d: 784, layers: 'dense:300:relu, dense:100:relu, readout' }]],
  ['liao-ngram.py', [{ name: 'NgramModel', d: 'd', layers: 'Embedding, dense:128:relu, readout' }]],
  ['linke-mlp-modulelist.py', [{ name: 'MLP', d: 'd', layers: 'dense:1024:relu, dense:1024:relu, dense:1024:relu, readout' }]],
  ['lucidrains-mlp-mixer.py', [{ name: 'FeedForward', d: 'd', layers: 'dense:dim_hidden:gelu, dropout, readout' }, { name: 'MLPMixer', d: 'd', layers: 'call, dense:dim:linear, call, LayerNorm, call, readout' }]],
  ['morvan-autoencoder.py', [{ name: 'AutoEncoder', d: 784, layers: 'dense:128:tanh, dense:64:tanh, dense:12:tanh, readout' }]],
  ['morvan-batchnorm.py', [{ name: 'Net', d: 1, layers: 'dense:10:tanh, dense:10:tanh, dense:10:tanh, dense:10:tanh, dense:10:tanh, dense:10:tanh, dense:10:tanh, dense:10:tanh, readout' }]],
  ['morvan-build-quickly.py', [{ name: 'Net', d: 1, layers: 'dense:10:relu, readout' }, { name: 'net2', d: 1, layers: 'dense:10:relu, readout' }]],
  ['morvan-classification.py', [{ name: 'Net', d: 2, layers: 'dense:10:relu, readout' }]],
  ['morvan-dqn.py', [{ name: 'Net', d: 'd', layers: 'dense:50:relu, readout' }]],
  ['morvan-dropout.py', [{ name: 'net_overfitting', d: 1, layers: 'dense:300:relu, dense:300:relu, readout' }, { name: 'net_dropped', d: 1, layers: 'dense:300:relu, dropout, dense:300:relu, dropout, readout' }]],
  ['morvan-gan.py', [{ name: 'G', d: 5, layers: 'dense:128:relu, readout' }, { name: 'D', d: 15, layers: 'dense:128:relu, readout' }]],
  ['morvan-regression.py', [{ name: 'Net', d: 1, layers: 'dense:10:relu, readout' }]],
  // GPT's blocks run in a loop over n_layer, which is not unrolled: its MLP class, a network the
  // analysis covers whole, is read as a model of its own (the blocks, not covered, stay quiet).
  ['nanogpt-model.py', [{ name: 'MLP', d: 'd', layers: 'dense:N1:gelu, readout' }, { name: 'GPT', d: 'd', layers: 'Embedding, shift, dropout, call, layer_norm, readout' }]],
  ['nanogpt-sample.py', []],
  ['nanogpt-train.py', []],
  ['vidyasree-fashionmnist-ordereddict.py', [{ name: 'model', d: 'd', layers: 'dense:hidden_sizes_0:relu, dense:hidden_sizes_1:relu, readout' }]],
  ['vidyasree-fashionmnist7.py', [{ name: 'Classifier', d: 784, layers: 'dense:256:relu, dense:128:relu, dense:64:relu, readout' }, { name: 'Classifier (line 49)', d: 784, layers: 'dense:256:relu, dropout, dense:128:relu, dropout, dense:64:relu, dropout, readout' }]],
  ['vidyasree-multilayer-noml.py', []],
  ['yunjey-cnn.py', [{ name: 'ConvNet', d: 'd', layers: 'Conv2d, BatchNorm2d, activation, MaxPool2d, Conv2d, BatchNorm2d, activation, MaxPool2d, readout' }]],
  ['yunjey-feedforward.py', [{ name: 'NeuralNet', d: 784, layers: 'dense:500:relu, readout' }]],
  ['yunjey-gan.py', [{ name: 'D', d: 784, layers: 'dense:256:leaky_relu, dense:256:leaky_relu, readout' }, { name: 'G', d: 64, layers: 'dense:256:relu, dense:256:relu, readout' }]],
  ['yunjey-logistic.py', []],
  ['yunjey-rnn.py', [{ name: 'RNN', d: 'd', layers: 'LSTM, readout' }]],
  ['yunjey-vae.py', [{ name: 'VAE', d: 784, layers: 'dense:400:relu, dense:20:linear, dense:20:linear, exp, randn_like, product, add, dense:400:relu, readout' }]],
  ['zust-mlp-torchnn.py', [{ name: 'MLP', d: 'd', layers: 'dense:hidden_dim:relu, readout' }, { name: 'Classifier', d: 'd', layers: 'dense:hidden_dim:relu, readout' }]],
  ['zzfishao-load-model.py', []],
  ['zzfishao-lstm-attention.py', [{ name: 'LSTMAttention', d: 'd', layers: 'LSTM, dense:hidden_size:linear, shift, activation, dense:1:softmax, product, sum, readout' }]],
  ['zzfishao-mlp.py', [{ name: 'MLP', d: 20, layers: 'dense:256:relu, readout' }, { name: 'net', d: 20, layers: 'dense:256:relu, readout' }]],
];

function read(file: string) {
  return parseDocument(file, readFileSync(join(DIR, file), 'utf8'));
}

describe('PyTorch corpus: real model files read as read by hand', () => {
  it('holds at least 25 real files, each naming its source on its first line', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.py'));
    assert.ok(files.length >= 25, `${files.length} files`);
    for (const f of files) assert.match(readFileSync(join(DIR, f), 'utf8').split('\n')[0], /^# Source: https:\/\/github\.com\/[^/]+\/[^/]+\/blob\/[0-9a-f]{40}\//, f);
    assert.deepStrictEqual(CORPUS.map((c) => c[0]).sort(), files.sort(), 'every file of the corpus has its row');
  });

  for (const [file, models, extra] of CORPUS) {
    it(`${file}: ${models.length ? models.map((m) => m.name).join(', ') : 'no model'}`, () => {
      const doc = read(file);
      assert.deepStrictEqual(
        doc.models.map((m) => ({ name: m.name, d: m.data.dim, layers: signature(m) })),
        models,
      );
      assert.deepStrictEqual(doc.diagnostics.map((d) => d.code), extra?.file ?? [], 'file diagnostics');
      for (const m of doc.models) {
        assert.strictEqual(m.source, 'pytorch');
        assert.ok(m.range && m.layers.every((l) => l.range && l.origin?.text), 'every model and layer has a place and an origin');
        assert.ok(!(m.diagnostics ?? []).some((d) => d.severity === 'error'));
      }
    });
  }

  it('names what it cannot read, with its position (an unresolved width is a symbol the result asks for)', () => {
    const doc = read('morvan-dqn.py');
    const m = doc.models[0];
    const w = m.diagnostics!.find((d) => d.code === 'py-unresolved')!;
    assert.match(w.message, /in_features `N_STATES` cannot be read statically: `gym` is the module gym, which is not read \(only this file is\)/);
    assert.deepStrictEqual(w.range.start, { line: 34, character: 29 });
    const r = analyzeModel(m);
    assert.ok(r.pStar && 'd' in r.pStar.exponents, 'a symbolic d still gives a result in d');
    // The result asks for the size the file does not give.
    assert.match(r.diagnostics.find((d) => d.code === 'incomplete-point')!.message, /no numeric value for d/);
  });

  it('reads bias=False per layer, and the default (a bias) as the library default', () => {
    const nobias = read('chengpei-mlp-nobias.py').models[0].layers[0] as { bias?: boolean; biasFrom?: string };
    assert.deepStrictEqual([nobias.bias, nobias.biasFrom], [false, 'file']);
    const dflt = read('yunjey-feedforward.py').models[0].layers[0] as { bias?: boolean; biasFrom?: string };
    assert.deepStrictEqual([dflt.bias, dflt.biasFrom], [true, 'library-default']);
  });
});

// Plain MLPs: the same analysis as the network written in JSON (widths as sizes, same activations, same biases).
const AS_JSON: [file: string, model: number][] = [
  ['yunjey-feedforward.py', 0],
  ['jcjohnson-two-layer-nn.py', 0],
  ['jcjohnson-two-layer-module.py', 0],
  ['morvan-regression.py', 0],
  ['liao-neural-network.py', 0],
  ['vidyasree-fashionmnist7.py', 0],
  ['yunjey-gan.py', 0],
  ['linke-mlp-modulelist.py', 0],
];

describe('PyTorch corpus: a plain MLP gets the same analysis as the same network in JSON', () => {
  for (const [file, k] of AS_JSON) {
    it(file, () => {
      const py = read(file).models[k];
      const dense = py.layers.filter((l) => l.type === 'dense') as { width: number | string; activation?: string; bias?: boolean; biasFrom?: 'file' | 'library-default' }[];
      const sizes: Record<string, number> = { ...(py.sizes ?? {}) };
      if (typeof py.data.dim === 'number') sizes.d = py.data.dim;
      const json = JSON.stringify({
        scalingModel: {
          name: py.name,
          data: { kind: 'gaussian', dim: 'd' },
          layers: [...dense.map((l) => ({ type: 'dense', width: l.width, activation: l.activation })), { type: 'readout' }],
          ...(Object.keys(sizes).length ? { sizes } : {}),
        },
      });
      const js = parseDocument('m.json', json).models[0];
      // JSON has no bias key: give its layers the biases the Python file has (what the engine is to read).
      js.layers.filter((l) => l.type === 'dense').forEach((l, i) => Object.assign(l, { bias: dense[i].bias, biasFrom: dense[i].biasFrom }));
      const a = analyzeModel(py);
      const b = analyzeModel(js);
      assert.ok(a.pStar || b.notCovered.length, 'analysed');
      assert.deepStrictEqual(a.pStar?.exponents, b.pStar?.exponents);
      assert.strictEqual(a.pStar?.value, b.pStar?.value);
      assert.strictEqual(a.winner, b.winner);
      assert.deepStrictEqual(a.candidates.map((c) => [c.id, c.energy.exponents]), b.candidates.map((c) => [c.id, c.energy.exponents]));
      assert.deepStrictEqual(a.notCovered.map((n) => n.reason), b.notCovered.map((n) => n.reason));
    });
  }
});
