/**
 * Hands with HandTrack (SSD, as packaged by @vladmandic/human): the frame is
 * resized keeping its aspect (height ≤ 320, multiples of 8), run
 * asynchronously (the graph holds dynamic ops), and boxes of every class but
 * "face" are kept after non-maximum suppression.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import type { Rect } from '../../shared/geometry.js';

const OUTPUTS = [
  'StatefulPartitionedCall/Postprocessor/Slice',
  'StatefulPartitionedCall/Postprocessor/ExpandDims_1',
];
const FACE_CLASS = 4;
const MAX_SIDE = 320;

export interface HandDetection {
  box: Rect;
  score: number;
}

export class HandDetector {
  constructor(private readonly model: GraphModel) {}

  /** frame: [H, W, 3] int pixels. */
  async detect(frame: tf.Tensor3D, minScore = 0.5, maxHands = 40): Promise<HandDetection[]> {
    const [height, width] = frame.shape;
    const h = Math.max(8, Math.round(Math.min(height, MAX_SIDE) / 8) * 8);
    const w = Math.max(8, Math.round((h * width) / height / 8) * 8);
    const input = tf.tidy(() => tf.cast(tf.expandDims(tf.image.resizeBilinear(frame, [h, w])), 'int32'));
    const [rawScores, rawBoxes] = (await this.model.executeAsync(input, OUTPUTS)) as tf.Tensor[];
    const { boxes, best } = tf.tidy(() => {
      const scores = tf.squeeze(rawScores!, [0]) as tf.Tensor2D; // [N, 7]
      const classes = tf.unstack(scores, 1);
      classes.splice(FACE_CLASS, 1);
      return {
        boxes: tf.squeeze(rawBoxes!, [0, 2]) as tf.Tensor2D,
        best: tf.max(tf.stack(classes, 1), 1) as tf.Tensor1D,
      };
    });
    try {
      const keep = await tf.image.nonMaxSuppressionAsync(boxes, best, maxHands, 0.3, minScore);
      const [idx, b, s] = await Promise.all([keep.data(), boxes.data(), best.data()]);
      keep.dispose();
      return Array.from(idx, (i) => ({
        score: s[i]!,
        box: {
          x: b[4 * i + 1]! * width,
          y: b[4 * i]! * height,
          width: (b[4 * i + 3]! - b[4 * i + 1]!) * width,
          height: (b[4 * i + 2]! - b[4 * i]!) * height,
        },
      }));
    } finally {
      tf.dispose([input, rawScores!, rawBoxes!, boxes, best]);
    }
  }
}
