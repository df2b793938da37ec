/**
 * The supervised model: a small CNN on spectrogram patches (nMels × `width`
 * frames), normal = 0, abnormal = 1, classes weighted to balance. A clip's
 * score is the mean probability over its patches. Convolutions are written as
 * depth-1 conv3d because TF.js's WASM backend has the 3-D filter gradient
 * but not the 2-D one, so the same code trains on WASM, WebGL, WebGPU and CPU.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { LogMelSpectrogram } from './log-mel.js';
import { type EpochProgress, balancedWeights, trainMinibatches } from '../learning/minibatch-training.js';

export interface CnnOptions {
  /** Frames per patch (32 ≈ 1 s at hop 512 / 16 kHz). */
  width: number;
  channels: [number, number];
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
}

export const DEFAULT_CNN: CnnOptions = {
  width: 32,
  channels: [8, 16],
  epochs: 30,
  batchSize: 32,
  learningRate: 3e-3,
  seed: 7,
};

type Weights = Record<string, tf.Tensor>;

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

function conv(x: tf.Tensor4D, filter: tf.Tensor): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  const [kh, kw, cin, cout] = filter.shape as [number, number, number, number];
  const y = tf.conv3d(
    tf.reshape(x, [b, 1, h, w, c]) as tf.Tensor5D,
    tf.reshape(filter, [1, kh, kw, cin, cout]) as tf.Tensor5D,
    [1, 1, 1],
    'same',
  );
  return tf.reshape(y, [b, h, w, cout]) as tf.Tensor4D;
}

/** Convolution, bias, ReLU, 2×2 max pooling. */
function block(x: tf.Tensor4D, filter: tf.Tensor, bias: tf.Tensor): tf.Tensor4D {
  return tf.maxPool(tf.relu(tf.add(conv(x, filter), bias)) as tf.Tensor4D, 2, 2, 'same');
}

function logits(w: Weights, patches: tf.Tensor3D): tf.Tensor1D {
  const [b, h, width] = patches.shape;
  // Standardised per mel band by the training patches' statistics.
  let x = tf.reshape(tf.mul(tf.sub(patches, w.mu!), w.inv_sd!), [b, h, width, 1]) as tf.Tensor4D;
  x = block(x, w.c0!, w.cb0!);
  x = block(x, w.c1!, w.cb1!);
  // Averaged over time only: which band a pattern sits in is what tells a fault apart.
  const pooled = tf.reshape(tf.mean(x, 2), [b, -1]) as tf.Tensor2D;
  return tf.reshape(tf.add(tf.matMul(pooled, w.out as tf.Tensor2D), w.bout!), [b]) as tf.Tensor1D;
}

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
  const features = Math.ceil(nMels / 4) * channels[1];
  const he = (shape: number[], fanIn: number, s: number) =>
    tf.variable(tf.randomNormal(shape, 0, Math.sqrt(2 / fanIn), 'float32', s));
  return {
    c0: he([3, 3, 1, channels[0]], 9, seed),
    cb0: tf.variable(tf.zeros([channels[0]])),
    c1: he([3, 3, channels[0], channels[1]], 9 * channels[0], seed + 1),
    cb1: tf.variable(tf.zeros([channels[1]])),
    out: he([features, 1], features, seed + 2),
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
