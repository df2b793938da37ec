import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { poolVectors, type ClipFeatures } from '../../src/core/audio/clip-features.js';
import { gammaThreshold } from '../../src/core/audio/gamma-threshold.js';
import { crossFit } from '../../src/core/audio/cross-fit.js';
import { spectrogramPatches } from '../../src/core/audio/spectrogram-cnn.js';
import {
  clipScore,
  decodeSoundModel,
  encodeSoundModel,
  fitSoundModel,
  releaseSoundModel,
} from '../../src/core/audio/sound-model.js';
import { mulberry32 } from '../../src/shared/seeded-random.js';

describe('poolVectors', () => {
  it('averages `pool` consecutive vectors every pool/4, and a short clip into one mean', () => {
    const v = {
      data: Float32Array.from({ length: 10 * 2 }, (_, i) => Math.floor(i / 2)),
      count: 10,
      size: 2,
    };
    const pooled = poolVectors(v, 4);
    expect(pooled.count).toBe(7);
    expect(Array.from(pooled.data.subarray(0, 4))).toEqual([1.5, 1.5, 2.5, 2.5]);
    expect(poolVectors(v, 1)).toBe(v);
    expect(Array.from(poolVectors(v, 64).data)).toEqual([4.5, 4.5]);
  });
});

describe('gammaThreshold', () => {
  it('lands near the empirical 90th percentile of gamma-distributed scores', () => {
    const rand = mulberry32(9);
    // Gamma(shape 4, scale 0.5): sums of 4 exponentials.
    const scores = Array.from({ length: 20000 }, () =>
      Array.from({ length: 4 }, () => -0.5 * Math.log(1 - rand())).reduce((a, b) => a + b),
    );
    const empirical = [...scores].sort((a, b) => a - b)[Math.floor(0.9 * scores.length)]!;
    expect(Math.abs(gammaThreshold(scores) - empirical) / empirical).toBeLessThan(0.02);
    expect(gammaThreshold(scores, 0.99)).toBeGreaterThan(gammaThreshold(scores));
    expect(() => gammaThreshold([])).toThrow(/normal clips/);
  });
});

describe('crossFit', () => {
  it('never scores a clip with a model that trained on it; outside clips use the model fitted on all', async () => {
    const training = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const test = ['c', 'x', 'h', 'y'];
    const fits: string[][] = [];
    const seen: { clip: string; trainedOn: string[] }[] = [];
    const result = await crossFit<string[]>(
      training,
      test,
      4,
      {
        fit: async (idx) => {
          fits.push(idx.map((i) => training[i]!));
          return idx.map((i) => training[i]!);
        },
        scoreTraining: async (model, idx) =>
          idx.map((i) => (seen.push({ clip: training[i]!, trainedOn: model }), model.length)),
        scoreTest: async (model, idx) =>
          idx.map((j) => (seen.push({ clip: test[j]!, trainedOn: model }), model.length)),
        release: () => undefined,
      },
      true,
    );
    expect(fits.map((f) => f.length)).toEqual([6, 6, 6, 6, 8]);
    for (const { clip, trainedOn } of seen)
      if (training.includes(clip)) expect(trainedOn).not.toContain(clip);
    expect(result.training).toEqual(new Array(8).fill(6));
    expect(result.test).toEqual([6, 8, 6, 8]);
    expect(result.model).toEqual(training);
  });

  it('falls back to in-sample scores when there are too few clips for folds', async () => {
    const result = await crossFit<number>(['a', 'b'], [], 4, {
      fit: async (idx) => idx.length,
      scoreTraining: async (m, idx) => idx.map(() => m),
      scoreTest: async () => [],
      release: () => undefined,
    });
    expect(result).toEqual({ training: [2, 2], test: [], model: null });
  });
});

describe('spectrogramPatches', () => {
  it('cuts width-frame patches every width/2 frames, band-major, and pads a short clip with its last frame', () => {
    const spec = { data: Float32Array.from({ length: 10 * 2 }, (_, i) => i), frameCount: 10, nMels: 2 };
    const p = spectrogramPatches(spec, 4);
    expect(p.count).toBe(4);
    expect(Array.from(p.data.subarray(0, 8))).toEqual([0, 2, 4, 6, 1, 3, 5, 7]);
    const short = spectrogramPatches({ data: Float32Array.from([1, 2, 3, 4]), frameCount: 2, nMels: 2 }, 4);
    expect([short.count, ...short.data]).toEqual([1, 1, 3, 3, 3, 2, 4, 4, 4]);
  });
});

/** Spectrogram features of a toy clip: 8 bands, noise, a fault lifts band 1. */
function toyClip(rand: () => number, fault: boolean): ClipFeatures {
  const frames = 40;
  const data = Float32Array.from({ length: frames * 8 }, (_, i) => (i % 8 === 1 && fault ? 3 : 0) + rand());
  const vectors = poolVectors({ data, count: frames, size: 8 }, 8);
  return { spectrogram: { data, frameCount: frames, nMels: 8 }, vectors };
}

describe('sound models', () => {
  it('both modes rank faults above normal clips and survive encode/decode unchanged', async () => {
    await tf.setBackend('cpu');
    const rand = mulberry32(4);
    const clips = [
      ...Array.from({ length: 8 }, () => toyClip(rand, false)),
      ...Array.from({ length: 4 }, () => toyClip(rand, true)),
    ];
    const labels = clips.map((_, i) => i >= 8);
    const probe = [toyClip(rand, false), toyClip(rand, true)];
    for (const mode of ['unsupervised', 'supervised'] as const) {
      const model = await fitSoundModel(clips, labels, {
        mode,
        autoencoder: { layers: [2], epochs: 60, batchSize: 16, learningRate: 0.01 },
        cnn: { width: 8, epochs: 15, batchSize: 8 },
      });
      const [normal, fault] = [await clipScore(model, probe[0]!), await clipScore(model, probe[1]!)];
      expect(fault, mode).toBeGreaterThan(normal * 1.5);
      const copy = decodeSoundModel(await encodeSoundModel(model));
      expect(await clipScore(copy, probe[1]!)).toBeCloseTo(fault, 5);
      releaseSoundModel(model);
      releaseSoundModel(copy);
    }
    await expect(
      fitSoundModel(clips.slice(0, 8), labels.slice(0, 8), {
        mode: 'supervised',
        autoencoder: {},
        cnn: { width: 8 },
      }),
    ).rejects.toThrow(/both normal and abnormal/);
  }, 120_000);
});
