// A TensorFlow.js MLP for MNIST-sized inputs, read by Scaling Lens from its code.
// The tags say what the code cannot: the target and which widths are the symbols N1, N2.
import * as tf from '@tensorflow/tfjs';

const INPUT_DIM = 784;
const HIDDEN = 512;
const BOTTLENECK = HIDDEN / 2; // 256, resolved statically

/**
 * @scaling model mnist-mlp  @scaling target single-index degree=3
 * @scaling data gaussian dim=d
 * @scaling layer dense width=N1 activation=tanh
 * @scaling layer dense width=N2 activation=tanh
 * @scaling readout standard
 * @scaling regime N1=d N2=d
 */
export function buildModel(): tf.Sequential {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: HIDDEN, activation: 'tanh', inputShape: [INPUT_DIM] })); // N1 = 512, d = 784
  model.add(tf.layers.dense({ units: BOTTLENECK, activation: 'tanh' })); //                    N2 = 256
  model.add(tf.layers.dense({ units: 1 })); //                                                 readout
  return model;
}

/** @scaling model mnist-erf-wide  @scaling assume degree=3 activation=erf */
export const wide = tf.sequential({
  layers: [
    tf.layers.dense({ units: 4 * HIDDEN, inputShape: [INPUT_DIM] }),
    tf.layers.dropout({ rate: 0.1 }),
    tf.layers.dense({ units: 1 }),
  ],
});
