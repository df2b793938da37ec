/**
 * A general image embedding from the MobileNetV3 backbone inside CenterNet
 * (COCO-trained, shipped by @vladmandic/human): the stride-16 and stride-32
 * feature maps, each mean-pooled over space and L2-normalised, concatenated.
 * One vector per crop; the small heads (face cover, taught head/hand cover)
 * and retrieval sit on top of it. Crops are any square size (the graph's
 * input shape is relaxed on load); pixels stay in 0…255 as the detector expects.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';

export const EMBEDDING_NODES = [
  'tower_0/MobilenetV3/expanded_conv_11/add',
  'tower_0/extern1/hard_swish/mul_1',
] as const;

export interface EmbeddingSpec {
  /** Graph model the embedding comes from (manifest name). */
  model: string;
  nodes: readonly string[];
  /** Square crop side fed to the backbone. */
  inputSize: number;
}

export const DEFAULT_EMBEDDING: EmbeddingSpec = {
  model: 'centernet',
  nodes: EMBEDDING_NODES,
  inputSize: 128,
};

export class ImageEmbedder {
  constructor(
    private readonly model: GraphModel,
    readonly spec: EmbeddingSpec = DEFAULT_EMBEDDING,
  ) {}

  /** crops: [N, S, S, 3] in 0…255 with S = spec.inputSize → [N, D], each row unit length. */
  embed(crops: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(() => {
      const maps = this.model.execute(crops, [...this.spec.nodes]) as tf.Tensor4D[];
      const parts = maps.map((map) => unitRows(tf.mean(map, [1, 2]) as tf.Tensor2D));
      return tf.div(tf.concat(parts, 1), Math.sqrt(parts.length)) as tf.Tensor2D;
    });
  }
}

function unitRows(x: tf.Tensor2D): tf.Tensor2D {
  return tf.div(x, tf.add(tf.norm(x, 'euclidean', 1, true), 1e-6));
}
