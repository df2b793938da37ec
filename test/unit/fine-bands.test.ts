/**
 * The classic models' clip embedding is fine linear bands (15.6 Hz apart), not the 64 mel bands: a fault
 * that moves one harmonic by a few tens of hertz stays inside the reach of one or two mel bands, and shows
 * there much less (measured: 6.9 against 2.1 times the highest held-out normal score).
 */
import { describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-backend-cpu';
import { DEFAULT_FEATURES, signalFeatures } from '../../src/core/audio/clip-features.js';
import { classicScore, fitClassic, shrunkPrecision } from '../../src/core/audio/classic-models.js';
import {
  clipScore,
  decodeSoundModel,
  encodeSoundModel,
  fitSoundModel,
} from '../../src/core/audio/sound-model.js';
import { mulberry32 } from '../../src/shared/seeded-random.js';
import { type Partial, machinePartials, sampleMachine } from '../machine-sound.js';

const RATE = 16000;
const SECONDS = 4;

/** The machine with a little noise of its own in every recording; `moved` shifts its 20th harmonic. */
function recording(partials: Partial[], seed: number, moved = 0) {
  const shifted = partials.map((p, i) => (i === 19 ? { ...p, hz: p.hz + moved } : p));
  const samples = sampleMachine(shifted, RATE, SECONDS);
  const rand = mulberry32(seed);
  for (let i = 0; i < samples.length; i++) samples[i]! += 0.02 * (rand() - 0.5);
  return signalFeatures(samples, DEFAULT_FEATURES);
}

describe('fine bands', () => {
  const partials = machinePartials(3);
  const normal = Array.from({ length: 6 }, (_, i) => recording(partials, 10 + i));
  const heldOut = Array.from({ length: 4 }, (_, i) => recording(partials, 30 + i));
  const fault = recording(partials, 40, 35); // 2.4 kHz → 2.435 kHz: inside one mel band's reach

  it('embed each of 512 bands by mean and spread, and the default model flags a harmonic moved by 35 Hz', async () => {
    expect(normal[0]!.embedding.length).toBe(1024);
    const model = await fitSoundModel(
      normal,
      normal.map(() => false),
      {
        mode: 'unsupervised',
        method: 'subspace',
        classifier: 'logistic',
        autoencoder: {},
        cnn: {},
      },
    );
    const highestNormal = Math.max(...(await Promise.all(heldOut.map((c) => clipScore(model, c)))));
    const fine = (await clipScore(model, fault)) / highestNormal;
    const mel = fitClassic(
      'subspace',
      normal.map((c) => c.melEmbedding),
    );
    const melRatio =
      classicScore(mel, fault.melEmbedding) /
      Math.max(...heldOut.map((c) => classicScore(mel, c.melEmbedding)));
    expect(fine).toBeGreaterThan(2);
    expect(fine).toBeGreaterThan(2 * melRatio);
  });

  it('scores a model saved before the fine bands (no `bands` in the file) on the mel bands, as it was fitted', async () => {
    const net = fitClassic(
      'subspace',
      normal.map((c) => c.melEmbedding),
    );
    const encoded = await encodeSoundModel({ method: 'subspace', bands: 'mel', net });
    delete encoded.bands;
    const restored = decodeSoundModel(encoded);
    expect(await clipScore(restored, fault)).toBeCloseTo(classicScore(net, fault.melEmbedding), 6);
  });
});

describe('the Gaussian on fine bands', () => {
  it('keeps its Ledoit–Wolf precision as n + 1 rows that rebuild the dense one', () => {
    const rand = mulberry32(9);
    const z = Array.from({ length: 5 }, () => Float64Array.from({ length: 12 }, () => rand() - 0.5));
    const dense = shrunkPrecision(z, 'dense');
    const low = shrunkPrecision(z);
    expect(low.length).toBe(6);
    const inverseA = low[5]![0]!;
    dense.forEach((row, i) =>
      row.forEach((value, j) => {
        const rebuilt = (i === j ? inverseA : 0) - low.slice(0, 5).reduce((a, u) => a + u[i]! * u[j]!, 0);
        expect(rebuilt).toBeCloseTo(value, 9);
      }),
    );
  });
});
