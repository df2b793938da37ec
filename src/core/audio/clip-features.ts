/**
 * From a decoded clip to the vectors the models see: one channel (or the
 * mix) at the clip's own rate, log-mel vectors, then optionally pooled. Pooling
 * averages `pool` consecutive vectors (hop pool/4): a fan's fault is a steady
 * shift of a few dB in a few bands, smaller than the frame-to-frame
 * fluctuation, so it shows in the average over ~1 s and drowns in single
 * frames (pool 64 ≈ 2 s). pool 1 is the DCASE baseline's per-frame vectors. No model sees the
 * overall level, so gain does not read as a fault: the autoencoder and the CNN see the spectrogram less
 * its own mean level, the classic models project the level out of the embedding. Pure.
 */
import { type DecodedAudio, pickChannel } from './wav-file.js';
import { BandStatistics, clipEmbedding, withoutLevel } from './clip-embedding.js';
import { DEFAULT_LOG_MEL, LogMelExtractor, type LogMelSettings, type LogMelSpectrogram } from './log-mel.js';

export interface FeatureSettings extends LogMelSettings {
  /** Consecutive vectors averaged into one (1 = none). */
  pool: number;
  /** 0-based channel, or 'mix' for the mean of all. */
  channel: number | 'mix';
}

export const DEFAULT_FEATURES: FeatureSettings = { ...DEFAULT_LOG_MEL, pool: 64, channel: 'mix' };

export interface VectorSet {
  /** [count × size], row-major. */
  data: Float32Array;
  count: number;
  size: number;
}

/** The clip as one signal (a channel, or the mix) at its own rate: the features analyse any rate as it is. */
export function featureSignal(audio: DecodedAudio, settings: FeatureSettings): Float32Array {
  return pickChannel(audio, settings.channel);
}

/**
 * Means of `pool` consecutive vectors, every max(1, pool/4) vectors; a short clip gives one mean of all it
 * has.
 */
export function poolVectors(v: VectorSet, pool: number): VectorSet {
  if (pool <= 1 || v.count === 0) return v;
  const width = Math.min(pool, v.count);
  const hop = Math.max(1, Math.floor(pool / 4));
  const count = 1 + Math.floor((v.count - width) / hop);
  const data = new Float32Array(count * v.size);
  for (let o = 0; o < count; o++) {
    const out = data.subarray(o * v.size, (o + 1) * v.size);
    for (let t = o * hop; t < o * hop + width; t++) {
      const row = v.data.subarray(t * v.size, (t + 1) * v.size);
      for (let i = 0; i < v.size; i++) out[i]! += row[i]!;
    }
    for (let i = 0; i < v.size; i++) out[i]! /= width;
  }
  return { data, count, size: v.size };
}

export interface ClipFeatures {
  /** The log-mel spectrogram as analysed (with its level: what the page draws). */
  spectrogram: LogMelSpectrogram;
  /** Level-free (see withoutLevel), pooled vectors: what the autoencoder sees. */
  vectors: VectorSet;
  /**
   * Each fine band's mean and spread (with the level: the classic models project it out themselves): what
   * the classic models see.
   */
  embedding: Float32Array;
  /** The same of the 64 mel bands: what classic models saved before the fine bands see. */
  melEmbedding: Float32Array;
  /** The level-free spectrogram: what the CNN sees. */
  levelFree: LogMelSpectrogram;
}

/** Spectrogram and (pooled) vectors of a signal at the extractor's input rate (by default the feature rate). */
export function signalFeatures(
  signal: Float32Array,
  settings: FeatureSettings,
  extractor = new LogMelExtractor(settings),
): ClipFeatures {
  const fine = new BandStatistics();
  const spectrogram = extractor.spectrogram(signal, fine);
  const levelFree = withoutLevel(spectrogram);
  return {
    spectrogram,
    levelFree,
    vectors: poolVectors(extractor.vectors(levelFree), settings.pool),
    embedding: fine.embedding(settings.nFft / 2),
    melEmbedding: clipEmbedding(spectrogram),
  };
}
