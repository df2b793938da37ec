/**
 * The mini-batch Adam loop the project's small models share (cover heads,
 * sound autoencoder, spectrogram CNN): a seeded batch order per epoch,
 * cancellation between epochs, the mean loss reported once per epoch.
 */
import * as tf from '@tensorflow/tfjs-core';
import { seededOrder } from '../../shared/seeded-random.js';

export interface EpochProgress {
  epoch: number;
  epochs: number;
  loss: number;
}

export interface LoopOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
}

/**
 * How long the loop may run before it lets other work in: a cancel request, another call to the same worker.
 */
const YIELD_EVERY_MS = 50;

/**
 * A macrotask: on the WASM and CPU backends `data()` resolves at once, so awaiting it never lets a message
 * in.
 */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Runs the loop over n examples; `batchLoss` gets a batch's indices and returns its mean loss. */
export async function trainMinibatches(
  n: number,
  o: LoopOptions,
  batchLoss: (idx: tf.Tensor1D) => tf.Scalar,
  onEpoch?: (p: EpochProgress) => void,
  signal?: AbortSignal,
): Promise<void> {
  const optimizer = tf.train.adam(o.learningRate);
  let yielded = performance.now();
  try {
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      if (performance.now() - yielded > YIELD_EVERY_MS) {
        await nextTask();
        yielded = performance.now();
      }
      if (signal?.aborted) throw new DOMException('training cancelled', 'AbortError');
      const order = seededOrder(n, o.seed + epoch);
      let total = 0;
      for (let start = 0; start < n; start += o.batchSize) {
        const idx = tf.tensor1d(order.slice(start, start + o.batchSize), 'int32');
        const loss = optimizer.minimize(() => batchLoss(idx), true);
        total += (await loss!.data())[0]! * idx.shape[0];
        tf.dispose([loss!, idx]);
      }
      onEpoch?.({ epoch: epoch + 1, epochs: o.epochs, loss: total / n });
    }
  } finally {
    optimizer.dispose();
  }
}

/** Per-example weights so each class carries half the loss, however unbalanced the labels. */
export function balancedWeights(labels: ArrayLike<number>): tf.Tensor1D {
  const all = Array.from(labels);
  const positives = all.filter((v) => v > 0.5).length;
  return tf.tensor1d(
    all.map((v) => (v > 0.5 ? all.length / (2 * positives) : all.length / (2 * (all.length - positives)))),
  );
}
