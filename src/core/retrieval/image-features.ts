/**
 * One backbone pass per scale gives both halves of DELG's design: a global
 * descriptor for the first pass and local features for geometric
 * verification. The backbone is CenterNet's MobileNetV3 (COCO-trained,
 * shipped by @vladmandic/human) with its input shape relaxed, so any image
 * size whose sides are multiples of 32 runs as it is.
 *
 * Global: the stride-4, -8 and -16 maps, each sum-pooled under a centred
 * Gaussian (SPoC's centre prior), L2-normalised, concatenated, summed over
 * scales. Early layers carry the colour and texture that tell wallpapers,
 * products and paintings apart; the stride-16 map carries shapes. A query
 * also gets the same descriptor for each of R-MAC's regions, for re-ranking.
 * Local: the stride-16 locations whose activation stands furthest above what
 * a featureless picture of the same size gets there (DELF's attention, with
 * that ratio standing in for a trained attention head), their unit feature
 * vectors as descriptors, keypoints in the source image's pixels.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { type Box, poolBoxes, poolingWeights, regionGrid, unitVector, WHOLE_IMAGE } from './pooling.js';

export const GLOBAL_NODES = [
  'tower_0/MobilenetV3/expanded_conv_2/add',
  'tower_0/MobilenetV3/expanded_conv_5/add',
  'tower_0/MobilenetV3/expanded_conv_11/add',
] as const;
/** The node whose locations become local features (stride 16). */
export const LOCAL_NODE = GLOBAL_NODES[2];
const LOCAL_STRIDE = 16;

export interface FeatureSettings {
  /** Longer side of each pass, in pixels (rounded to a multiple of 32). */
  scales: number[];
  /** Local features kept per image, strongest first, over all scales. */
  localCount: number;
}

export const DEFAULT_FEATURE_SETTINGS: FeatureSettings = { scales: [256, 384], localCount: 200 };

export interface LocalFeatures {
  count: number;
  dims: number;
  /** x, y per feature, in the source image's pixels. */
  keypoints: Float32Array;
  /** count × dims unit vectors, × 127, rounded: a quarter of float32's bytes. */
  descriptors: Int8Array;
}

export interface ImageFeatures {
  width: number;
  height: number;
  /** Unit length. */
  global: Float32Array;
  /** The global descriptor of each of R-MAC's regions (only when asked for). */
  regions: Float32Array[];
  local: LocalFeatures;
}

export interface ExtractOptions {
  /** Also describe the image's regions (queries, for re-ranking). */
  regions?: boolean;
}

/**
 * The image at a given size as [H, W, 3] pixels in 0…255 (the caller's resampler: canvas in a worker,
 * bilinear in Node).
 */
export type ScaledPixels = (width: number, height: number) => tf.Tensor3D;

interface Candidate {
  strength: number;
  x: number;
  y: number;
  vector: Float32Array;
}

export class FeatureExtractor {
  /** Per pass size, each stride-16 location's activation norm for a flat grey picture. */
  private readonly featureless = new Map<string, Promise<Float32Array>>();

  constructor(
    private readonly model: GraphModel,
    readonly settings: FeatureSettings = DEFAULT_FEATURE_SETTINGS,
  ) {}

  async extract(
    pixels: ScaledPixels,
    width: number,
    height: number,
    options: ExtractOptions = {},
  ): Promise<ImageFeatures> {
    if (!(width > 0 && height > 0)) throw new RangeError(`an image needs pixels (got ${width}×${height})`);
    const boxes = options.regions ? [WHOLE_IMAGE, ...regionGrid(width, height)] : [WHOLE_IMAGE];
    const pooled: Float32Array[] = [];
    const candidates: Candidate[] = [];
    for (const side of this.settings.scales) {
      const [w, h] = passSize(width, height, side);
      const { global, local } = this.pass(pixels(w, h), boxes);
      pooled.push((await global.data()) as Float32Array);
      const [, gh, gw, dims] = local.shape;
      const featureless = await this.featurelessNorms(w, h);
      collectLocations(
        (await local.data()) as Float32Array,
        { gw, gh, dims, sx: width / w, sy: height / h, featureless },
        candidates,
      );
      tf.dispose([global, local]);
    }
    const [whole, ...regions] = splitRows(sumVectors(pooled), boxes.length).map(unitVector);
    return { width, height, global: whole!, regions, local: strongest(candidates, this.settings.localCount) };
  }

