/** The part finder's grid (targets and decoding) and how its parts join the face pipeline's. */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import {
  CENTRE,
  IGNORED,
  NOT_CENTRE,
  boxOfCell,
  cellTargets,
  decodeGrid,
  gridPeaks,
  wantsCloserLook,
  withSmallParts,
} from '../../src/core/ppe/part-grid.js';
import {
  addedFaces,
  headsOfBodies,
  headsOfFaces,
  headsWithoutFace,
  mergedHands,
} from '../../src/core/ppe/finder-parts.js';
import { fitBoxRegressor } from '../../src/core/learning/box-regressor.js';
import { letterboxOf, toFrame } from '../../src/models/part-finder/feature-grid.js';
import { iou } from '../../src/shared/geometry.js';
import { lookZoomedOut } from '../../src/services/ppe/zoomed-out-look.js';

const grid = { cells: 8, stride: 16 };

describe('head grid', () => {
  it('labels the centre cell, leaves its neighbours out and the rest as background', () => {
    const head = { x: 40, y: 40, width: 32, height: 32 }; // centre (56, 56): cell row 3, col 3
    const { labels, near } = cellTargets(grid, [head], []);
    expect(labels[3 * 8 + 3]).toBe(CENTRE);
    expect(labels[2 * 8 + 3]).toBe(IGNORED);
    expect(labels[0]).toBe(NOT_CENTRE);
    expect(labels.filter((l) => l === CENTRE)).toHaveLength(1);
    // Every near cell's box leads back to the head.
    for (const { cell, box } of near)
      expect(iou(boxOfCell(box, Math.floor(cell / 8), cell % 8, 16), head)).toBeCloseTo(1, 5);
  });

  it('leaves unlabelled regions out instead of calling them background', () => {
    const { labels } = cellTargets(grid, [], [{ x: 0, y: 0, width: 32, height: 32 }]);
    expect(labels[0]).toBe(IGNORED);
    expect(labels[1 * 8 + 1]).toBe(IGNORED);
    expect(labels[2 * 8 + 2]).toBe(NOT_CENTRE);
  });

  it('finds one peak per bump, none below the threshold, one on a plateau', () => {
    const scores = new Float32Array(64);
    scores[9] = 0.9;
    scores[10] = 0.8;
    scores[40] = 0.6;
    scores[41] = 0.6;
    scores[63] = 0.3;
    expect(gridPeaks(scores, 8, 0.5)).toEqual([9, 40]);
  });

  it('decodes peaks into boxes and merges overlapping ones', () => {
    const scores = new Float32Array(64);
    scores[0] = 0.9;
    scores[2] = 0.8; // two cells apart, but its box is the same head
    const box = (cell: number) =>
      (cell === 0 ? [0.5, 0.5, Math.log(2), Math.log(2)] : [-1.5, 0.5, Math.log(2), Math.log(2)]) as [
        number,
        number,
        number,
        number,
      ];
    const found = decodeGrid(grid, scores, box, 0.5);
    expect(found).toHaveLength(1);
    expect(found[0]!.box).toEqual({ x: 0, y: 0, width: 32, height: 32 });
  });
});

describe('letterbox', () => {
  it('maps input pixels back to the frame', () => {
    const box = letterboxOf(640, 480, 384); // scale 0.6, padded 48 px above and below
    expect(box.y).toBeCloseTo(48);
    expect(toFrame({ x: 60, y: 108, width: 60, height: 30 }, box)).toEqual({
      x: 100,
      y: 100,
      width: 100,
      height: 50,
    });
  });
});

describe('closer look', () => {
  const first = [{ box: { x: 100, y: 100, width: 120, height: 130 }, score: 0.99 }];

  it('adds the small heads only a closer look found, and no piece of a large one', () => {
    const far = { box: { x: 400, y: 50, width: 14, height: 16 }, score: 0.996 };
    const sameFar = { box: { x: 402, y: 52, width: 12, height: 13 }, score: 0.97 };
    const pieceOfLarge = { box: { x: 130, y: 110, width: 60, height: 60 }, score: 0.999 };
    const kept = withSmallParts(first, [far, sameFar, pieceOfLarge], 640);
    expect(kept.map((p) => p.box)).toEqual([far.box, first[0]!.box]); // surest first
    expect(kept.some((p) => p.seenTwice)).toBe(false); // each was found by one look only
  });

  it('looks closer when a small head or no head was found, not at people close up', () => {
    const far = { box: { x: 400, y: 50, width: 30, height: 34 }, score: 0.99 };
    expect(wantsCloserLook([], 640)).toBe(true);
    expect(wantsCloserLook([first[0]!, far], 640)).toBe(true);
    expect(wantsCloserLook(first, 640)).toBe(false);
  });

  it('keeps a small part once when both looks found it, the surer, marked as seen twice (its own witness)', () => {
    const small = { box: { x: 10, y: 10, width: 20, height: 22 }, score: 0.995 };
    const surer = { box: { x: 11, y: 9, width: 19, height: 22 }, score: 0.999 };
    expect(withSmallParts([small], [surer], 640)).toEqual([{ ...surer, seenTwice: true }]);
  });
});

