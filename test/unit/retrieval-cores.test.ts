import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import {
  affineRansac,
  applyAffine,
  DEFAULT_RANSAC,
  type Affine,
  type PointPair,
} from '../../src/core/retrieval/affine-ransac.js';
import { mutualMatches, rerankOrder, verifyCandidates } from '../../src/core/retrieval/local-matching.js';
import { fromInt8, toInt8 } from '../../src/core/retrieval/quantize.js';
import { applyWhitening, learnWhitening } from '../../src/core/retrieval/whitening.js';
import { GlobalIndex } from '../../src/core/retrieval/global-index.js';
import { averagePrecision, hitAt } from '../../src/core/retrieval/ranking-metrics.js';
import { passSize } from '../../src/core/retrieval/image-features.js';
import {
  dot,
  poolingWeights,
  regionGrid,
  unitVector,
  WHOLE_IMAGE,
} from '../../src/core/retrieval/pooling.js';
import type { FeatureExtractor, ImageFeatures } from '../../src/core/retrieval/image-features.js';
import { DEFAULT_SEARCH, RetrievalEngine } from '../../src/core/retrieval/retrieval-engine.js';
import { mulberry32 } from '../../src/shared/seeded-random.js';

const rand = mulberry32(3);
const gaussian = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
const randomUnit = (dims: number) => unitVector(Float32Array.from({ length: dims }, gaussian));

describe('affineRansac', () => {
  it('recovers a turn-and-zoom from matches with 60% outliers, and finds nothing in pure noise', () => {
    const truth: Affine = [
      0.9 * Math.cos(0.3),
      -0.9 * Math.sin(0.3),
      40,
      0.9 * Math.sin(0.3),
      0.9 * Math.cos(0.3),
      -10,
    ];
    const pairs: PointPair[] = Array.from({ length: 100 }, (_, i) => {
      const [x, y] = [rand() * 400, rand() * 300];
      const [u, v] = i < 40 ? applyAffine(truth, x, y) : [rand() * 400, rand() * 300];
      return [x, y, u + rand() - 0.5, v + rand() - 0.5];
    });
    const { inliers, affine } = affineRansac(pairs, { ...DEFAULT_RANSAC, tolerance: 4 });
    expect(inliers.filter((i) => i < 40)).toHaveLength(40);
    expect(inliers.length).toBeLessThanOrEqual(42);
    expect(affine![0]).toBeCloseTo(truth[0], 1);
    const noise: PointPair[] = Array.from({ length: 60 }, () => [
      rand() * 400,
      rand() * 300,
      rand() * 400,
      rand() * 300,
    ]);
    expect(affineRansac(noise, { ...DEFAULT_RANSAC, tolerance: 4 }).inliers.length).toBeLessThan(8);
  });

  it('refuses a mirror image', () => {
    const pairs: PointPair[] = Array.from({ length: 30 }, () => {
      const [x, y] = [rand() * 400, rand() * 300];
      return [x, y, 400 - x, y];
    });
    expect(affineRansac(pairs, { ...DEFAULT_RANSAC, tolerance: 3 }).inliers).toEqual([]);
  });
});

describe('local matching', () => {
  it('keeps mutual best matches above the floor only', () => {
    // rows 0,1 × cols 0,1,2: row 0 ↔ col 1 mutual; row 1's best is col 1 too (not mutual); col 2 below the
    // floor.
    const sims = Float32Array.from([0.2, 0.9, 0.1, 0.3, 0.8, 0.5]);
    expect(mutualMatches(sims, 2, 3, 0.7)).toEqual([[0, 1]]);
  });

  it("verifies the candidate whose features are the query's, moved; not a stranger", async () => {
    await tf.setBackend('cpu');
    const count = 60;
    const dims = 16;
    // Unit vectors × 127, as the extractor stores them.
    const unitRows = () =>
      Int8Array.from(
        Array.from({ length: count }, () => Array.from(randomUnit(dims), (v) => Math.round(v * 127))).flat(),
      );
    const descriptors = unitRows();
    const keypoints = Float32Array.from({ length: 2 * count }, () => rand() * 300);
    const query = { count, dims, keypoints, descriptors };
    const moved = {
      count,
      dims,
      descriptors,
      keypoints: keypoints.map((v, i) => (i % 2 ? v * 1.2 + 5 : v * 1.2 - 7)),
    };
    const stranger = { count, dims, keypoints, descriptors: unitRows() };
    const [same, other] = verifyCandidates(query, [
      { local: moved, width: 400, height: 400 },
      { local: stranger, width: 400, height: 400 },
    ]);
    expect(same!.inliers).toBe(count);
    expect(same!.pairs[0]).toHaveLength(4);
    expect(other!.inliers).toBeLessThan(8);
  });

  it('puts verified candidates first by inliers and leaves the rest in score order', () => {
    const order = rerankOrder(
      [
        { id: 'a', score: 0.9, inliers: 3 },
        { id: 'b', score: 0.5, inliers: 40 },
        { id: 'c', score: 0.7, inliers: 0 },
        { id: 'd', score: 0.6, inliers: 20 },
      ],
      15,
    );
    expect(order.map((x) => x.id)).toEqual(['b', 'd', 'a', 'c']);
  });
});

