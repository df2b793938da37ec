/**
 * The power of a windowed frame at the DFT bins of its own length: one window
 * of 64 ms gives bins 15.6 Hz apart at every sample rate, so a fine band is
 * the same stretch of hertz, with the same statistics, whatever the rate.
 * (Zero-padding to a power of two, as the mel bands do, samples the spectrum
 * between those bins at most rates: bands then averaged several correlated
 * bins, and a 22.05 kHz copy of a clip scored 20 % off its 16 kHz original.)
 * A power-of-two length needs none of this (the mel bands' own FFT is that
 * DFT); any other length takes Bluestein's chirp-z here: the DFT as a
 * convolution, three FFTs of the next power of two ≥ 2·length − 1. fft.js,
 * the FFT the project already uses, is radix-4 only; the npm FFTs of any
 * length (KissFFT's ports) take a large prime factor (1411 = 17 · 83) by
 * direct sums and bring a WASM module, hence these few lines over fft.js.
 * Pure.
 */
import FFT from 'fft.js';

export class FineSpectrum {
  private readonly fft: FFT;
  private readonly size: number;
  /** Bluestein's chirp e^(−iπn²/L), interleaved re/im. */
  private readonly chirp: Float64Array;
  /** FFT of the conjugate chirp laid out for circular convolution. */
  private readonly filter: number[];
  private readonly input: number[];
  private readonly output: number[];
  private readonly product: number[];
  private readonly power: Float64Array;

  /** `length`: samples per frame; `bins`: powers wanted, bins 0…bins − 1. */
  constructor(
    readonly length: number,
    readonly bins: number,
  ) {
    this.size = 2 ** Math.ceil(Math.log2(2 * length - 1));
    this.fft = new FFT(this.size);
    this.input = this.fft.createComplexArray() as number[];
    this.output = this.fft.createComplexArray() as number[];
    this.product = this.fft.createComplexArray() as number[];
    this.power = new Float64Array(bins);
    this.chirp = chirpOf(length);
    this.filter = this.chirpFilter();
  }

  /** |X_k|² of the length-point DFT for k < bins (0 above the frame's Nyquist). Reuses its array. */
  powers(frame: ArrayLike<number>): Float64Array {
    const spectrum = this.bluestein(frame);
    const top = Math.min(this.bins, Math.floor(this.length / 2) + 1);
    for (let k = 0; k < this.bins; k++)
      this.power[k] = k < top ? spectrum[2 * k]! ** 2 + spectrum[2 * k + 1]! ** 2 : 0;
    return this.power;
  }

  /** X_k = c_k · Σ_n (x_n c_n) · conj(c_(k−n)), the sum a circular convolution of length `size`. */
  private bluestein(frame: ArrayLike<number>): number[] {
    const { chirp, input } = this;
    input.fill(0);
    for (let n = 0; n < this.length; n++) {
      input[2 * n] = frame[n]! * chirp[2 * n]!;
      input[2 * n + 1] = frame[n]! * chirp[2 * n + 1]!;
    }
    this.fft.transform(this.output, input);
    multiplyInto(this.product, this.output, this.filter);
    this.fft.inverseTransform(this.output, this.product);
    const out = this.output;
    for (let k = 0; k < this.bins && k < this.length; k++) {
      const [re, im] = [out[2 * k]!, out[2 * k + 1]!];
      out[2 * k] = re * chirp[2 * k]! - im * chirp[2 * k + 1]!;
      out[2 * k + 1] = re * chirp[2 * k + 1]! + im * chirp[2 * k]!;
    }
    return out;
  }

  private chirpFilter(): number[] {
    const b = this.fft.createComplexArray() as number[];
    b.fill(0);
    for (let m = 0; m < this.length; m++) {
      const [re, im] = [this.chirp[2 * m]!, -this.chirp[2 * m + 1]!];
      b[2 * m] = re;
      b[2 * m + 1] = im;
      if (m > 0) {
        b[2 * (this.size - m)] = re;
        b[2 * (this.size - m) + 1] = im;
      }
    }
    const spectrum = this.fft.createComplexArray() as number[];
    this.fft.transform(spectrum, b);
    return spectrum;
  }
}

/** e^(−iπn²/L) for n < L, with n² taken modulo 2L so large n keep their precision. */
function chirpOf(length: number): Float64Array {
  const out = new Float64Array(2 * length);
  for (let n = 0; n < length; n++) {
    const angle = (-Math.PI * ((n * n) % (2 * length))) / length;
    out[2 * n] = Math.cos(angle);
    out[2 * n + 1] = Math.sin(angle);
  }
  return out;
}

function multiplyInto(out: number[], a: readonly number[], b: readonly number[]): void {
  for (let i = 0; i < out.length; i += 2) {
    const [ar, ai, br, bi] = [a[i]!, a[i + 1]!, b[i]!, b[i + 1]!];
    out[i] = ar * br - ai * bi;
    out[i + 1] = ar * bi + ai * br;
  }
}
