/**
 * The sound models behind one interface: fit on clips' features, score a
 * clip, encode for storage. Unsupervised, on normal clips only: a classic
 * model on clip embeddings (classic-models.ts), or the autoencoder on
 * (pooled) vectors, score = mean reconstruction error. Supervised: the
 * spectrogram CNN on normal and abnormal clips, score = mean P(abnormal).
 * Runs wherever TF.js does (worker, page, Node).
 */
import * as tf from '@tensorflow/tfjs-core';
import { Autoencoder, type AutoencoderOptions, type EpochProgress, trainAutoencoder } from './autoencoder.js';
import {
  type CnnOptions,
  DEFAULT_CNN,
  SpectrogramCnn,
  spectrogramPatches,
  trainSpectrogramCnn,
} from './spectrogram-cnn.js';
import type { ClipFeatures, VectorSet } from './clip-features.js';
import {
  type ClassicMethod,
  type ClassicModel,
  classicScore,
  fitClassic,
  fitLogistic,
} from './classic-models.js';

export type SoundMode = 'unsupervised' | 'supervised';
/** How an unsupervised model learns what normal sounds like. */
export type UnsupervisedMethod = Exclude<ClassicMethod, 'logistic'> | 'autoencoder';
/** How a supervised model tells normal from abnormal clips. */
export type SupervisedMethod = 'logistic' | 'cnn';
export type SoundMethod = UnsupervisedMethod | SupervisedMethod;
export const UNSUPERVISED_METHODS: readonly UnsupervisedMethod[] = [
  'subspace',
  'gaussian',
  'knn',
  'autoencoder',
];
export const SUPERVISED_METHODS: readonly SupervisedMethod[] = ['logistic', 'cnn'];

export interface SoundModelOptions {
  mode: SoundMode;
  method: UnsupervisedMethod;
  classifier: SupervisedMethod;
  autoencoder: Partial<AutoencoderOptions>;
  cnn: Partial<CnnOptions>;
}

/** Which clip embedding a classic model was fitted on (ClipFeatures). */
export type EmbeddingBands = 'fine' | 'mel';

export type SoundModel =
  | { method: 'autoencoder'; net: Autoencoder }
  | { method: 'cnn'; net: SpectrogramCnn }
  | { method: ClassicMethod; net: ClassicModel; bands: EmbeddingBands };

const embeddingOf = (clip: ClipFeatures, bands: EmbeddingBands) =>
  bands === 'fine' ? clip.embedding : clip.melEmbedding;

export const modeOf = (model: SoundModel): SoundMode =>
  model.method === 'cnn' ? 'supervised' : 'unsupervised';

/** The model's weights as they cross the worker boundary and sit in IndexedDB or a file. */
export interface EncodedSoundModel {
  mode: SoundMode;
  /** Absent in models saved before there were methods: the autoencoder, or the CNN. */
  method?: SoundMethod;
  /** Patch width of a supervised model. */
  width?: number;
  /** A classic model's embedding; absent in those saved before the fine bands: 'mel'. */
  bands?: EmbeddingBands;
  specs: tf.io.WeightsManifestEntry[];
  data: ArrayBuffer;
}

/** Rows of several vector sets as one tensor. */
export function stackVectors(sets: readonly VectorSet[]): tf.Tensor2D {
  const count = sets.reduce((c, s) => c + s.count, 0);
  return tf.tensor2d(concatFloats(sets.map((s) => s.data)), [count, sets[0]?.size ?? 0]);
}

