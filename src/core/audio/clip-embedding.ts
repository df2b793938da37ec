/**
 * One vector per clip (or live window) for the classic models: each band's
 * mean and spread over the frames, means first. Pooled statistics are what few
 * clips can support (a handful of clips gives a handful of vectors, not
 * thousands of frames), and a fault shows as a steady shift in some bands'
 * level or in how much they fluctuate. The bands are the fine linear ones
 * (BandStatistics); models saved before them used the 64 mel bands
 * (clipEmbedding). Pure.
 */
import type { FineBandSink, LogMelSpectrogram } from './log-mel.js';

/**
 * Values more than this far below their frame's loudest band count as silence (the extractor keeps 80 dB,
 * as librosa does). Spectral leakage sits 50–80 dB down and flickers there: its spread differs between a
 * clip sampled at 16 kHz and the same sound at 8 kHz, whose empty top bands sit flat at the floor.
 */
export const EMBEDDING_RANGE_DB = 50;

/** The mel spectrogram's embedding, as classic models saved before the fine bands were fitted on. */
export function clipEmbedding(spec: LogMelSpectrogram): Float32Array {
  const statistics = new BandStatistics();
  for (let t = 0; t < spec.frameCount; t++)
    statistics.add(spec.data.subarray(t * spec.nMels, (t + 1) * spec.nMels));
  return statistics.embedding(spec.nMels);
}

/**
 * Gathers each band's mean and spread frame by frame: the fine bands as the extractor hands them over, so
 * the fine spectrogram (512 bands) is never stored, or a mel spectrogram's frames. Values below their
 * frame's loudest band − EMBEDDING_RANGE_DB count as that floor.
 */
export class BandStatistics implements FineBandSink {
  private frames = 0;
  private sum: Float64Array | null = null;
  private squares: Float64Array | null = null;

  add(bandsDb: ArrayLike<number>): void {
    const sum = (this.sum ??= new Float64Array(bandsDb.length));
    const squares = (this.squares ??= new Float64Array(bandsDb.length));
    let loudest = -Infinity;
    for (let b = 0; b < bandsDb.length; b++) loudest = Math.max(loudest, bandsDb[b]!);
    const floor = loudest - EMBEDDING_RANGE_DB;
    for (let b = 0; b < bandsDb.length; b++) {
      const v = Math.max(floor, bandsDb[b]!);
      sum[b]! += v;
      squares[b]! += v * v;
    }
    this.frames++;
  }

  /** [means…, spreads…] over the frames seen; zeros (of `bands` values each) before any. */
  embedding(bands: number): Float32Array {
    const out = new Float32Array(2 * bands);
    if (!this.sum || !this.squares || this.frames === 0) return out;
    for (let b = 0; b < bands; b++) {
      const mean = this.sum[b]! / this.frames;
      out[b] = mean;
      out[bands + b] = Math.sqrt(Math.max(0, this.squares[b]! / this.frames - mean * mean));
    }
    return out;
  }
}

/**
 * The spectrogram less its own mean level (dB): a recording made quieter or louder, or through another
 * gain, gives the same values. Everything the models see is level-free; only the loudness the page shows
 * keeps the level.
 */
export function withoutLevel(spec: LogMelSpectrogram): LogMelSpectrogram {
  const { data } = spec;
  let sum = 0;
  for (let i = 0; i < data.length; i++) sum += data[i]!;
  const level = data.length ? sum / data.length : 0;
  return { ...spec, data: Float32Array.from(data, (v) => v - level) };
}
