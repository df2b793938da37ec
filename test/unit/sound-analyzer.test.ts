/**
 * The sound worker's state (services/sound/sound-analyzer.ts) in Node: nothing
 * that is not a number is ever kept, trained on or put in use, and a clip it
 * already has is not analysed again; a quieter or louder recording scores
 * like the original.
 */
import { describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-backend-cpu';
import { DEFAULT_SOUND_SETTINGS, type DecodedAudio, type SoundSettings } from '../../src/contracts/sound.js';
import { SoundAnalyzer } from '../../src/services/sound/sound-analyzer.js';
import { mulberry32 } from '../../src/shared/seeded-random.js';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { UNSUPERVISED_METHODS } from '../../src/core/audio/sound-model.js';
import { decodeWav } from '../../src/core/audio/wav-file.js';

const RATE = 16000;
const SETTINGS: SoundSettings = { ...DEFAULT_SOUND_SETTINGS, folds: 2, autoencoder: { epochs: 20 } };

/** A machine: a tone in noise, `amplitude` times as loud. */
function machine(seed: number, amplitude = 1, seconds = 3): DecodedAudio {
  const rand = mulberry32(seed);
  const samples = Float32Array.from(
    { length: seconds * RATE },
    (_, i) => amplitude * (0.4 * Math.sin((2 * Math.PI * 440 * i) / RATE) + 0.05 * (rand() - 0.5)),
  );
  return { sampleRate: RATE, channels: [samples] };
}

async function trainedAnalyzer() {
  const analyzer = new SoundAnalyzer();
  const ids: string[] = [];
  for (let i = 1; i <= 4; i++)
    ids.push((await analyzer.addClip(machine(i), `normal-${i}.wav`, SETTINGS.features)).id);
  const trained = await analyzer.train(ids, [], SETTINGS);
  return { analyzer, ids, trained };
}

describe('SoundAnalyzer', () => {
  it('refuses a clip with NaN or infinite samples, naming it', async () => {
    const analyzer = new SoundAnalyzer();
    const broken = machine(9);
    broken.channels[0]![1234] = NaN;
    await expect(analyzer.addClip(broken, 'nan.wav')).rejects.toThrow(
      /^nan\.wav: some samples are not numbers/,
    );
    broken.channels[0]![1234] = Infinity;
    await expect(analyzer.addClip(broken, 'inf.wav')).rejects.toThrow(
      /^inf\.wav: some samples are not numbers/,
    );
  });

  it('refuses a training whose loss is not a number, and keeps the model it had', async () => {
    const { analyzer, trained } = await trainedAnalyzer();
    expect(Number.isFinite(trained.threshold)).toBe(true);
    // A learning rate so large the weights, and so the scores, overflow.
    const diverging = {
      ...SETTINGS,
      method: 'autoencoder' as const,
      autoencoder: { epochs: 20, learningRate: 1e10 },
    };
    const ids: string[] = [];
    for (let i = 1; i <= 4; i++) ids.push((await analyzer.addClip(machine(20 + i), `more-${i}.wav`)).id);
    await expect(analyzer.train(ids, [], diverging)).rejects.toThrow(
      /^Training failed: the model's \w+ is not a number\. The previous model is kept\.$/,
    );
    expect(analyzer.current()).toBe(trained);
    const [score] = await analyzer.score([(await analyzer.addClip(machine(30), 'new.wav')).id]);
    expect(Number.isFinite(score)).toBe(true);
  });

  it('refuses to put in use a saved model whose threshold is not a number', async () => {
    const { analyzer, trained } = await trainedAnalyzer();
    const saved = await analyzer.exportModel();
    const poisoned = { ...saved, trained: { ...saved.trained, threshold: null as unknown as number } };
    await expect(new SoundAnalyzer().importModel(poisoned)).rejects.toThrow(
      /^This model cannot be used: the model's threshold is not a number/,
    );
    expect(analyzer.current()).toBe(trained);
  });

  it('does not decode or analyse again a clip it already has', async () => {
    const analyzer = new SoundAnalyzer();
    const long = machine(40, 1, 60);
    const first = await analyzer.addClip(long, 'long.wav');
    const again = await analyzer.addClip(long, 'long again.wav');
    expect(again).toMatchObject({ id: first.id, name: 'long again.wav', seconds: 60 });
    // The waveform and spectrogram it answered the first time, not new ones.
    expect(again.waveform).toBe(first.waveform);
    expect(again.spectrogram).toBe(first.spectrogram);
  });
});

describe('level robustness', () => {
  it('scores a recording 10 dB quieter (or louder) like the original, with every method', async () => {
    for (const method of UNSUPERVISED_METHODS) {
      const analyzer = new SoundAnalyzer();
      const settings = { ...SETTINGS, method };
      const ids: string[] = [];
      for (let i = 1; i <= 4; i++) ids.push((await analyzer.addClip(machine(i), `n${i}.wav`)).id);
      await analyzer.train(ids, [], settings);
      const quiet = 10 ** (-10 / 20);
      const probe = [machine(50), machine(50, quiet), machine(50, 1 / quiet)];
      const added = [];
      for (const [i, clip] of probe.entries()) added.push((await analyzer.addClip(clip, `p${i}.wav`)).id);
      const [original, quieter, louder] = await analyzer.score(added);
      expect(Math.abs(quieter! - original!) / original!, method).toBeLessThan(0.02);
      expect(Math.abs(louder! - original!) / original!, method).toBeLessThan(0.02);
    }
  }, 60_000);

  const fan = '../shared/data/audio/mimii-fan-id00/normal';
  it.skipIf(!existsSync(fan))(
    'a real fan recording 10 dB quieter scores like the original (default method)',
    async () => {
      const files = readdirSync(fan)
        .filter((f) => f.endsWith('.wav'))
        .sort();
      const analyzer = new SoundAnalyzer();
      const read = (f: string) => decodeWav(readFileSync(join(fan, f)).buffer as ArrayBuffer, f);
      const ids: string[] = [];
      for (const f of files.slice(1)) ids.push((await analyzer.addClip(read(f), f)).id);
      await analyzer.train(ids, [], DEFAULT_SOUND_SETTINGS);
      const held = read(files[0]!);
      const quieter = { ...held, channels: held.channels.map((c) => c.map((v) => v * 10 ** (-10 / 20))) };
      const [a, b] = await analyzer.score([
        (await analyzer.addClip(held, 'held.wav')).id,
        (await analyzer.addClip(quieter, 'held -10 dB.wav')).id,
      ]);
      expect(Math.abs(b! - a!) / a!).toBeLessThan(0.05);
    },
  );
});
