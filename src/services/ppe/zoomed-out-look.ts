/**
 * A second look at a frame zoomed out: the frame padded by half its size on
 * every side, boxes mapped back and clipped to it. A hand held close fills the
 * frame, larger than any hand the detectors learned from; zoomed out it is a
 * hand of a size they know.
 */
import * as tf from '@tensorflow/tfjs-core';
import { zoomedOut } from '../../core/ppe/face-tiling.js';
import { type Scored, clipRect } from '../../shared/geometry.js';

export async function lookZoomedOut<T extends Scored>(
  pixels: tf.Tensor3D,
  detect: (padded: tf.Tensor3D) => Promise<T[]>,
): Promise<T[]> {
  const [height, width] = pixels.shape;
  const area = zoomedOut(width, height);
  const padded = tf.pad(pixels, [
    [-area.y, -area.y],
    [-area.x, -area.x],
    [0, 0],
  ]);
  try {
    return (await detect(padded)).map((found) => ({
      ...found,
      box: clipRect({ ...found.box, x: found.box.x + area.x, y: found.box.y + area.y }, width, height),
    }));
  } finally {
    padded.dispose();
  }
}
