/**
 * Per-value standardisation kept with a small model's weights (`mu`,
 * `inv_sd`), and reading a result tensor back: shared by the cover heads and
 * the sound autoencoder.
 */
import * as tf from '@tensorflow/tfjs-core';

export type Standardiser = { mu: tf.Tensor; inv_sd: tf.Tensor };

/** Mean and inverse spread of each column of x; `floor` keeps constant columns finite. */
export function fitStandardiser(x: tf.Tensor2D, floor: number): Standardiser {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(x, 0);
    return { mu: mean, inv_sd: tf.div(1, tf.sqrt(tf.add(variance, floor))) };
  });
}

export function standardise(s: Standardiser, x: tf.Tensor2D): tf.Tensor2D {
  return tf.mul(tf.sub(x, s.mu), s.inv_sd);
}

/** A tensor's values, the tensor disposed. */
export async function takeFloats(t: tf.Tensor): Promise<Float32Array> {
  try {
    return (await t.data()) as Float32Array;
  } finally {
    t.dispose();
  }
}
