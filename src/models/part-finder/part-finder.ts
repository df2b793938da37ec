/**
 * Heads, faces and hands found in one look: CenterNet's backbone grid
 * (feature-grid.ts), and per kind a small classifier ("is a head centred in
 * this cell?") with a box regression beside it, trained by
 * `npm run train -- part-finder` (tools/eval/tasks/train-part-finder.ts).
 * Finds the masked faces BlazeFace misses, helmeted heads seen from above or
 * afar where neither a face nor a pose can be made out, and gloved hands
 * held close, with boxes drawn as the cover heads' training crops were.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { CoverHead, type HeadWeights } from '../../core/learning/cover-head.js';
import { BoxRegressor } from '../../core/learning/box-regressor.js';
import {
  type CellBox,
  type LookedPart,
  decodeGrid,
  wantsCloserLook,
  withSmallParts,
} from '../../core/ppe/part-grid.js';
import type { Scored } from '../../shared/geometry.js';
import { GRID_STRIDE, featureGrid, toFrame } from './feature-grid.js';

export const FINDER_KINDS = ['head', 'face', 'hand'] as const;
export type FinderKind = (typeof FINDER_KINDS)[number];

/** Per kind, the parts found; heads say whether both looks found them. */
export type FinderParts = Record<FinderKind, Scored[]> & { head: LookedPart[] };

export interface FinderSettings {
  /** Square input side the frame is letterboxed to (a multiple of 32). */
  inputSize: number;
  /** Per kind: the cell score a found part needs. */
  thresholds: Record<FinderKind, number>;
}

/** One kind's weights: a CoverHead-shaped classifier and a BoxRegressor's (4 outputs: a CellBox). */
export interface FinderKindWeights {
  classifier: HeadWeights;
  box: HeadWeights;
}

export class PartFinder {
  private readonly classifiers: Record<FinderKind, CoverHead>;
  private readonly regressors: Record<FinderKind, BoxRegressor>;

  constructor(
    private readonly backbone: GraphModel,
    private readonly weights: Record<FinderKind, FinderKindWeights>,
    readonly settings: FinderSettings,
  ) {
    const each = <T>(make: (w: FinderKindWeights) => T) =>
      Object.fromEntries(FINDER_KINDS.map((k) => [k, make(weights[k])])) as Record<FinderKind, T>;
    this.classifiers = each((w) => new CoverHead(w.classifier));
    this.regressors = each((w) => new BoxRegressor(w.box));
  }

  /** The same weights with other settings (e.g. a lower threshold to measure at several). */
  withSettings(settings: FinderSettings): PartFinder {
    return new PartFinder(this.backbone, this.weights, settings);
  }

  /**
   * pixels: [H, W, 3] in 0…255 → heads, faces and hands in frame pixels,
   * surest first. `closer`: look for heads a second time with the frame
   * enlarged FINE_SCALE times, for the small, far heads of a wide scene (a
   * 20-px head in a 640-px frame is 12 px, under a grid cell, at the first
   * look), when the first look found a small head or none; it costs about
   * four times the first look.
   */
  async find(pixels: tf.Tensor3D, closer = false): Promise<FinderParts> {
    const first = await this.look(pixels, this.settings.inputSize, FINDER_KINDS);
    const side = Math.max(pixels.shape[0], pixels.shape[1]);
    if (!closer || !wantsCloserLook(first.head, side)) return first;
    // Heads only: its small faces would each need a witness, and the group photo's round sleeve badge
    // got one (the wearer's own pose) and became a fourth person.
    const second = await this.look(pixels, this.settings.inputSize * FINE_SCALE, ['head']);
    return { ...first, head: withSmallParts(first.head, second.head, side) };
  }

  /** One kind only, at the first look's size. */
  async findKind(pixels: tf.Tensor3D, kind: FinderKind): Promise<Scored[]> {
    return (await this.look(pixels, this.settings.inputSize, [kind]))[kind];
  }

  /** The kinds asked for, found at one input size (the others left empty). */
  private async look(
    pixels: tf.Tensor3D,
    inputSize: number,
    kinds: readonly FinderKind[],
  ): Promise<FinderParts> {
    const grid = featureGrid(this.backbone, pixels, inputSize);
    const cells = grid.features.shape[0];
    const outputs = tf.tidy(() => {
      const x = tf.reshape(grid.features, [cells * cells, -1]) as tf.Tensor2D;
      return kinds.map((kind) => ({
        scores: this.classifiers[kind].predict(x),
        boxes: this.regressors[kind].predict(x),
      }));
    });
    grid.features.dispose();
    const found: FinderParts = { head: [], face: [], hand: [] };
    for (const [i, kind] of kinds.entries()) {
      const { scores, boxes } = outputs[i]!;
      const [s, b] = await Promise.all([scores.data(), boxes.data()]);
      tf.dispose([scores, boxes]);
      const cellBox = (cell: number) => Array.from(b.subarray(cell * 4, cell * 4 + 4)) as CellBox;
      found[kind] = decodeGrid(
        { cells, stride: GRID_STRIDE },
        s,
        cellBox,
        this.settings.thresholds[kind],
      ).map((d) => ({ ...d, box: toFrame(d.box, grid.letterbox) }));
      found[kind] = await textured(pixels, found[kind]);
    }
    return found;
  }
}

/** The closer look enlarges the frame this many times over the first. */
export const FINE_SCALE = 2;

/**
 * Pixel spread a part needs (the largest of its colour channels' standard
 * deviations over the box, 0…255). A
 * flat area is no head, face or hand; the finder learned from crops pasted
 * as rectangles and can take a plain rectangle (a one-colour image inside
 * its grey letterbox) for one.
 */
const MIN_PART_SPREAD = 6;

async function textured(pixels: tf.Tensor3D, parts: Scored[]): Promise<Scored[]> {
  const [height, width] = pixels.shape;
  const kept: Scored[] = [];
  for (const part of parts) {
    const x = Math.max(0, Math.floor(part.box.x));
    const y = Math.max(0, Math.floor(part.box.y));
    const w = Math.min(width, Math.ceil(part.box.x + part.box.width)) - x;
    const h = Math.min(height, Math.ceil(part.box.y + part.box.height)) - y;
    if (w < 2 || h < 2) continue;
    const spread = tf.tidy(() => {
      const region = tf.cast(tf.slice(pixels, [y, x, 0], [h, w, 3]), 'float32');
      // Per colour channel: a flat red area is flat, however far apart its red and green values are.
      return tf.max(tf.sqrt(tf.moments(region, [0, 1]).variance));
    });
    if ((await spread.data())[0]! >= MIN_PART_SPREAD) kept.push(part);
    spread.dispose();
  }
  return kept;
}
