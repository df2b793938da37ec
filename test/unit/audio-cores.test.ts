import { describe, expect, it } from 'vitest';
import { type WavOptions, wav } from '../../src/core/audio/wav-writer.js';
import { AudioFileError, decodeWav, pickChannel } from '../../src/core/audio/wav-file.js';
import { LogMelExtractor, melFilterbank } from '../../src/core/audio/log-mel.js';
import { areaUnderRoc, detectionMetrics, rocCurve } from '../../src/core/audio/detection-metrics.js';

const sine = (hz: number, rate: number, seconds: number, amp = 0.5) =>
  Float32Array.from(
    { length: Math.round(rate * seconds) },
    (_, i) => amp * Math.sin((2 * Math.PI * hz * i) / rate),
  );

describe('WAV decoding', () => {
  const tone = sine(440, 8000, 0.05);
  it.each([
    { bits: 8, tol: 1 / 64 },
    { bits: 16, tol: 1e-4 },
    { bits: 24, tol: 1e-6 },
    { bits: 32, tol: 1e-8 },
    { bits: 32, float: true, tol: 1e-7 },
    { bits: 64, float: true, tol: 1e-7 },
    { bits: 16, extensible: true, tol: 1e-4 },
  ] as const)('reads $bits-bit %o', ({ tol, ...options }) => {
    const audio = decodeWav(wav([tone], 8000, options as WavOptions), 'tone.wav');
    expect(audio.sampleRate).toBe(8000);
    expect(audio.channels).toHaveLength(1);
    const worst = Math.max(...Array.from(tone, (s, i) => Math.abs(s - audio.channels[0]![i]!)));
    expect(worst).toBeLessThan(tol);
  });

  it('reads 8 channels and picks one or mixes them down', () => {
    const channels = Array.from({ length: 8 }, (_, c) => Float32Array.from({ length: 100 }, () => c / 10));
    const audio = decodeWav(wav(channels, 16000, { bits: 16, extensible: true }), 'mimii.wav');
    expect(audio.channels).toHaveLength(8);
    expect(pickChannel(audio, 3)[50]).toBeCloseTo(0.3, 3);
    expect(pickChannel(audio, 'mix')[50]).toBeCloseTo(0.35, 3);
    expect(() => pickChannel(audio, 8)).toThrow(/channel 9 asked for, the audio has 8/);
  });

  it('names the file and the problem for bad input', () => {
    const good = wav([tone], 8000, { bits: 16 });
    expect(() => decodeWav(new ArrayBuffer(0), 'empty.wav')).toThrow('empty.wav: empty file (0 bytes)');
    expect(() =>
      decodeWav(new TextEncoder().encode('hello, not audio').buffer as ArrayBuffer, 'notes.txt'),
    ).toThrow(/notes\.txt: not a WAV file/);
    expect(() => decodeWav(good.slice(0, good.byteLength - 100), 'cut.wav')).toThrow(
      /cut\.wav: truncated: the data chunk says 800 bytes, the file holds 700/,
    );
    expect(() => decodeWav(good.slice(0, 30), 'header.wav')).toThrow(AudioFileError);
    const mulaw = wav([tone], 8000, { bits: 16 });
    new DataView(mulaw).setUint16(20, 7, true);
    expect(() => decodeWav(mulaw, 'phone.wav')).toThrow(/phone\.wav: unsupported WAV encoding \(format 7\)/);
  });
});

describe('log-mel at any sample rate', () => {
  /** The middle frame's mel bands in dB. */
  const middle = (signal: Float32Array, rate: number) => {
    const spec = new LogMelExtractor(undefined, rate).spectrogram(signal);
    const t = Math.floor(spec.frameCount / 2);
    return Array.from(spec.data.subarray(t * 64, (t + 1) * 64));
  };
  const add = (a: Float32Array, b: Float32Array) => a.map((v, i) => v + b[i]!);

  it('gives a tone the same bands and level at 8 to 96 kHz as at 16 kHz', () => {
    const reference = middle(add(sine(1000, 16000, 1), sine(3100, 16000, 1, 0.1)), 16000);
    for (const rate of [8000, 22050, 44100, 48000, 96000]) {
      const bands = middle(add(sine(1000, rate, 1), sine(3100, rate, 1, 0.1)), rate);
      const loud = reference.map((v, m) => [v, bands[m]!]).filter(([v]) => v! > Math.max(...reference) - 40);
      for (const [expected, got] of loud) expect(Math.abs(got! - expected!), `${rate} Hz`).toBeLessThan(0.3);
    }
  });

  it('leaves out what lies above the feature rate’s Nyquist instead of folding it down', () => {
    const alone = middle(sine(1000, 48000, 1), 48000);
    const withHigh = middle(add(sine(1000, 48000, 1), sine(12000, 48000, 1)), 48000); // 12 kHz > 8 kHz
    withHigh.forEach((v, m) => expect(Math.abs(v - alone[m]!)).toBeLessThan(0.5));
  });
});

