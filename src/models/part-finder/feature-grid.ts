/**
 * CenterNet's MobileNetV3 backbone (the graph the person detector and the
 * image embedding already load) run once over a whole frame, kept as a grid:
 * for every stride-16 cell, that cell's stride-16 features beside the
 * stride-32 features of the cell it lies in. The frame is letterboxed (scaled
 * to fit, padded with grey) so a head keeps its shape, unlike the person
 * detector's squeeze, which matters to a finder that reads head shapes.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { EMBEDDING_NODES } from '../embedding/image-embedder.js';
import type { Rect } from '../../shared/geometry.js';

export const GRID_STRIDE = 16;
/** Grey the letterbox pads with (the backbone's mid value). */
const PAD_VALUE = 128;

/** Where the frame sits in the square input: input px = frame px × scale + offset. */
export interface Letterbox {
  scale: number;
  x: number;
  y: number;
}

export interface FeatureGrid {
  /** [G, G, D] features per stride-16 cell. */
  features: tf.Tensor3D;
  letterbox: Letterbox;
  inputSize: number;
}

export function letterboxOf(width: number, height: number, size: number): Letterbox {
  const scale = size / Math.max(width, height);
  return { scale, x: (size - width * scale) / 2, y: (size - height * scale) / 2 };
}

/** A rect in input pixels back in frame pixels. */
export function toFrame(rect: Rect, box: Letterbox): Rect {
  return {
    x: (rect.x - box.x) / box.scale,
    y: (rect.y - box.y) / box.scale,
    width: rect.width / box.scale,
    height: rect.height / box.scale,
  };
}

/** frame: [H, W, 3] in 0…255; size: the square input side, a multiple of 32. */
export function featureGrid(model: GraphModel, frame: tf.Tensor3D, size: number): FeatureGrid {
  const [height, width] = frame.shape;
  const letterbox = letterboxOf(width, height, size);
  const features = tf.tidy(() => {
    const w = Math.max(1, Math.round(width * letterbox.scale));
    const h = Math.max(1, Math.round(height * letterbox.scale));
    const scaled = tf.image.resizeBilinear(tf.cast(frame, 'float32'), [h, w]);
    const top = Math.floor((size - h) / 2);
    const left = Math.floor((size - w) / 2);
    const input = tf.pad(
      scaled,
      [
        [top, size - h - top],
        [left, size - w - left],
        [0, 0],
      ],
      PAD_VALUE,
    );
    const [fine, coarse] = model.execute(tf.expandDims(input), [...EMBEDDING_NODES]) as tf.Tensor4D[];
    const grid = fine!.shape[1];
    const upsampled = tf.image.resizeNearestNeighbor(coarse!, [grid, fine!.shape[2]]);
    return tf.squeeze(tf.concat([fine!, upsampled], 3), [0]) as tf.Tensor3D;
  });
  return { features, letterbox, inputSize: size };
}
