/**
 * A small representative workload for timing backends: BlazeFace-style
 * blocks (5x5 depthwise conv + 1x1 conv + residual) on a 128x128 RGB input,
 * the op mix of the detectors we run. A plain conv stack ranked CPU above
 * WebGL under SwiftShader while BlazeFace itself runs 2x faster on WebGL
 * (npm run bench -- backends). Timed after one warm-up run so shader
 * compilation does not count.
 */
import * as tf from '@tensorflow/tfjs-core';
import { median } from '../../shared/stats.js';

/** A backend slower than this on its warm-up is not timed further. */
const WARMUP_BUDGET_MS = 3000;
const STAGES = [24, 48] as const;
const BLOCKS_PER_STAGE = 3;

interface Weights {
  stem: tf.Tensor4D;
  downsample: tf.Tensor4D;
  depthwise: tf.Tensor4D[];
  pointwise: tf.Tensor4D[];
}

function makeWeights(): Weights {
  let seed = 1;
  const w = (shape: [number, number, number, number]) =>
    tf.randomNormal(shape, 0, 0.1, 'float32', seed++) as tf.Tensor4D;
  const depthwise: tf.Tensor4D[] = [];
  const pointwise: tf.Tensor4D[] = [];
  for (const ch of STAGES) {
    for (let b = 0; b < BLOCKS_PER_STAGE; b++) {
      depthwise.push(w([5, 5, ch, 1]));
      pointwise.push(w([1, 1, ch, ch]));
    }
  }
  return { stem: w([5, 5, 3, STAGES[0]]), downsample: w([3, 3, STAGES[0], STAGES[1]]), depthwise, pointwise };
}

function forward(input: tf.Tensor4D, w: Weights): tf.Tensor {
  let x = tf.relu(tf.conv2d(input, w.stem, 2, 'same'));
  w.depthwise.forEach((dw, i) => {
    if (i === BLOCKS_PER_STAGE) x = tf.relu(tf.conv2d(x, w.downsample, 2, 'same'));
    x = tf.relu(
      tf.add(x, tf.conv2d(tf.depthwiseConv2d(x, dw, 1, 'same'), w.pointwise[i]!, 1, 'same')),
    ) as tf.Tensor4D;
  });
  return tf.mean(x);
}

async function runOnce(input: tf.Tensor4D, weights: Weights): Promise<number> {
  const start = performance.now();
  const out = tf.tidy(() => forward(input, weights));
  await out.data();
  out.dispose();
  return performance.now() - start;
}

/** Median ms of the workload on the current backend. */
export async function timeProbeWorkload(runs = 5): Promise<number> {
  const input = tf.randomUniform([1, 128, 128, 3], -1, 1, 'float32', 99) as tf.Tensor4D;
  const weights = makeWeights();
  try {
    const warmup = await runOnce(input, weights);
    if (warmup > WARMUP_BUDGET_MS) return warmup;
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push(await runOnce(input, weights));
    return median(times);
  } finally {
    tf.dispose([input, weights.stem, weights.downsample, ...weights.depthwise, ...weights.pointwise]);
  }
}