describe('log-mel features', () => {
  it('puts a 1 kHz tone in the mel band around 1 kHz, with 5 frames stacked into 320 values', () => {
    const ex = new LogMelExtractor();
    const spec = ex.spectrogram(sine(1000, 16000, 1));
    expect(spec.frameCount).toBe(1 + Math.floor(16000 / 512));
    const frame = Array.from(spec.data.subarray(10 * 64, 11 * 64));
    const peak = frame.indexOf(Math.max(...frame));
    const bank = melFilterbank(16000, 1024, 64)[peak]!;
    const [lo, hi] = [(bank.start * 16000) / 1024, ((bank.start + bank.weights.length - 1) * 16000) / 1024];
    expect(lo).toBeLessThan(1000);
    expect(hi).toBeGreaterThan(1000);
    const v = ex.vectors(spec);
    expect(v.size).toBe(320);
    expect(v.count).toBe(spec.frameCount - 4);
    expect(Array.from(v.data.subarray(320 + 64, 320 + 128))).toEqual(
      Array.from(spec.data.subarray(2 * 64, 3 * 64)),
    );
  });

  it('gives every mel filter some bins, and unit area in Hz (Slaney normalisation) where it spans enough bins to tell', () => {
    const bank = melFilterbank(16000, 1024, 64);
    for (const f of bank) expect(f.weights.length).toBeGreaterThan(0);
    for (const f of bank.filter((b) => b.weights.length >= 8))
      expect(f.weights.reduce((a, w) => a + w, 0) * (16000 / 1024)).toBeCloseTo(1, 1);
  });
});

describe('detection metrics', () => {
  it('computes AUC, DCASE pAUC and the confusion at a threshold', () => {
    expect(areaUnderRoc(rocCurve([1, 2, 3], [4, 5]))).toBe(1);
    expect(areaUnderRoc(rocCurve([4, 5], [1, 2, 3]))).toBe(0);
    expect(areaUnderRoc(rocCurve([1, 1], [1, 1]))).toBe(0.5); // ties count half
    const m = detectionMetrics([0.1, 0.2, 0.3, 0.9], [0.5, 0.8, 0.25], 0.4);
    expect(m.auc).toBeCloseTo(8 / 12, 4); // pairs where the abnormal clip scores higher
    expect(m.confusion).toEqual({ tp: 2, fp: 1, tn: 3, fn: 1 });
    expect(m.precision).toBeCloseTo(2 / 3, 4);
    expect(m.recall).toBeCloseTo(2 / 3, 4);
    expect(m.accuracy).toBeCloseTo(5 / 7, 4);
    // One normal (of 4) outranks every abnormal: FPR 0.25 before any hit, so pAUC over 0…0.1 is 0.
    expect(m.pauc).toBe(0);
    expect(detectionMetrics([0.1, 0.2], [0.5], 0.4).pauc).toBe(1);
  });
});

describe('autoencoder', () => {
  it('learns normal vectors: off-pattern vectors reconstruct worse, and a rerun gives the same loss', async () => {
    const tf = await import('@tensorflow/tfjs-core');
    await import('@tensorflow/tfjs-backend-cpu');
    await tf.setBackend('cpu');
    const { trainAutoencoder } = await import('../../src/core/audio/autoencoder.js');
    const { mulberry32 } = await import('../../src/shared/seeded-random.js');
    const rand = mulberry32(3);
    // Normal: 16 values driven by 2 hidden causes. Abnormal: the same plus a bump in values 3–5.
    const basis = Array.from({ length: 2 }, () => Array.from({ length: 16 }, () => rand() - 0.5));
    const vector = (bump: number) => {
      const [a, b] = [rand() * 4 - 2, rand() * 4 - 2];
      return Array.from(
        { length: 16 },
        (_, j) =>
          a * basis[0]![j]! + b * basis[1]![j]! + (j >= 3 && j <= 5 ? bump : 0) + (rand() - 0.5) * 0.05,
      );
    };
    const normal = tf.tensor2d(Array.from({ length: 400 }, () => vector(0)));
    const losses: number[][] = [[], []];
    const models = [];
    for (const run of [0, 1])
      models.push(
        await trainAutoencoder(
          normal,
          { layers: [32, 4, 32], epochs: 40, batchSize: 32, learningRate: 0.01 },
          (p) => losses[run]!.push(p.loss),
        ),
      );
    expect(losses[0]).toEqual(losses[1]);
    expect(losses[0]!.at(-1)!).toBeLessThan(losses[0]![0]! / 2);
    const mean = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / a.length;
    const normalError = mean(
      await models[0]!.vectorErrors(tf.tensor2d(Array.from({ length: 50 }, () => vector(0)))),
    );
    const abnormalError = mean(
      await models[0]!.vectorErrors(tf.tensor2d(Array.from({ length: 50 }, () => vector(1.5)))),
    );
    expect(abnormalError).toBeGreaterThan(normalError * 3);
    const cancelled = new AbortController();
    cancelled.abort();
    await expect(trainAutoencoder(normal, { epochs: 5 }, undefined, cancelled.signal)).rejects.toThrow(
      /cancelled/,
    );
  }, 60_000);
});
