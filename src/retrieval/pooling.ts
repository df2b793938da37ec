/** Pooling and vector helpers shared by the retrieval cores. */
import * as tf from '@tensorflow/tfjs-core';

/** Gaussian weight centred on the map, σ a third of each side (SPoC's centre prior), summing to 1: [1, H, W, 1]. */
export function centrePrior(height: number, width: number): tf.Tensor4D {
  return tf.tidy(() => {
    const axis = (n: number) => tf.square(tf.div(tf.sub(tf.range(0, n), (n - 1) / 2), n / 3));
    const r2 = tf.add(tf.expandDims(axis(height), 1), tf.expandDims(axis(width), 0));
    const g = tf.exp(tf.mul(r2, -0.5));
    return tf.reshape(tf.div(g, tf.sum(g)), [1, height, width, 1]) as tf.Tensor4D;
  });
}

/** [1, H, W, C] → [C]: the centre-weighted sum over space. */
export function centrePriorPool(map: tf.Tensor4D): tf.Tensor1D {
  return tf.tidy(() => tf.sum(tf.mul(map, centrePrior(map.shape[1], map.shape[2])), [0, 1, 2]) as tf.Tensor1D);
}

export function unitVector(v: Float32Array): Float32Array {
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  return v.map((x) => x / norm);
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}
