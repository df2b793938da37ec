/**
 * Nothing that is not a number is kept: the checks themselves, a taught PPE
 * head that diverged, and an image record whose numbers are broken.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { nonFiniteEntry, nonFiniteWeight } from '../../src/core/learning/finite.js';
import type { IndexRecord } from '../../src/contracts/retrieval.js';
import { PpeService } from '../../src/services/ppe/ppe-service.js';
import { RetrievalService } from '../../src/services/retrieval/retrieval-service.js';
import { mulberry32 } from '../../src/shared/seeded-random.js';

function record(id: string, scale: number, x = 10): IndexRecord {
  return {
    id,
    width: 64,
    height: 48,
    global: { scale, data: Int8Array.from({ length: 144 }, (_, i) => (i % 7) - 3) },
    local: { count: 1, dims: 4, keypoints: Float32Array.of(x, 20), descriptors: Int8Array.of(1, 2, 3, 4) },
  };
}

describe('finite checks', () => {
  it('name the first weight or entry that is not a number', () => {
    const data = Float32Array.of(1, 2, 3, 4, NaN, 6).buffer;
    const specs = [
      { name: 'w', shape: [2, 2], dtype: 'float32' },
      { name: 'b', shape: [2], dtype: 'float32' },
    ];
    expect(nonFiniteWeight(data, specs)).toBe('b');
    expect(nonFiniteWeight(Float32Array.of(1, 2, 3, 4, 5, 6).buffer, specs)).toBeNull();
    expect(nonFiniteEntry({ threshold: 1.2, losses: [1, Infinity] })).toBe('losses');
    expect(nonFiniteEntry({ threshold: null })).toBe('threshold');
    expect(nonFiniteEntry({ threshold: 1, losses: [0.5] })).toBeNull();
  });
});

describe('a taught PPE head', () => {
  // The service's module registers every backend; Node has the CPU one.
  beforeAll(() => tf.setBackend('cpu'));

  it('is refused when its weights are not numbers, and nothing is returned to store', async () => {
    const rand = mulberry32(3);
    const examples = Array.from({ length: 8 }, (_, i) => [
      Float32Array.from({ length: 16 }, () => rand() + (i % 2)),
    ]);
    const labels = examples.map((_, i) => i % 2);
    const service = new PpeService();
    const good = await service.fitCoverHead(examples, labels);
    expect(nonFiniteWeight(good.data, good.specs)).toBeNull();
    examples[3]![0]![5] = NaN; // one broken embedding poisons every weight it touches
    await expect(service.fitCoverHead(examples, labels)).rejects.toThrow(
      /^The taught head did not train: its \w+ is not a number\. Nothing was changed\.$/,
    );
  });
});

describe('the image index', () => {
  it('refuses records whose numbers are broken, naming the image, and keeps what it had', async () => {
    const service = new RetrievalService();
    expect((await service.loadRecords('finite', [record('good.jpg', 0.01)])).images).toBe(1);
    await expect(service.loadRecords('finite', [record('bad.jpg', NaN)])).rejects.toThrow(
      /^bad\.jpg: its description is not usable \(the scale is not a number\)$/,
    );
    await expect(service.loadRecords('finite', [record('worse.jpg', 0.01, Infinity)])).rejects.toThrow(
      /^worse\.jpg: .*keypoints/,
    );
    expect((await service.stats('finite')).images).toBe(1);
  });
});