describe('compact storage and the global index', () => {
  it('int8 vectors keep cosines within 0.01', () => {
    const [a, b] = [randomUnit(144), randomUnit(144)];
    expect(Math.abs(dot(fromInt8(toInt8(a)), fromInt8(toInt8(b))) - dot(a, b))).toBeLessThan(0.01);
  });

  it('whitening learned from the gallery makes its directions uncorrelated with unit variance', () => {
    const dims = 6;
    const vectors = Array.from({ length: 2000 }, () => {
      const z = Array.from({ length: dims }, gaussian);
      return Float32Array.from(z, (v, i) => v * (i + 1) + (i > 0 ? 2 * z[0]! : 0) + 5);
    });
    const w = learnWhitening(vectors);
    const white = vectors.map((v) => {
      const out = new Float32Array(dims);
      for (let r = 0; r < dims; r++)
        for (let c = 0; c < dims; c++) out[r] += w.projection[r * dims + c]! * (v[c]! - w.mean[c]!);
      return out;
    });
    const cov = (i: number, j: number) => white.reduce((s, v) => s + v[i]! * v[j]!, 0) / white.length;
    expect(Math.abs(cov(0, 1))).toBeLessThan(0.1);
    expect(cov(2, 2)).toBeGreaterThan(0.7);
    expect(cov(2, 2)).toBeLessThan(1.1);
    expect(dot(applyWhitening(w, vectors[0]!), applyWhitening(w, vectors[0]!))).toBeCloseTo(1, 5);
  });

  it('returns the nearest ids by cosine, forgets removed ones, and whitens once large enough', async () => {
    await tf.setBackend('cpu');
    const index = new GlobalIndex({ whitenFrom: 50, whitenSample: 1000 });
    const vectors = Array.from({ length: 40 }, () => randomUnit(8));
    vectors.forEach((v, i) => index.set(`v${i}`, v));
    expect(index.search(vectors[7]!, 2)[0]).toMatchObject({ id: 'v7' });
    expect(index.search(vectors[7]!, 2)[0]!.score).toBeCloseTo(1, 5);
    expect(index.remove('v7')).toBe(true);
    expect(index.search(vectors[7]!, 1)[0]!.id).not.toBe('v7');
    expect(index.search(vectors[8]!, 1)[0]!.id).toBe('v8');
    expect(index.whitenedFrom).toBe(0);
    Array.from({ length: 30 }, () => randomUnit(8)).forEach((v, i) => index.set(`w${i}`, v));
    expect(index.search(vectors[9]!, 1)[0]!.id).toBe('v9');
    expect(index.whitenedFrom).toBe(69);
    index.dispose();
  });
});

