/**
 * Local matching and re-ranking: tentative matches are mutual nearest
 * neighbours whose cosine clears a floor; an affine RANSAC counts how many of
 * them agree on one geometry. All candidates' descriptors meet the query's in
 * one matrix product on the active TF.js backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import { affineRansac, DEFAULT_RANSAC, type PointPair } from './affine-ransac.js';
import type { LocalFeatures } from './image-features.js';

export interface VerifySettings {
  /** Cosine a tentative match needs. */
  minSimilarity: number;
  /**
   * RANSAC inlier distance as a fraction of the candidate's longer side (a stride-16 cell is about 4% of a
   * 384-px pass).
   */
  tolerance: number;
  /** Inliers that make a candidate verified: verified candidates go first. */
  minInliers: number;
}

export const DEFAULT_VERIFY: VerifySettings = { minSimilarity: 0.7, tolerance: 0.04, minInliers: 15 };

export interface VerifyTarget {
  local: LocalFeatures;
  width: number;
  height: number;
}

export interface Verification {
  inliers: number;
  /** The agreeing pairs: query x, y → candidate x, y. */
  pairs: PointPair[];
}

/** Inlier counts (and the agreeing pairs) of each candidate against the query's local features. */
export function verifyCandidates(
  query: LocalFeatures,
  candidates: readonly VerifyTarget[],
  settings: VerifySettings = DEFAULT_VERIFY,
): Verification[] {
  const usable = candidates.filter((c) => c.local.count > 0 && c.local.dims === query.dims);
  if (query.count === 0 || usable.length === 0) return candidates.map(() => ({ inliers: 0, pairs: [] }));
  const sims = similarities(query, usable);
  let offset = 0;
  return candidates.map((candidate) => {
    if (!usable.includes(candidate)) return { inliers: 0, pairs: [] };
    const rows = candidate.local.count;
    const block = sims.subarray(offset * query.count, (offset + rows) * query.count);
    offset += rows;
    const pairs = mutualMatches(block, rows, query.count, settings.minSimilarity).map(([r, q]): PointPair => [
      query.keypoints[2 * q]!,
      query.keypoints[2 * q + 1]!,
      candidate.local.keypoints[2 * r]!,
      candidate.local.keypoints[2 * r + 1]!,
    ]);
    const tolerance = settings.tolerance * Math.max(candidate.width, candidate.height);
    const { inliers } = affineRansac(pairs, { ...DEFAULT_RANSAC, tolerance });
    return { inliers: inliers.length, pairs: inliers.map((i) => pairs[i]!) };
  });
}

/** [Σ candidate rows, query rows] cosines, row-major. */
function similarities(query: LocalFeatures, candidates: readonly VerifyTarget[]): Float32Array {
  // The tensor leaves tidy, not its data: tidy walks a returned typed array element by element (0.3 s for 2M
  // cosines).
  const product = tf.tidy(() => {
    // Transposed here, not by matMul's flag: WASM's transposed-B product is several times slower.
    const q = tf.transpose(
      tf.div(tf.tensor2d(Float32Array.from(query.descriptors), [query.count, query.dims]), 127 * 127),
    );
    const all = new Int8Array(candidates.reduce((n, c) => n + c.local.descriptors.length, 0));
    let at = 0;
    for (const c of candidates) {
      all.set(c.local.descriptors, at);
      at += c.local.descriptors.length;
    }
    const r = tf.tensor2d(Float32Array.from(all), [all.length / query.dims, query.dims]);
    return tf.matMul(r, q);
  });
  const sims = product.dataSync() as Float32Array;
  product.dispose();
  return sims;
}

/**
 * Pairs [row, column] that are each other's best match in a rows × cols similarity matrix, above the floor.
 */
export function mutualMatches(
  sims: Float32Array,
  rows: number,
  cols: number,
  floor: number,
): [number, number][] {
  const bestCol = new Int32Array(rows).fill(-1);
  const bestRow = new Int32Array(cols).fill(-1);
  const rowMax = new Float32Array(rows).fill(-Infinity);
  const colMax = new Float32Array(cols).fill(-Infinity);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const s = sims[r * cols + c]!;
      if (s > rowMax[r]!) [rowMax[r], bestCol[r]] = [s, c];
      if (s > colMax[c]!) [colMax[c], bestRow[c]] = [s, r];
    }
  }
  const out: [number, number][] = [];
  for (let r = 0; r < rows; r++) {
    const c = bestCol[r]!;
    if (c >= 0 && bestRow[c] === r && rowMax[r]! >= floor) out.push([r, c]);
  }
  return out;
}

export interface Ranked {
  /** Global cosine. */
  score: number;
  inliers: number;
}

/**
 * The final order: candidates with at least `minInliers` inliers first, by
 * inliers; the rest after them by score. Below the floor an inlier
 * count is mostly chance (flat or repetitive images), so it does not
 * overturn the score.
 */
export function rerankOrder<T extends Ranked>(items: readonly T[], minInliers: number): T[] {
  const key = (x: T) => (x.inliers >= minInliers ? x.inliers : 0);
  return [...items].sort((a, b) => key(b) - key(a) || b.score - a.score);
}