  /** [boxes × descriptor dims] pooled descriptors and the stride-16 map of one pass. */
  private pass(input: tf.Tensor3D, boxes: readonly Box[]): { global: tf.Tensor2D; local: tf.Tensor4D } {
    return tf.tidy(() => {
      const batch = tf.expandDims(tf.cast(input, 'float32'), 0) as tf.Tensor4D;
      input.dispose();
      const maps = this.model.execute(batch, [...GLOBAL_NODES]) as tf.Tensor4D[];
      const parts = maps.map((map) => poolBoxes(map, poolingWeights(map.shape[1], map.shape[2], boxes)));
      return { global: tf.concat(parts, 1) as tf.Tensor2D, local: tf.keep(maps[2]!) };
    });
  }

  /**
   * The backbone's zero padding makes the outer cells of any picture strong:
   * a flat black one's border cells are 2–3 times its centre's. Ranked by
   * raw norm, those cells won, and matched border to border they verified
   * unrelated pictures. Measured once per pass size.
   */
  private featurelessNorms(width: number, height: number): Promise<Float32Array> {
    const key = `${width}×${height}`;
    let norms = this.featureless.get(key);
    if (!norms) {
      const norm = tf.tidy(() =>
        tf.norm(
          this.model.execute(tf.fill([1, height, width, 3], 128), LOCAL_NODE) as tf.Tensor4D,
          'euclidean',
          -1,
        ),
      );
      norms = norm.data().then((data) => (norm.dispose(), data as Float32Array));
      this.featureless.set(key, norms);
    }
    return norms;
  }
}

/**
 * Pass size: the longer side near `side`, both multiples of 32 (the backbone's total stride), aspect kept.
 */
export function passSize(width: number, height: number, side: number): [number, number] {
  const scale = side / Math.max(width, height);
  const round = (v: number) => Math.max(32, Math.round((v * scale) / 32) * 32);
  return [round(width), round(height)];
}

interface LocalMap {
  gw: number;
  gh: number;
  dims: number;
  /** Source pixels per pass pixel. */
  sx: number;
  sy: number;
  /** A featureless picture's norm at each location. */
  featureless: Float32Array;
}

function collectLocations(
  data: Float32Array,
  { gw, gh, dims, sx, sy, featureless }: LocalMap,
  out: Candidate[],
): void {
  for (let y = 0; y < gh; y++) {
    for (let x = 0; x < gw; x++) {
      const vector = data.slice((y * gw + x) * dims, (y * gw + x + 1) * dims);
      let norm = 0;
      for (const v of vector) norm += v * v;
      norm = Math.sqrt(norm);
      if (norm === 0) continue;
      for (let i = 0; i < dims; i++) vector[i]! /= norm;
      const strength = norm / Math.max(featureless[y * gw + x]!, 1e-6);
      // A cell's centre, back in the source image's pixels.
      out.push({ strength, x: (x + 0.5) * LOCAL_STRIDE * sx, y: (y + 0.5) * LOCAL_STRIDE * sy, vector });
    }
  }
}

function strongest(candidates: Candidate[], count: number): LocalFeatures {
  const kept = [...candidates].sort((a, b) => b.strength - a.strength).slice(0, count);
  const dims = kept[0]?.vector.length ?? 0;
  const keypoints = new Float32Array(kept.length * 2);
  const descriptors = new Int8Array(kept.length * dims);
  kept.forEach((c, i) => {
    keypoints[2 * i] = c.x;
    keypoints[2 * i + 1] = c.y;
    for (let d = 0; d < dims; d++) descriptors[i * dims + d] = Math.round(c.vector[d]! * 127);
  });
  return { count: kept.length, dims, keypoints, descriptors };
}

/** A flat [rows × n] array as its rows. */
function splitRows(flat: Float32Array, rows: number): Float32Array[] {
  const n = flat.length / rows;
  return Array.from({ length: rows }, (_, r) => flat.slice(r * n, (r + 1) * n));
}

function sumVectors(vectors: Float32Array[]): Float32Array {
  const sum = new Float32Array(vectors[0]?.length ?? 0);
  for (const v of vectors) v.forEach((x, i) => (sum[i]! += x));
  return sum;
}
