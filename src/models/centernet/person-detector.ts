/**
 * Whole people with CenterNet (MobileNetV3, COCO, as packaged by
 * @vladmandic/human): the frame is squeezed to the detector's 512x512 input,
 * its own top-100 decode ("tower_0/detections": x1, y1, x2, y2, score, class)
 * is read back, and person boxes are kept after non-maximum suppression.
 * Finds people whose face is turned away or hidden, which the face pipeline
 * cannot. The same graph serves the image embedding (its input shape is
 * relaxed on load; the detection head still needs exactly 512x512).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { type Rect, keepDistinct } from '../../shared/geometry.js';

const DETECTIONS = 'tower_0/detections';
const INPUT_SIZE = 512;
/** COCO's first label, 0-based as the graph emits it. */
const PERSON_CLASS = 0;

export interface PersonDetection {
  box: Rect;
  score: number;
}

export class PersonDetector {
  constructor(private readonly model: GraphModel) {}

  /** frame: [H, W, 3] pixels in 0…255. */
  async detect(frame: tf.Tensor3D, minScore = 0.4, maxPeople = 100): Promise<PersonDetection[]> {
    const [height, width] = frame.shape;
    const raw = tf.tidy(() => {
      const input = tf.expandDims(
        tf.image.resizeBilinear(tf.cast(frame, 'float32'), [INPUT_SIZE, INPUT_SIZE]),
      );
      return tf.squeeze(this.model.execute(input, DETECTIONS) as tf.Tensor, [0]) as tf.Tensor2D;
    });
    const rows = (await raw.array()).filter((r) => r[5] === PERSON_CLASS && r[4]! >= minScore);
    raw.dispose();
    const sx = width / INPUT_SIZE;
    const sy = height / INPUT_SIZE;
    const found = rows.map(([x1, y1, x2, y2, score]) => ({
      score: score!,
      box: { x: x1! * sx, y: y1! * sy, width: (x2! - x1!) * sx, height: (y2! - y1!) * sy },
    }));
    return keepDistinct(found, 0.5, maxPeople);
  }
}
