/** Pooling and vector helpers shared by the retrieval cores. */
import * as tf from '@tensorflow/tfjs-core';

/** A part of an image as fractions of its sides: x0, y0, x1, y1. */
export type Box = [number, number, number, number];

export const WHOLE_IMAGE: Box = [0, 0, 1, 1];

/**
 * R-MAC's regions (Tolias et al., 2016) at levels 1…3: l × l squares of side
 * 2m/(l+1), m the shorter side, spread evenly. A query photo often holds
 * its subject in only part of the frame (a print on a wall, a painting in
 * its frame); one of these squares then covers mostly the subject.
 */
export function regionGrid(width: number, height: number): Box[] {
  const boxes: Box[] = [];
  const shorter = Math.min(width, height);
  for (let level = 1; level <= 3; level++) {
    const side = (2 * shorter) / (level + 1);
    const [w, h] = [side / width, side / height];
    const at = (i: number, span: number) => (level === 1 ? (1 - span) / 2 : ((1 - span) * i) / (level - 1));
    for (let iy = 0; iy < level; iy++)
      for (let ix = 0; ix < level; ix++) boxes.push([at(ix, w), at(iy, h), at(ix, w) + w, at(iy, h) + h]);
  }
  return boxes;
}

/**
 * Weights that pool an [H, W] map over each box: a Gaussian centred on the
 * box, σ a third of each side (SPoC's centre prior: people photograph the
 * thing they want found in the middle), summing to 1. [boxes, H·W].
 */
export function poolingWeights(height: number, width: number, boxes: readonly Box[]): Float32Array {
  const weights = new Float32Array(boxes.length * height * width);
  boxes.forEach(([x0, y0, x1, y1], b) => {
    const [left, right] = cellSpan(x0, x1, width);
    const [top, bottom] = cellSpan(y0, y1, height);
    const axis = (i: number, start: number, end: number) =>
      ((i - (start + end - 1) / 2) / ((end - start) / 3)) ** 2;
    let sum = 0;
    for (let y = top; y < bottom; y++) {
      for (let x = left; x < right; x++) {
        const g = Math.exp(-0.5 * (axis(y, top, bottom) + axis(x, left, right)));
        weights[b * height * width + y * width + x] = g;
        sum += g;
      }
    }
    for (let i = b * height * width; i < (b + 1) * height * width; i++) weights[i]! /= sum;
  });
  return weights;
}

/** The cells a fractional span covers: at least one. */
function cellSpan(from: number, to: number, cells: number): [number, number] {
  const start = Math.min(cells - 1, Math.max(0, Math.floor(from * cells + 1e-6)));
  return [start, Math.max(start + 1, Math.min(cells, Math.ceil(to * cells - 1e-6)))];
}

/** [1, H, W, C] pooled by [boxes, H·W] weights, each row L2-normalised: [boxes, C]. */
export function poolBoxes(map: tf.Tensor4D, weights: Float32Array): tf.Tensor2D {
  return tf.tidy(() => {
    const [, height, width, channels] = map.shape;
    const pooled = tf.matMul(
      tf.tensor2d(weights, [weights.length / (height * width), height * width]),
      tf.reshape(map, [height * width, channels]),
    );
    return tf.div(pooled, tf.add(tf.norm(pooled, 'euclidean', 1, true), 1e-6)) as tf.Tensor2D;
  });
}

export function unitVector(v: Float32Array): Float32Array {
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  return v.map((x) => x / norm);
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}
