/**
 * The retrieval cores on the real backbone (CenterNet's MobileNetV3 from
 * public/models, on TF.js WASM in Node) and the package photos of the
 * generated retrieval fixture: where local features come from, and what
 * geometric verification accepts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import jpeg from 'jpeg-js';
import { graphModelFromFiles } from '../../src/models/loader/graph-model.js';
import type { ModelEntry } from '../../src/contracts/model-manifest.js';
import { FeatureExtractor } from '../../src/core/retrieval/image-features.js';
import {
  DEFAULT_SEARCH,
  type ImageInput,
  RetrievalEngine,
} from '../../src/core/retrieval/retrieval-engine.js';

const SET = 'test/fixtures/generated/retrieval-set';
let extractor: FeatureExtractor;

async function loadBackbone(): Promise<FeatureExtractor> {
  const manifest = JSON.parse(readFileSync('public/models/manifest.json', 'utf8')) as {
    models: ModelEntry[];
  };
  const entry = manifest.models.find((e) => e.name === 'centernet')!;
  const files = new Map(
    entry.files.map((f) => {
      const bytes = readFileSync(`public/models/${f.path}`);
      return [
        f.path,
        bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
      ] as const;
    }),
  );
  return new FeatureExtractor(await graphModelFromFiles(entry, files));
}

/** [H, W, 3] pixels as the engine's input, resampled bilinearly. */
function imageInput(pixels: tf.Tensor3D): ImageInput {
  const [height, width] = pixels.shape;
  return { width, height, pixels: (w, h) => tf.tidy(() => tf.image.resizeBilinear(pixels, [h, w], true)) };
}

function photo(path: string): tf.Tensor3D {
  const { data, width, height } = jpeg.decode(readFileSync(path), { useTArray: true, formatAsRGBA: false });
  return tf.tensor3d(Float32Array.from(data), [height, width, 3]);
}

beforeAll(async () => {
  setWasmPaths(`${process.cwd()}/node_modules/@tensorflow/tfjs-backend-wasm/dist/`);
  await tf.setBackend('wasm');
  extractor = await loadBackbone();
}, 60_000);

describe('local features on the real backbone', () => {
  it('come from the picture, not from the cells the zero padding lights up around a black canvas', async () => {
    // A 400-px photo in the middle of a 640-px black canvas.
    const canvas = tf.tidy(
      () =>
        tf.pad(tf.image.resizeBilinear(photo(`${SET}/gallery/photo-1.jpg`), [400, 400], true), [
          [120, 120],
          [120, 120],
          [0, 0],
        ]) as tf.Tensor3D,
    );
    const { local } = await extractor.extract(imageInput(canvas).pixels, 640, 640);
    canvas.dispose();
    const cell = (640 / 256) * 16; // one stride-16 cell of the coarser pass, in canvas pixels
    let onPicture = 0;
    for (let i = 0; i < local.count; i++) {
      const [x, y] = [local.keypoints[2 * i]!, local.keypoints[2 * i + 1]!];
      if (x > 120 - cell && x < 520 + cell && y > 120 - cell && y < 520 + cell) onPicture++;
    }
    expect(local.count).toBe(200);
    expect(onPicture / local.count).toBeGreaterThan(0.9);
  });

  it("verify a turned photo of the picture, and not a flat dark picture against the photo's black corners", async () => {
    const engine = new RetrievalEngine(async () => extractor);
    const original = photo(`${SET}/gallery/photo-2.jpg`);
    const dark = tf.fill([400, 640, 3], 12) as tf.Tensor3D;
    await engine.addImage('original', imageInput(original));
    await engine.addImage('dark', imageInput(dark));
    const query = photo(`${SET}/queries/q-2-0.jpg`); // zoomed and turned: black corners
    const { hits } = await engine.search(imageInput(query), { ...DEFAULT_SEARCH, k: 2 });
    tf.dispose([original, dark, query]);
    const inliers = Object.fromEntries(hits.map((h) => [h.id, h.inliers]));
    expect(hits[0]!.id).toBe('original');
    expect(inliers['original']).toBeGreaterThanOrEqual(DEFAULT_SEARCH.verify.minInliers);
    expect(inliers['dark']).toBeLessThan(DEFAULT_SEARCH.verify.minInliers);
    engine.dispose();
  });

  it('describe a 1×1 and a 10000×10 picture, regions and all', async () => {
    for (const [width, height] of [
      [1, 1],
      [10000, 10],
    ] as const) {
      const pixels = tf.fill([height, width, 3], 200) as tf.Tensor3D;
      const features = await extractor.extract(imageInput(pixels).pixels, width, height, { regions: true });
      pixels.dispose();
      expect(features.regions).toHaveLength(14);
      for (const v of [features.global, ...features.regions]) expect(Math.hypot(...v)).toBeCloseTo(1, 4);
      expect(features.local.count).toBeGreaterThan(0);
    }
  });
});
