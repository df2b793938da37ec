/**
 * A clip scores the same at any sample rate: the same sound, sampled exactly
 * at 8, 16, 22.05, 44.1, 48 and 96 kHz, scores within 5% of its 16 kHz score
 * under a model trained at 16 kHz. The "machine" is a continuous-time signal
 * (harmonics and a dense band of partials under 3.5 kHz, so 8 kHz holds all
 * of it), sampled at each rate: an exact resampling, with no resampler's error.
 */
import { describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-backend-cpu';
import { DEFAULT_SOUND_SETTINGS, type DecodedAudio } from '../../src/contracts/sound.js';
import { SoundAnalyzer } from '../../src/services/sound/sound-analyzer.js';
import { machinePartials, sampleMachine } from '../machine-sound.js';

const SECONDS = 6;

const sampled = (seed: number, rate: number): DecodedAudio => ({
  sampleRate: rate,
  channels: [sampleMachine(machinePartials(seed), rate, SECONDS)],
});

describe('sample-rate invariance', () => {
  it('scores one sound within 5% of its 16 kHz score at 8, 22.05, 44.1, 48 and 96 kHz', async () => {
    const analyzer = new SoundAnalyzer();
    const settings = { ...DEFAULT_SOUND_SETTINGS, folds: 2, autoencoder: { epochs: 60 } };
    const normal: string[] = [];
    for (let seed = 1; seed <= 6; seed++)
      normal.push((await analyzer.addClip(sampled(seed, 16000), `normal-${seed}.wav`)).id);
    await analyzer.train(normal, [], settings);

    const score = async (rate: number) =>
      (await analyzer.score([(await analyzer.addClip(sampled(99, rate), `${rate}.wav`)).id]))[0]!;
    const reference = await score(16000);
    expect(Number.isFinite(reference)).toBe(true);
    for (const rate of [8000, 22050, 44100, 48000, 96000]) {
      const ratio = (await score(rate)) / reference;
      expect(Math.abs(ratio - 1), `${rate} Hz scores ${ratio.toFixed(3)} of the 16 kHz score`).toBeLessThan(
        0.05,
      );
    }
  }, 120_000);
});
