/**
 * An ImageBitmap as the retrieval cores' ImageInput: each pass size drawn by the canvas's resampler (smoother
 * than bilinear when shrinking).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ImageInput } from '../../core/retrieval/retrieval-engine.js';

export function bitmapInput(bitmap: ImageBitmap): ImageInput {
  return {
    width: bitmap.width,
    height: bitmap.height,
    pixels: (width, height) => {
      const canvas = new OffscreenCanvas(width, height);
      const ctx = canvas.getContext('2d', { willReadFrequently: true });
      if (!ctx) throw new Error('2D canvas is not available here');
      ctx.imageSmoothingQuality = 'high';
      ctx.drawImage(bitmap, 0, 0, width, height);
      return tf.browser.fromPixels(ctx.getImageData(0, 0, width, height), 3);
    },
  };
}
