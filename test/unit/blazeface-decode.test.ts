import { describe, expect, it } from 'vitest';
import { BACK_256, FRONT_128, generateAnchors } from '../../src/core/face/anchors.js';
import {
  type FaceDetection,
  VALUES_PER_ANCHOR,
  decodeFaces,
  eyeMidpoint,
  nonMaxSuppression,
} from '../../src/core/face/decode.js';
import { iou } from '../../src/shared/geometry.js';
import { letterbox, toFrame } from '../../src/core/face/letterbox.js';

describe('anchors', () => {
  it('gives 896 anchors for both BlazeFace variants', () => {
    expect(generateAnchors(BACK_256).length / 2).toBe(896);
    expect(generateAnchors(FRONT_128).length / 2).toBe(896);
  });
  it('puts the 128-px anchors at half the 256-px positions (what the classic adapter relies on)', () => {
    const back = generateAnchors(BACK_256);
    const front = generateAnchors(FRONT_128);
    expect(Array.from(front)).toEqual(Array.from(back, (v) => v / 2));
  });
});

describe('letterbox', () => {
  it('centres a landscape frame vertically', () => {
    const box = letterbox(640, 480, 256);
    expect(box.scale).toBe(2.5);
    expect(box.offsetX).toBe(0);
    expect(box.offsetY).toBeCloseTo(32);
  });
  it('maps model coordinates back to frame pixels', () => {
    const box = letterbox(480, 640, 256);
    expect(toFrame(box, box.offsetX, box.offsetY)).toEqual([0, 0]);
    const [x, y] = toFrame(box, 256 - box.offsetX, 256 - box.offsetY);
    expect(x).toBeCloseTo(480);
    expect(y).toBeCloseTo(640);
  });
  it('rejects an empty frame', () => expect(() => letterbox(0, 10, 256)).toThrow(RangeError));
});

/** A raw output with one confident face at anchor `i`, offsets in model pixels. */
function rawWithFace(anchors: Float32Array, i: number, logit = 4): Float32Array {
  const raw = new Float32Array((anchors.length / 2) * VALUES_PER_ANCHOR).fill(0);
  for (let a = 0; a < anchors.length / 2; a++) raw[a * VALUES_PER_ANCHOR] = -10;
  const o = i * VALUES_PER_ANCHOR;
  raw.set([logit, 2, -1, 40, 40, -8, -5, 8, -5, 0, 3, 0, 10, -15, 0, 15, 0], o);
  return raw;
}

describe('decodeFaces', () => {
  const anchors = generateAnchors(BACK_256);
  const box = letterbox(640, 480, 256);

  it('decodes box and landmarks relative to the anchor, into frame pixels', () => {
    const i = 100; // fine grid, anchor at (8 + 16*col, 8 + 16*row)
    const [ax, ay] = [anchors[2 * i]!, anchors[2 * i + 1]!];
    const [face] = decodeFaces(rawWithFace(anchors, i), anchors, box);
    expect(face).toBeDefined();
    expect(face!.score).toBeCloseTo(1 / (1 + Math.exp(-4)));
    const [fx, fy] = toFrame(box, ax + 2 - 20, ay - 1 - 20);
    expect(face!.box.x).toBeCloseTo(fx);
    expect(face!.box.y).toBeCloseTo(fy);
    expect(face!.box.width).toBeCloseTo(40 * box.scale);
    const [ex, ey] = toFrame(box, ax, ay - 5);
    expect(eyeMidpoint(face!)[0]).toBeCloseTo(ex);
    expect(eyeMidpoint(face!)[1]).toBeCloseTo(ey);
  });

  it('drops anchors under the score threshold', () => {
    expect(decodeFaces(rawWithFace(anchors, 100, -1), anchors, box)).toEqual([]);
  });

  it('refuses an output of the wrong size', () => {
    expect(() => decodeFaces(new Float32Array(10), anchors, box)).toThrow(/expected 15232/);
  });
});

describe('nonMaxSuppression', () => {
  const face = (x: number, score: number): FaceDetection => ({
    box: { x, y: 0, width: 10, height: 10 },
    landmarks: [],
    score,
  });
  it('keeps the best of overlapping boxes and every separate one', () => {
    const kept = nonMaxSuppression([face(0, 0.7), face(1, 0.9), face(50, 0.8)], 0.3, 10);
    expect(kept.map((f) => f.score)).toEqual([0.9, 0.8]);
  });
  it('caps the count', () =>
    expect(nonMaxSuppression([face(0, 0.7), face(50, 0.8)], 0.3, 1)).toHaveLength(1));
  it('computes IoU', () => expect(iou(face(0, 1).box, face(5, 1).box)).toBeCloseTo(50 / 150));
});
