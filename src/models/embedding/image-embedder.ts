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
  /**
   * Also pool each map over this many horizontal bands (top to bottom). A
   * whole-crop mean cannot tell a helmet above a face from a beard below
   * one; per-band means keep where things are. Absent or 1: whole crop only.
   */
  bands?: number;
  /**
   * Also the crop's mean colour over the same regions (RGB in 0…1, centred on
   * grey). The backbone's pooled maps keep texture and shape but little
   * colour, and colour is what tells a pale glove from skin.
   */
  colour?: boolean;
}

export const DEFAULT_EMBEDDING: EmbeddingSpec = {
  model: 'centernet',
  nodes: EMBEDDING_NODES,
  inputSize: 128,
};

/** How many of an embedding's values (its last ones) are mean colours. */
export function colourWidth(spec: EmbeddingSpec): number {
  return spec.colour ? 3 * (1 + ((spec.bands ?? 1) > 1 ? spec.bands! : 0)) : 0;
}

export class ImageEmbedder {
  constructor(
    private readonly model: GraphModel,
    readonly spec: EmbeddingSpec = DEFAULT_EMBEDDING,
  ) {}

  /** crops: [N, S, S, 3] in 0…255 with S = spec.inputSize → [N, D], each row unit length. */
  embed(crops: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(() => {
      const maps = this.model.execute(crops, [...this.spec.nodes]) as tf.Tensor4D[];
      const parts = maps.flatMap((map) => pooled(map, this.spec.bands ?? 1).map(unitRows));
      const features = tf.div(tf.concat(parts, 1), Math.sqrt(parts.length)) as tf.Tensor2D;
      if (!this.spec.colour) return features;
      const colours = pooled(crops, this.spec.bands ?? 1).map((c) => tf.sub(tf.div(c, 255), 0.5));
      return tf.concat([features, ...colours], 1) as tf.Tensor2D;
    });
  }
}

/** The map's mean over the whole crop, then over each of `bands` horizontal bands. */
function pooled(map: tf.Tensor4D, bands: number): tf.Tensor2D[] {
  const whole = tf.mean(map, [1, 2]) as tf.Tensor2D;
  if (bands <= 1) return [whole];
  const height = map.shape[1];
  const edges = Array.from({ length: bands + 1 }, (_, i) => Math.round((i * height) / bands));
  const strips = edges.slice(1).map((end, i) => {
    const start = Math.min(edges[i]!, end - 1);
    return tf.mean(tf.slice(map, [0, start, 0, 0], [-1, end - start, -1, -1]), [1, 2]) as tf.Tensor2D;
  });
  return [whole, ...strips];
}

function unitRows(x: tf.Tensor2D): tf.Tensor2D {
  return tf.div(x, tf.add(tf.norm(x, 'euclidean', 1, true), 1e-6));
}
