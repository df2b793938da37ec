/**
 * Log-mel spectrogram frames and stacked feature vectors, the DCASE 2020
 * Task 2 baseline's features: Hann-windowed STFT (centred, reflect-padded as
 * librosa does), power spectrum, Slaney mel filterbank with Slaney area
 * normalisation (librosa's defaults), 10·log10(mel + ε), then `frames`
 * consecutive frames concatenated frame by frame into one vector. The FFT is
 * fft.js (radix-4, real input); buffers are reused across frames, and the
 * filterbank is stored sparse (each filter covers a few bins). Pure.
 *
 * Any sample rate is analysed as it is, never resampled: the window and hop
 * keep their length in seconds, the filters their place in hertz (up to the
 * feature rate's Nyquist), and the energies are scaled to what the feature
 * rate would give. So a clip and an exact resampling of it give the same
 * features (a resampler's roll-off near Nyquist moved the top bands by up to
 * 2 dB, enough to flag a normal clip). Energy more than TOP_DB below a frame's
 * loudest band counts as silence: bands a clip has no sound in read the same
 * whether its rate covers them or not.
 */
import FFT from 'fft.js';
import { FineSpectrum } from './fine-spectrum.js';

export interface LogMelSettings {
  sampleRate: number;
  nFft: number;
  hop: number;
  nMels: number;
  /** Consecutive frames stacked into one vector. */
  frames: number;
}

export const DEFAULT_LOG_MEL: LogMelSettings = {
  sampleRate: 16000,
  nFft: 1024,
  hop: 512,
  nMels: 64,
  frames: 5,
};

export interface LogMelSpectrogram {
  /** [frameCount × nMels], frame-major, in dB. */
  data: Float32Array;
  frameCount: number;
  nMels: number;
}

/**
 * Takes each frame's fine bands in dB (fine-spectrum.ts: the bins 1…nFft/2 of the window's own DFT, 15.6 Hz
 * apart at the defaults, up to the feature rate's Nyquist; the array is reused, so read it at once).
 */
export interface FineBandSink {
  add(bandsDb: Float64Array): void;
}

const EPSILON = 2.220446049250313e-16; // float64 machine epsilon, as the baseline adds
/** Dynamic range kept below each frame's loudest band, as librosa's power_to_db(top_db=80). */
export const TOP_DB = 80;

const hzToMel = (hz: number) =>
  hz < 1000 ? (3 * hz) / 200 : 15 + (27 * Math.log(hz / 1000)) / Math.log(6.4);
const melToHz = (mel: number) =>
  mel < 15 ? (200 * mel) / 3 : 1000 * Math.exp(((mel - 15) * Math.log(6.4)) / 27);

interface SparseFilter {
  start: number;
  weights: Float32Array;
}

/**
 * Triangular filters between 0 Hz and `fMax` (default Nyquist), equally spaced in Slaney mels, each of unit
 * area; filters above the signal's Nyquist are empty.
 */
export function melFilterbank(
  sampleRate: number,
  nFft: number,
  nMels: number,
  fMax = sampleRate / 2,
): SparseFilter[] {
  const edges = Array.from({ length: nMels + 2 }, (_, i) => melToHz((i * hzToMel(fMax)) / (nMels + 1)));
  const binHz = sampleRate / nFft;
  const bins = nFft / 2 + 1;
  return Array.from({ length: nMels }, (_, m) => {
    const [lo, mid, hi] = [edges[m]!, edges[m + 1]!, edges[m + 2]!];
    const norm = 2 / (hi - lo);
    const all = Array.from(
      { length: bins },
      (_, k) => Math.max(0, Math.min((k * binHz - lo) / (mid - lo), (hi - k * binHz) / (hi - mid))) * norm,
    );
    const start = all.findIndex((w) => w > 0);
    const end = all.length - [...all].reverse().findIndex((w) => w > 0);
    return start < 0
      ? { start: 0, weights: new Float32Array(0) }
      : { start, weights: Float32Array.from(all.slice(start, end)) };
  });
}

const nextPowerOfTwo = (n: number) => 2 ** Math.ceil(Math.log2(n));

export class LogMelExtractor {
  private readonly fft: FFT;
  /** Window length in samples of the input rate: settings.nFft at the feature rate. */
  private readonly length: number;
  /** FFT size: the window, zero-padded to a power of two. */
  private readonly size: number;
  /** Hop in (fractional) samples of the input rate. */
  private readonly hop: number;
  /** Scales energies at the input rate to what the feature rate gives. */
  private readonly gain: number;
  private readonly window: Float32Array;
  private readonly filters: SparseFilter[];
  private readonly frame: Float64Array;
  private readonly spectrum: number[];
  private readonly power: Float64Array;
  private readonly bands: Float64Array;
  /** The window's own DFT where it is not the mel FFT's (a window that is not a power of two long). */
  private readonly fine: FineSpectrum | null;
  /** Scales the fine bins' energies to what the feature rate gives (their DFT is `length` points). */
  private readonly fineGain: number;
  private readonly fineDb: Float64Array;