describe('zoomed-out look', () => {
  it('shows the detector the frame at half size inside a border, and maps its boxes back onto the frame', async () => {
    const frame = tf.zeros([40, 60, 3]) as tf.Tensor3D;
    let seen: number[] = [];
    // In the padded frame (120x80) the frame starts at (30, 20); a box from (40, 25) is at (10, 5).
    const found = await lookZoomedOut(frame, async (padded) => {
      seen = padded.shape;
      return [
        { box: { x: 40, y: 25, width: 20, height: 10 }, score: 0.9 },
        { box: { x: 20, y: 10, width: 100, height: 70 }, score: 0.5 },
      ];
    });
    expect(seen).toEqual([80, 120, 3]);
    expect(found[0]).toEqual({ box: { x: 10, y: 5, width: 20, height: 10 }, score: 0.9 });
    expect(found[1]!.box).toEqual({ x: 0, y: 0, width: 60, height: 40 });
    frame.dispose();
  });
});

describe('box regressor', () => {
  it('learns a smooth map it was shown', async () => {
    await tf.setBackend('cpu');
    const x = tf.randomNormal([400, 3], 0, 1, 'float32', 1) as tf.Tensor2D;
    const y = tf.add(tf.matMul(x, tf.tensor2d([[1], [-2], [0.5]])), 3) as tf.Tensor2D;
    const options = { hidden: 16, epochs: 60, learningRate: 0.01, l2: 0, batchSize: 32, seed: 1 };
    const fitted = await fitBoxRegressor(x, y, options);
    const error = tf.mean(tf.abs(tf.sub(fitted.predict(x), y))).dataSync()[0]!;
    const spread = tf.mean(tf.abs(tf.sub(y, tf.mean(y)))).dataSync()[0]!;
    expect(error).toBeLessThan(spread * 0.1);
    tf.dispose([x, y, ...Object.values(fitted.weights)]);
  });
});

describe('finder parts', () => {
  const face = { box: { x: 100, y: 100, width: 40, height: 40 }, score: 0.9, landmarks: [] };

  it('adds only the faces BlazeFace did not find', () => {
    const same = { box: { x: 104, y: 98, width: 40, height: 44 }, score: 0.8 };
    const masked = { box: { x: 300, y: 100, width: 40, height: 40 }, score: 0.8 };
    expect(addedFaces([face], [same, masked]).map((f) => f.box)).toEqual([masked.box]);
  });

  it('keeps only heads no face explains', () => {
    const ownHead = { box: { x: 90, y: 70, width: 60, height: 70 }, score: 0.9 };
    const helmet = { box: { x: 400, y: 40, width: 30, height: 30 }, score: 0.7 };
    expect(headsWithoutFace([face], [ownHead, helmet])).toEqual([helmet]);
  });

  it("takes a finder head as a face's head box only when it is about that head's size", () => {
    const ownHead = { box: { x: 88, y: 66, width: 64, height: 76 }, score: 0.9 };
    const wholePerson = { box: { x: 40, y: 40, width: 160, height: 400 }, score: 0.95 };
    expect(headsOfFaces([face], [wholePerson, ownHead])).toEqual([ownHead]);
    expect(headsOfFaces([face], [wholePerson])).toEqual([null]);
  });

  it('does not take a finder box round the face alone as its head box: a helmet sits above the brow', () => {
    const faceOnly = { box: { x: 94, y: 96, width: 52, height: 56 }, score: 0.95 };
    const ownHead = { box: { x: 88, y: 66, width: 64, height: 76 }, score: 0.9 };
    expect(headsOfFaces([face], [faceOnly])).toEqual([null]);
    expect(headsOfFaces([face], [faceOnly, ownHead])).toEqual([ownHead]);
  });

  it("does not take a box reaching only a third of a face height above the brow: a hard hat's crown sits higher", () => {
    const toBrim = { box: { x: 88, y: 87, width: 64, height: 56 }, score: 0.9 }; // 13 px (0.33 faces) above
    const toCrown = { box: { x: 88, y: 78, width: 64, height: 64 }, score: 0.9 }; // 22 px (0.55 faces) above
    expect(headsOfFaces([face], [toBrim])).toEqual([null]);
    expect(headsOfFaces([face], [toCrown])).toEqual([toCrown]);
  });

  it("puts the finder's hands first and adds only the detector's hands it missed", () => {
    const glove = { box: { x: 10, y: 10, width: 40, height: 40 }, score: 0.9 };
    const sameGlove = { box: { x: 14, y: 8, width: 44, height: 46 }, score: 0.7 };
    const other = { box: { x: 200, y: 10, width: 40, height: 40 }, score: 0.8 };
    expect(mergedHands([glove], [sameGlove, other])).toEqual([glove, other]);
  });

  it('gives a faceless body the head at its top; a head without a body stands alone', () => {
    const bodies = [
      { box: { x: 0, y: 0, width: 100, height: 300 }, score: 0.9 }, // owned by a face
      { box: { x: 200, y: 0, width: 100, height: 300 }, score: 0.9 },
    ];
    const onBody = { box: { x: 235, y: 5, width: 30, height: 30 }, score: 0.8 };
    const far = { box: { x: 500, y: 5, width: 30, height: 30 }, score: 0.8 };
    const got = headsOfBodies(bodies, new Set([0]), [onBody, far]);
    expect(got.bodyHeads).toEqual([null, onBody]);
    expect(got.alone).toEqual([far]);
  });
});
