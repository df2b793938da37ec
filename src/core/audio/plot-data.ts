/**
 * Small, transferable summaries of a clip for drawing: waveform min/max per
 * column, and the spectrogram as bytes over an 80 dB range. Pure.
 */
import type { LogMelSpectrogram } from './log-mel.js';

/** [min, max] of each of `columns` equal slices of the signal, interleaved. */
export function waveformPeaks(signal: Float32Array, columns = 512): Float32Array {
  const n = Math.max(1, Math.min(columns, signal.length));
  const peaks = new Float32Array(2 * n);
  for (let c = 0; c < n; c++) {
    const [start, end] = [Math.floor((c * signal.length) / n), Math.floor(((c + 1) * signal.length) / n)];
    let [lo, hi] = [0, 0];
    for (let i = start; i < end; i++) {
      lo = Math.min(lo, signal[i]!);
      hi = Math.max(hi, signal[i]!);
    }
    peaks[2 * c] = lo;
    peaks[2 * c + 1] = hi;
  }
  return peaks;
}

export interface SpectrogramImage {
  /** [frames × nMels] bytes, 0 = 80 dB below the loudest value, 255 = the loudest. */
  data: Uint8Array;
  frames: number;
  nMels: number;
  maxDb: number;
}

/** The last `maxFrames` frames as bytes. */
export function spectrogramImage(spec: LogMelSpectrogram, maxFrames = 1024, rangeDb = 80): SpectrogramImage {
  const frames = Math.min(spec.frameCount, maxFrames);
  const values = spec.data.subarray((spec.frameCount - frames) * spec.nMels);
  let maxDb = -Infinity;
  for (const v of values) maxDb = Math.max(maxDb, v);
  const data = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++)
    data[i] = Math.round(255 * Math.max(0, Math.min(1, 1 - (maxDb - values[i]!) / rangeDb)));
  return { data, frames, nMels: spec.nMels, maxDb: Number.isFinite(maxDb) ? maxDb : 0 };
}