describe('regions of a query', () => {
  it("R-MAC's grid: 1 + 4 + 9 squares inside the image, the first centred on the shorter side", () => {
    const boxes = regionGrid(400, 200);
    expect(boxes).toHaveLength(14);
    for (const box of boxes) {
      expect(Math.min(...box)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...box)).toBeLessThanOrEqual(1 + 1e-9);
      expect((box[2] - box[0]) * 400).toBeCloseTo((box[3] - box[1]) * 200, 6); // square in pixels
    }
    expect(boxes[0]).toEqual([0.25, 0, 0.75, 1]);
  });

  it('pooling weights sum to 1 inside their box, 0 outside, and peak at its centre', () => {
    const [whole, corner] = [WHOLE_IMAGE, [0, 0, 0.5, 0.5] as [number, number, number, number]];
    const weights = poolingWeights(6, 8, [whole, corner]);
    const row = (b: number) => weights.subarray(b * 48, (b + 1) * 48);
    expect(row(0).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(row(1).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(row(1)[5 * 8 + 7]).toBe(0); // far corner
    expect(row(1)[3 * 8 + 4]).toBe(0); // just outside the 3 × 4 cells
    const max = Math.max(...row(0));
    expect([row(0)[2 * 8 + 3], row(0)[3 * 8 + 4]]).toContain(max);
  });

  it('best cosines: each id gets the best of the query vectors, whitened as the index is', async () => {
    await tf.setBackend('cpu');
    for (const whitenFrom of [1000, 20]) {
      const index = new GlobalIndex({ whitenFrom, whitenSample: 1000 });
      const vectors = Array.from({ length: 30 }, () => randomUnit(8));
      vectors.forEach((v, i) => index.set(`v${i}`, v));
      const [a, b] = [vectors[4]!, vectors[9]!];
      const best = index.bestCosines([a, b], ['v9', 'missing', 'v4', 'v0']);
      expect(best[0]).toBeCloseTo(1, 4);
      expect(best[1]).toBe(-Infinity);
      expect(best[2]).toBeCloseTo(1, 4);
      const v0 = index.search(a, 30).find((h) => h.id === 'v0')!.score;
      expect(best[3]).toBeCloseTo(Math.max(v0, index.search(b, 30).find((h) => h.id === 'v0')!.score), 4);
      expect(index.bestCosines([], ['v1'])).toEqual([-Infinity]);
      index.dispose();
    }
  });

  it('a query whose part is a gallery image re-ranks that image first; global-only search does not', async () => {
    await tf.setBackend('cpu');
    const [picture, lookalike] = [randomUnit(16), randomUnit(16)];
    // The whole photo looks more like the lookalike; one region of it is the picture.
    const whole = unitVector(Float32Array.from(lookalike, (v, i) => 0.8 * v + 0.5 * picture[i]!));
    const query: ImageFeatures = {
      width: 100,
      height: 100,
      global: whole,
      regions: [randomUnit(16), picture],
      local: { count: 0, dims: 0, keypoints: new Float32Array(), descriptors: new Int8Array() },
    };
    const engine = new RetrievalEngine(
      async () => ({ extract: async () => query }) as unknown as FeatureExtractor,
    );
    engine.load(
      [picture, lookalike].map((v, i) => ({
        id: ['picture', 'lookalike'][i]!,
        width: 100,
        height: 100,
        global: toInt8(v),
        local: query.local,
      })),
    );
    const input = { pixels: () => tf.zeros([1, 1, 3]) as tf.Tensor3D, width: 100, height: 100 };
    const reranked = await engine.search(input, { ...DEFAULT_SEARCH, k: 2 });
    expect(reranked.globalOrder).toEqual(['lookalike', 'picture']);
    expect(reranked.hits.map((h) => h.id)).toEqual(['picture', 'lookalike']);
    expect(reranked.hits[0]!.score).toBeGreaterThan(0.98);
    const globalOnly = await engine.search(input, { ...DEFAULT_SEARCH, k: 2, rerank: 0 });
    expect(globalOnly.hits.map((h) => h.id)).toEqual(['lookalike', 'picture']);
    engine.dispose();
  });
});

describe('retrieval helpers', () => {
  it('average precision and hits at k', () => {
    expect(averagePrecision(['a', 'x', 'b'], ['a', 'b'])).toBeCloseTo((1 + 2 / 3) / 2);
    expect(averagePrecision(['x', 'a'], ['a'])).toBe(0.5);
    expect(hitAt(['x', 'a'], ['a'], 1)).toBe(0);
    expect(hitAt(['x', 'a'], ['a'], 5)).toBe(1);
  });

  it('pass sizes keep the aspect in multiples of 32, and a 1×1 image still gets one cell', () => {
    expect(passSize(640, 400, 384)).toEqual([384, 256]);
    expect(passSize(1, 1, 384)).toEqual([384, 384]);
    expect(passSize(10000, 10, 256)).toEqual([256, 32]);
  });
});
