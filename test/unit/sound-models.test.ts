import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { poolVectors, type ClipFeatures } from '../../src/core/audio/clip-features.js';
import { clipEmbedding, withoutLevel } from '../../src/core/audio/clip-embedding.js';
import { fitLogistic } from '../../src/core/audio/classic-models.js';
import { crossFit } from '../../src/core/audio/cross-fit.js';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { SpectrogramCnn, spectrogramPatches, temporalConv } from '../../src/core/audio/spectrogram-cnn.js';
import {
  clipScore,
  decodeSoundModel,
  encodeSoundModel,
  fitSoundModel,
  releaseSoundModel,
  SUPERVISED_METHODS,
  UNSUPERVISED_METHODS,
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

describe('crossFit', () => {
  it('never scores a clip with a model that trained on it; outside clips take the mean of the fold models', async () => {
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
          idx.map(
            (j) => (
              seen.push({ clip: test[j]!, trainedOn: model }),
              model.length + (test[j] === 'y' ? fits.length : 0)
            ),
          ),
        release: () => undefined,
      },
      true,
    );
    expect(fits.map((f) => f.length)).toEqual([6, 6, 6, 6, 8]);
    for (const { clip, trainedOn } of seen)
      if (training.includes(clip)) expect(trainedOn).not.toContain(clip);
    expect(result.training).toEqual(new Array(8).fill(6));
    // y scores 6 + fold number (1..4) under the four fold models: their mean is 8.5.
    expect(result.test).toEqual([6, 6, 6, 8.5]);
    expect(result.trainingFold).toEqual([0, 1, 2, 3, 0, 1, 2, 3]);
    expect(result.testFold).toEqual([2, -1, 3, -1]);
    expect(result.model).toEqual(training);
  });

  it('leaves one out when there are fewer clips than folds, and scores a single clip in-sample', async () => {
    const job = {
      fit: async (idx: number[]) => idx.length,
      scoreTraining: async (m: number, idx: number[]) => idx.map(() => m),
      scoreTest: async (m: number, idx: number[]) => idx.map(() => m),
      release: () => undefined,
    };
    expect(await crossFit<number>(['a', 'b', 'c'], [], 4, job)).toMatchObject({
      training: [2, 2, 2],
      trainingFold: [0, 1, 2],
    });
    expect(await crossFit<number>(['a'], ['x'], 4, job)).toEqual({
      training: [1],
      test: [1],
      trainingFold: [-1],
      testFold: [-1],
      model: null,
    });
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
  const spectrogram = { data, frameCount: frames, nMels: 8 };
  const levelFree = withoutLevel(spectrogram);
  const vectors = poolVectors({ data: levelFree.data, count: frames, size: 8 }, 8);
  const embedding = clipEmbedding(levelFree);
  return { spectrogram, levelFree, vectors, embedding, melEmbedding: embedding };
}

describe('the CNN', () => {
  it("convolves along time as tf.conv1d 'same' does, values and kernel gradient alike", async () => {
    await tf.setBackend('cpu');
    const x = tf.randomNormal([2, 9, 5], 0, 1, 'float32', 1) as tf.Tensor3D;
    for (const taps of [3, 2, 5]) {
      const kernel = tf.randomNormal([taps, 5, 4], 0, 1, 'float32', 2) as tf.Tensor3D;
      const ours = temporalConv(x, kernel);
      const reference = tf.conv1d(x, kernel, 1, 'same');
      expect(ours.shape).toEqual(reference.shape);
      expect(tf.max(tf.abs(tf.sub(ours, reference))).dataSync()[0]).toBeLessThan(1e-4);
      const gradient = (conv: (k: tf.Tensor3D) => tf.Tensor3D) =>
        tf.grad((k: tf.Tensor) => tf.sum(tf.square(conv(k as tf.Tensor3D))))(kernel);
      const difference = tf.sub(
        gradient((k) => temporalConv(x, k)),
        gradient((k) => tf.conv1d(x, k, 1, 'same')),
      );
      expect(tf.max(tf.abs(difference)).dataSync()[0]).toBeLessThan(1e-3);
    }
  });

  it('still scores a model saved with the first (3×3 image convolution) design', async () => {
    await tf.setBackend('cpu');
    const [nMels, width] = [8, 4];
    const init = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 0.5, 'float32', seed);
    const weights = {
      mu: init([1, nMels, 1], 1),
      inv_sd: tf.ones([1, nMels, 1]),
      c0: init([3, 3, 1, 2], 2),
      cb0: init([2], 3),
      c1: init([3, 3, 2, 3], 4),
      cb1: init([3], 5),
      out: init([(nMels / 4) * 3, 1], 6),
      bout: init([1], 7),
    };
    const patches = init([2, nMels, width], 8) as tf.Tensor3D;
    // The first design, as it was written (depth-1 conv3d).
    const block = (x: tf.Tensor4D, f: tf.Tensor, bias: tf.Tensor) => {
      const [b, h, w] = x.shape;
      const [kh, kw, cin, cout] = f.shape as number[];
      const y = tf.conv3d(
        tf.reshape(x, [b, 1, h, w, cin!]) as tf.Tensor5D,
        tf.reshape(f, [1, kh!, kw!, cin!, cout!]) as tf.Tensor5D,
        1,
        'same',
      );
      return tf.maxPool(tf.relu(tf.add(tf.reshape(y, [b, h, w, cout!]), bias)) as tf.Tensor4D, 2, 2, 'same');
    };
    const x = tf.reshape(tf.mul(tf.sub(patches, weights.mu), weights.inv_sd), [2, nMels, width, 1]);
    const features = tf.reshape(
      tf.mean(block(block(x as tf.Tensor4D, weights.c0, weights.cb0), weights.c1, weights.cb1), 2),
      [2, -1],
    );
    const expected = tf.sigmoid(tf.add(tf.matMul(features, weights.out), weights.bout)).dataSync();
    const cnn = new SpectrogramCnn(weights, width);
    const got = await cnn.probabilities({ data: patches.dataSync() as Float32Array, count: 2 }, nMels);
    expect(Array.from(got)).toEqual(Array.from(expected).map((v) => expect.closeTo(v, 5)));
  });
});

describe('sound models', () => {
  it('every method ranks faults above normal clips and survives encode/decode unchanged', async () => {
    await tf.setBackend('cpu');
    const rand = mulberry32(4);
    const clips = [
      ...Array.from({ length: 8 }, () => toyClip(rand, false)),
      ...Array.from({ length: 4 }, () => toyClip(rand, true)),
    ];
    const labels = clips.map((_, i) => i >= 8);
    const probe = [toyClip(rand, false), toyClip(rand, true)];
    const methods = [...UNSUPERVISED_METHODS, ...SUPERVISED_METHODS] as const;
    for (const name of methods) {
      const supervised = name === 'cnn' || name === 'logistic';
      const model = await fitSoundModel(clips, labels, {
        mode: supervised ? 'supervised' : 'unsupervised',
        method: supervised ? 'subspace' : name,
        classifier: name === 'logistic' ? 'logistic' : 'cnn',
        autoencoder: { layers: [2], epochs: 60, batchSize: 16, learningRate: 0.01 },
        cnn: { width: 8, epochs: 15, batchSize: 8 },
      });
      const [normal, fault] = [await clipScore(model, probe[0]!), await clipScore(model, probe[1]!)];
      expect(fault, name).toBeGreaterThan(normal * 1.5);
      expect(model.method).toBe(name);
      const copy = decodeSoundModel(await encodeSoundModel(model));
      expect(copy.method).toBe(name);
      expect(await clipScore(copy, probe[1]!)).toBeCloseTo(fault, 5);
      releaseSoundModel(model);
      releaseSoundModel(copy);
    }
    await expect(
      fitSoundModel(clips.slice(0, 8), labels.slice(0, 8), {
        mode: 'supervised',
        method: 'autoencoder',
        classifier: 'cnn',
        autoencoder: {},
        cnn: { width: 8 },
      }),
    ).rejects.toThrow(/both normal and abnormal/);
    expect(() =>
      fitLogistic(
        clips.slice(0, 8).map((c) => c.embedding),
        labels.slice(0, 8),
      ),
    ).toThrow(/both normal and abnormal/);
  }, 120_000);
});
