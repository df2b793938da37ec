/**
 * The supervised model: a small CNN on spectrogram patches (nMels × `width`
 * frames), normal = 0, abnormal = 1, classes weighted to balance. A clip's
 * score is the mean probability over its patches.
 *
 * The convolutions run along time with the mel bands as channels (a 1-D, TDNN-style
 * CNN): each kernel spans every band of 3 consecutive frames, so the band a pattern
 * sits in counts (it is what tells a fault apart), and a convolution is three
 * matrix products over time-shifted slices, ops that train fast on every TF.js
 * backend. The first version convolved the spectrogram as an image (3×3 kernels,
 * two blocks of 8 and 16 channels) through depth-1 conv3d, since TF.js's WASM
 * backend has no 2-D filter gradient, and conv3d there runs an unvectorised loop:
 * the cross-fitted MIMII evaluation took 185 s. Models saved with that design
 * still load and score (conv2d, which every backend runs fast forward).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { LogMelSpectrogram } from './log-mel.js';
import { type EpochProgress, balancedWeights, trainMinibatches } from '../learning/minibatch-training.js';

export interface CnnOptions {
  /** Frames per patch (32 ≈ 1 s at hop 512 / 16 kHz). */
  width: number;
  /** Channels of the two temporal convolutions. */
  channels: [number, number];
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
}

export const DEFAULT_CNN: CnnOptions = {
  width: 32,
  channels: [32, 32],
  epochs: 30,
  batchSize: 32,
  learningRate: 3e-3,
  seed: 7,
};

type Weights = Record<string, tf.Tensor>;

/** Frames each kernel spans (about 100 ms at hop 512 / 16 kHz). */
const TAPS = 3;

/** Patches [count, nMels, width] every width/2 frames; a short clip gives one patch, edge-padded. */
export function spectrogramPatches(
  spec: LogMelSpectrogram,
  width: number,
): { data: Float32Array; count: number } {
  const { nMels, frameCount } = spec;
  const hop = Math.max(1, width >> 1);
  const count = frameCount <= width ? 1 : 1 + Math.floor((frameCount - width) / hop);
  const data = new Float32Array(count * nMels * width);
  for (let p = 0; p < count; p++) {
    for (let t = 0; t < width; t++) {
      const frame = Math.min(frameCount - 1, p * hop + t);
      for (let m = 0; m < nMels; m++) data[(p * nMels + m) * width + t] = spec.data[frame * nMels + m] ?? 0;
    }
  }
  return { data, count };
}

/**
 * 'same' convolution along time of [batch, time, channels] with a kernel [taps, in, out]: the sum over taps
 * of the input shifted by that tap times the tap's matrix.
 */
export function temporalConv(x: tf.Tensor3D, kernel: tf.Tensor3D): tf.Tensor3D {
  const [b, time, cin] = x.shape;
  const [taps, , cout] = kernel.shape;
  const before = (taps - 1) >> 1;
  const padded = tf.pad(x, [
    [0, 0],
    [before, taps - 1 - before],
    [0, 0],
  ]);
  const products = Array.from({ length: taps }, (_, k) => {
    const shifted = tf.reshape(tf.slice(padded, [0, k, 0], [b, time, cin]), [b * time, cin]) as tf.Tensor2D;
    const tap = tf.reshape(tf.slice(kernel, [k, 0, 0], [1, cin, cout]), [cin, cout]) as tf.Tensor2D;
    return tf.matMul(shifted, tap);
  });
  return tf.reshape(tf.addN(products), [b, time, cout]) as tf.Tensor3D;
}

/** Standardised per mel band by the training patches' statistics: [b, nMels, width]. */
function standardised(w: Weights, patches: tf.Tensor3D): tf.Tensor3D {
  return tf.mul(tf.sub(patches, w.mu!), w.inv_sd!) as tf.Tensor3D;
}

function temporalLogits(w: Weights, patches: tf.Tensor3D): tf.Tensor1D {
  let x = tf.transpose(standardised(w, patches), [0, 2, 1]) as tf.Tensor3D; // [b, width, nMels]
  x = tf.relu(tf.add(temporalConv(x, w.t0 as tf.Tensor3D), w.tb0!)) as tf.Tensor3D;
  x = tf.relu(tf.add(temporalConv(x, w.t1 as tf.Tensor3D), w.tb1!)) as tf.Tensor3D;
  const pooled = tf.mean(x, 1) as tf.Tensor2D; // over time
  return tf.reshape(tf.add(tf.matMul(pooled, w.out as tf.Tensor2D), w.bout!), [-1]) as tf.Tensor1D;
}

