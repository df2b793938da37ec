import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { LocalFeatureCache, type LocalFeatureStore } from '../../src/core/retrieval/local-feature-cache.js';
import type { FeatureExtractor, LocalFeatures } from '../../src/core/retrieval/image-features.js';
import { RetrievalEngine, type IndexRecord } from '../../src/core/retrieval/retrieval-engine.js';
import { DEFAULT_GLOBAL_INDEX } from '../../src/core/retrieval/global-index.js';
import { toInt8 } from '../../src/core/retrieval/quantize.js';
import { unitVector } from '../../src/core/retrieval/pooling.js';
import { mulberry32 } from '../../src/shared/seeded-random.js';

const rand = mulberry32(11);
const gaussian = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());

function features(count = 40, dims = 16): LocalFeatures {
  const rows = Array.from({ length: count }, () =>
    Array.from(unitVector(Float32Array.from({ length: dims }, gaussian)), (v) => Math.round(v * 127)),
  );
  return {
    count,
    dims,
    keypoints: Float32Array.from({ length: 2 * count }, () => rand() * 300),
    descriptors: Int8Array.from(rows.flat()),
  };
}

/** A store that remembers what it was asked for (the rows the element wrote). */
function recordingStore(rows: Map<string, LocalFeatures>): LocalFeatureStore & { asked: string[][] } {
  const asked: string[][] = [];
  return {
    asked,
    read: async (ids) => {
      asked.push([...ids]);
      return new Map(ids.flatMap((id) => (rows.has(id) ? [[id, rows.get(id)!] as const] : [])));
    },
  };
}

describe('local features beyond the memory budget', () => {
  it('keeps the most recently used, reads the others back from the store, and holds them again', async () => {
    const rows = new Map(['a', 'b', 'c', 'd'].map((id) => [id, features()]));
    const store = recordingStore(rows);
    const cache = new LocalFeatureCache({ keep: 2, store });
    for (const [id, local] of rows) cache.put(id, local);
    expect(cache.size).toBe(2); // c and d
    expect(await cache.get(['d', 'a', 'x'])).toEqual([
      rows.get('d'),
      rows.get('a'),
      expect.objectContaining({ count: 0 }),
    ]);
    expect(store.asked).toEqual([['a', 'x']]);
    await cache.get(['a', 'd']);
    expect(store.asked).toHaveLength(1); // both held now
    expect(cache.bytes).toBe(2 * (40 * 16 + 2 * 40 * 4));
  });

  it('without a store keeps every image, whatever the budget', () => {
    const cache = new LocalFeatureCache({ keep: 1, store: null });
    ['a', 'b', 'c'].forEach((id) => cache.put(id, features()));
    expect(cache.size).toBe(3);
  });

  it('an engine that holds no local features re-ranks exactly as one that holds them all', async () => {
    await tf.setBackend('cpu');
    const records: IndexRecord[] = Array.from({ length: 6 }, (_, i) => ({
      id: `img-${i}`,
      width: 300,
      height: 300,
      global: toInt8(unitVector(Float32Array.from({ length: 32 }, gaussian))),
      local: features(),
    }));
    const rows = new Map(records.map((r) => [r.id, r.local]));
    // The query is image 3 itself: its local features, its global descriptor.
    const query = {
      width: 300,
      height: 300,
      global: Float32Array.from(records[3]!.global.data, (v) => v * records[3]!.global.scale),
      regions: [],
      local: records[3]!.local,
    };
    const extractor = async () => ({ extract: async () => query }) as unknown as FeatureExtractor;
    const input = { pixels: () => tf.zeros([1, 1, 3]) as tf.Tensor3D, width: 300, height: 300 };
    const options = {
      k: 6,
      rerank: 6,
      withPairs: 0,
      verify: { minSimilarity: 0.7, tolerance: 0.04, minInliers: 15 },
    };
    const everything = new RetrievalEngine(extractor);
    const store = recordingStore(rows);
    const nothing = new RetrievalEngine(extractor, DEFAULT_GLOBAL_INDEX, { keep: 0, store });
    everything.load(records);
    nothing.load(records);
    expect(nothing.stats().localInMemory).toBe(0);
    const [held, read] = [await everything.search(input, options), await nothing.search(input, options)];
    expect(read.hits).toEqual(held.hits);
    expect(held.hits[0]).toMatchObject({ id: 'img-3', inliers: 40 });
    expect(store.asked[0]!.sort()).toEqual(records.map((r) => r.id).sort());
    expect(nothing.stats().memoryBytes).toBeLessThan(everything.stats().memoryBytes);
  });
});