  /** `inputRate`: the rate of the signals it will be given (default: the feature rate). */
  constructor(
    readonly settings: LogMelSettings = DEFAULT_LOG_MEL,
    readonly inputRate = settings.sampleRate,
  ) {
    const { nFft, sampleRate, nMels } = settings;
    if (nFft < 4 || (nFft & (nFft - 1)) !== 0) throw new Error(`n_fft must be a power of two (got ${nFft})`);
    const scale = inputRate / sampleRate;
    this.length = Math.round(nFft * scale);
    this.size = nextPowerOfTwo(this.length);
    this.hop = settings.hop * scale;
    // A DFT bin holds fs·N times the signal's power density: scaled to the feature rate's fs·N.
    this.gain = (sampleRate * nFft) / (inputRate * this.size);
    this.fft = new FFT(this.size);
    // Periodic Hann, as scipy/librosa's "hann" window for spectral analysis.
    this.window = Float32Array.from(
      { length: this.length },
      (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / this.length),
    );
    this.filters = melFilterbank(inputRate, this.size, nMels, sampleRate / 2);
    this.frame = new Float64Array(this.size);
    this.spectrum = this.fft.createComplexArray() as number[];
    this.power = new Float64Array(this.size / 2 + 1);
    this.bands = new Float64Array(nMels);
    this.fine = this.size === this.length ? null : new FineSpectrum(this.length, nFft / 2 + 1);
    this.fineGain = (sampleRate * nFft) / (inputRate * this.length);
    this.fineDb = new Float64Array(nFft / 2);
  }

  /** Frames of a mono signal at the input rate; `fine`, when given, also gets every frame's fine bands. */
  spectrogram(signal: Float32Array, fine?: FineBandSink): LogMelSpectrogram {
    const { nMels } = this.settings;
    const pad = Math.floor(this.length / 2);
    // The small tolerance keeps a hop like 705.6 samples from losing the last frame to rounding.
    const frameCount = signal.length > 0 ? 1 + Math.floor(signal.length / this.hop + 1e-9) : 0;
    const data = new Float32Array(frameCount * nMels);
    for (let t = 0; t < frameCount; t++) {
      const origin = Math.round(t * this.hop) - pad;
      for (let i = 0; i < this.length; i++) this.frame[i] = reflectAt(signal, origin + i) * this.window[i]!;
      this.fft.realTransform(this.spectrum, this.frame);
      for (let k = 0; k <= this.size / 2; k++)
        this.power[k] = this.spectrum[2 * k]! ** 2 + this.spectrum[2 * k + 1]! ** 2;
      this.melFrame(data.subarray(t * nMels, (t + 1) * nMels));
      if (fine) fine.add(this.fineFrame());
    }
    return { data, frameCount, nMels };
  }

  /** The frame's mel bands in dB into `out`, floored TOP_DB below the loudest. */
  private melFrame(out: Float32Array): void {
    let loudest = -Infinity;
    for (let m = 0; m < out.length; m++) {
      const { start, weights } = this.filters[m]!;
      let sum = 0;
      for (let j = 0; j < weights.length; j++) sum += weights[j]! * this.power[start + j]!;
      this.bands[m] = 10 * Math.log10(sum * this.gain + EPSILON);
      loudest = Math.max(loudest, this.bands[m]!);
    }
    for (let m = 0; m < out.length; m++) out[m] = Math.max(this.bands[m]!, loudest - TOP_DB);
  }

  /** The current frame's fine bands (bins 1…nFft/2 of its own DFT) in dB at the feature rate. */
  private fineFrame(): Float64Array {
    // Unpadded, the mel FFT's power spectrum is that DFT already (bins above its Nyquist are silent).
    const power = this.fine ? this.fine.powers(this.frame) : this.power;
    for (let k = 0; k < this.fineDb.length; k++)
      this.fineDb[k] = 10 * Math.log10((power[k + 1] ?? 0) * this.fineGain + EPSILON);
    return this.fineDb;
  }

  /** Stacked vectors [count × nMels·frames]: vector t holds frames t…t+frames-1, frame by frame. */
  vectors(spec: LogMelSpectrogram): { data: Float32Array; count: number; size: number } {
    const { frames } = this.settings;
    const size = spec.nMels * frames;
    const count = Math.max(0, spec.frameCount - frames + 1);
    const data = new Float32Array(count * size);
    // Frames are contiguous, so vector t is the slice starting at frame t.
    for (let t = 0; t < count; t++)
      data.set(spec.data.subarray(t * spec.nMels, t * spec.nMels + size), t * size);
    return { data, count, size };
  }
}

/**
 * signal[i] with reflection at both ends (librosa's centred STFT), zero for signals shorter than the reach.
 */
function reflectAt(signal: Float32Array, i: number): number {
  const n = signal.length;
  if (n === 1) return signal[0]!;
  let j = i;
  const period = 2 * (n - 1);
  j = ((j % period) + period) % period;
  return signal[j < n ? j : period - j]!;
}