/** The first design (2-D 3×3 blocks with 2×2 max pooling), kept to score models saved with it. */
function imageLogits(w: Weights, patches: tf.Tensor3D): tf.Tensor1D {
  const [b, h, width] = patches.shape;
  const block = (x: tf.Tensor4D, filter: tf.Tensor, bias: tf.Tensor) =>
    tf.maxPool(
      tf.relu(tf.add(tf.conv2d(x, filter as tf.Tensor4D, 1, 'same'), bias)) as tf.Tensor4D,
      2,
      2,
      'same',
    );
  let x = tf.reshape(standardised(w, patches), [b, h, width, 1]) as tf.Tensor4D;
  x = block(block(x, w.c0!, w.cb0!), w.c1!, w.cb1!);
  const pooled = tf.reshape(tf.mean(x, 2), [b, -1]) as tf.Tensor2D;
  return tf.reshape(tf.add(tf.matMul(pooled, w.out as tf.Tensor2D), w.bout!), [b]) as tf.Tensor1D;
}

const logits = (w: Weights, patches: tf.Tensor3D) =>
  w.c0 ? imageLogits(w, patches) : temporalLogits(w, patches);

export class SpectrogramCnn {
  constructor(
    readonly weights: Weights,
    readonly width: number,
  ) {}

  /** P(abnormal) per patch, [count]. */
  async probabilities(patches: { data: Float32Array; count: number }, nMels: number): Promise<Float32Array> {
    const p = tf.tidy(() =>
      tf.sigmoid(logits(this.weights, tf.tensor3d(patches.data, [patches.count, nMels, this.width]))),
    );
    try {
      return (await p.data()) as Float32Array;
    } finally {
      p.dispose();
    }
  }

  dispose(): void {
    tf.dispose(Object.values(this.weights));
  }
}

function initialWeights(
  channels: [number, number],
  nMels: number,
  seed: number,
): Record<string, tf.Variable> {
  const [c0, c1] = channels;
  const he = (shape: number[], fanIn: number, s: number) =>
    tf.variable(tf.randomNormal(shape, 0, Math.sqrt(2 / fanIn), 'float32', s));
  return {
    t0: he([TAPS, nMels, c0], TAPS * nMels, seed),
    tb0: tf.variable(tf.zeros([c0])),
    t1: he([TAPS, c0, c1], TAPS * c0, seed + 1),
    tb1: tf.variable(tf.zeros([c1])),
    out: he([c1, 1], c1, seed + 2),
    bout: tf.variable(tf.zeros([1])),
  };
}

/** Trains on patches [N, nMels, width] with labels 0/1. Cancel with the signal; progress once per epoch. */
export async function trainSpectrogramCnn(
  patches: tf.Tensor3D,
  labels: number[],
  options: Partial<CnnOptions> = {},
  onEpoch?: (p: EpochProgress) => void,
  signal?: AbortSignal,
): Promise<SpectrogramCnn> {
  const o = { ...DEFAULT_CNN, ...options };
  const n = patches.shape[0];
  const positives = labels.filter((l) => l === 1).length;
  if (positives === 0 || positives === n)
    throw new Error('supervised training needs both normal and abnormal clips');
  // [1, nMels, 1]: one mean and spread per band, broadcast over batch and time.
  const fixed: Weights = tf.tidy(() => {
    const { mean, variance } = tf.moments(patches, [0, 2], true);
    return { mu: mean, inv_sd: tf.div(1, tf.sqrt(tf.add(variance, 1e-6))) };
  });
  const y = tf.tensor1d(labels, 'float32');
  const weightOf = balancedWeights(labels);
  const vars = initialWeights(o.channels, patches.shape[1], o.seed);
  try {
    await trainMinibatches(
      n,
      o,
      (idx) => {
        const out = logits({ ...fixed, ...vars }, tf.gather(patches, idx));
        return tf.losses.sigmoidCrossEntropy(tf.gather(y, idx), out, tf.gather(weightOf, idx)) as tf.Scalar;
      },
      onEpoch,
      signal,
    );
    const weights: Weights = { ...fixed };
    for (const [k, v] of Object.entries(vars)) weights[k] = tf.clone(v);
    return new SpectrogramCnn(weights, patches.shape[2]);
  } catch (error) {
    tf.dispose(Object.values(fixed));
    throw error;
  } finally {
    tf.dispose([y, weightOf, ...Object.values(vars)]);
  }
}
