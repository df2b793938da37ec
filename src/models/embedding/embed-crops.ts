/** Crops → embeddings in batches: render each crop on the canvas, stack, one backbone pass per batch. */
import * as tf from '@tensorflow/tfjs-core';
import type { Rect } from '../../shared/geometry.js';
import type { CropAugmentation, CropRenderer, CropSource } from './crop-renderer.js';
import type { ImageEmbedder } from './image-embedder.js';

export interface CropRequest {
  source: CropSource;
  rect: Rect;
  aug?: CropAugmentation;
}

const BATCH = 16;

/** Embeddings of the crops as one [N, D] tensor (the caller disposes it). */
export async function embedCrops(
  embedder: ImageEmbedder,
  renderer: CropRenderer,
  crops: readonly CropRequest[],
): Promise<tf.Tensor2D> {
  const parts: tf.Tensor2D[] = [];
  for (let start = 0; start < crops.length; start += BATCH) {
    const batch = crops.slice(start, start + BATCH).map((c) => renderer.render(c.source, c.rect, c.aug));
    parts.push(
      tf.tidy(() => {
        const stacked = tf.stack(batch.map((img) => tf.browser.fromPixels(img, 3))) as tf.Tensor4D;
        return embedder.embed(tf.cast(stacked, 'float32') as tf.Tensor4D);
      }),
    );
    await parts[parts.length - 1]!.data(); // keep the backend's queue short between batches
  }
  if (parts.length === 0) return tf.zeros([0, 0]) as tf.Tensor2D;
  const all = tf.concat(parts) as tf.Tensor2D;
  tf.dispose(parts);
  return all;
}
