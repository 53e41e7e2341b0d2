// TensorFlow.js code as people write it, with no annotation: Scaling Lens reads the models it
// builds from the code alone (widths from literals and constants, d from inputShape / tf.input,
// the last dense layer as the readout) and shows the assumptions it made (target degree, readout).
import * as tf from '@tensorflow/tfjs';

const FEATURES = 64;
const HIDDEN = 256;

// tf.sequential() + model.add(...): two tanh layers of 256 and 128 on 64 inputs.
export function buildRegressor() {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: HIDDEN, activation: 'tanh', inputShape: [FEATURES] }));
  model.add(tf.layers.dense({ units: HIDDEN / 2, activation: 'tanh' }));
  model.add(tf.layers.dense({ units: 1 }));
  return model;
}

// The functional API: tf.input -> layer.apply(...) -> tf.model({inputs, outputs}).
export function buildWide() {
  const input = tf.input({ shape: [FEATURES] });
  const hidden = tf.layers.dense({ units: 4 * HIDDEN, activation: 'tanh', useBias: false }).apply(input);
  const output = tf.layers.dense({ units: 1 }).apply(hidden);
  return tf.model({ inputs: input, outputs: output, name: 'wide' });
}
