/**
 * The two sound models behind one interface: fit on clips' features, score a
 * clip, encode for storage. Unsupervised: the autoencoder on (pooled) vectors
 * of normal clips, score = mean reconstruction error. Supervised: the
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

export type SoundMode = 'unsupervised' | 'supervised';

export interface SoundModelOptions {
  mode: SoundMode;
  autoencoder: Partial<AutoencoderOptions>;
  cnn: Partial<CnnOptions>;
}

export type SoundModel =
  { mode: 'unsupervised'; net: Autoencoder } | { mode: 'supervised'; net: SpectrogramCnn };

/** The model's weights as they cross the worker boundary and sit in IndexedDB or a file. */
export interface EncodedSoundModel {
  mode: SoundMode;
  /** Patch width of a supervised model. */
  width?: number;
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
    const x = stackVectors(normal.map((c) => c.vectors));
    try {
      return { mode: 'unsupervised', net: await trainAutoencoder(x, options.autoencoder, onEpoch, signal) };
    } finally {
      x.dispose();
    }
  }
  const width = options.cnn.width ?? DEFAULT_CNN.width;
  const nMels = clips[0]?.spectrogram.nMels ?? 0;
  const patches = clips.map((c) => spectrogramPatches(c.spectrogram, width));
  const labels = patches.flatMap((p, i) => new Array<number>(p.count).fill(abnormal[i] ? 1 : 0));
  const x = tf.tensor3d(concatFloats(patches.map((p) => p.data)), [labels.length, nMels, width]);
  try {
    return {
      mode: 'supervised',
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
  if (model.mode === 'supervised')
    return mean(
      await model.net.probabilities(
        spectrogramPatches(clip.spectrogram, model.net.width),
        clip.spectrogram.nMels,
      ),
    );
  if (clip.vectors.count === 0) throw new Error('the clip is too short to score');
  const x = stackVectors([clip.vectors]);
  try {
    return mean(await model.net.vectorErrors(x));
  } finally {
    x.dispose();
  }
}

export function releaseSoundModel(model: SoundModel): void {
  model.net.dispose();
}

export async function encodeSoundModel(model: SoundModel): Promise<EncodedSoundModel> {
  const { data, specs } = await tf.io.encodeWeights(model.net.weights);
  return { mode: model.mode, width: model.mode === 'supervised' ? model.net.width : undefined, specs, data };
}

export function decodeSoundModel(encoded: EncodedSoundModel): SoundModel {
  const weights = tf.io.decodeWeights(encoded.data, encoded.specs);
  if (encoded.mode === 'supervised')
    return { mode: 'supervised', net: new SpectrogramCnn(weights, encoded.width ?? DEFAULT_CNN.width) };
  if (!weights.w0 || !weights.mu) throw new Error('the saved sound model lacks its weights');
  return { mode: 'unsupervised', net: new Autoencoder(weights) };
}
