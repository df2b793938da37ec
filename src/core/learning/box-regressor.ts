/**
 * A small regression network: standardised inputs, one hidden ReLU layer,
 * K outputs, trained with the Huber loss (a few wild targets, such as a
 * half-hidden head's box, do not pull the rest). The part finder's boxes
 * come from it: a linear map could not tell a small face from the middle of
 * a large one, and put a 40-px face in a 240-px box.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { HeadWeights } from './cover-head.js';
import { type EpochProgress, type LoopOptions, trainMinibatches } from './minibatch-training.js';
import { fitStandardiser, standardise } from './standardiser.js';

export interface RegressorOptions extends LoopOptions {
  hidden: number;
  l2: number;
}

export class BoxRegressor {
  constructor(readonly weights: HeadWeights) {}

  /** x [N, D] → [N, K]. */
  predict(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => outputs(this.weights, x));
  }
}

function outputs(w: HeadWeights, x: tf.Tensor2D): tf.Tensor2D {
  const z = standardise({ mu: w.mu!, inv_sd: w.inv_sd! }, x);
  const h = tf.relu(tf.add(tf.matMul(z, w.w1 as tf.Tensor2D), w.b1!)) as tf.Tensor2D;
  return tf.add(tf.matMul(h, w.out as tf.Tensor2D), w.bout!);
}

export async function fitBoxRegressor(
  x: tf.Tensor2D,
  y: tf.Tensor2D,
  o: RegressorOptions,
  onEpoch?: (p: EpochProgress) => void,
): Promise<BoxRegressor> {
  const [n, dim] = x.shape;
  const k = y.shape[1];
  const init = (shape: number[], fanIn: number, s: number) =>
    tf.variable(tf.randomNormal(shape, 0, Math.sqrt(2 / fanIn), 'float32', s));
  const vars = {
    w1: init([dim, o.hidden], dim, o.seed),
    b1: tf.variable(tf.zeros([o.hidden])),
    out: init([o.hidden, k], o.hidden, o.seed + 1),
    bout: tf.variable(tf.mean(y, 0)),
  };
  const fixed = fitStandardiser(x, 1e-4);
  try {
    await trainMinibatches(
      n,
      o,
      (idx) =>
        tf.tidy(() => {
          const w = { ...vars, ...fixed };
          const fit = tf.losses.huberLoss(tf.gather(y, idx), outputs(w, tf.gather(x, idx)), undefined, 0.5);
          const penalty = tf.add(tf.sum(tf.square(vars.w1)), tf.sum(tf.square(vars.out)));
          return tf.add(fit, tf.mul(penalty, o.l2)) as tf.Scalar;
        }),
      onEpoch,
    );
    const weights: HeadWeights = {};
    for (const [name, v] of Object.entries({ ...vars, ...fixed })) weights[name] = tf.clone(v);
    return new BoxRegressor(weights);
  } finally {
    tf.dispose([...Object.values(vars), ...Object.values(fixed)]);
  }
}
