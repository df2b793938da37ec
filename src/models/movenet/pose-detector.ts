/**
 * One person's body keypoints with MoveNet Lightning (as packaged by
 * @vladmandic/human): the person's box, squared, is cut from the frame at
 * 192x192 and the 17 COCO keypoints come back in frame pixels. Used to find
 * the head of someone whose face the face detector did not find.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import type { Rect } from '../../shared/geometry.js';
import type { Keypoint } from '../../core/ppe/head-from-pose.js';

const INPUT_SIZE = 192;

export class PoseDetector {
  constructor(private readonly model: GraphModel) {}

  /** frame: [H, W, 3] pixels in 0…255; person: the box to look in (frame pixels). */
  async keypoints(frame: tf.Tensor3D, person: Rect): Promise<Keypoint[]> {
    const [height, width] = frame.shape;
    const side = Math.max(person.width, person.height);
    const x0 = person.x + person.width / 2 - side / 2;
    const y0 = person.y + person.height / 2 - side / 2;
    const out = tf.tidy(() => {
      const box = [[y0 / height, x0 / width, (y0 + side) / height, (x0 + side) / width]];
      const crop = tf.image.cropAndResize(
        tf.expandDims(tf.cast(frame, 'float32')) as tf.Tensor4D,
        box,
        [0],
        [INPUT_SIZE, INPUT_SIZE],
      );
      return this.model.execute(tf.cast(crop, 'int32')) as tf.Tensor;
    });
    const rows = (await out.data()) as Float32Array;
    out.dispose();
    const points: Keypoint[] = [];
    for (let k = 0; k < 17; k++)
      points.push([x0 + rows[k * 3 + 1]! * side, y0 + rows[k * 3]! * side, rows[k * 3 + 2]!]);
    return points;
  }
}