export async function fitSoundModel(
  clips: readonly ClipFeatures[],
  abnormal: readonly boolean[],
  options: SoundModelOptions,
  onEpoch?: (p: EpochProgress) => void,
  signal?: AbortSignal,
): Promise<SoundModel> {
  if (options.mode === 'unsupervised') {
    const normal = clips.filter((_, i) => !abnormal[i]);
    if (normal.length === 0) throw new Error('training needs at least one normal clip');
    const method = options.method;
    if (method !== 'autoencoder')
      return {
        method,
        bands: 'fine',
        net: fitClassic(
          method,
          normal.map((c) => c.embedding),
        ),
      };
    const x = stackVectors(normal.map((c) => c.vectors));
    try {
      return { method: 'autoencoder', net: await trainAutoencoder(x, options.autoencoder, onEpoch, signal) };
    } finally {
      x.dispose();
    }
  }
  if (options.classifier === 'logistic')
    return {
      method: 'logistic',
      bands: 'fine',
      net: fitLogistic(
        clips.map((c) => c.embedding),
        abnormal,
      ),
    };
  const width = options.cnn.width ?? DEFAULT_CNN.width;
  const nMels = clips[0]?.levelFree.nMels ?? 0;
  const patches = clips.map((c) => spectrogramPatches(c.levelFree, width));
  const labels = patches.flatMap((p, i) => new Array<number>(p.count).fill(abnormal[i] ? 1 : 0));
  const x = tf.tensor3d(concatFloats(patches.map((p) => p.data)), [labels.length, nMels, width]);
  try {
    return {
      method: 'cnn',
      net: await trainSpectrogramCnn(x, labels, { ...options.cnn, width }, onEpoch, signal),
    };
  } finally {
    x.dispose();
  }
}

/** The arrays one after another in one array. */
export function concatFloats(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function mean(values: Float32Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / Math.max(1, values.length);
}

/** A clip's anomaly score: higher is more anomalous. */
export async function clipScore(model: SoundModel, clip: ClipFeatures): Promise<number> {
  if (model.method === 'cnn')
    return mean(
      await model.net.probabilities(
        spectrogramPatches(clip.levelFree, model.net.width),
        clip.levelFree.nMels,
      ),
    );
  if (model.method !== 'autoencoder') return classicScore(model.net, embeddingOf(clip, model.bands));
  if (clip.vectors.count === 0) throw new Error('the clip is too short to score');
  const x = stackVectors([clip.vectors]);
  try {
    return mean(await model.net.vectorErrors(x));
  } finally {
    x.dispose();
  }
}

export function releaseSoundModel(model: SoundModel): void {
  if (model.method === 'autoencoder' || model.method === 'cnn') model.net.dispose();
}

/** A classic model's arrays as named tensors, so every model encodes the same way. */
function classicTensors(net: ClassicModel): Record<string, tf.Tensor> {
  const dim = net.center.length;
  return {
    center: tf.tensor1d(net.center),
    scale: tf.tensor1d(net.scale),
    gain: tf.tensor1d(net.gain),
    matrix: tf.tensor2d(net.matrix, [net.rows, net.rows ? net.matrix.length / net.rows : dim]),
  };
}

export async function encodeSoundModel(model: SoundModel): Promise<EncodedSoundModel> {
  const classic = model.method !== 'autoencoder' && model.method !== 'cnn';
  const weights = classic ? classicTensors(model.net) : model.net.weights;
  try {
    const { data, specs } = await tf.io.encodeWeights(weights);
    const width = model.method === 'cnn' ? model.net.width : undefined;
    const bands = classic ? model.bands : undefined;
    return { mode: modeOf(model), method: model.method, width, bands, specs, data };
  } finally {
    if (classic) tf.dispose(Object.values(weights));
  }
}

function decodeClassic(
  method: ClassicMethod,
  bands: EmbeddingBands,
  weights: Record<string, tf.Tensor>,
): SoundModel {
  const { center, scale, gain, matrix } = weights;
  if (!center || !scale || !gain || !matrix) throw new Error('the saved sound model lacks its weights');
  const take = (t: tf.Tensor) => t.dataSync() as Float32Array;
  const [c, s, g, m] = [take(center), take(scale), take(gain), take(matrix)];
  const net = { method, center: c, scale: s, gain: g, matrix: m, rows: matrix.shape[0]! };
  tf.dispose([center, scale, gain, matrix]);
  return { method, bands, net };
}

export function decodeSoundModel(encoded: EncodedSoundModel): SoundModel {
  const weights = tf.io.decodeWeights(encoded.data, encoded.specs);
  const method = encoded.method ?? (encoded.mode === 'supervised' ? 'cnn' : 'autoencoder');
  if (method === 'cnn')
    return { method, net: new SpectrogramCnn(weights, encoded.width ?? DEFAULT_CNN.width) };
  if (method !== 'autoencoder') return decodeClassic(method, encoded.bands ?? 'mel', weights);
  if (!weights.w0 || !weights.mu) throw new Error('the saved sound model lacks its weights');
  return { method, net: new Autoencoder(weights) };
}
