/**
 * Geometric verification: the largest set of tentative matches one affine map
 * explains (RANSAC over 3-point samples, seeded so a query always gets the
 * same answer). Hypotheses that mirror, squash or blow up the image are
 * skipped: a photo of a picture is a rotation, a zoom and mild perspective.
 * Written here because an affine fit from three points is a 3×3 solve and
 * the loop around it is the whole algorithm.
 */
import { mulberry32 } from '../../shared/seeded-random.js';

/** x, y of a point in the query, then x, y of its match in the candidate. */
export type PointPair = [number, number, number, number];

/** u = a·x + b·y + c, v = d·x + e·y + f. */
export type Affine = [number, number, number, number, number, number];

export interface RansacOptions {
  iterations: number;
  /** Inlier distance in the candidate's pixels. */
  tolerance: number;
  /** Largest ratio of the map's two singular values (anisotropy). */
  maxAnisotropy: number;
  /** Allowed zoom range, as [smallest, largest] singular value. */
  scaleRange: [number, number];
  seed: number;
}

export const DEFAULT_RANSAC: Omit<RansacOptions, 'tolerance'> = {
  iterations: 300,
  maxAnisotropy: 2,
  scaleRange: [0.25, 8],
  seed: 1,
};

export interface RansacResult {
  affine: Affine | null;
  /** Indices into the pairs. */
  inliers: number[];
}

export function affineRansac(pairs: readonly PointPair[], options: RansacOptions): RansacResult {
  let best: RansacResult = { affine: null, inliers: [] };
  if (pairs.length < 3) return best;
  const random = mulberry32(options.seed);
  let needed = options.iterations;
  for (let it = 0; it < Math.min(needed, options.iterations); it++) {
    const sample = [0, 0, 0].map(() => Math.floor(random() * pairs.length));
    if (new Set(sample).size < 3) continue;
    const affine = affineFrom3(sample.map((i) => pairs[i]!));
    if (!affine || !plausible(affine, options)) continue;
    const inliers = inliersOf(pairs, affine, options.tolerance);
    if (inliers.length > best.inliers.length) {
      best = { affine, inliers };
      needed = iterationsFor(inliers.length / pairs.length);
    }
  }
  return best;
}

/** The affine map taking three query points to their matches (null when the three are collinear). */
export function affineFrom3(p: PointPair[]): Affine | null {
  const [[x1, y1], [x2, y2], [x3, y3]] = p as [PointPair, PointPair, PointPair];
  const det = x1 * (y2 - y3) - y1 * (x2 - x3) + (x2 * y3 - x3 * y2);
  if (Math.abs(det) < 1e-6) return null;
  // Cramer's rule on [x y 1]·[a b c]ᵀ = u, once for u and once for v.
  const solve = (t1: number, t2: number, t3: number): [number, number, number] => [
    (t1 * (y2 - y3) - y1 * (t2 - t3) + (t2 * y3 - t3 * y2)) / det,
    (x1 * (t2 - t3) - t1 * (x2 - x3) + (x2 * t3 - x3 * t2)) / det,
    (x1 * (y2 * t3 - y3 * t2) - y1 * (x2 * t3 - x3 * t2) + t1 * (x2 * y3 - x3 * y2)) / det,
  ];
  return [...solve(p[0]![2], p[1]![2], p[2]![2]), ...solve(p[0]![3], p[1]![3], p[2]![3])] as Affine;
}

/** Singular values of the linear part, larger first. */
export function singularValues([a, b, , d, e]: Affine): [number, number] {
  const det = a * e - b * d;
  const fro = a * a + b * b + d * d + e * e;
  const disc = Math.sqrt(Math.max(0, fro * fro - 4 * det * det));
  return [Math.sqrt((fro + disc) / 2), Math.sqrt(Math.max(0, (fro - disc) / 2))];
}

function plausible(affine: Affine, options: RansacOptions): boolean {
  const [a, b, , d, e] = affine;
  if (a * e - b * d <= 0) return false; // a mirror image
  const [s1, s2] = singularValues(affine);
  return s2 >= options.scaleRange[0] && s1 <= options.scaleRange[1] && s1 <= options.maxAnisotropy * s2;
}

export function applyAffine([a, b, c, d, e, f]: Affine, x: number, y: number): [number, number] {
  return [a * x + b * y + c, d * x + e * y + f];
}

/**
 * Samples after which an all-inlier sample has been drawn with 99% confidence, at this inlier ratio (the
 * usual adaptive stop).
 */
function iterationsFor(ratio: number): number {
  const allInliers = ratio ** 3;
  if (allInliers >= 1) return 0;
  return Math.ceil(Math.log(0.01) / Math.log(1 - allInliers));
}

function inliersOf(pairs: readonly PointPair[], [a, b, c, d, e, f]: Affine, tolerance: number): number[] {
  const out: number[] = [];
  const limit = tolerance * tolerance;
  for (let i = 0; i < pairs.length; i++) {
    const [x, y, u, v] = pairs[i]!;
    const du = a * x + b * y + c - u;
    const dv = d * x + e * y + f - v;
    if (du * du + dv * dv < limit) out.push(i);
  }
  return out;
}
