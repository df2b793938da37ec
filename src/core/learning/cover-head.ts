/**
 * A small classifier on the shared image embedding: "is this body part
 * covered?" → probability. Logistic regression, or one hidden ReLU layer when
 * there is data for it. Trained here with Adam (the face cover head by
 * `npm run train -- face-cover`, head and hand heads in the browser from an
 * operator's examples), stored as TF.js weights.
 */
import * as tf from '@tensorflow/tfjs-core';
// Training needs the gradient functions, which tfjs-core registers only on request.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { type EpochProgress, balancedWeights, trainMinibatches } from './minibatch-training.js';
import { fitStandardiser, standardise, takeFloats } from './standardiser.js';

export interface CoverHeadOptions {
  /** Hidden units; 0 = logistic regression. */
  hidden: number;
  epochs: number;
  learningRate: number;
  /** L2 penalty on the weights. */
  l2: number;
  batchSize: number;
  seed: number;
  /**
   * Standardise each embedding value by the training examples' mean and
   * spread (kept in the head as `mu` and `inv_sd`). Unit-length embeddings of
   * similar crops differ only slightly; a handful of taught examples then
   * needs huge weights, which the L2 penalty forbids, and the head stays unsure.
   */
  standardize: boolean;
}

export const DEFAULT_HEAD_OPTIONS: CoverHeadOptions = {
  hidden: 0,
  epochs: 200,
  learningRate: 0.01,
  l2: 1e-3,
  batchSize: 64,
  seed: 7,
  standardize: false,
};

export type HeadWeights = Record<string, tf.Tensor>;

export class CoverHead {
  constructor(readonly weights: HeadWeights) {}

  /** Embeddings [N, D] → P(covered) [N]. */
  predict(x: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => tf.sigmoid(logits(this.weights, x)));
  }

  probabilities(x: tf.Tensor2D): Promise<Float32Array> {
    return takeFloats(this.predict(x));
  }

  dispose(): void {
    tf.dispose(Object.values(this.weights));
  }
}

function logits(w: HeadWeights, x: tf.Tensor2D): tf.Tensor1D {
  let h: tf.Tensor2D = w.mu && w.inv_sd ? standardise({ mu: w.mu, inv_sd: w.inv_sd }, x) : x;
  if (w.w1) h = tf.relu(tf.add(tf.matMul(h, w.w1 as tf.Tensor2D), w.b1!)) as tf.Tensor2D;
  return tf.reshape(tf.add(tf.matMul(h, w.out as tf.Tensor2D), w.bout!), [-1]);
}

function initialWeights(dim: number, hidden: number, seed: number): Record<string, tf.Variable> {
  const init = (shape: number[], fanIn: number, s: number) =>
    tf.variable(tf.randomNormal(shape, 0, Math.sqrt(2 / fanIn), 'float32', s));
  const w: Record<string, tf.Variable> = {};
  if (hidden > 0) {
    w.w1 = init([dim, hidden], dim, seed);
    w.b1 = tf.variable(tf.zeros([hidden]));
  }
  w.out = init([hidden > 0 ? hidden : dim, 1], hidden > 0 ? hidden : dim, seed + 1);
  w.bout = tf.variable(tf.zeros([1]));
  return w;
}

export type FitProgress = EpochProgress;

/**
 * Fits a head on embeddings x [N, D] and labels y (1 = covered). Classes are
 * weighted to count equally, so ten helmets and thirty bare heads still teach
 * both sides. Cancel with the signal; progress once per epoch.
 */
export async function fitCoverHead(
  x: tf.Tensor2D,
  labels: ArrayLike<number>,
  options: Partial<CoverHeadOptions> = {},
  onEpoch?: (p: FitProgress) => void,
  signal?: AbortSignal,
): Promise<CoverHead> {
  const o = { ...DEFAULT_HEAD_OPTIONS, ...options };
  const n = x.shape[0];
  const positives = Array.from(labels).filter((v) => v > 0.5).length;
  if (positives === 0 || positives === n)
    throw new Error(`a cover head needs covered and uncovered examples (got ${positives} covered of ${n})`);
  const y = tf.tensor1d(Array.from(labels), 'float32');
  const sampleWeight = balancedWeights(labels);
  const vars = initialWeights(x.shape[1], o.hidden, o.seed);
  const fixed: HeadWeights = o.standardize ? fitStandardiser(x, 1e-4) : {};
  try {
    await trainMinibatches(
      n,
      o,
      (idx) => batchLoss({ ...vars, ...fixed }, x, y, sampleWeight, idx, o.l2),
      onEpoch,
      signal,
    );
    const weights: HeadWeights = {};
    for (const [k, v] of Object.entries({ ...vars, ...fixed })) weights[k] = tf.clone(v);
    return new CoverHead(weights);
  } finally {
    tf.dispose([y, sampleWeight, ...Object.values(vars), ...Object.values(fixed)]);
  }
}

function batchLoss(
  w: HeadWeights,
  x: tf.Tensor2D,
  y: tf.Tensor1D,
  sw: tf.Tensor1D,
  idx: tf.Tensor1D,
  l2: number,
): tf.Scalar {
  const xb = tf.gather(x, idx);
  const ce = tf.losses.sigmoidCrossEntropy(tf.gather(y, idx), logits(w, xb), tf.gather(sw, idx));
  const penalty = Object.entries(w)
    .filter(([k]) => k === 'w1' || k === 'out')
    .reduce((sum, [, t]) => tf.add(sum, tf.sum(tf.square(t))), tf.scalar(0));
  return tf.add(ce, tf.mul(penalty, l2)) as tf.Scalar;
}

/**
 * A head's weights in the TF.js weights format (specs + one buffer), as files, IndexedDB and the worker line
 * carry them.
 */
export interface EncodedHead {
  specs: tf.io.WeightsManifestEntry[];
  data: ArrayBuffer;
}

export async function encodeHead(head: CoverHead): Promise<EncodedHead> {
  const { data, specs } = await tf.io.encodeWeights(head.weights);
  return { specs, data };
}

export function decodeHead(data: ArrayBuffer, specs: tf.io.WeightsManifestEntry[]): CoverHead {
  const weights = tf.io.decodeWeights(data, specs);
  if (!weights.out || !weights.bout) throw new Error('cover head weights lack the output layer');
  return new CoverHead(weights);
}
