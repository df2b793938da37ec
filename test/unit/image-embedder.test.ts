/** The image embedding's layout: unit-length backbone pools, then (when asked) mean colours per region. */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { DEFAULT_EMBEDDING, ImageEmbedder, colourWidth } from '../../src/models/embedding/image-embedder.js';

/** A stand-in backbone: one 2x2 feature map of 4 channels per node, whatever the crop. */
const backbone = {
  execute: (crops: tf.Tensor4D, nodes: string[]) => nodes.map(() => tf.ones([crops.shape[0], 2, 2, 4])),
} as unknown as GraphModel;

describe('image embedding', () => {
  it('appends the mean colour of the whole crop and of each band, centred on grey, when asked', () => {
    // Top half red, bottom half blue: the colour values tell where each colour is.
    const top = tf.tile(tf.tensor4d([255, 0, 0], [1, 1, 1, 3]), [1, 2, 4, 1]);
    const bottom = tf.tile(tf.tensor4d([0, 0, 255], [1, 1, 1, 3]), [1, 2, 4, 1]);
    const crop = tf.concat([top, bottom], 1) as tf.Tensor4D;
    const spec = { ...DEFAULT_EMBEDDING, bands: 2, colour: true };
    const row = new ImageEmbedder(backbone, spec).embed(crop).arraySync()[0]!;
    const plain = new ImageEmbedder(backbone, { ...spec, colour: false }).embed(crop).arraySync()[0]!;
    expect(colourWidth(spec)).toBe(9);
    expect(row).toHaveLength(plain.length + 9);
    expect(row.slice(0, plain.length)).toEqual(plain);
    const colours = row.slice(plain.length).map((v) => Math.round(v * 100) / 100);
    expect(colours).toEqual([0, -0.5, 0, 0.5, -0.5, -0.5, -0.5, -0.5, 0.5]);
    tf.dispose([top, bottom, crop]);
  });

  it('adds nothing without it', () => {
    expect(colourWidth(DEFAULT_EMBEDDING)).toBe(0);
    expect(colourWidth({ ...DEFAULT_EMBEDDING, colour: true })).toBe(3);
  });
});
